"""Writes to the unit tree, committees, memberships and document numbers.

Every invariant of a committee lives here (and is backed by a database constraint): at most one active head,
a term never ends before it starts, a replaced member's term is ended rather than deleted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from steering.agency_kinds import guess_kind
from steering.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    Committee,
    CommitteeDecision,
    DivisionType,
    DocumentIssuer,
    MemberRole,
    Membership,
    Person,
    UnitSuccession,
)
from steering.text import fold

# --- units -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    division_type: str
    parent_code: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    predecessor_codes: tuple[str, ...] = ()
    decision: str = ""


class UnitImportError(Exception):
    """A bad row in an import: says which row and why. Nothing of the import is written."""

    def __init__(self, row: int, column: str, message: str):
        self.row, self.column, self.message = row, column, message
        super().__init__(
            _("Row %(row)s, column %(column)s: %(message)s") % {"row": row, "column": column, "message": message}
        )


_TYPE_BY_PREFIX = [
    ("thành phố trung ương", DivisionType.CENTRAL_CITY),
    ("tỉnh", DivisionType.PROVINCE),
    ("thành phố", DivisionType.CITY),
    ("thị xã", DivisionType.TOWN),
    ("thị trấn", DivisionType.TOWNLET),
    ("quận", DivisionType.URBAN_DISTRICT),
    ("huyện", DivisionType.DISTRICT),
    ("phường", DivisionType.WARD),
    ("đặc khu", DivisionType.SPECIAL_ZONE),
    ("xã", DivisionType.COMMUNE),
]


def division_type_parse(value: str) -> str | None:
    """'Huyện', 'huyen', 'đặc khu' or a DivisionType value -> a DivisionType value, or None."""
    value = (value or "").strip()
    if value in DivisionType.values:
        return value
    folded = fold(value)
    for label, dtype in _TYPE_BY_PREFIX:
        if folded == fold(label) or folded == dtype.value.replace("_", " "):
            return dtype.value
    return None


def division_type_from_name(name: str, *, level: int) -> str:
    """The type a unit's own name gives ('Huyện Nam Sách' -> huyện)."""
    lowered = name.lower()
    for label, dtype in _TYPE_BY_PREFIX:
        if lowered.startswith(label):
            if dtype == DivisionType.CITY and level == 1:
                return DivisionType.CENTRAL_CITY
            return dtype
    return {1: DivisionType.PROVINCE, 2: DivisionType.DISTRICT}.get(level, DivisionType.COMMUNE)


def unit_key(code: str, valid_from: datetime.date | None, taken: set[str]) -> str:
    """A new row's own key: its code if no row holds that key yet, else "code.YYYYMMDD" (its first day)."""
    if code not in taken:
        return code
    suffix = valid_from.strftime("%Y%m%d") if valid_from else "0"
    key, n = f"{code}.{suffix}", 1
    while key in taken:
        n += 1
        key = f"{code}.{suffix}-{n}"
    return key


def units_with_reports(units: Iterable[AdministrativeUnit]) -> set[int]:
    """Ids of those units that have reports (nothing renames or moves them: they end and get a successor)."""
    ids = [u.pk for u in units if u.pk]
    return set(AdministrativeUnit.objects.filter(pk__in=ids, reports__isnull=False).values_list("pk", flat=True))


def _as_of(row: UnitRow) -> datetime.date:
    return row.valid_to or row.valid_from or timezone.localdate()


