"""Official administrative-unit data, read from the packages made for it (no database writes here).

- The three-level map that ended on 30/06/2025 (63 provinces, their districts, 10,040 communes) and the 2025
  converter (which legacy communes each new commune was made of, including communes divided between several new
  ones, with the default successor marked) come from `vietnamadminunits` (MIT): its dataset tables give every
  name key its official code.
- The two-level map from 01/07/2025 (34 provinces, 3,321 communes with the new type đặc khu) comes from
  `vietnam-provinces` 2025.10.1, whose names and codes are the official ones; `vietnamadminunits` disagrees on
  about a hundred codes, so a new commune is matched to it by province and name first, by code second.
- The deciding resolutions are not in either package: `steering/data/reorganisation-2025-decisions.csv` names
  them per new province where we know them.
"""

from __future__ import annotations

import csv
import datetime
import importlib.util
import json
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from steering.models import DivisionType
from steering.text import fold

REFORM_2025 = datetime.date(2025, 7, 1)
DATA_DIR = Path(__file__).resolve().parent / "data"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The package {name} is not installed (see requirements.txt).")
    return Path(next(iter(spec.submodule_search_locations)))


_DISTRICT_TYPES = {
    "quận": DivisionType.URBAN_DISTRICT,
    "huyện": DivisionType.DISTRICT,
    "thị xã": DivisionType.TOWN,
    "thành phố": DivisionType.CITY,
}
_COMMUNE_TYPES = {
    "xã": DivisionType.COMMUNE,
    "phường": DivisionType.WARD,
    "thị trấn": DivisionType.TOWNLET,
    "đặc khu": DivisionType.SPECIAL_ZONE,
}


def _province_type(name: str) -> str:
    return DivisionType.CENTRAL_CITY if name.lower().startswith("thành phố") else DivisionType.PROVINCE


@dataclass(frozen=True)
class LegacyUnit:
    code: str
    name: str
    division_type: str
    parent_code: str
    key: str  # the converter's name key: "tinhhaiduong_huyennamsach_thitrannamsach" for a commune


@dataclass(frozen=True)
class NewCommune:
    code: str
    name: str
    division_type: str
    province_code: str
    predecessors: tuple[tuple[str, bool], ...]  # (legacy commune code, is this the default successor of it)


@dataclass(frozen=True)
class NewProvince:
    code: str
    name: str
    division_type: str
    predecessors: tuple[str, ...]  # legacy province codes
    decision: str = ""
    commune_decision: str = ""
    communes: tuple[NewCommune, ...] = field(default=())


def _dataset() -> sqlite3.Connection:
    path = _package_dir("vietnamadminunits") / "data" / "dataset.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


