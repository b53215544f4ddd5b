from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from steering.models import (
    AdministrativeUnit,
    Agency,
    Committee,
    CommitteeDecision,
    DocumentIssuer,
    DocumentSequence,
    IssuedDocument,
    Membership,
    Person,
    RecipientList,
    SigningCredential,
    TrustedRoot,
    UnitSuccession,
    User,
)
from steering.services import unit_save, unit_save_check


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


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    verbose_name = _("successor")
    verbose_name_plural = _("successors (what this unit became)")


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SimpleHistoryAdmin):
    """Every save goes through `steering.services.unit_save`: key, path and level follow the parent, the subtree
    with them, in one transaction; a unit with reports is never renamed or moved (reorganise_units does that)."""

    list_display = ["code", "name", "division_type", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "division_type", "valid_to"]
    search_fields = ["code", "key", "name", "search_name"]
    list_select_related = ["parent"]
    readonly_fields = ["key", "path", "level"]
    autocomplete_fields = ["parent"]
    fields = ["code", "key", "name", "division_type", "parent", "valid_from", "valid_to", "path", "level"]
    inlines = [SuccessionInline]

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in ("code", "name", "division_type", "valid_from", "valid_to")}
        unit_save(unit=obj, parent=form.cleaned_data.get("parent"), **data)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class UnitForm(form):
            def clean(self):
                cleaned = super().clean()
                try:
                    unit_save_check(unit=self.instance, name=cleaned.get("name", ""), parent=cleaned.get("parent"))
                except ValidationError as exc:
                    for field, errors in exc.error_dict.items():
                        self.add_error(field if field in self.fields else None, errors)
                return cleaned

        return UnitForm


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


class DocumentSequenceInline(admin.TabularInline):
    """An office that starts using the portal mid-year sets the last number it gave on paper."""

    model = DocumentSequence
    extra = 0


class RecipientListInline(admin.StackedInline):
    """Each office's own "Nơi nhận" per kind of document (the defaults apply where none is set)."""

    model = RecipientList
    extra = 0


@admin.register(DocumentIssuer)
class DocumentIssuerAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "committee", "parent_body", "issuing_body", "code", "place_name"]
    list_select_related = ["unit", "committee"]
    autocomplete_fields = ["unit", "committee"]
    inlines = [RecipientListInline, DocumentSequenceInline]


class SigningCredentialForm(forms.ModelForm):
    """Upload a PKCS#12 file (.p12/.pfx) and its password: both are stored encrypted (SIGNING_KEY_SECRET)."""

    file = forms.FileField(label=_("PKCS#12 file (.p12, .pfx)"))
    passphrase = forms.CharField(label=_("password of the file"), widget=forms.PasswordInput, required=False)

    class Meta:
        model = SigningCredential
        fields = ["issuer", "role"]

    def clean(self):
        from campaign_portal.documents import credentials

        cleaned = super().clean()
        upload, issuer = cleaned.get("file"), cleaned.get("issuer")
        if upload is not None and issuer is not None and not self.errors:
            try:
                self.instance = credentials.credential_upload(
                    issuer=issuer,
                    role=cleaned.get("role") or SigningCredential.Role.SIGNER,
                    data=upload.read(),
                    password=cleaned.get("passphrase") or "",
                    by=getattr(self, "user", None),
                )
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return cleaned


@admin.register(SigningCredential)
class SigningCredentialAdmin(admin.ModelAdmin):
    """An issuer's signing certificates: upload one (it replaces and revokes the previous one of its role), or
    revoke one. The key is never shown; every use is in the audit below."""

    list_display = ["issuer", "role", "subject", "not_after", "revoked_at", "is_demo"]
    list_filter = ["role", "is_demo"]
    list_select_related = ["issuer__unit"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = SigningCredentialForm
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["issuer", "role", "subject", "certificate_issuer", "serial", "not_before", "not_after", "revoked_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["issuer", "role", "file", "passphrase"]
        return self.get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        pass  # the form's clean() stored it through the service (encrypted, audited)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Revoke the selected certificates"))
    def revoke(self, request, queryset):
        from campaign_portal.documents import credentials

        for credential in queryset.filter(revoked_at=None):
            credentials.credential_revoke(credential=credential, by=request.user)


@admin.register(TrustedRoot)
class TrustedRootAdmin(admin.ModelAdmin):
    list_display = ["name", "is_demo"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """The register, read-only: documents are issued and cancelled from their pages, never edited."""

    list_display = ["number", "issued_on", "issuer", "kind", "status", "subject"]
    list_filter = ["kind", "status", "year"]
    list_select_related = ["issuer__unit"]
    search_fields = ["number", "subject", "verification_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


import steering.admin_plans  # noqa: E402,F401  (plans, tasks, monitoring and activities)
