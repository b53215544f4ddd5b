"""Admin registrations for plans, tasks, monitoring and activities (imported at the end of steering/admin.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from steering.models import (
    Activity,
    MonitoringAssignment,
    MonitoringVisit,
    Plan,
    PlanAttachment,
    PlanTask,
    TaskUpdate,
)


class PlanAttachmentInline(admin.TabularInline):
    model = PlanAttachment
    extra = 0
    fields = ["name", "description", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "title", "unit", "year"]
    list_filter = ["year"]
    list_select_related = ["unit"]
    search_fields = ["number", "title"]
    autocomplete_fields = ["unit", "committee"]
    inlines = [PlanAttachmentInline]


@admin.register(PlanTask)
class PlanTaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "unit", "content_area", "status", "current_due", "is_open"]
    list_filter = ["status", "content_area", "is_open"]
    list_select_related = ["plan", "unit"]
    search_fields = ["title", "plan__number", "unit__name"]
    raw_id_fields = ["plan", "parent_task", "unit", "lead_agency", "lead_committee"]
    filter_horizontal = ["co_agencies"]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "status", "author", "created_at"]
    list_filter = ["status"]
    list_select_related = ["task", "author"]
    raw_id_fields = ["task", "author"]


@admin.register(MonitoringAssignment)
class MonitoringAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "start_date", "end_date"]
    list_select_related = ["person", "committee"]
    raw_id_fields = ["committee", "person", "membership", "plan"]
    filter_horizontal = ["units"]


@admin.register(MonitoringVisit)
class MonitoringVisitAdmin(admin.ModelAdmin):
    list_display = ["assignment", "unit", "date"]
    list_select_related = ["assignment__person", "unit"]
    raw_id_fields = ["assignment", "unit", "created_by"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["date", "title", "unit", "kind", "content_area"]
    list_filter = ["kind", "content_area"]
    list_select_related = ["unit"]
    search_fields = ["title", "place", "unit__name"]
    raw_id_fields = ["unit", "task", "created_by"]
