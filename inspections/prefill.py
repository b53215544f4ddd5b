"""Figures the inspection records offer to a unit's periodic report (see campaign_portal/prefill.py)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from campaign_portal.prefill import PrefillValue
from inspections.selectors import inspection_summary


def inspection_prefill(*, unit, date_from, date_to) -> dict[str, PrefillValue]:
    """KT01, KT02, KT04-KT08, KT11 and XT08 from the submitted inspection records of `unit` and below."""
    s = inspection_summary(unit=unit, date_from=date_from, date_to=date_to)
    span = {"from": date_from.strftime("%d/%m/%Y"), "to": date_to.strftime("%d/%m/%Y"), "n": s["inspections"]}
    records = _("%(n)s submitted inspection records, %(from)s–%(to)s") % span

    def value(number, source: str = records) -> PrefillValue:
        return PrefillValue(Decimal(number), source)

    values = {
        "KT01": value(s["inspections"]),
        "KT02": value(
            s["businesses"],
            _("%(b)s businesses (each counted once) in %(n)s inspection records, %(from)s–%(to)s")
            % {**span, "b": s["businesses"]},
        ),
        "KT04": value(s["violations"], _("%(v)s findings in %(records)s") % {"v": s["violations"], "records": records}),
        "KT11": value(
            s["referrals_police"],
            _("follow-ups referred to the police with a referral document dated %(from)s–%(to)s") % span,
        ),
    }
    labels = {
        "KT05": _("findings of counterfeit or imitation goods"),
        "KT06": _("findings of substandard goods"),
        "KT07": _("findings of goods of unknown origin or smuggled goods"),
        "KT08": _("findings on labels or price posting"),
    }
    for code, label in labels.items():
        values[code] = value(s["by_group"][code], f"{label}: {records}")
    if s["vn_share_average"] is not None:
        values["XT08"] = PrefillValue(
            s["vn_share_average"],
            _("mean shelf share of Vietnamese goods measured in %(m)s inspections, %(from)s–%(to)s")
            % {**span, "m": s["vn_share_count"]},
        )
    return values