def _match(
    row: UnitRow, number: int, candidates: list[AdministrativeUnit], ends_in_file: dict[str, list[datetime.date]]
) -> AdministrativeUnit | None:
    """The existing row a file row speaks of. The same code may name an old and a new unit, so a row with dates
    is matched on them; a row without dates means the unit holding the code today."""
    if not candidates:
        return None
    if row.valid_from is not None:
        same_start = [u for u in candidates if u.valid_from == row.valid_from]
        if same_start:
            return same_start[0]
    if row.valid_from is not None or row.valid_to is not None:
        day = _as_of(row)
        existing = [u for u in candidates if u.existed_on(day)]
        if row.valid_from is not None and any(end < row.valid_from for end in ends_in_file.get(row.code, [])):
            # the file ends the code's earlier holder before this row starts: this row is its successor
            existing = [u for u in existing if u.valid_from is not None and u.valid_from >= row.valid_from]
        return existing[0] if existing else None
    current = [u for u in candidates if u.is_current]
    if current:
        return current[0]
    if len(candidates) == 1:
        return candidates[0]
    raise UnitImportError(
        number,
        "code",
        _("code %(code)s has named several units over time: give valid_from or valid_to to say which")
        % {"code": row.code},
    )


@transaction.atomic
def units_import(*, rows: Iterable[UnitRow]) -> dict[str, int]:
    """Create or update units from rows ordered or not; parents may come from the rows or the database.

    Idempotent: importing the same rows again changes nothing. A unit is the row holding its code on the file row's
    dates (today's holder when the row has none). Dates and predecessors are only ever added: a column left empty
    never clears what the portal knows. A unit that has reports is never renamed or moved: such a row is refused
    (end it and start a successor instead). The whole import is one transaction: the first bad row raises
    UnitImportError and nothing is written.
    """
    rows = list(rows)
    numbered: list[tuple[int, UnitRow]] = []
    seen: set[tuple[str, datetime.date | None]] = set()
    for number, row in enumerate(rows, start=2):  # row 1 of a file is the header
        if not row.code:
            raise UnitImportError(number, "code", _("the code is empty"))
        if not row.name:
            raise UnitImportError(number, "name", _("the name is empty"))
        if row.division_type not in DivisionType.values:
            raise UnitImportError(number, "type", _("unknown division type"))
        if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
            raise UnitImportError(number, "valid_to", _("the unit cannot end before it starts"))
        if (row.code, row.valid_from) in seen:
            raise UnitImportError(number, "code", _("code %(code)s appears twice in the file") % {"code": row.code})
        seen.add((row.code, row.valid_from))
        numbered.append((number, row))

    codes = {r.code for _n, r in numbered} | {r.parent_code for _n, r in numbered if r.parent_code}
    codes |= {c for _n, r in numbered for c in r.predecessor_codes}
    by_code: dict[str, list[AdministrativeUnit]] = {}
    for unit in AdministrativeUnit.objects.filter(code__in=codes).select_related("parent").order_by("valid_from"):
        by_code.setdefault(unit.code, []).append(unit)
    ends_in_file: dict[str, list[datetime.date]] = {}
    for _n, r in numbered:
        if r.valid_to is not None:
            ends_in_file.setdefault(r.code, []).append(r.valid_to)
    matched = {number: _match(row, number, by_code.get(row.code, []), ends_in_file) for number, row in numbered}
    matched_units = [u for u in matched.values() if u is not None]
    ended_by_file = {matched[n].pk for n, r in numbered if matched[n] is not None and r.valid_to is not None}
    with_reports = units_with_reports(matched_units)
    file_rows_by_code: dict[str, list[int]] = {}
    for number, row in numbered:
        file_rows_by_code.setdefault(row.code, []).append(number)
    rows_by_number = dict(numbered)

    def parent_number(number: int, row: UnitRow) -> int | None:
        """The file row that is this row's parent, if the file has one."""
        for candidate in file_rows_by_code.get(row.parent_code, []):
            parent_row = rows_by_number[candidate]
            day = _as_of(row)
            starts_ok = parent_row.valid_from is None or parent_row.valid_from <= day
            ends_ok = parent_row.valid_to is None or parent_row.valid_to >= day
            if starts_ok and ends_ok:
                return candidate
        return None

    def depth(number: int, trail: tuple[int, ...] = ()) -> int:
        row = rows_by_number[number]
        if not row.parent_code:
            return 0
        parent = parent_number(number, row)
        if parent is None:
            return -1  # parent in the database: written first
        if parent in trail:
            raise UnitImportError(number, "parent_code", _("the parent chain loops"))
        return depth(parent, (*trail, number)) + 1

    depths = {number: depth(number) for number, _row in numbered}
    taken = set(AdministrativeUnit.objects.values_list("key", flat=True))
    written: dict[int, AdministrativeUnit] = {}
    created = updated = unchanged = 0
    successions: list[tuple[int, UnitRow, AdministrativeUnit]] = []
    # Level by level, so parents have their ids before their children are written: a few bulk statements per
    # level, whatever the number of units (with history records, as one by one would have made them).
    for _depth, group in groupby(
        sorted(numbered, key=lambda nr: (depths[nr[0]], nr[1].code)), key=lambda nr: depths[nr[0]]
    ):
        to_create: list[AdministrativeUnit] = []
        to_update: list[AdministrativeUnit] = []
        moved: list[tuple[str, str]] = []
        for number, row in group:
            parent = None
            if row.parent_code:
                pn = parent_number(number, row)
                if pn is not None:
                    parent = written[pn]
                else:
                    day = _as_of(row)
                    options = [u for u in by_code.get(row.parent_code, []) if u.existed_on(day)]
                    if not options:
                        raise UnitImportError(
                            number,
                            "parent_code",
                            _("unknown parent code %(code)s on %(date)s")
                            % {"code": row.parent_code, "date": day.strftime("%d/%m/%Y")},
                        )
                    parent = options[-1]
            unit = matched[number]
            values = {
                "name": row.name,
                "search_name": fold(row.name),
                "division_type": row.division_type,
                "level": parent.level + 1 if parent else 1,
                "parent": parent,
            }
            if unit is None:
                still_open = [u for u in by_code.get(row.code, []) if u.valid_to is None and u.pk not in ended_by_file]
                if row.valid_to is None and still_open:
                    raise UnitImportError(
                        number,
                        "valid_from",
                        _(
                            "%(unit)s still holds code %(code)s: end it (a row with its valid_to) before a new unit "
                            "takes the code"
                        )
                        % {"unit": still_open[0].name, "code": row.code},
                    )
                key = unit_key(row.code, row.valid_from, taken)
                taken.add(key)
                unit = AdministrativeUnit(
                    code=row.code,
                    key=key,
                    path=f"{parent.path if parent else ''}{key}/",
                    valid_from=row.valid_from,
                    valid_to=row.valid_to,
                    **values,
                )
                to_create.append(unit)
            else:
                changed = {k for k, v in values.items() if getattr(unit, k) != v}
                if unit.pk in with_reports and changed & {"name", "parent"}:
                    column = "name" if "name" in changed else "parent_code"
                    raise UnitImportError(
                        number,
                        column,
                        _(
                            "%(unit)s has reports, so it is never renamed or moved: end it (valid_to) and add its "
                            "successor as a new row (valid_from, predecessor), or use reorganise_units"
                        )
                        % {"unit": unit.dated_name},
                    )
                dates = {k: getattr(row, k) for k in ("valid_from", "valid_to") if getattr(row, k) is not None}
                changed |= {k for k, v in dates.items() if getattr(unit, k) != v}
                if changed:
                    path = f"{parent.path if parent else ''}{unit.key}/"
                    if unit.path != path:
                        moved.append((unit.path, path))
                    for key, value in {**values, **dates, "path": path}.items():
                        setattr(unit, key, value)
                    to_update.append(unit)
                else:
                    unchanged += 1
            written[number] = unit
            if row.predecessor_codes:
                successions.append((number, row, unit))
        if to_update:  # first: a row ending a unit frees its code for the new holder created next
            bulk_update_with_history(to_update, AdministrativeUnit, fields=UNIT_IMPORT_FIELDS, batch_size=500)
        if to_create:
            bulk_create_with_history(to_create, AdministrativeUnit, batch_size=500)
        for old_path, new_path in moved:  # a unit without reports moved to another parent: rare
            _rewrite_descendant_paths(old_path=old_path, new_path=new_path)
        created += len(to_create)
        updated += len(to_update)
    _import_successions(successions, by_code)
    return {"created": created, "updated": updated, "unchanged": unchanged}


