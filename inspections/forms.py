from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaign_portal.forms import DateInput, DateTimeInput, ModelChoiceField, ModelMultipleChoiceField
from inspections.models import Business, BusinessKind, FollowUp, Inspection, PlanTarget, ViolationCategory
from inspections.validators import validate_tax_code
from steering.models import AdministrativeUnit, Committee, Membership
from steering.text import fold


class _UnitChoice(ModelChoiceField):
    def label_from_instance(self, obj):
        return ("— " * max(obj.level - 1, 0)) + obj.name


class _MemberChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        agency = f" ({obj.agency.short_name or obj.agency.name})" if obj.agency_id else ""
        return f"{obj.person.full_name} – {obj.get_role_display()}{agency}"


class _LeadChoice(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.person.full_name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class BusinessSelect(forms.Select):
    """A business <select> whose options carry `data-search`: name, tax code and commune, folded (no diacritics).

    static/inspections/business_search.js adds a search box above it that filters the options on the phone; without
    JS it is a plain select. The queryset must select_related("commune"), or each option costs a query.
    """

    def __init__(self, attrs=None, choices=()):
        attrs = {
            "data-business-search": True,
            "data-search-placeholder": _("Search: name, tax code or commune"),
            "data-search-none": _("No business matches the search."),
            "data-search-count": _("Matching businesses:"),
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, choices=choices)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        business = getattr(value, "instance", None)
        if business is not None:
            commune = business.commune.name if business.commune_id else ""
            option["attrs"]["data-search"] = fold(f"{business.name} {business.tax_code} {commune}")
        return option


# --- businesses ---------------------------------------------------------------------------------------------


class BusinessSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *BusinessKind.choices])
    ocop = forms.BooleanField(label=_("With OCOP products"), required=False)


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=BusinessKind.choices)
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        required=False,
        help_text=_("10 digits, or 10 digits-3 digits for a branch."),
    )
    commune = _UnitChoice(label=_("Commune"), queryset=AdministrativeUnit.objects.none())
    address = forms.CharField(label=_("Address"), max_length=255)
    line_of_business = forms.CharField(label=_("Line of business"), max_length=255, required=False)
    representative = forms.CharField(label=_("Representative"), max_length=120, required=False)
    representative_title = forms.CharField(label=_("Representative's position"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes

    def clean_tax_code(self):
        value = self.cleaned_data["tax_code"].strip()
        return validate_tax_code(value) if value else ""


class OcopForm(forms.Form):
    name = forms.CharField(label=_("OCOP product"), max_length=200)
    stars = forms.TypedChoiceField(label=_("Stars"), coerce=int, choices=[(3, "3★"), (4, "4★"), (5, "5★")], initial=3)
    certified_year = forms.IntegerField(label=_("Certification year"), min_value=2018)

    def clean_certified_year(self):
        year = self.cleaned_data["certified_year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("The certification year cannot be in the future."))
        return year


OcopFormSet = forms.formset_factory(OcopForm, extra=1, can_delete=True)


class BusinessImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        return upload


# --- plans --------------------------------------------------------------------------------------------------


class PlanForm(forms.Form):
    committee = ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=255)
    issued_on = forms.DateField(label=_("Date of the plan"), widget=DateInput)
    decision_number = forms.CharField(
        label=_("Deciding document"), max_length=60, help_text=_("The decision forming the inspection team.")
    )
    decision_date = forms.DateField(label=_("Date of the deciding document"), widget=DateInput)
    purpose = forms.CharField(
        label=_("Purpose and requirements"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    team = _MemberChoice(
        label=_("Team members"), queryset=Membership.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    lead = _LeadChoice(label=_("Team lead"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, committees, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if committee is not None:
            del self.fields["committee"]
            members = Membership.objects.filter(committee=committee, end_date__isnull=True)
        else:
            self.fields["committee"].queryset = committees
            chosen = self.data.get("committee") if self.is_bound else None
            chosen = chosen if str(chosen or "").isdigit() and len(str(chosen)) < 19 else None  # a tampered post
            members = Membership.objects.filter(
                committee__in=committees, end_date__isnull=True, **({"committee_id": chosen} if chosen else {})
            )
        members = members.select_related("person", "agency").order_by("committee", "role", "person__full_name")
        self.fields["team"].queryset = members
        self.fields["lead"].queryset = members

    def clean(self):
        data = super().clean()
        team, lead = data.get("team"), data.get("lead")
        if team is not None and lead is not None and lead not in team:
            self.add_error("lead", _("The team lead must be one of the team members."))
        return data


class PlanTargetForm(forms.Form):
    business = ModelChoiceField(label=_("Business"), queryset=Business.objects.none())
    scheduled_on = forms.DateField(label=_("Scheduled date"), widget=DateInput)

    def __init__(self, *args, businesses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business"].queryset = businesses


# --- inspections --------------------------------------------------------------------------------------------


class ChecklistField(forms.NullBooleanField):
    """One checklist item: đạt (True), không đạt (False) or không kiểm tra (None, not checked: no failure).

    Three radio buttons; "not checked" is the default of a new record. Besides the radios' values it reads what
    the earlier switch posted ("on"), so an old page or a kept draft still means what it meant.
    """

    CHOICES = [
        ("True", pgettext_lazy("checklist item", "In order")),
        ("False", pgettext_lazy("checklist item", "Not in order")),
        ("", pgettext_lazy("checklist item", "Not checked")),
    ]

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.RadioSelect(choices=self.CHOICES, attrs={"class": "btn-check"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() in ("on", "yes"):
            return True
        if isinstance(value, str) and value.strip().lower() in ("off", "no"):
            return False
        return super().to_python(value)


class InspectionForm(forms.Form):
    """The phone form. Checklist items are three-way radios (đạt / không đạt / không kiểm tra); findings come in a
    formset beside it."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    target = ModelChoiceField(queryset=PlanTarget.objects.none(), required=False, widget=forms.HiddenInput)
    business = ModelChoiceField(label=_("Business"), queryset=Business.objects.none(), widget=BusinessSelect)
    inspected_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    ended_at = forms.DateTimeField(
        label=_("End time"),
        required=False,
        widget=DateTimeInput,
        help_text=_("When the inspection ended; printed in the record."),
    )
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    team = _MemberChoice(
        label=_("Team present"), queryset=Membership.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    lead = _LeadChoice(label=_("Team lead"), queryset=Membership.objects.none(), required=False)
    business_present = forms.CharField(
        label=_("Representative of the business present"), max_length=120, required=False
    )
    promotes_campaign = ChecklistField(label=_("Promotes the campaign"))
    vn_goods_share = forms.DecimalField(
        label=_("Share of Vietnamese goods on the shelves (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1", "min": "0", "max": "100"}),
        error_messages={
            "min_value": _("Enter a share between 0 and 100."),
            "max_value": _("Enter a share between 0 and 100."),
        },
    )
    invoices_ok = ChecklistField(label=_("Invoices and origin papers in order"))
    labels_ok = ChecklistField(label=_("Labels in order"))
    price_posting_ok = ChecklistField(label=_("Prices posted"))
    quality_ok = ChecklistField(label=_("Quality, expiry dates and food safety in order"))
    complaints_ok = ChecklistField(label=_("Consumer complaints handled"))
    checklist_notes = forms.CharField(
        label=_("Notes on the checklist"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    conclusion = forms.CharField(
        label=_("Conclusion of the team"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    business_comments = forms.CharField(
        label=_("Comments of the business"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    CHECKLIST = list(Inspection.CHECKLIST)

    def __init__(self, *args, plan, businesses, members, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_uuid", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["business"].queryset = businesses
        self.fields["team"].queryset = members
        self.fields["lead"].queryset = members
        self.fields["target"].queryset = PlanTarget.objects.filter(plan=plan)
        self.fields["business"].error_messages["invalid_choice"] = _(
            "This business is not in the area of the committee, or it does not exist."
        )

    def clean_inspected_at(self):
        value = self.cleaned_data["inspected_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("An inspection cannot be dated in the future."))
        if timezone.localtime(value).year != self.plan.year:
            raise forms.ValidationError(_("The date must fall in the plan's year %(year)s.") % {"year": self.plan.year})
        return value

    def clean_ended_at(self):
        value = self.cleaned_data["ended_at"]
        if value is not None and value > timezone.now():
            raise forms.ValidationError(_("The end time cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        team, lead = data.get("team"), data.get("lead")
        if team is not None and lead is not None and lead not in team:
            self.add_error("lead", _("The team lead must be one of the team members present."))
        start, end = data.get("inspected_at"), data.get("ended_at")
        if start is not None and end is not None and end < start:
            self.add_error("ended_at", _("The inspection cannot end before it starts."))
        return data


class FindingForm(forms.Form):
    category = ModelChoiceField(
        label=_("Violation category"),
        queryset=ViolationCategory.objects.filter(is_active=True),
        error_messages={"required": _("Choose a violation category.")},
    )
    goods = forms.CharField(label=_("Goods concerned"), max_length=255)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any", "min": "0"}),
    )
    quantity_unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    estimated_value = forms.DecimalField(
        label=_("Estimated value (VND)"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000", "min": "0"}),
    )
    description = forms.CharField(label=_("What was found"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    recommendation = forms.CharField(
        label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fix_deadline = forms.DateField(label=_("Deadline for the fix"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        if data.get("fix_deadline") and not (data.get("recommendation") or "").strip():
            self.add_error("recommendation", _("A fix with a deadline needs a recommendation."))
        return data


FindingFormSet = forms.formset_factory(FindingForm, extra=0, can_delete=True, max_num=50, validate_max=True)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result of the re-check"),
        choices=[c for c in FollowUp.Status.choices if c[0] != FollowUp.Status.OPEN],
        widget=forms.RadioSelect,
    )
    rechecked_on = forms.DateField(label=_("Re-checked on"), widget=DateInput)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    new_due_date = forms.DateField(
        label=_("New due date"), required=False, widget=DateInput, help_text=_("Only when the fix is not done.")
    )
    referred_to = forms.ChoiceField(
        label=_("Referred to"), required=False, choices=[("", "—"), *FollowUp.ReferredTo.choices]
    )
    referral_number = forms.CharField(label=_("Referral document number"), max_length=60, required=False)
    referral_date = forms.DateField(label=_("Referral document date"), required=False, widget=DateInput)
    owner = _LeadChoice(label=_("Owner"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members

    def clean(self):
        data = super().clean()
        if data.get("status") == FollowUp.Status.REFERRED:
            for name in ("referred_to", "referral_number", "referral_date"):
                if not data.get(name):
                    self.add_error(name, _("Required when the case is referred."))
        return data


# --- lists and the summary ----------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    unit = _UnitChoice(label=_("Unit"), queryset=AdministrativeUnit.objects.none(), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class InspectionFilterForm(PeriodForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Inspection.Status.choices])
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class FollowUpFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("overdue", _("Overdue")), *FollowUp.Status.choices],
    )
