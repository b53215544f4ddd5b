from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from steering.models import (
    AdministrativeUnit,
    Agency,
    Committee,
    CommitteeDecision,
    DocumentIssuer,
    Membership,
    Person,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "get_full_name", "unit", "role_names", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff", "unit__level"]
    list_select_related = ["unit"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Unit and roles"), {"fields": ("unit", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Unit and roles"), {"fields": ("unit", "groups", "first_name", "last_name", "email")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_names(self, obj):
        return ", ".join(g.name for g in obj.groups.all())


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "division_type", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "division_type"]
    search_fields = ["code", "name", "search_name"]
    list_select_related = ["parent"]
    readonly_fields = ["path", "level"]
    autocomplete_fields = ["parent", "successors"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "order", "unit", "must_report", "is_active"]
    list_filter = ["kind", "must_report", "is_active", "unit__level"]
    list_editable = ["kind", "order"]
    search_fields = ["name", "search_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "phone", "email", "user"]
    search_fields = ["full_name", "search_name", "phone"]
    autocomplete_fields = ["user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "committee"
    extra = 0
    autocomplete_fields = ["person", "agency"]
    fields = ["person", "role", "position", "agency", "start_date", "end_date", "decision"]
    can_delete = False


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "cycle"]
    search_fields = ["name", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    inlines = [MembershipInline]


@admin.register(CommitteeDecision)
class CommitteeDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "kind", "committee", "signer"]
    list_select_related = ["committee"]
    search_fields = ["number", "committee__name"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "committee", "start_date", "end_date"]
    list_filter = ["role"]
    list_select_related = ["person", "committee"]
    search_fields = ["person__full_name", "committee__name"]
    autocomplete_fields = ["person", "agency", "committee"]


@admin.register(DocumentIssuer)
class DocumentIssuerAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "parent_body", "issuing_body", "code", "place_name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


import steering.admin_plans  # noqa: E402,F401  (plans, tasks, monitoring and activities)
