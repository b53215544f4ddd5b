"""Admin for reference data. Published template versions (and any used by a period) are read-only: make a new
version instead, and publish it from the template editor."""

from django.contrib import admin

from reporting import services
from reporting.models import (
    Indicator,
    PeriodType,
    ReminderLog,
    Report,
    ReportingPeriod,
    ReportTemplate,
    TemplateSection,
)


@admin.register(PeriodType)
class PeriodTypeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_vi",
        "name_en",
        "kind",
        "cutoff_from_day",
        "cutoff_from_month",
        "cutoff_to_day",
        "cutoff_to_month",
    ]


class _FrozenIfUsed:
    def _frozen(self, obj) -> bool:
        return obj is not None and not services.template_is_editable(template=obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)


class SectionInline(_FrozenIfUsed, admin.TabularInline):
    model = TemplateSection
    extra = 0


class IndicatorInline(_FrozenIfUsed, admin.TabularInline):
    model = Indicator
    fk_name = "template"
    extra = 0
    fields = [
        "order",
        "code",
        "area",
        "label_vi",
        "label_en",
        "unit_of_measure",
        "value_type",
        "aggregation",
        "weight",
        "numerator",
        "denominator",
        "filled_by",
        "counts_from",
        "annual_only",
    ]


@admin.action(description="Create a new version from the selected template")
def new_version(modeladmin, request, queryset):
    for template in queryset:
        services.template_new_version(based_on=template, created_by=request.user)


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["version", "name", "created_at", "published_at"]
    inlines = [SectionInline, IndicatorInline]
    actions = [new_version]
    readonly_fields = ["based_on", "created_by", "created_at", "published_at", "published_by"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "owner", "status", "cutoff_from", "cutoff_to"]
    list_filter = ["status", "period_type"]
    readonly_fields = ["owner", "period_type", "template", "year", "opened_by", "opened_at"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["period", "unit", "agency", "status", "due_date", "first_submitted_at", "number"]
    list_filter = ["status", "period"]
    list_select_related = ["period", "unit", "agency"]
    search_fields = ["unit__name", "unit__code", "agency__name"]
    raw_id_fields = ["unit", "agency", "reviewer_unit", "accepted_submission", "updated_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["date", "email", "sent_at"]
    list_filter = ["date"]