UNIT_IMPORT_FIELDS = ["name", "search_name", "division_type", "level", "parent", "path", "valid_from", "valid_to"]


def _import_successions(successions, by_code) -> None:
    """Predecessor columns: link each named unit (as it was the day before the successor started), once."""
    links = []
    for number, row, unit in successions:
        start = unit.valid_from or row.valid_from
        if start is None:
            raise UnitImportError(number, "valid_from", _("a unit with predecessors needs the date it started"))
        day_before = start - datetime.timedelta(days=1)
        for code in row.predecessor_codes:
            options = [u for u in by_code.get(code, []) if u.existed_on(day_before) and u.pk != unit.pk]
            if not options:
                raise UnitImportError(
                    number,
                    "predecessor",
                    _("no unit with code %(code)s existed on %(date)s")
                    % {"code": code, "date": f"{day_before:%d/%m/%Y}"},
                )
            links.append(
                UnitSuccession(predecessor=options[-1], successor=unit, effective_on=start, decision=row.decision)
            )
    existing = set(
        UnitSuccession.objects.filter(successor__in=[link.successor for link in links]).values_list(
            "predecessor_id", "successor_id"
        )
    )
    new = [link for link in links if (link.predecessor.pk, link.successor.pk) not in existing]
    if new:
        bulk_create_with_history(new, UnitSuccession, batch_size=500)


