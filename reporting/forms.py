"""Forms of the reporting app. Values are typed the Vietnamese way ("1.234,5") or plainly ("1234.5")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign_portal.forms import DateInput, ModelChoiceField
from reporting import services
from reporting.models import ContentArea, Indicator, PeriodType, ReportingPeriod, ReportTemplate, TemplateSection

DEADLINE_LABELS = {
    "commune": gettext_lazy("Commune deadline"),
    "district": gettext_lazy("District deadline"),
    "province": gettext_lazy("Province deadline"),
}


def parse_decimal(text: str) -> Decimal | None:
    """'1.234,5' / '1234,5' / '1234.5' / '1 234' -> Decimal; '' -> None; anything else raises ValueError."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # "1.234.567": thousands separators
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


class PeriodOpenForm(forms.Form):
    period_type = ModelChoiceField(label=gettext_lazy("Period type"), queryset=PeriodType.objects.all())
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2009, max_value=2100)
    template = ModelChoiceField(
        label=gettext_lazy("Template version"),
        queryset=ReportTemplate.objects.filter(published_at__isnull=False),
        required=False,
        help_text=gettext_lazy("Only published versions. Empty: the newest published version."),
    )
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=20, required=False, help_text=gettext_lazy("Empty: 2021-H1, 2021 …")
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    cutoff_from = forms.DateField(label=gettext_lazy("Data cut-off from"), required=False, widget=DateInput)
    cutoff_to = forms.DateField(label=gettext_lazy("Data cut-off to"), required=False, widget=DateInput)
    deadline_commune = forms.DateField(label=DEADLINE_LABELS["commune"], required=False, widget=DateInput)
    deadline_district = forms.DateField(
        label=DEADLINE_LABELS["district"],
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("Only where districts still report (periods before 07/2025)."),
    )
    deadline_province = forms.DateField(label=DEADLINE_LABELS["province"], required=False, widget=DateInput)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        deadlines = {kind: data.pop(f"deadline_{kind}") for kind in DEADLINE_LABELS}
        data["deadlines"] = {kind: due for kind, due in deadlines.items() if due}
        return data


