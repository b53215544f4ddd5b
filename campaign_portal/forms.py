"""Form widgets shared by every app."""

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    """A native date picker; the browser shows dd/mm/yyyy to Vietnamese users and posts ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def add_service_error(form: forms.Form, error) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


_MAX_ID = 2**63 - 1


def _id_in_range(value) -> bool:
    try:
        return abs(int(str(value).strip())) <= _MAX_ID
    except (TypeError, ValueError):
        return True  # not a number at all: Django's own validation refuses it


class ModelChoiceField(forms.ModelChoiceField):
    """Django's field, refusing ids beyond 64 bits as an invalid choice (SQLite raises OverflowError on them)."""

    def to_python(self, value):
        if value not in self.empty_values and not _id_in_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing ids beyond 64 bits as an invalid choice (SQLite raises OverflowError on them)."""

    def _check_values(self, value):
        for pk in value:
            if not _id_in_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