@lru_cache(maxsize=1)
def legacy_units() -> tuple[LegacyUnit, ...]:
    """Every province, district and commune of the map that ended on 30/06/2025, parents first."""
    with _dataset() as db:
        rows = db.execute(
            "SELECT provinceCode, province, provinceKey, districtCode, district, districtType, districtKey, "
            "wardCode, ward, wardType, wardKey FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ).fetchall()
    provinces: dict[str, LegacyUnit] = {}
    districts: dict[str, LegacyUnit] = {}
    communes: list[LegacyUnit] = []
    for pcode, pname, pkey, dcode, dname, dtype, dkey, wcode, wname, wtype, wkey in rows:
        if pcode not in provinces:
            provinces[pcode] = LegacyUnit(pcode, pname, _province_type(pname), "", pkey)
        if dcode not in districts:
            dtype_value = _DISTRICT_TYPES.get((dtype or "").lower(), DivisionType.DISTRICT)
            districts[dcode] = LegacyUnit(dcode, dname, dtype_value, pcode, f"{pkey}_{dkey}")
        if not wcode:
            continue  # a district with no communes (Hoàng Sa)
        wtype_value = _COMMUNE_TYPES.get((wtype or "").lower(), DivisionType.COMMUNE)
        communes.append(LegacyUnit(wcode, wname, wtype_value, dcode, f"{pkey}_{dkey}_{wkey}"))
    return (*provinces.values(), *districts.values(), *communes)


def _official_2025() -> list[dict]:
    path = _package_dir("vietnam_provinces") / "data" / "nested-divisions.json"
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _decisions() -> dict[str, tuple[str, str]]:
    with open(DATA_DIR / "reorganisation-2025-decisions.csv", encoding="utf-8") as fh:
        return {row["province_code"]: (row["province_decision"], row["commune_decision"]) for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def reform_2025() -> tuple[NewProvince, ...]:
    """The 34 provinces of 01/07/2025, each with its legacy provinces and its communes with their legacy communes."""
    root = _package_dir("vietnamadminunits") / "data" / "converter_2025.json"
    with open(root, encoding="utf-8") as fh:
        converter = json.load(fh)
    with _dataset() as db:
        new_rows = db.execute("SELECT provinceKey, provinceCode, wardKey, wardCode, ward FROM admin_units").fetchall()
    legacy_code_by_key = {u.key: u.code for u in legacy_units()}
    legacy_province_by_key = {u.key: u.code for u in legacy_units() if not u.parent_code}
    # vietnamadminunits' own (province key, ward key) -> (province code, ward code, ward name)
    vau = {(pkey, wkey): (pcode, wcode, name) for pkey, pcode, wkey, wcode, name in new_rows}
    province_key_by_code = {pcode: pkey for pkey, pcode, *_ in new_rows}

    # predecessors per (new province key, new ward key), from the whole merges and the divided communes
    merged: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    for pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, legacy_keys in wards.items():
            # a key without a commune ("…_huyenhoangsa_": an island district with no communes) maps to nothing
            codes = [legacy_code_by_key[k] for k in legacy_keys if k in legacy_code_by_key]
            merged.setdefault((pkey, wkey), []).extend((code, True) for code in codes)
    for pkey, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for legacy_key, parts in divided.items():
            if legacy_key not in legacy_code_by_key:
                continue
            for part in parts:
                merged.setdefault((pkey, part["newWardKey"]), []).append(
                    (legacy_code_by_key[legacy_key], bool(part["isDefaultNewWard"]))
                )

    decisions = _decisions()
    provinces = []
    for province in _official_2025():
        pcode = f"{province['code']:02d}"
        pkey = province_key_by_code[pcode]
        name = province["name"]
        dtype = (
            DivisionType.CENTRAL_CITY if province["division_type"] == "thành phố trung ương" else DivisionType.PROVINCE
        )
        if dtype == DivisionType.PROVINCE and not name.lower().startswith("tỉnh"):
            name = f"Tỉnh {name}"
        # match the package's wards to the official ones by name (folded) first, then by code
        by_name = {fold(vname): (vcode, wkey) for (vk, wkey), (_p, vcode, vname) in vau.items() if vk == pkey}
        by_code = {vcode: wkey for (vk, wkey), (_p, vcode, _n) in vau.items() if vk == pkey}
        communes = []
        for ward in province["wards"]:
            wcode = f"{ward['code']:05d}"
            match = by_name.get(fold(ward["name"]))
            wkey = match[1] if match else by_code.get(wcode)
            predecessors = tuple(dict.fromkeys(merged.get((pkey, wkey), []))) if wkey else ()
            communes.append(
                NewCommune(
                    code=wcode,
                    name=ward["name"],
                    division_type=_COMMUNE_TYPES.get(ward["division_type"], DivisionType.COMMUNE),
                    province_code=pcode,
                    predecessors=predecessors,
                )
            )
        province_decision, commune_decision = decisions.get(pcode, ("", ""))
        provinces.append(
            NewProvince(
                code=pcode,
                name=name,
                division_type=dtype,
                predecessors=tuple(legacy_province_by_key[k] for k in converter["DICT_PROVINCE"][pkey]),
                decision=province_decision,
                commune_decision=commune_decision,
                communes=tuple(communes),
            )
        )
    return tuple(provinces)
