"""Validation of Vietnamese tax codes (mã số thuế)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_TAX_CODE = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code_check_digit(first_nine: str) -> int | None:
    """The tenth digit of a tax code (Circular 105/2020/TT-BTC); None when no digit can complete it."""
    remainder = sum(w * int(d) for w, d in zip(_WEIGHTS, first_nine, strict=True)) % 11
    digit = 10 - remainder
    return digit if 0 <= digit <= 9 else None


def normalize_tax_code(value: str) -> str:
    """Strip spaces and dots people type ("0100 233 488") but keep the branch dash."""
    return re.sub(r"[\s.]", "", value or "")


def validate_tax_code(value: str) -> str:
    """Return the normalised tax code or raise ValidationError with a message the user understands."""
    code = normalize_tax_code(value)
    match = _TAX_CODE.match(code)
    if not match:
        raise ValidationError(
            _("A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch (0100233488-001)."),
            code="tax_code_format",
        )
    main, branch = match.groups()
    if tax_code_check_digit(main[:9]) != int(main[9]):
        raise ValidationError(
            _("The tax code %(code)s is not valid: its check digit does not match. Please check it.") % {"code": code},
            code="tax_code_checksum",
        )
    if branch == "000":
        raise ValidationError(_("A branch number cannot be 000."), code="tax_code_branch")
    return code