class DeadlinesForm(forms.Form):
    def __init__(self, *args, period: ReportingPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        for deadline in sorted(period.deadlines.all(), key=lambda d: list(DEADLINE_LABELS).index(d.kind)):
            self.fields[f"deadline_{deadline.kind}"] = forms.DateField(
                label=DEADLINE_LABELS.get(deadline.kind, deadline.kind), initial=deadline.due_date, widget=DateInput
            )

    @property
    def deadlines(self) -> dict:
        return {name.removeprefix("deadline_"): value for name, value in self.cleaned_data.items()}


class ReportForm(forms.Form):
    """The filing form: one text field per indicator (v_CODE) with an optional note (n_CODE: why a figure that
    warns is right), one textarea per outline heading (s_KEY)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, indicators: list[Indicator], sections: list[TemplateSection], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.sections = [s for s in sections if s.writable]
        for ind in indicators:
            self.fields[f"v_{ind.code}"] = forms.CharField(
                label=ind.label,
                required=False,
                max_length=40,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "form-control form-control-sm num", "autocomplete": "off"}
                ),
            )
            self.fields[f"n_{ind.code}"] = forms.CharField(
                label=_("Note on %(code)s") % {"code": ind.code},
                required=False,
                max_length=500,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "autocomplete": "off",
                        "placeholder": gettext_lazy("Note: why this figure is right"),
                    }
                ),
            )
        for section in self.sections:
            self.fields[f"s_{section.key}"] = forms.CharField(
                label=section.title,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )

    def clean(self):
        cleaned = super().clean()
        values: dict[str, Decimal | None] = {}
        for ind in self.indicators:
            name = f"v_{ind.code}"
            if name not in cleaned:
                continue
            try:
                value = parse_decimal(cleaned[name])
            except ValueError:
                self.add_error(name, _("%(code)s: enter a number.") % {"code": ind.code})
                continue
            if value is not None and (message := services.value_check(ind, value)):
                self.add_error(name, message)
                continue
            values[ind.code] = value
        self.values = values
        self.notes = {ind.code: (cleaned.get(f"n_{ind.code}") or "").strip() for ind in self.indicators}
        self.section_texts = {s.key: cleaned.get(f"s_{s.key}", "") or "" for s in self.sections}
        return cleaned

    def bound_value(self, code: str):
        return self[f"v_{code}"]


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"

    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[(ACCEPT, gettext_lazy("Accept")), (RETURN, gettext_lazy("Return"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for returning"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pinned_section = ModelChoiceField(
        label=gettext_lazy("About section"), queryset=TemplateSection.objects.none(), required=False
    )
    pinned_indicator = ModelChoiceField(
        label=gettext_lazy("About indicator"), queryset=Indicator.objects.none(), required=False
    )

    def __init__(self, *args, template: ReportTemplate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pinned_section"].queryset = template.sections.filter(writable=True).order_by("order")
        self.fields["pinned_indicator"].queryset = template.indicators.order_by("order")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the report is returned."))
        return cleaned


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))


# --- the template editor ----------------------------------------------------------------------------------------


class TemplateNewVersionForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the new version"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Empty: the name of the version it is copied from."),
    )


class IndicatorForm(forms.Form):
    """One indicator of an unused template version; the aggregation rules are the service's (checked here too)."""

    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, max_value=32767, initial=0)
    code = forms.CharField(label=gettext_lazy("Code"), max_length=10)
    area = forms.TypedChoiceField(label=gettext_lazy("Content area"), choices=ContentArea.choices, coerce=int)
    label_vi = forms.CharField(label=gettext_lazy("Vietnamese label"), max_length=255)
    label_en = forms.CharField(label=gettext_lazy("English label"), max_length=255)
    unit_of_measure = forms.CharField(label=gettext_lazy("Unit of measure"), max_length=40)
    value_type = forms.ChoiceField(label=gettext_lazy("Value type"), choices=Indicator.ValueType.choices)
    aggregation = forms.ChoiceField(label=gettext_lazy("Aggregation"), choices=Indicator.Aggregation.choices)
    weight = ModelChoiceField(
        label=gettext_lazy("Weight (weighted average)"), queryset=Indicator.objects.none(), required=False
    )
    numerator = ModelChoiceField(
        label=gettext_lazy("Numerator (ratio)"), queryset=Indicator.objects.none(), required=False
    )
    denominator = ModelChoiceField(
        label=gettext_lazy("Denominator (ratio)"), queryset=Indicator.objects.none(), required=False
    )
    filled_by = forms.CharField(
        label=gettext_lazy("Filled by"),
        max_length=255,
        initial="unit:*",
        help_text=gettext_lazy(
            "Whose forms carry it: unit:province,district,commune (or unit:* for every unit and the standing body) "
            "and agency:KINDS (agency kinds such as qltt, cong_an, nong_nghiep; agency:* for every agency), "
            "separated by “;”."
        ),
    )
    counts_from = forms.CharField(
        label=gettext_lazy("Counted from"),
        max_length=255,
        initial="unit:*",
        help_text=gettext_lazy(
            "Whose values are added into the consolidated figure, in the same words; the values of the other "
            "reporters are shown beside the total, never added."
        ),
    )
    annual_only = forms.BooleanField(label=gettext_lazy("Annual reports only"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=255, required=False)

    FIELDS = (
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
        "note",
    )

    def __init__(self, *args, template: ReportTemplate, instance: Indicator | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)
        self.template = template
        self.instance = instance
        others = template.indicators.order_by("order", "code")
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        for name in ("weight", "numerator", "denominator"):
            self.fields[name].queryset = others
            self.fields[name].label_from_instance = lambda ind: f"{ind.code} – {ind.label}"

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        taken = self.template.indicators.filter(code=code)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The code %(code)s is already used in this version.") % {"code": code})
        return code

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = Indicator(template=self.template, pk=getattr(self.instance, "pk", None), **self.service_fields())
        try:
            services.indicator_rules_check(candidate)
        except forms.ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned

    def service_fields(self) -> dict:
        """Everything but the code, as indicator_save(**fields) takes it."""
        return {name: self.cleaned_data.get(name) for name in self.FIELDS if name != "code"}


class SectionForm(forms.Form):
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, max_value=32767, initial=0)
    key = forms.CharField(label=gettext_lazy("Key"), max_length=10, help_text=gettext_lazy("I, II.1, III.2 …"))
    title_vi = forms.CharField(label=gettext_lazy("Vietnamese title"), max_length=255)
    title_en = forms.CharField(label=gettext_lazy("English title"), max_length=255)
    depth = forms.TypedChoiceField(
        label=gettext_lazy("Level in the outline"),
        choices=[(1, gettext_lazy("Heading (I, II …)")), (2, gettext_lazy("Sub-heading (II.1 …)"))],
        coerce=int,
    )
    area = forms.TypedChoiceField(
        label=gettext_lazy("Content area"),
        choices=[("", "—"), *ContentArea.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    writable = forms.BooleanField(
        label=gettext_lazy("Units write text under it"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Untick for a heading that only groups its sub-headings."),
    )
    annual_only = forms.BooleanField(label=gettext_lazy("Annual reports only"), required=False)

    FIELDS = ("order", "key", "title_vi", "title_en", "depth", "area", "writable", "annual_only")

    def __init__(self, *args, template: ReportTemplate, instance: TemplateSection | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)
        self.template = template
        self.instance = instance

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip().upper()
        taken = self.template.sections.filter(key=key)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("The key %(key)s is already used in this version.") % {"key": key})
        return key

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS if name != "key"}
