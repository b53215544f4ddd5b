from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaign_portal.forms import DateInput, ModelChoiceField, ModelMultipleChoiceField
from steering.models import (
    FIGURE_FIELDS,
    KIND_FIGURES,
    Activity,
    ActivityKind,
    AdministrativeUnit,
    Agency,
    Committee,
    ContentArea,
    LeadKind,
    MemberRole,
    Membership,
    Plan,
    Recurrence,
    TaskStatus,
)

MAX_EVIDENCE_FILES = 5


class PlanForm(forms.Form):
    number = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        required=False,
        help_text=_(
            "Leave empty for a plan issued from the portal: it gets the next number when it is issued. "
            "Fill in only the number of a plan already issued on paper, for example 98/KH-MT."
        ),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    committee = ModelChoiceField(label=_("Issuing committee"), queryset=Committee.objects.none(), required=False)
    implements_number = forms.CharField(
        label=_("Implements plan number"),
        max_length=80,
        required=False,
        help_text=_("The higher-level plan this one implements, for example 286/KH-MTTW-BCĐTWCVĐ."),
    )
    implements_date = forms.DateField(label=_("Date of the implemented plan"), widget=DateInput, required=False)
    implements_issuer = forms.CharField(label=_("Issuer of the implemented plan"), max_length=200, required=False)
    purpose = forms.CharField(
        label=_("Purpose and requirements"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, unit: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(unit=unit).order_by("-cycle")

    def clean(self):
        data = super().clean()
        date, implements_date = data.get("date"), data.get("implements_date")
        if date and implements_date and implements_date > date:
            self.add_error("implements_date", _("The implemented plan cannot be dated after this plan."))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel, OpenDocument, JPEG or PNG, at most 10 MB."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class TaskForm(forms.Form):
    content_area = forms.TypedChoiceField(label=_("Content area"), choices=ContentArea.choices, coerce=int)
    section = forms.CharField(
        label=_("Section of the plan"), max_length=20, required=False, help_text=_("For example III.1.1.")
    )
    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    lead_kind = forms.ChoiceField(label=_("Who leads"), choices=[("", "---------"), *LeadKind.choices])
    lead_agency = ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none(), required=False)
    lead_committee = ModelChoiceField(
        label=_("Lead committee"),
        queryset=Committee.objects.none(),
        required=False,
        help_text=_("For a position or every member: the plan's own committee. Otherwise a committee one level below."),
    )
    lead_role = forms.ChoiceField(
        label=_("Lead position"), choices=[("", "---------"), *MemberRole.choices], required=False
    )
    co_agencies = ModelMultipleChoiceField(
        label=_("Co-operating agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput, required=False)
    recurrence = forms.TypedChoiceField(
        label=_("Recurrence"), choices=Recurrence.choices, coerce=int, initial=Recurrence.NONE
    )
    recur_until = forms.DateField(
        label=_("Repeat until"),
        widget=DateInput,
        required=False,
        help_text=_("Empty: until the end of the plan's year."),
    )
    expected_output = forms.CharField(
        label=_("Expected output"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, plan: Plan, is_copy: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        agencies = Agency.objects.filter(unit=plan.unit, is_active=True).order_by("name")
        self.fields["lead_agency"].queryset = agencies
        self.fields["co_agencies"].queryset = agencies
        self.fields["lead_committee"].queryset = (
            Committee.objects.filter(Q(unit=plan.unit) | Q(unit__parent=plan.unit))
            .select_related("unit")
            .order_by("unit__path")
        )
        self.fields["lead_committee"].label_from_instance = lambda c: f"{c.unit.name} ({c.cycle})"
        if is_copy:
            for name in ("lead_kind", "lead_agency", "lead_committee", "lead_role"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        kind = data.get("lead_kind")
        if kind == LeadKind.AGENCY and not data.get("lead_agency"):
            self.add_error("lead_agency", _("Choose the lead agency."))
        if kind in (LeadKind.COMMITTEE, LeadKind.POSITION, LeadKind.MEMBERS) and not data.get("lead_committee"):
            if kind != LeadKind.COMMITTEE and self.plan.committee_id:
                data["lead_committee"] = self.plan.committee
            else:
                self.add_error("lead_committee", _("Choose the lead committee."))
        if kind == LeadKind.POSITION and not data.get("lead_role"):
            self.add_error("lead_role", _("Choose the committee position that leads the task."))
        due = data.get("due_date")
        if due and due < self.plan.date:
            self.add_error(
                "due_date",
                _("The due date cannot be before the plan's date (%(date)s).")
                % {"date": self.plan.date.strftime("%d/%m/%Y")},
            )
        if data.get("recurrence") and not due:
            self.add_error("due_date", _("A recurring task needs its first due date."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class TaskUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=TaskStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the task is done or blocked."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("Up to 5 files: PDF, Word, Excel, OpenDocument, JPEG or PNG, at most 10 MB each."),
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(v, TaskStatus(v).label) for v in allowed]

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        if len(files) > MAX_EVIDENCE_FILES:
            raise forms.ValidationError(_("Attach at most 5 files at a time."))
        return files

    def clean(self):
        data = super().clean()
        if data.get("status") in (TaskStatus.DONE, TaskStatus.BLOCKED) and not (data.get("note") or "").strip():
            if data["status"] == TaskStatus.DONE:
                self.add_error("note", _("Say what was done."))
            else:
                self.add_error("note", _("Say what blocks the task and what is needed."))
        return data


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *TaskStatus.choices], required=False
    )
    content_area = forms.TypedChoiceField(
        label=_("Content area"),
        choices=[("", _("All areas")), *ContentArea.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


class AssignmentForm(forms.Form):
    membership = ModelChoiceField(label=_("Member"), queryset=Membership.objects.none())
    units = ModelMultipleChoiceField(
        label=_("Units to follow"), queryset=AdministrativeUnit.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput)
    end_date = forms.DateField(label=_("Until"), widget=DateInput, required=False)
    plan = ModelChoiceField(label=_("Under plan"), queryset=Plan.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.filter(committee=committee, end_date__isnull=True)
            .select_related("person", "agency")
            .order_by("person__full_name")
        )
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.person.full_name} – {m.agency.name if m.agency_id else m.get_role_display()}"
        )
        self.fields["units"].queryset = AdministrativeUnit.objects.filter(parent=committee.unit).order_by("code")
        self.fields["plan"].queryset = Plan.objects.filter(unit=committee.unit)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The assignment cannot end before it starts."))
        return data


class VisitForm(forms.Form):
    unit = ModelChoiceField(label=_("Unit visited"), queryset=AdministrativeUnit.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(
        label=_("Findings and recommendations"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AssignmentEndForm(forms.Form):
    end_date = forms.DateField(label=_("Ended on"), widget=DateInput)
    note = forms.CharField(
        label=_("Reason (optional)"),
        max_length=150,
        required=False,
        help_text=_("For example: changed jobs, replaced on the committee."),
    )

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end < self.assignment.start_date:
            raise forms.ValidationError(_("The assignment cannot end before it starts."))
        return end


class VisitEditForm(forms.Form):
    content = forms.CharField(label=_("Content"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    findings = forms.CharField(
        label=_("Findings and recommendations"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ActivityForm(forms.Form):
    """The common fields, then only the figures that matter for the activity's kind."""

    unit = ModelChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    end_date = forms.DateField(label=_("End date"), widget=DateInput, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    content_area = forms.TypedChoiceField(label=_("Content area"), choices=ContentArea.choices, coerce=int)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, kind: str, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: ("— " * (u.level - 1)) + u.name
        default_area, figures = KIND_FIGURES[kind]
        self.fields["content_area"].initial = default_area
        for name in figures:
            model_field = Activity._meta.get_field(name)
            if name == "revenue_million_vnd":
                self.fields[name] = forms.DecimalField(
                    label=model_field.verbose_name,
                    min_value=0,
                    max_digits=14,
                    decimal_places=2,
                    required=False,
                    localize=True,
                )
            else:
                self.fields[name] = forms.IntegerField(
                    label=model_field.verbose_name, min_value=0, max_value=2_000_000_000, required=False
                )
        self.figure_names = figures

    def clean(self):
        data = super().clean()
        start, end = data.get("date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        figures = {name: data.pop(name, None) for name in FIGURE_FIELDS if name in data}
        return {**data, "figures": figures, "kind": self.kind}


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *ActivityKind.choices], required=False)
    content_area = forms.TypedChoiceField(
        label=_("Content area"),
        choices=[("", _("All areas")), *ContentArea.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date_from = forms.DateField(label=_("From"), widget=DateInput, required=False)
    date_to = forms.DateField(label=_("To"), widget=DateInput, required=False)