def _rewrite_descendant_paths(*, old_path: str, new_path: str) -> None:
    descendants = list(AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(path=old_path))
    for unit in descendants:
        unit.path = new_path + unit.path[len(old_path) :]
        unit.level = unit.path.count("/")
    AdministrativeUnit.objects.bulk_update(descendants, ["path", "level"], batch_size=500)


def unit_save_check(*, unit: AdministrativeUnit, name: str, parent: AdministrativeUnit | None) -> None:
    """Raise ValidationError if `unit` may not take this name and parent (the admin's form asks before saving)."""
    if parent is not None and (parent.pk == unit.pk or (unit.pk and parent.path.startswith(unit.path))):
        raise ValidationError({"parent": _("A unit cannot be placed under itself or a unit below it.")})
    if not unit.pk:
        return
    before = AdministrativeUnit.objects.get(pk=unit.pk)
    moved = before.parent_id != (parent.pk if parent else None)
    if (name != before.name or moved) and units_with_reports([before]):
        raise ValidationError(
            {
                "parent" if moved else "name": _(
                    "%(unit)s has reports, so it is never renamed or moved: end it and start its successor "
                    "(manage.py reorganise_units, or import_units with valid_from / predecessor columns)."
                )
                % {"unit": before.dated_name}
            }
        )


@transaction.atomic
def unit_save(*, unit: AdministrativeUnit, parent: AdministrativeUnit | None, **fields) -> AdministrativeUnit:
    """Write one unit (the admin's form): its key, path and level follow its parent, and its subtree's with it.

    A unit with reports keeps its name and parent (it ends and gets a successor instead: reorganise_units)."""
    unit_save_check(unit=unit, name=fields.get("name", unit.name), parent=parent)
    if unit.pk:
        before = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)
    else:
        before = None
        taken = set(AdministrativeUnit.objects.filter(key__startswith=unit.code).values_list("key", flat=True))
        unit.key = unit_key(unit.code, fields.get("valid_from") or unit.valid_from, taken)
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.parent = parent
    unit.search_name = fold(unit.name)
    unit.level = parent.level + 1 if parent else 1
    old_path = before.path if before else None
    unit.path = f"{parent.path if parent else ''}{unit.key}/"
    unit.full_clean(exclude=["key", "path", "search_name"])
    unit.save()
    if old_path and old_path != unit.path:
        _rewrite_descendant_paths(old_path=old_path, new_path=unit.path)
    return unit


