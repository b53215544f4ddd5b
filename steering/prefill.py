"""Figures the committee records offer to a unit's periodic report (indicators BC01-BC03)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from campaign_portal.prefill import PrefillValue
from steering.models import CommitteeDecision, Membership


def committee_prefill(*, unit, date_from, date_to) -> dict[str, PrefillValue]:
    """Committees formed or re-formed, members serving at the period's end, members added or replaced."""
    in_scope = Q(committee__unit__path__startswith=unit.path)
    span = {"from": date_from.strftime("%d/%m/%Y"), "to": date_to.strftime("%d/%m/%Y")}
    decisions = CommitteeDecision.objects.filter(
        in_scope,
        kind__in=[CommitteeDecision.Kind.FORMATION, CommitteeDecision.Kind.REFORMATION],
        date__range=(date_from, date_to),
    )
    formed = decisions.values("committee").distinct().count()
    serving = (
        Membership.objects.filter(in_scope, start_date__lte=date_to)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=date_to))
        .count()
    )
    added = Membership.objects.filter(in_scope, start_date__range=(date_from, date_to)).count()
    return {
        "BC01": PrefillValue(
            Decimal(formed), _("%(n)s forming or re-forming decisions, %(from)s–%(to)s") % {"n": formed, **span}
        ),
        "BC02": PrefillValue(Decimal(serving), _("members serving on %(to)s in the committee records") % span),
        "BC03": PrefillValue(
            Decimal(added), _("%(n)s terms started %(from)s–%(to)s in the committee records") % {"n": added, **span}
        ),
    }
