from django import forms
from django.utils.translation import gettext_lazy as _

from campaign_portal.forms import DateInput, ModelChoiceField
from steering.models import Agency, AgencyKind, Committee, CommitteeDecision, MemberRole


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Search units"), required=False, max_length=100)


class CommitteeForm(forms.Form):
    cycle = forms.CharField(label=_("Campaign cycle"), max_length=20, help_text=_("For example 2019-2024."))
    name = forms.CharField(label=_("Name"), max_length=255, required=False)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitteeDecision.Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=60, help_text=_("For example 125/QĐ-MT."))
    date = forms.DateField(label=_("Date"), widget=DateInput)
    signer = forms.CharField(label=_("Signed by"), max_length=120)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class _PersonFields(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("The name cannot be empty."))
        return name


class _CommitteeChoices(forms.Form):
    """Agency and decision choices limited to the committee's own unit and documents."""

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(unit=committee.unit, is_active=True)
        self.fields["decision"].queryset = CommitteeDecision.objects.filter(committee=committee)


class MembershipForm(_PersonFields, _CommitteeChoices):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    agency = ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), required=False)
    start_date = forms.DateField(label=_("Start of term"), widget=DateInput)
    end_date = forms.DateField(label=_("End of term"), widget=DateInput, required=False)
    decision = ModelChoiceField(label=_("Deciding document"), queryset=CommitteeDecision.objects.none(), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end of a term cannot be before its start."))
        return data


class EndTermForm(forms.Form):
    end_date = forms.DateField(label=_("End of term"), widget=DateInput)
    decision = ModelChoiceField(label=_("Deciding document"), queryset=CommitteeDecision.objects.none(), required=False)

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = CommitteeDecision.objects.filter(committee=committee)


class ReplaceForm(_PersonFields, _CommitteeChoices):
    date = forms.DateField(label=_("Date of the change"), widget=DateInput)
    decision = ModelChoiceField(label=_("Deciding document"), queryset=CommitteeDecision.objects.none(), required=False)
    position = forms.CharField(label=_("Position of the new member"), max_length=200, required=False)
    agency = ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none(), required=False)


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("— not set —")), *AgencyKind.choices],
        required=False,
        help_text=_("Decides which indicators the agency reports and which of its figures are counted."),
    )
    order = forms.IntegerField(
        label=_("Order in the committee"),
        min_value=0,
        max_value=999,
        initial=100,
        help_text=_("Lists and documents show the member agencies in this order (smaller first)."),
    )
    must_report = forms.BooleanField(label=_("Files periodic reports"), required=False)
