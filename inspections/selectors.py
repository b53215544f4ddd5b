"""Reads: lists scoped to the user, the overdue follow-ups, and the summary the six-monthly report pre-fills.

An inspection counts for the unit of the committee that made it (and every unit above); only submitted records
count in summaries. A fix counts in the period it was confirmed, a referral in the period of its document.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst

from inspections.models import (
    Business,
    Finding,
    FollowUp,
    Inspection,
    InspectionDraft,
    InspectionPlan,
    PlanTarget,
    TeamMember,
    ViolationCategory,
)
from inspections.permissions import scope_q
from steering.models import AdministrativeUnit, Committee, Membership
from steering.text import fold, in_sentence


def _day_bounds(date_from: datetime.date | None, date_to: datetime.date | None) -> Q:
    """inspected_at within [date_from 00:00, date_to 24:00) Vietnam time."""
    q = Q()
    tz = timezone.get_current_timezone()
    if date_from:
        q &= Q(inspected_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tzinfo=tz))
    if date_to:
        q &= Q(
            inspected_at__lt=datetime.datetime.combine(
                date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
            )
        )
    return q


# --- businesses ---------------------------------------------------------------------------------------------


def business_list(
    *, user, query: str = "", commune: AdministrativeUnit | None = None, kind: str = "", ocop: bool = False
) -> QuerySet[Business]:
    """Businesses the user may see; `query` matches name, tax code or address ignoring diacritics."""
    qs = Business.objects.filter(scope_q(user, field="commune")).select_related("commune__parent")
    for word in fold(query).split():
        qs = qs.filter(Q(search_name__contains=word) | Q(tax_code__startswith=word))
    if commune is not None:
        qs = qs.filter(commune__path__startswith=commune.path)
    if kind:
        qs = qs.filter(kind=kind)
    if ocop:
        qs = qs.filter(ocop_products__isnull=False).distinct()
    return qs.annotate(
        inspection_count=Count("inspections", filter=Q(inspections__status=Inspection.Status.SUBMITTED), distinct=True),
        ocop_count=Count("ocop_products", distinct=True),
    ).order_by("name", "pk")


def business_history(*, business: Business) -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(business=business)
        .select_related("plan__committee__unit")
        .annotate(finding_count=Count("findings"))
        .order_by("-inspected_at")
    )


def businesses_for_plan(*, plan: InspectionPlan) -> QuerySet[Business]:
    return (
        Business.objects.filter(commune__path__startswith=plan.committee.unit.path, is_active=True)
        .select_related("commune")
        .order_by("name")
    )


# --- plans --------------------------------------------------------------------------------------------------


def plan_list(*, user, year: int | None = None) -> QuerySet[InspectionPlan]:
    qs = InspectionPlan.objects.filter(scope_q(user, field="committee__unit")).select_related("committee__unit")
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(
        target_count=Count("targets", distinct=True),
        done_count=Count("inspections", filter=Q(inspections__status=Inspection.Status.SUBMITTED), distinct=True),
    ).order_by("-year", "committee__unit__path", "-pk")


def plan_team(*, plan: InspectionPlan) -> QuerySet[TeamMember]:
    return plan.team.select_related("membership__person", "membership__agency").order_by("-is_lead", "pk")


def plan_targets(*, plan: InspectionPlan) -> QuerySet[PlanTarget]:
    return plan.targets.select_related("business__commune", "inspection").order_by("scheduled_on", "pk")


def committees_for_plans(*, user) -> QuerySet[Committee]:
    """Committees whose plans the user may draw up (their unit staff, the provincial office)."""
    from steering.models import Role
    from steering.permissions import unit_q

    qs = Committee.objects.filter(unit_q(user)).select_related("unit")
    if user.is_superuser or user.has_role(Role.PROVINCIAL_OFFICE):
        return qs.order_by("unit__path", "-cycle")
    if user.has_role(Role.UNIT_STAFF):
        return qs.filter(unit_id=user.unit_id).order_by("-cycle")
    return qs.none()


def committee_active_members(*, committee: Committee) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(committee=committee, end_date__isnull=True)
        .select_related("person", "agency")
        .order_by("role", "person__full_name")
    )


def plans_to_log(*, user) -> QuerySet[InspectionPlan]:
    """Plans the user may log inspections for: committee membership, or staff of the committee's unit."""
    from inspections.permissions import _committee_memberships
    from steering.models import Role
    from steering.permissions import unit_q

    committee_ids = [cid for cid, _p in _committee_memberships(user)]
    q = Q(committee_id__in=committee_ids)
    if user.is_superuser:
        q = Q()
    elif user.has_role(Role.PROVINCIAL_OFFICE):
        q |= unit_q(user, field="committee__unit")
    elif user.has_role(Role.UNIT_STAFF):
        q |= Q(committee__unit_id=user.unit_id)
    return InspectionPlan.objects.filter(q).select_related("committee__unit").order_by("-year", "-pk")