def unit_rows_from_package(*, province_code: str | None = None) -> list[UnitRow]:
    """The three-level map (province, district, commune) that ended on 30/06/2025, from vietnamadminunits.

    Its rows carry valid_to 30/06/2025: re-importing them after the reorganisation finds the old units, never the
    new ones that reuse their codes."""
    from steering.unit_data import REFORM_2025, legacy_units, reform_2025

    last_day = REFORM_2025 - datetime.timedelta(days=1)
    names = {u.code: u.name for u in legacy_units() if not u.parent_code}
    # a province that went on unchanged (same code, same name, nothing merged into it) does not end
    going_on = {p.code for p in reform_2025() if p.predecessors == (p.code,) and names.get(p.code) == p.name}
    wanted = f"{int(province_code):02d}" if province_code else None
    rows: list[UnitRow] = []
    province_of: dict[str, str] = {}
    for unit in legacy_units():
        province = unit.code if not unit.parent_code else province_of.get(unit.parent_code, unit.parent_code)
        province_of[unit.code] = province
        if wanted and province != wanted:
            continue
        ends = None if unit.code in going_on else last_day
        rows.append(UnitRow(unit.code, unit.name, unit.division_type, unit.parent_code, valid_to=ends))
    return rows


# --- committees -------------------------------------------------------------------------------------------


