"""The hook through which other apps offer figures to pre-fill a unit's periodic report.

A provider is a function `provider(*, unit, date_from, date_to) -> dict[str, PrefillValue]`, keyed by indicator
code (TT02, KT01, BC02 …; see reporting's indicator catalogue). The reporting app calls every provider listed
in settings.REPORT_PREFILL_PROVIDERS and offers the values, with their source, for the user to confirm or
override. `unit` is the reporting unit; providers count records of that unit and the units below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PrefillValue:
    value: Decimal
    source: str  # shown to the user, already translated: "12 inspection records, 01/01–14/06/2021"


def prefill_values(*, unit, date_from, date_to) -> dict[str, PrefillValue]:
    values: dict[str, PrefillValue] = {}
    for dotted in settings.REPORT_PREFILL_PROVIDERS:
        try:
            provider = import_string(dotted)
        except ImportError:
            continue  # the providing module is not built yet
        values.update(provider(unit=unit, date_from=date_from, date_to=date_to))
    return values
