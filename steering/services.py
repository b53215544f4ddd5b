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
    DocumentSequence,
    MemberRole,
    Membership,
    Person,
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
    ("xã", DivisionType.COMMUNE),
]


def division_type_parse(value: str) -> str | None:
    """'Huyện', 'huyen', 'thị xã' or a DivisionType value -> a DivisionType value, or None."""
    value = (value or "").strip()
    if value in DivisionType.values:
        return value
    folded = fold(value)
    for label, dtype in _TYPE_BY_PREFIX:
        if folded == fold(label) or folded == dtype.value.replace("_", " "):
            return dtype.value
    return None


def division_type_from_name(name: str, *, level: int) -> str:
    """The type a unit's own name gives ('Huyện Nam Sách' -> huyện); vietnam-provinces' type field is coarse."""
    lowered = name.lower()
    for label, dtype in _TYPE_BY_PREFIX:
        if lowered.startswith(label):
            if dtype == DivisionType.CITY and level == 1:
                return DivisionType.CENTRAL_CITY
            return dtype
    return {1: DivisionType.PROVINCE, 2: DivisionType.DISTRICT}.get(level, DivisionType.COMMUNE)


@transaction.atomic
def units_import(*, rows: Iterable[UnitRow]) -> dict[str, int]:
    """Create or update units from rows ordered or not; parents may come from the rows or the database.

    Idempotent: a unit is keyed by its code, so importing the same rows again changes nothing. The whole
    import is one transaction: the first bad row raises UnitImportError and nothing is written.
    """
    rows = list(rows)
    by_code: dict[str, tuple[int, UnitRow]] = {}
    for number, row in enumerate(rows, start=2):  # row 1 of a file is the header
        if not row.code:
            raise UnitImportError(number, "code", _("the code is empty"))
        if not row.name:
            raise UnitImportError(number, "name", _("the name is empty"))
        if row.division_type not in DivisionType.values:
            raise UnitImportError(number, "type", _("unknown division type"))
        if row.code in by_code:
            raise UnitImportError(number, "code", _("code %(code)s appears twice in the file") % {"code": row.code})
        by_code[row.code] = (number, row)

    existing = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=list(by_code))}
    parent_codes = {r.parent_code for _n, r in by_code.values() if r.parent_code and r.parent_code not in by_code}
    outside_parents = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=parent_codes)}

    # Resolve depth first so that parents are written before their children.
    def depth(code: str, seen: tuple[str, ...] = ()) -> int:
        number, row = by_code[code]
        if not row.parent_code:
            return 0
        if row.parent_code in seen:
            raise UnitImportError(number, "parent_code", _("the parent chain loops"))
        if row.parent_code in by_code:
            return depth(row.parent_code, (*seen, code)) + 1
        if row.parent_code in outside_parents:
            return outside_parents[row.parent_code].level
        raise UnitImportError(number, "parent_code", _("unknown parent code %(code)s") % {"code": row.parent_code})

    depths = {code: depth(code) for code in by_code}
    known: dict[str, AdministrativeUnit] = dict(outside_parents)
    created = updated = unchanged = 0
    # Level by level, so parents have their ids before their children are written: a few bulk statements per
    # level, whatever the number of units (with history records, as one by one would have made them).
    for _depth, codes in groupby(sorted(by_code, key=lambda c: (depths[c], c)), key=depths.__getitem__):
        to_create: list[AdministrativeUnit] = []
        to_update: list[AdministrativeUnit] = []
        moved: list[tuple[str, str]] = []
        for code in codes:
            _number, row = by_code[code]
            parent = known.get(row.parent_code) if row.parent_code else None
            path = f"{parent.path if parent else ''}{code}/"
            values = {
                "name": row.name,
                "search_name": fold(row.name),
                "division_type": row.division_type,
                "level": parent.level + 1 if parent else 1,
                "parent": parent,
                "path": path,
                "valid_from": row.valid_from,
                "valid_to": row.valid_to,
            }
            unit = existing.get(code)
            if unit is None:
                unit = AdministrativeUnit(code=code, **values)
                to_create.append(unit)
            elif any(getattr(unit, k) != v for k, v in values.items()):
                if unit.path != path:
                    moved.append((unit.path, path))
                for key, value in values.items():
                    setattr(unit, key, value)
                to_update.append(unit)
            else:
                unchanged += 1
            known[code] = unit
        if to_create:
            bulk_create_with_history(to_create, AdministrativeUnit, batch_size=500)
        if to_update:
            bulk_update_with_history(to_update, AdministrativeUnit, fields=UNIT_IMPORT_FIELDS, batch_size=500)
        for old_path, new_path in moved:  # a unit moved to another parent: rare
            _rewrite_descendant_paths(old_path=old_path, new_path=new_path, level_shift=0)
        created += len(to_create)
        updated += len(to_update)
    return {"created": created, "updated": updated, "unchanged": unchanged}


UNIT_IMPORT_FIELDS = ["name", "search_name", "division_type", "level", "parent", "path", "valid_from", "valid_to"]


def _rewrite_descendant_paths(*, old_path: str, new_path: str, level_shift: int) -> None:
    descendants = list(AdministrativeUnit.objects.filter(path__startswith=old_path).exclude(path=old_path))
    for unit in descendants:
        unit.path = new_path + unit.path[len(old_path) :]
        unit.level = unit.path.count("/")
    AdministrativeUnit.objects.bulk_update(descendants, ["path", "level"], batch_size=500)


def unit_rows_from_package(*, province_code: str | None = None) -> list[UnitRow]:
    """Three-level rows (province, district, commune) from the vietnam-provinces 0.6 data."""
    import json

    import vietnam_provinces

    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        provinces = json.load(fh)
    rows: list[UnitRow] = []
    for province in provinces:
        pcode = f"{province['code']:02d}"
        if province_code and pcode != f"{int(province_code):02d}":
            continue
        rows.append(UnitRow(pcode, province["name"], division_type_from_name(province["name"], level=1)))
        for district in province["districts"]:
            dcode = f"{district['code']:03d}"
            rows.append(UnitRow(dcode, district["name"], division_type_from_name(district["name"], level=2), pcode))
            for ward in district["wards"]:
                rows.append(
                    UnitRow(f"{ward['code']:05d}", ward["name"], division_type_from_name(ward["name"], level=3), dcode)
                )
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
    issuer = DocumentIssuer.objects.filter(unit=unit).first()
    if issuer is not None:
        return issuer
    default = DocumentIssuer.default_for(unit)
    issuer, _created = DocumentIssuer.objects.get_or_create(
        unit=unit, defaults={"parent_body": default.parent_body, "place_name": default.place_name}
    )
    return issuer


@transaction.atomic
def document_number_next(*, issuer: DocumentIssuer, doc_type: str, year: int) -> str:
    """The next number of the issuer's yearly series for `doc_type`: "12/BC-MT". Numbers restart each year.

    The sequence row is locked, so two documents issued at once never share a number.
    """
    sequence, _created = DocumentSequence.objects.get_or_create(issuer=issuer, doc_type=doc_type, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{sequence.last_number}/{doc_type}-{issuer.code}"
