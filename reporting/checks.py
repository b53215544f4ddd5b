"""The checks a clerk expects while filling a report: warnings, never refusals. Pure: plain numbers in, messages
out, each naming the indicator and both numbers, so the form, the review page and an import say the same thing.

- far: more than 3x, or less than a third of, the reporter's previous report;
- above: a figure above the one it is part of (complaints resolved NT02 above complaints received NT01);
- running total down: a running total (OCOP products, KT12/KT13) lower than last period's;
- below children: a unit's own figure below the sum of its accepted lower units (the district sees its
  communes' total while filling).
A warned figure can carry a note saying why it is right; the reviewer sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

FAR_FACTOR = Decimal(3)
# (part, whole): the part warns when it is above the whole.
NOT_ABOVE = (("NT02", "NT01"),)
# Running totals held by one department: they do not go down from one period to the next.
RUNNING_TOTALS = ("KT12", "KT13")

FAR = "far"
ABOVE = "above"
RUNNING_TOTAL_DOWN = "running_total_down"
BELOW_CHILDREN = "below_children"


@dataclass(frozen=True)
class Warning:
    code: str
    kind: str
    message: str


def _n(value: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(value.normalize() if value == value.to_integral_value() else value, use_l10n=True)


def far_from_previous(value: Decimal | None, previous: Decimal | None) -> bool:
    """More than 3x or less than a third of the previous period's value."""
    if value is None or previous is None or previous <= 0:
        return False
    return value > previous * FAR_FACTOR or value < previous / FAR_FACTOR


def value_warnings(
    *,
    values: dict[str, Decimal | None],
    labels: dict[str, str],
    previous: dict[str, Decimal] | None = None,
    children: dict[str, Decimal] | None = None,
) -> dict[str, list[Warning]]:
    """{indicator code: [warnings]} for the codes in `labels` (the reporter's form)."""
    previous = previous or {}
    children = children or {}
    out: dict[str, list[Warning]] = {}

    def add(code: str, kind: str, message: str) -> None:
        out.setdefault(code, []).append(Warning(code, kind, message))

    for code, label in labels.items():
        value = values.get(code)
        if value is None:
            continue
        before = previous.get(code)
        if code in RUNNING_TOTALS and before is not None and value < before:
            add(
                code,
                RUNNING_TOTAL_DOWN,
                _("%(code)s %(label)s: %(value)s is lower than last period's total (%(before)s).")
                % {"code": code, "label": label, "value": _n(value), "before": _n(before)},
            )
        elif far_from_previous(value, before):
            add(
                code,
                FAR,
                _("%(code)s %(label)s: %(value)s is far from your previous report (%(before)s). Please check.")
                % {"code": code, "label": label, "value": _n(value), "before": _n(before)},
            )
        total = children.get(code)
        if total is not None and value < total:
            add(
                code,
                BELOW_CHILDREN,
                _("%(code)s %(label)s: %(value)s is below the %(total)s of your accepted lower units.")
                % {"code": code, "label": label, "value": _n(value), "total": _n(total)},
            )
    for part, whole in NOT_ABOVE:
        a, b = values.get(part), values.get(whole)
        if part in labels and whole in labels and a is not None and b is not None and a > b:
            add(
                part,
                ABOVE,
                _("%(code)s %(label)s (%(value)s) is above %(other)s %(other_label)s (%(other_value)s): add a note.")
                % {
                    "code": part,
                    "label": labels[part],
                    "value": _n(a),
                    "other": whole,
                    "other_label": labels[whole],
                    "other_value": _n(b),
                },
            )
    return out
