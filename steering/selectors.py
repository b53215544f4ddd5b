"""Reads of the unit tree and the committees."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import pgettext_lazy

from steering.models import AdministrativeUnit, Agency, Committee, Membership, UnitSuccession
from steering.permissions import unit_q
from steering.text import fold


def unit_subtree(*, unit: AdministrativeUnit, include_self: bool = True) -> QuerySet[AdministrativeUnit]:
    """Every unit below `unit` (and `unit` itself), in one indexed prefix query."""
    qs = AdministrativeUnit.objects.filter(path__startswith=unit.path)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    return qs


def unit_ancestors(*, unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    keys = [key for key in unit.path.split("/") if key]
    return AdministrativeUnit.objects.filter(key__in=keys).order_by("level")


def unit_successions_in(*, unit: AdministrativeUnit) -> list[UnitSuccession]:
    """The links from the units this one was formed from (a merge lists several)."""
    return list(
        UnitSuccession.objects.filter(successor=unit).select_related("predecessor").order_by("predecessor__path")
    )


def unit_successions_out(*, unit: AdministrativeUnit) -> list[UnitSuccession]:
    """The links to the units this one went into (a divided commune lists several, its default first)."""
    return list(
        UnitSuccession.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("-is_default", "successor__path")
    )


def unit_children(*, unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    """Units below, current ones first (a province that went on through the reform also lists its ended districts)."""
    return (
        AdministrativeUnit.objects.filter(parent=unit)
        .annotate(child_count=Count("children"))
        .order_by(F("valid_to").desc(nulls_first=True), "code")
    )


def unit_search(*, user, query: str = "", limit: int = 200) -> QuerySet[AdministrativeUnit]:
    """Units the user may see whose name matches `query`, ignoring diacritics and case ("nam sach")."""
    qs = AdministrativeUnit.objects.filter(unit_q(user, field="")).select_related("parent")
    folded = fold(query)
    for word in folded.split():
        qs = qs.filter(search_name__contains=word)
    return qs.order_by("level", "code")[:limit]


def issuer_of(*, unit: AdministrativeUnit):
    """The unit's document issuer for display, without writing anything: its own, or the default it would get."""
    from steering.models import DocumentIssuer

    return DocumentIssuer.objects.filter(unit=unit, committee__isnull=True).first() or DocumentIssuer.default_for(unit)


def recipients_of(*, issuer, kind: str, default: list[str]) -> list[str]:
    """The issuer's "Nơi nhận" for documents of `kind` when its office has set one; otherwise `default`."""
    from steering.models import RecipientList

    if issuer is None or issuer.pk is None:
        return list(default)
    row = RecipientList.objects.filter(issuer=issuer, kind=kind).first()
    return row.recipients if row is not None and row.recipients else list(default)


def issuer_of_committee(*, committee: Committee):
    """The committee's own issuer for display, without writing anything."""
    from steering.models import DocumentIssuer

    return DocumentIssuer.objects.filter(committee=committee).first() or DocumentIssuer.default_for_committee(
        committee, chair_name=committee_chair_name(committee=committee)
    )


def committee_chair_name(*, committee) -> str:
    head = (
        Membership.objects.filter(committee=committee, role="head", end_date__isnull=True)
        .select_related("person")
        .first()
    )
    return head.person.full_name if head else ""


def unit_active_committee(*, unit: AdministrativeUnit) -> Committee | None:
    return Committee.objects.filter(unit=unit).order_by("-cycle").first()


def committee_members(*, committee: Committee, on: datetime.date | None = None) -> QuerySet[Membership]:
    """Members serving on `on` (today's active members when `on` is None), head first."""
    qs = Membership.objects.filter(committee=committee).select_related("person", "agency", "decision")
    if on is None:
        qs = qs.filter(end_date__isnull=True)
    else:
        qs = qs.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    return qs.order_by(_role_order(), "start_date", "person__full_name")


def committee_history(*, committee: Committee) -> QuerySet[Membership]:
    """Every term ever served, newest first: who served when."""
    return (
        Membership.objects.filter(committee=committee)
        .select_related("person", "agency", "decision", "end_decision", "replaced_by__person")
        .order_by("-start_date", "person__full_name")
    )


def committee_list(*, user) -> QuerySet[Committee]:
    return (
        Committee.objects.filter(unit_q(user))
        .select_related("unit")
        .annotate(active_members=Count("memberships", filter=Q(memberships__end_date__isnull=True)))
        .order_by("unit__path", "-cycle")
    )


def committee_detail(*, committee_id: int) -> Committee:
    return (
        Committee.objects.select_related("unit")
        .prefetch_related(Prefetch("decisions", queryset=committee_decisions_qs()))
        .get(pk=committee_id)
    )


def committee_decisions_qs():
    from steering.models import CommitteeDecision

    return CommitteeDecision.objects.order_by("-date", "-pk")


def agency_list(*, unit: AdministrativeUnit) -> QuerySet[Agency]:
    return Agency.objects.filter(unit=unit).annotate(
        active_members=Count("memberships", filter=Q(memberships__end_date__isnull=True))
    )


def _role_order():
    from django.db.models import Case, IntegerField, Value, When

    from steering.models import MemberRole

    return Case(
        *[When(role=value, then=Value(i)) for i, value in enumerate(MemberRole.values)],
        output_field=IntegerField(),
    )


# django-simple-history has no Vietnamese catalogue, and a bare "Created" reads as a date column elsewhere.
AUDIT_ACTIONS = {
    "+": pgettext_lazy("audit action", "Created"),
    "~": pgettext_lazy("audit action", "Changed"),
    "-": pgettext_lazy("audit action", "Deleted"),
}


def audit_entries(*, user, limit: int = 200) -> list:
    """The newest create/update/delete records of every audited model (settings.AUDIT_SOURCES) in scope."""
    from django.apps import apps
    from django.conf import settings

    entries = []
    for label, unit_field, related, name_field in settings.AUDIT_SOURCES:  # one query per audited model
        model = apps.get_model(label)
        history = model.history.model.objects.filter(unit_q(user, field=unit_field))
        for record in history.select_related("history_user", *related).order_by("-history_date")[:limit]:
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "action": AUDIT_ACTIONS.get(record.history_type, record.history_type),
                    "kind": model._meta.verbose_name,
                    "record": _audit_name(record, name_field),
                }
            )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


def _audit_name(record, name_field: str) -> str:
    """A record's name from its own columns (or a related row fetched with it): no query per record."""
    value = record
    for part in name_field.split("__"):
        value = getattr(value, part, "") or ""
    if name_field == "person__full_name":
        return f"{value} – {record.get_role_display()}"
    return str(value)
