"""The 2025 reorganisation of local government, applied to the portal's units (a write service).

`reorganise(effective=01/07/2025, province_codes=["30"])` takes the new provinces that any of the given old
provinces went into (Hải Dương -> the new Thành phố Hải Phòng, which also took the old Hải Phòng) and:

- ends every old unit of their old provinces on the day before (valid_to 30/06/2025); old units the portal did not
  hold yet are added as history from the official data, so every new unit has all its predecessors;
- creates the new province (unless it is the same province under the same name, which goes on) and its communes,
  each linked to the units it was made of (`UnitSuccession`, with the deciding resolution where it is known and
  the default successor of a divided commune marked);
- ends the committees and agencies of the ended units (kept in history); the committee of an ended commune moves
  to its successor when it is the only one that does, as do active users of an ended commune with one successor;
  everything else is listed for a person to decide.

Nothing that has reports is renamed or moved: old rows only get their last day. One transaction: a real run is
all or nothing, and a second run finds everything done and changes nothing. A dry run is the same run rolled
back, so it prints exactly what the real run would do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from steering.models import AdministrativeUnit, Agency, Committee, Membership, UnitKind, UnitSuccession, User
from steering.services import unit_key
from steering.text import fold
from steering.unit_data import REFORM_2025, LegacyUnit, NewProvince, legacy_units, reform_2025


@dataclass
class Outcome:
    effective: datetime.date
    dry_run: bool
    changes: list[str] = field(default_factory=list)
    to_decide: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    @property
    def changed(self) -> int:
        return sum(self.counts.values())


COUNT_LABELS = {
    "history units added": gettext_lazy("history units added"),
    "units ended": gettext_lazy("units ended"),
    "units created": gettext_lazy("units created"),
    "successions linked": gettext_lazy("successions linked"),
    "committees moved": gettext_lazy("committees moved"),
    "committees ended": gettext_lazy("committees ended"),
    "member terms ended": gettext_lazy("member terms ended"),
    "agencies ended": gettext_lazy("agencies ended"),
    "users moved": gettext_lazy("users moved"),
}


class _DryRun(Exception):
    pass


def reorganise(
    *,
    province_codes: list[str] | None,
    effective: datetime.date = REFORM_2025,
    dry_run: bool = False,
    move_people: bool = True,
    old_map: tuple[LegacyUnit, ...] | None = None,
    new_map: tuple[NewProvince, ...] | None = None,
) -> Outcome:
    """Apply the reorganisation to the new provinces that `province_codes` (old codes; None = all) went into.

    `old_map` and `new_map` default to the official data of 2025 (steering.unit_data); a test or another
    reorganisation can give its own."""
    outcome = Outcome(effective=effective, dry_run=dry_run)
    old_map = legacy_units() if old_map is None else old_map
    new_map = reform_2025() if new_map is None else new_map
    try:
        with transaction.atomic():
            _apply(outcome, province_codes=province_codes, move_people=move_people, old_map=old_map, new_map=new_map)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return outcome


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _new_provinces(province_codes: list[str] | None, new_map) -> list[NewProvince]:
    provinces = list(new_map)
    if province_codes is None:
        return provinces
    wanted = {f"{int(code):02d}" for code in province_codes}
    chosen = [p for p in provinces if wanted & set(p.predecessors)]
    unknown = wanted - {code for p in chosen for code in p.predecessors}
    if unknown:
        raise ValueError(_("No province with code %(codes)s on the old map.") % {"codes": ", ".join(sorted(unknown))})
    return chosen


def _row(code, name, division_type, parent, taken: set[str], *, valid_from=None, valid_to=None) -> AdministrativeUnit:
    """A new unit row (unsaved) with its own key, path and level; the key is added to `taken`."""
    key = unit_key(code, valid_from, taken)
    taken.add(key)
    return AdministrativeUnit(
        code=code,
        key=key,
        name=name,
        search_name=fold(name),
        division_type=division_type,
        parent=parent,
        level=parent.level + 1 if parent else 1,
        path=f"{parent.path if parent else ''}{key}/",
        valid_from=valid_from,
        valid_to=valid_to,
    )


def _apply(outcome: Outcome, *, province_codes: list[str] | None, move_people: bool, old_map, new_map) -> None:
    effective = outcome.effective
    last_day = effective - datetime.timedelta(days=1)
    new_provinces = _new_provinces(province_codes, new_map)
    old_codes = {code for p in new_provinces for code in p.predecessors}

    # --- the old map of these provinces, as the portal holds it on the last day (adding what it lacks) ----------
    province_of: dict[str, str] = {}
    depth_of: dict[str, int] = {}
    legacy = []
    for unit in old_map:  # parents come before their children
        province = unit.code if not unit.parent_code else province_of[unit.parent_code]
        province_of[unit.code] = province
        depth_of[unit.code] = depth_of[unit.parent_code] + 1 if unit.parent_code else 0
        if province in old_codes:
            legacy.append(unit)
    old = {u.code: u for u in AdministrativeUnit.objects.valid_on(last_day).filter(code__in=[u.code for u in legacy])}
    taken = set(AdministrativeUnit.objects.values_list("key", flat=True))
    missing = [u for u in legacy if u.code not in old]
    for depth in (0, 1, 2):  # provinces, districts, communes: parents first
        batch = []
        for unit in missing:
            if depth_of[unit.code] != depth:
                continue
            parent = old.get(unit.parent_code) if unit.parent_code else None
            row = _row(unit.code, unit.name, unit.division_type, parent, taken, valid_to=last_day)
            batch.append(row)
            old[unit.code] = row
        if batch:
            bulk_create_with_history(batch, AdministrativeUnit, batch_size=500)
            outcome.count("history units added", len(batch))
            outcome.changes += [
                _("ADD  %(code)s %(name)s as history (until %(date)s)")
                % {"code": r.code, "name": r.name, "date": _d(last_day)}
                for r in batch
            ]

    # Units of these old provinces that the official data does not list (hand-made ones) end with them.
    old_provinces = [old[code] for code in sorted(old_codes) if code in old]
    under = Q()
    for province in old_provinces:
        under |= Q(path__startswith=province.path)
    extra = list(
        AdministrativeUnit.objects.valid_on(last_day).filter(under).exclude(pk__in=[u.pk for u in old.values()])
    )
    for unit in extra:
        old[f"~{unit.pk}"] = unit

    kept = {
        p.code: old[p.code]
        for p in new_provinces
        if len(p.predecessors) == 1 and p.predecessors[0] == p.code and p.code in old and old[p.code].name == p.name
    }
    ended = [u for u in old.values() if u.pk not in {k.pk for k in kept.values()}]
    to_end = [u for u in ended if u.valid_to != last_day]
    for unit in to_end:
        unit.valid_to = last_day
    if to_end:
        bulk_update_with_history(to_end, AdministrativeUnit, fields=["valid_to"], batch_size=500)
        outcome.count("units ended", len(to_end))
        outcome.changes += [
            _("END  %(code)s %(name)s (last day %(date)s)") % {"code": u.code, "name": u.name, "date": _d(last_day)}
            for u in sorted(to_end, key=lambda u: u.path)
        ]

    # --- the new map ---------------------------------------------------------------------------------------
    new_codes = [p.code for p in new_provinces] + [c.code for p in new_provinces for c in p.communes]
    existing_new = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=new_codes, valid_from=effective)}
    created: list[AdministrativeUnit] = []
    new_province_rows: dict[str, AdministrativeUnit] = {}
    for p in new_provinces:
        row = kept.get(p.code) or existing_new.get(p.code)
        if row is None:
            row = _row(p.code, p.name, p.division_type, None, taken, valid_from=effective)
            created.append(row)
        new_province_rows[p.code] = row
    if created:
        bulk_create_with_history(created, AdministrativeUnit, batch_size=500)
    communes_created: list[AdministrativeUnit] = []
    new_commune_rows: dict[str, AdministrativeUnit] = {}
    for p in new_provinces:
        parent = new_province_rows[p.code]
        for c in p.communes:
            row = existing_new.get(c.code)
            if row is None:
                row = _row(c.code, c.name, c.division_type, parent, taken, valid_from=effective)
                communes_created.append(row)
            new_commune_rows[c.code] = row
    if communes_created:
        bulk_create_with_history(communes_created, AdministrativeUnit, batch_size=1000)
    for row in created + communes_created:
        outcome.changes.append(
            _("NEW  %(code)s %(name)s (from %(date)s)") % {"code": row.code, "name": row.name, "date": _d(effective)}
        )
    if created or communes_created:
        outcome.count("units created", len(created) + len(communes_created))

    # --- successions ---------------------------------------------------------------------------------------
    links: list[UnitSuccession] = []
    for p in new_provinces:
        if p.code not in kept:  # a province that went on unchanged succeeds nothing
            successor = new_province_rows[p.code]
            links += [
                UnitSuccession(predecessor=old[code], successor=successor, decision=p.decision)
                for code in p.predecessors
                if code in old
            ]
        for c in p.communes:
            links += [
                UnitSuccession(
                    predecessor=old[code],
                    successor=new_commune_rows[c.code],
                    decision=p.commune_decision,
                    is_default=is_default,
                )
                for code, is_default in c.predecessors
                if code in old
            ]
    have = set(
        UnitSuccession.objects.filter(successor__in=[link.successor for link in links]).values_list(
            "predecessor_id", "successor_id"
        )
    )
    new_links = [link for link in links if (link.predecessor.pk, link.successor.pk) not in have]
    for link in new_links:
        link.effective_on = effective
    if new_links:
        bulk_create_with_history(new_links, UnitSuccession, batch_size=1000)
        outcome.count("successions linked", len(new_links))
        by_successor: dict[int, list[UnitSuccession]] = {}
        for link in new_links:
            by_successor.setdefault(link.successor.pk, []).append(link)
        for successor_links in by_successor.values():
            successor = successor_links[0].successor
            names = ", ".join(
                f"{link.predecessor.code} {link.predecessor.name}{'' if link.is_default else ' ' + _('(part)')}"
                for link in successor_links
            )
            decision = successor_links[0].decision
            outcome.changes.append(
                _("LINK %(code)s %(name)s ← %(names)s%(decision)s")
                % {
                    "code": successor.code,
                    "name": successor.name,
                    "names": names,
                    "decision": f" ({decision})" if decision else "",
                }
            )

    # successors of each ended unit (all links, old and new)
    successors: dict[int, list[tuple[AdministrativeUnit, bool]]] = {}
    for link in UnitSuccession.objects.filter(predecessor__in=ended).select_related("successor"):
        successors.setdefault(link.predecessor_id, []).append((link.successor, link.is_default))
    for unit in ended:
        if unit.pk not in successors and unit.kind == UnitKind.COMMUNE:
            outcome.to_decide.append(
                _("%(code)s %(name)s ended with no successor in the data: link it by hand if it has one")
                % {"code": unit.code, "name": unit.name}
            )
    _people_and_bodies(outcome, ended=ended, successors=successors, last_day=last_day, move_people=move_people)


def _people_and_bodies(outcome, *, ended, successors, last_day, move_people) -> None:
    ended_ids = [u.pk for u in ended]
    by_pk = {u.pk: u for u in ended}

    # committees: an ended commune's committee moves to its only successor when it is the only one that goes there
    committees = list(Committee.objects.filter(unit_id__in=ended_ids, ended_on__isnull=True).select_related("unit"))
    arriving: dict[int, list[Committee]] = {}
    for committee in committees:
        unit = by_pk[committee.unit_id]
        targets = successors.get(unit.pk, [])
        if unit.kind == UnitKind.COMMUNE and len(targets) == 1:
            arriving.setdefault(targets[0][0].pk, []).append(committee)
    has_committee = set(
        Committee.objects.filter(unit_id__in=list(arriving), ended_on__isnull=True).values_list("unit_id", flat=True)
    )
    moved, closed = [], []
    for committee in committees:
        unit = by_pk[committee.unit_id]
        targets = successors.get(unit.pk, [])
        target = targets[0][0] if unit.kind == UnitKind.COMMUNE and len(targets) == 1 else None
        if target is not None and len(arriving[target.pk]) == 1 and target.pk not in has_committee and move_people:
            committee.unit = target
            moved.append(committee)
            outcome.changes.append(
                _("MOVE committee “%(name)s” to %(unit)s") % {"name": committee.name, "unit": target.name}
            )
        else:
            committee.ended_on = last_day
            closed.append(committee)
            outcome.changes.append(
                _("END  committee “%(name)s” (last day %(date)s)") % {"name": committee.name, "date": _d(last_day)}
            )
            if target is not None:
                outcome.to_decide.append(
                    _("%(unit)s: several predecessors' committees; form its committee and choose its members")
                    % {"unit": target.name}
                )
    if moved:
        bulk_update_with_history(moved, Committee, fields=["unit"])
        outcome.count("committees moved", len(moved))
    if closed:
        bulk_update_with_history(closed, Committee, fields=["ended_on"])
        outcome.count("committees ended", len(closed))
        terms = list(Membership.objects.filter(committee__in=closed, end_date__isnull=True, start_date__lte=last_day))
        for term in terms:
            term.end_date = last_day
        if terms:
            bulk_update_with_history(terms, Membership, fields=["end_date"], batch_size=500)
            outcome.count("member terms ended", len(terms))

    agencies = list(Agency.objects.filter(unit_id__in=ended_ids, is_active=True))
    for agency in agencies:
        agency.is_active = False
    if agencies:
        bulk_update_with_history(agencies, Agency, fields=["is_active"], batch_size=500)
        outcome.count("agencies ended", len(agencies))
        outcome.changes.append(_("END  %(n)s member agencies of the ended units") % {"n": len(agencies)})

    users = list(User.objects.filter(unit_id__in=ended_ids, is_active=True).order_by("username"))
    to_move = []
    for user in users:
        unit = by_pk[user.unit_id]
        targets = successors.get(unit.pk, [])
        if unit.kind == UnitKind.COMMUNE and len(targets) == 1 and move_people:
            user.unit = targets[0][0]
            to_move.append(user)
            outcome.changes.append(
                _("MOVE user %(user)s to %(unit)s") % {"user": user.username, "unit": targets[0][0].name}
            )
        else:
            options = ", ".join(f"{s.name}{'' if default else ' ' + _('(part)')}" for s, default in targets)
            outcome.to_decide.append(
                _("user %(user)s of %(unit)s: choose their unit on the new map (%(options)s)")
                % {"user": user.username, "unit": unit.name, "options": options or _("no successor in the data")}
            )
    if to_move:
        bulk_update_with_history(to_move, User, fields=["unit"], batch_size=500)
        outcome.count("users moved", len(to_move))

    open_reports = (
        AdministrativeUnit.objects.filter(pk__in=ended_ids, reports__period__end_date__gt=last_day)
        .values_list("name", flat=True)
        .distinct()
    )
    for name in open_reports:
        outcome.to_decide.append(
            _("%(unit)s has reports in a period that ends after its last day: close or reassign them") % {"unit": name}
        )