def targets_to_log(*, user, limit: int = 20) -> QuerySet[PlanTarget]:
    """Planned inspections not logged yet in the plans the user is on the team of, earliest first."""
    logged = Inspection.objects.filter(target=OuterRef("pk"))
    return (
        PlanTarget.objects.filter(plan__team__membership__person__user=user)
        .filter(~Exists(logged))
        .select_related("business__commune", "plan")
        .distinct()
        .order_by("scheduled_on", "pk")[:limit]
    )


# --- inspections --------------------------------------------------------------------------------------------


def inspection_list(
    *,
    user,
    unit: AdministrativeUnit | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    status: str = "",
    query: str = "",
    plan: InspectionPlan | None = None,
) -> QuerySet[Inspection]:
    qs = Inspection.objects.filter(scope_q(user)).filter(_day_bounds(date_from, date_to))
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if plan is not None:
        qs = qs.filter(plan=plan)
    for word in fold(query).split():
        qs = qs.filter(Q(business__search_name__contains=word) | Q(number__startswith=word))
    return (
        qs.select_related("business__commune", "unit", "lead__person", "plan")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_follow_ups=Count(
                "findings__follow_up",
                filter=Q(findings__follow_up__status__in=FollowUp.PENDING),
                distinct=True,
            ),
        )
        .order_by("-inspected_at", "-pk")
    )


def inspection_detail(*, inspection: Inspection) -> dict:
    findings = list(inspection.findings.select_related("category", "follow_up__owner__person").order_by("order", "pk"))
    return {
        "findings": findings,
        "team": list(inspection.team.select_related("person", "agency").order_by("role", "person__full_name")),
        "photos": list(inspection.photos.order_by("uploaded_at", "pk")),
    }


def _names(unit: AdministrativeUnit, chain: dict, on: datetime.date) -> str:
    """The unit and the units above it that existed on `on` (from `chain`, key -> unit), in running-text case."""
    day = on if unit.valid_to is None or unit.valid_to >= on else unit.valid_to
    keys = [key for key in unit.path.split("/") if key]
    names = [
        in_sentence(chain[key].name)
        for key in reversed(keys)
        if key in chain and (key == unit.key or chain[key].existed_on(day))
    ]
    return ", ".join(names)


def _chain(units) -> dict:
    keys = {key for unit in units for key in unit.path.split("/") if key}
    return {u.key: u for u in AdministrativeUnit.objects.filter(key__in=keys)}


def unit_address(*, unit: AdministrativeUnit, on: datetime.date) -> str:
    """ "xã Nam Hồng, huyện Nam Sách, tỉnh Hải Dương": the unit and the units above it that existed on `on`, in
    running-text case. A district that had ended by then is left out; a unit that had itself ended is named as it
    was on its last day (with the units above it then). One query."""
    return _names(unit, _chain([unit]), on)


def business_addresses(*, businesses, on: datetime.date) -> dict[int, str]:
    """The address of each business (pk -> text) with its commune, district (while there were districts) and
    province, as of `on`: Hải Dương has communes of the same name in different districts. One query."""
    businesses = list(businesses)
    chain = _chain([b.commune for b in businesses])
    return {
        b.pk: ", ".join(part for part in (b.address.strip().rstrip(","), _names(b.commune, chain, on)) if part)
        for b in businesses
    }


def business_address(*, business: Business, on: datetime.date) -> str:
    return business_addresses(businesses=[business], on=on)[business.pk]


def record_writer(*, inspection: Inspection, team: list[Membership]):
    """The Person who wrote the record (NGƯỜI LẬP BIÊN BẢN): the user who submitted it, else the one who saved it
    first; the team member linked to that user, else the user's own person, else an unsaved Person of the user's
    name (family name first). None when no user is known."""
    from steering.models import Person

    for user in (inspection.submitted_by, inspection.created_by):
        if user is None:
            continue
        member = next((m for m in team if m.person.user_id == user.pk), None)
        if member is not None:
            return member.person
        person = Person.objects.filter(user=user).first()
        if person is not None:
            return person
        name = " ".join(part for part in (user.last_name, user.first_name) if part.strip())  # family name first
        if name:
            return Person(full_name=name)
    return None


def user_drafts(*, user) -> QuerySet[InspectionDraft]:
    """Autosaved forms of this user that were never saved as a record."""
    saved = Inspection.objects.filter(client_uuid=OuterRef("client_uuid"))
    return (
        InspectionDraft.objects.filter(user=user).filter(~Exists(saved)).select_related("plan").order_by("-updated_at")
    )


# --- follow-ups ---------------------------------------------------------------------------------------------