def _check_term(start_date: datetime.date, end_date: datetime.date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": _("The end of a term cannot be before its start.")})


def _check_single_head(committee: Committee, role: str, *, exclude_pk: int | None = None) -> None:
    if role != MemberRole.HEAD:
        return
    heads = Membership.objects.select_for_update().filter(
        committee=committee, role=MemberRole.HEAD, end_date__isnull=True
    )
    if exclude_pk:
        heads = heads.exclude(pk=exclude_pk)
    current = heads.select_related("person").first()
    if current is not None:
        raise ValidationError(
            {
                "role": _("%(name)s is already the head of this committee. End that term or replace them first.")
                % {"name": current.person.full_name}
            }
        )


def person_get_or_create(*, full_name: str, phone: str = "", email: str = "") -> Person:
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ValidationError({"full_name": _("The name cannot be empty.")})
    person = Person.objects.filter(search_name=fold(full_name), phone=phone).first()
    if person is None:
        person = Person.objects.create(full_name=full_name, phone=phone, email=email, search_name=fold(full_name))
    return person


@transaction.atomic
def committee_create(*, unit: AdministrativeUnit, cycle: str, name: str = "") -> Committee:
    name = name or _("Steering committee of the campaign – %(unit)s") % {"unit": unit.name}
    if not unit.is_current:
        raise ValidationError(
            _("%(unit)s ceased to exist on %(date)s: its successor forms the committee.")
            % {"unit": unit.name, "date": unit.valid_to.strftime("%d/%m/%Y")}
        )
    if Committee.objects.filter(unit=unit, cycle=cycle).exists():
        raise ValidationError({"cycle": _("This unit already has a committee for that cycle.")})
    return Committee.objects.create(unit=unit, cycle=cycle, name=name)


@transaction.atomic
def committee_decision_record(
    *,
    committee: Committee,
    kind: str,
    number: str,
    date: datetime.date,
    signer: str,
    summary: str = "",
    created_by=None,
) -> CommitteeDecision:
    if not (number or "").strip():
        raise ValidationError({"number": _("The document number cannot be empty.")})
    return CommitteeDecision.objects.create(
        committee=committee,
        kind=kind,
        number=number.strip(),
        date=date,
        signer=signer.strip(),
        summary=summary,
        created_by=created_by,
    )


@transaction.atomic
def membership_add(
    *,
    committee: Committee,
    person: Person,
    role: str,
    start_date: datetime.date,
    position: str = "",
    agency: Agency | None = None,
    decision: CommitteeDecision | None = None,
    end_date: datetime.date | None = None,
) -> Membership:
    _check_term(start_date, end_date)
    if end_date is None:
        _check_single_head(committee, role)
    if agency is not None and agency.unit_id != committee.unit_id:
        raise ValidationError({"agency": _("The agency belongs to another unit.")})
    if decision is not None and decision.committee_id != committee.pk:
        raise ValidationError({"decision": _("The document belongs to another committee.")})
    return Membership.objects.create(
        committee=committee,
        person=person,
        role=role,
        start_date=start_date,
        end_date=end_date,
        position=position,
        agency=agency,
        decision=decision,
    )


@transaction.atomic
def membership_end(
    *, membership: Membership, end_date: datetime.date, decision: CommitteeDecision | None = None
) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.end_date is not None:
        raise ValidationError(_("This term has already ended."))
    _check_term(membership.start_date, end_date)
    membership.end_date = end_date
    membership.end_decision = decision
    membership.save(update_fields=["end_date", "end_decision"])
    return membership


@transaction.atomic
def membership_replace(
    *,
    membership: Membership,
    person: Person,
    date: datetime.date,
    decision: CommitteeDecision | None = None,
    role: str | None = None,
    position: str = "",
    agency: Agency | None = None,
) -> Membership:
    """End `membership` on `date` and start the successor's term on the same day, under the same document."""
    old = membership_end(membership=membership, end_date=date, decision=decision)
    new = membership_add(
        committee=old.committee,
        person=person,
        role=role or old.role,
        start_date=date,
        position=position or old.position,
        agency=agency if agency is not None else old.agency,
        decision=decision,
    )
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


@transaction.atomic
def agency_save(
    *,
    unit: AdministrativeUnit,
    name: str,
    short_name: str = "",
    must_report: bool = False,
    kind: str | None = None,
    order: int | None = None,
    agency: Agency | None = None,
) -> Agency:
    """Create or change a member agency. A new agency without a kind gets the one its name suggests."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("The name cannot be empty.")})
    if kind and kind not in AgencyKind.values:
        raise ValidationError({"kind": _("Choose one of the listed kinds.")})
    clash = Agency.objects.filter(unit=unit, name__iexact=name)
    if agency is not None:
        clash = clash.exclude(pk=agency.pk)
    if clash.exists():
        raise ValidationError({"name": _("This unit already has an agency with that name.")})
    if agency is None:
        agency = Agency(unit=unit)
    agency.name = name
    agency.short_name = short_name
    agency.must_report = must_report
    if kind is not None:
        agency.kind = kind
    elif agency.pk is None:
        agency.kind = guess_kind(name)
    if order is not None:
        agency.order = order
    agency.search_name = fold(name)
    agency.save()
    return agency


# --- document numbers ---------------------------------------------------------------------------------------


def issuer_for_unit(*, unit: AdministrativeUnit) -> DocumentIssuer:
    """The unit's issuer, created with defaults taken from the unit's name the first time it is asked for."""
    issuer = DocumentIssuer.objects.filter(unit=unit, committee__isnull=True).first()
    if issuer is not None:
        return issuer
    default = DocumentIssuer.default_for(unit)
    issuer, _created = DocumentIssuer.objects.get_or_create(
        unit=unit, committee=None, defaults={"parent_body": default.parent_body, "place_name": default.place_name}
    )
    return issuer


def issuer_for_committee(*, committee) -> DocumentIssuer:
    """The steering committee's own issuer (BAN CHỈ ĐẠO …, series …/BCĐ), created with defaults the first time."""
    issuer = DocumentIssuer.objects.filter(committee=committee).first()
    if issuer is not None:
        return issuer
    from steering.selectors import committee_chair_name

    default = DocumentIssuer.default_for_committee(committee, chair_name=committee_chair_name(committee=committee))
    fields = ("parent_body", "issuing_body", "code", "place_name", "signer_authority", "signer_title", "signer_name")
    issuer, _created = DocumentIssuer.objects.get_or_create(
        committee=committee, defaults={"unit": committee.unit, **{f: getattr(default, f) for f in fields}}
    )
    return issuer
