"""Who fills an indicator and whose values count: the one place that reads `filled_by` and `counts_from`.

A rule is a list of items separated by ";": ``unit:KINDS`` names the Front's own units by kind (province,
district, commune; ``*`` = every kind) and ``agency:KINDS`` names member agencies by kind (``*`` = every agency;
kinds in steering/data/agency-kinds.csv). Kinds inside an item are separated by ",". Example:
``unit:*;agency:qltt,cong_an``.

A reporter is a unit's own report (its kind is the unit's kind, never its depth in the tree) or a member agency's
report. The standing body of a level (agency kind ``mttq``, the Front's own committee or its movement board) is
part of the Front system: ``unit:*`` and ``unit:<kind of its unit>`` name it too, so a province, which files no
report of its own, is counted through its standing body.

The form (what a reporter fills), the pre-fill, the consolidation engine (what is added, what is shown beside the
total) and the builders all ask this module. Pure: no ORM.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

UNIT = "unit"
AGENCY = "agency"
ALL = "*"
STANDING_BODY = "mttq"
UNIT_KINDS = ("province", "district", "commune")
DEFAULT_RULE = "unit:*"


class RuleError(ValueError):
    """A rule that cannot be read; the message says which part."""


@dataclass(frozen=True)
class Reporter:
    unit_kind: str  # province / district / commune: the kind of the unit, or of the agency's unit
    agency_kind: str = ""  # the agency's kind; "" for a unit's own report or an agency whose kind is not set
    is_agency: bool = False

    @classmethod
    def unit(cls, unit_kind: str) -> Reporter:
        return cls(unit_kind=unit_kind)

    @classmethod
    def agency(cls, unit_kind: str, agency_kind: str) -> Reporter:
        return cls(unit_kind=unit_kind, agency_kind=agency_kind or "", is_agency=True)

    def as_dict(self) -> dict:
        return {"unit_kind": self.unit_kind, "agency_kind": self.agency_kind, "is_agency": self.is_agency}

    @classmethod
    def from_dict(cls, data: dict) -> Reporter:
        return cls(str(data.get("unit_kind", "")), str(data.get("agency_kind", "")), bool(data.get("is_agency")))


@dataclass(frozen=True)
class Rule:
    units: frozenset[str]  # kinds, or {"*"}
    agencies: frozenset[str]

    def matches(self, reporter: Reporter) -> bool:
        if not reporter.is_agency:
            return ALL in self.units or reporter.unit_kind in self.units
        if ALL in self.agencies or (reporter.agency_kind and reporter.agency_kind in self.agencies):
            return True
        return reporter.agency_kind == STANDING_BODY and (ALL in self.units or reporter.unit_kind in self.units)


def parse(text: str | None, *, agency_kinds: Iterable[str] | None = None) -> Rule:
    """The rule in `text` (empty = ``unit:*``). With `agency_kinds`, unknown agency kinds are an error."""
    units: set[str] = set()
    agencies: set[str] = set()
    known = set(agency_kinds) if agency_kinds is not None else None
    for item in (text or DEFAULT_RULE).split(";"):
        item = item.strip()
        if not item:
            continue
        side, sep, kinds_text = item.partition(":")
        side = side.strip().lower()
        kinds = {k.strip() for k in kinds_text.split(",") if k.strip()}
        if not sep or side not in (UNIT, AGENCY) or not kinds:
            raise RuleError(f"“{item}”: write unit:KINDS or agency:KINDS")
        if side == UNIT:
            bad = kinds - {ALL, *UNIT_KINDS}
            if bad:
                raise RuleError(f"“{item}”: unknown unit kind {', '.join(sorted(bad))}")
            units |= kinds
        else:
            if known is not None and (bad := kinds - {ALL, *known}):
                raise RuleError(f"“{item}”: unknown agency kind {', '.join(sorted(bad))}")
            agencies |= kinds
    return Rule(frozenset(units), frozenset(agencies))


def normalise(text: str | None, *, agency_kinds: Iterable[str] | None = None) -> str:
    """The rule written the one canonical way ("unit:*;agency:cong_an,qltt"), after checking it."""
    rule = parse(text, agency_kinds=agency_kinds)
    parts = []
    for side, kinds in ((UNIT, rule.units), (AGENCY, rule.agencies)):
        if kinds:
            parts.append(f"{side}:{ALL if ALL in kinds else ','.join(sorted(kinds))}")
    return ";".join(parts)


@lru_cache(maxsize=4096)
def _rule(text: str | None) -> Rule:
    """Parsed once per text: the engine asks for every child of every indicator."""
    return parse(text)


def fills(filled_by: str | None, reporter: Reporter) -> bool:
    """Whether the reporter's form carries the indicator."""
    return _rule(filled_by).matches(reporter)


def counts(counts_from: str | None, reporter: Reporter) -> bool:
    """Whether the reporter's value is added into the consolidated figure."""
    return _rule(counts_from).matches(reporter)


def describe(text: str | None, *, unit_labels: dict[str, str], agency_labels: dict[str, str], front: str) -> str:
    """The rule in words: "the Front system; Market surveillance, Police". `front` names ``unit:*``."""
    rule = parse(text)
    parts = []
    if ALL in rule.units:
        parts.append(front)
    elif rule.units:
        parts.append(", ".join(unit_labels.get(k, k) for k in UNIT_KINDS if k in rule.units))
    if ALL in rule.agencies:
        parts.append(agency_labels.get(ALL, ALL))
    elif rule.agencies:
        parts.append(", ".join(agency_labels.get(k, k) for k in sorted(rule.agencies)))
    return "; ".join(parts)