def follow_up_list(
    *, user, unit: AdministrativeUnit | None = None, state: str = "", today: datetime.date | None = None
) -> QuerySet[FollowUp]:
    """Follow-ups in scope; state is a FollowUp.Status value, "overdue" or "" (all)."""
    today = today or timezone.localdate()
    qs = FollowUp.objects.filter(scope_q(user, field="finding__inspection__unit"))
    if unit is not None:
        qs = qs.filter(finding__inspection__unit__path__startswith=unit.path)
    if state == "overdue":
        qs = qs.filter(overdue_q(today))
    elif state:
        qs = qs.filter(status=state)
    return qs.select_related(
        "finding__category",
        "finding__inspection__business__commune",
        "finding__inspection__unit",
        "owner__person",
    ).order_by("due_date", "pk")


def overdue_q(today: datetime.date) -> Q:
    return Q(status__in=FollowUp.PENDING, due_date__lt=today)


# --- the summary --------------------------------------------------------------------------------------------

GROUP_CODES = ["KT05", "KT06", "KT07", "KT08"]


def inspection_summary(*, unit: AdministrativeUnit, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Counts for `unit` and the units below it, over submitted inspections dated date_from..date_to.

    Returns: inspections, businesses (each counted once), violations (all findings), by_category (list of
    (category, count) for every category), by_group ({"KT05": n, ...}), referrals, referrals_police,
    referrals_market, fixes_confirmed, follow_ups_open, overdue, vn_share_average (Decimal or None, the mean
    over inspections that measured it), vn_share_count (how many did) and checklist (per item: passed, failed
    and not_checked; an item not checked is not a failure). Four queries whatever the size.
    """
    in_unit = Q(unit__path__startswith=unit.path)
    inspections = Inspection.objects.filter(
        in_unit, _day_bounds(date_from, date_to), status=Inspection.Status.SUBMITTED
    )
    checks = {}
    for name in Inspection.CHECKLIST:
        checks[f"{name}__passed"] = Count("pk", filter=Q(**{name: True}))
        checks[f"{name}__failed"] = Count("pk", filter=Q(**{name: False}))  # None (not checked) is no failure
        checks[f"{name}__not_checked"] = Count("pk", filter=Q(**{f"{name}__isnull": True}))
    totals = inspections.aggregate(
        inspections=Count("pk"),
        businesses=Count("business", distinct=True),
        vn_share_average=Avg("vn_goods_share"),
        vn_share_count=Count("vn_goods_share"),
        **checks,
    )
    counts = dict(
        Finding.objects.filter(inspection__in=inspections)
        .values_list("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    categories = list(ViolationCategory.objects.order_by("order", "name"))
    by_category = [(c, counts.get(c.pk, 0)) for c in categories if c.is_active or counts.get(c.pk)]
    by_group = dict.fromkeys(GROUP_CODES, 0)
    for category, n in by_category:
        if category.indicator_group in by_group:
            by_group[category.indicator_group] += n
    submitted_in_unit = Q(
        finding__inspection__unit__path__startswith=unit.path,
        finding__inspection__status=Inspection.Status.SUBMITTED,
    )
    today = timezone.localdate()
    follow_ups = FollowUp.objects.filter(submitted_in_unit).aggregate(
        referrals=Count("pk", filter=Q(status=FollowUp.Status.REFERRED, referral_date__range=(date_from, date_to))),
        referrals_police=Count(
            "pk",
            filter=Q(
                status=FollowUp.Status.REFERRED,
                referred_to=FollowUp.ReferredTo.POLICE,
                referral_date__range=(date_from, date_to),
            ),
        ),
        fixes_confirmed=Count("pk", filter=Q(status=FollowUp.Status.FIXED, rechecked_on__range=(date_from, date_to))),
        follow_ups_open=Count("pk", filter=Q(status__in=FollowUp.PENDING)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    average = totals["vn_share_average"]
    if average is not None:
        average = Decimal(average).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return {
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "inspections": totals["inspections"],
        "businesses": totals["businesses"],
        "violations": sum(n for _c, n in by_category),
        "by_category": by_category,
        "by_group": by_group,
        "referrals": follow_ups["referrals"],
        "referrals_police": follow_ups["referrals_police"],
        "referrals_market": follow_ups["referrals"] - follow_ups["referrals_police"],
        "fixes_confirmed": follow_ups["fixes_confirmed"],
        "follow_ups_open": follow_ups["follow_ups_open"],
        "overdue": follow_ups["overdue"],
        "vn_share_average": average,
        "vn_share_count": totals["vn_share_count"],
        "checklist": [
            {
                "field": name,
                "label": capfirst(Inspection._meta.get_field(name).verbose_name),
                "passed": totals[f"{name}__passed"],
                "failed": totals[f"{name}__failed"],
                "not_checked": totals[f"{name}__not_checked"],
            }
            for name in Inspection.CHECKLIST
        ],
    }
