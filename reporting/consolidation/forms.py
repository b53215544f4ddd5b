from django import forms
from django.utils.translation import gettext_lazy as _


class NarrativeForm(forms.Form):
    """One textarea per writable heading of the outline, plus the version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, outline, initial_texts: dict[str, str], **kwargs):
        from reporting.consolidation.selectors import OPENING_KEY

        super().__init__(*args, **kwargs)
        self.outline = [s for s in outline if s.writable]
        self.fields[f"s_{OPENING_KEY}"] = forms.CharField(
            label=_("Opening paragraph (the plan the report implements)"),
            required=False,
            max_length=5000,
            initial=initial_texts.get(OPENING_KEY, ""),
            widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        )
        for section in self.outline:
            self.fields[f"s_{section.key}"] = forms.CharField(
                label=f"{section.key}. {section.display_title}",
                required=False,
                max_length=50000,
                initial=initial_texts.get(section.key, ""),
                widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
            )

    def sections(self) -> dict[str, str]:
        from reporting.consolidation.selectors import OPENING_KEY

        texts = {s.key: self.cleaned_data.get(f"s_{s.key}", "") for s in self.outline}
        texts[OPENING_KEY] = self.cleaned_data.get(f"s_{OPENING_KEY}", "")
        return texts

    @property
    def allowed_keys(self) -> set[str]:
        from reporting.consolidation.selectors import OPENING_KEY

        return {s.key for s in self.outline} | {OPENING_KEY}


class ExportForm(forms.Form):
    include_late = forms.BooleanField(required=False, label=_("Count late reports"))
