"""Figures the logged campaign activities and monitoring visits offer to a unit's periodic report.

Sums over the unit and every unit below it, activities dated within the period (an activity counts on its start
date). Two queries whatever the number of activities.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaign_portal.prefill import PrefillValue
from steering.models import Activity, ActivityKind, MonitoringVisit

K = ActivityKind
SESSIONS = [K.PROPAGANDA, K.CONFERENCE]
TRADE_EVENTS = [K.FAIR, K.SALES_DRIVE]

# indicator code -> (aggregate over activities, kinds whose records feed it)
_COUNTS = {
    "TT02": SESSIONS,
    "TT06": [K.QUIZ],
    "XT01": [K.FAIR],
    "XT02": [K.SALES_DRIVE],
}
_SUMS = {
    "TT03": ("attendees", SESSIONS),
    "TT04": ("items_published", None),
    "TT07": ("entries", [K.QUIZ]),
    "TT08": ("banners", None),
    "TT09": ("leaflets", None),
    "TT10": ("broadcasts", None),
    "XT03": ("booths", TRADE_EVENTS),
    "XT04": ("businesses", TRADE_EVENTS),
    "XT05": ("visitors", TRADE_EVENTS),
    "XT06": ("revenue_million_vnd", TRADE_EVENTS),
    "XT07": ("points_of_sale", None),
}


def _kinds_q(kinds) -> Q:
    return Q(kind__in=list(kinds)) if kinds else Q()


def activity_prefill(*, unit, date_from, date_to) -> dict[str, PrefillValue]:
    activities = Activity.objects.filter(unit__path__startswith=unit.path, date__range=(date_from, date_to))
    aggregates = {}
    for code, kinds in _COUNTS.items():
        aggregates[code] = Count("pk", filter=_kinds_q(kinds))
    for code, (field, kinds) in _SUMS.items():
        aggregates[code] = Sum(field, filter=_kinds_q(kinds))
        aggregates[f"{code}_n"] = Count(field, filter=_kinds_q(kinds))  # records that carry the figure
    row = activities.order_by().aggregate(**aggregates)
    span = f"{date_from:%d/%m/%Y}–{date_to:%d/%m/%Y}"

    def source(n: int) -> str:
        return ngettext(
            "%(n)s activity logged in the portal, %(span)s",
            "%(n)s activities logged in the portal, %(span)s",
            n,
        ) % {"n": n, "span": span}

    values: dict[str, PrefillValue] = {}
    for code in _COUNTS:
        n = row[code] or 0
        values[code] = PrefillValue(Decimal(n), source(n))
    for code in _SUMS:
        n = row[f"{code}_n"] or 0
        values[code] = PrefillValue(Decimal(row[code] or 0), source(n))

    visits = MonitoringVisit.objects.filter(
        assignment__committee__unit__path__startswith=unit.path, date__range=(date_from, date_to)
    ).count()
    values["BC04"] = PrefillValue(
        Decimal(visits), _("%(n)s monitoring visits logged in the portal, %(span)s") % {"n": visits, "span": span}
    )
    return values
