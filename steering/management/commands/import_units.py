"""Import administrative units from the vietnam-provinces package or from a .csv / .xlsx file.

    manage.py import_units --province 30          # Hải Dương, three levels, from vietnam-provinces 0.6
    manage.py import_units --all                  # every province
    manage.py import_units --file units.xlsx      # columns: code, name, type, parent_code
                                                  # optional: valid_from, valid_to, predecessor, decision

The package's map is the three-level one that ended on 30/06/2025 (its rows carry that valid_to); the two-level
map of 01/07/2025 comes in with `reorganise_units`, which links old and new units. Re-importing never duplicates;
dates and predecessors left empty never clear what is known; a unit that has reports is never renamed or moved
(the row is refused: end it and add its successor). A bad row stops the whole import, names the row and column,
and writes nothing. Dates are dd/mm/yyyy or yyyy-mm-dd; `predecessor` lists codes separated by ";".
"""

import csv
import datetime
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from steering import services
from steering.services import UnitImportError, UnitRow

REQUIRED_COLUMNS = ("code", "name", "type", "parent_code")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _date(number: int, column: str, value: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    raise UnitImportError(number, column, _("“%(value)s” is not a date (dd/mm/yyyy)") % {"value": value})


def _read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a .csv (UTF-8) or .xlsx file as dicts keyed by lower-case header."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import zipfile

        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise CommandError(
                _("%(file)s is not a readable .xlsx workbook (%(error)s).") % {"file": path.name, "error": exc}
            ) from exc
        rows = list(workbook.active.iter_rows(values_only=True))
        workbook.close()
        table = [[_cell(v) for v in row] for row in rows]
    elif suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("%(file)s is not UTF-8 text (byte %(pos)s). Save it as CSV UTF-8 and try again.")
                % {"file": path.name, "pos": exc.start}
            ) from exc
        table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise CommandError(_("Unsupported file type %(suffix)s: use .csv or .xlsx.") % {"suffix": suffix or "?"})
    if not table:
        raise CommandError(_("%(file)s is empty.") % {"file": path.name})
    header = [h.lower() for h in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CommandError(_("Row 1: missing column(s) %(columns)s.") % {"columns": ", ".join(missing)})
    return [dict(zip(header, row, strict=False)) for row in table[1:] if any(row)]


def rows_from_file(path: Path) -> list[UnitRow]:
    rows = []
    for number, record in enumerate(_read_table(path), start=2):
        dtype = services.division_type_parse(record.get("type", ""))
        if dtype is None:
            raise UnitImportError(
                number, "type", _("unknown division type “%(value)s”") % {"value": record.get("type", "")}
            )
        code = record.get("code", "").strip()
        if code.endswith(".0"):  # a numeric cell read back from Excel
            code = code[:-2]
        parent = record.get("parent_code", "").strip().removesuffix(".0")
        predecessors = tuple(
            p.strip().removesuffix(".0")
            for p in record.get("predecessor", "").replace(",", ";").split(";")
            if p.strip()
        )
        rows.append(
            UnitRow(
                code=code,
                name=record.get("name", "").strip(),
                division_type=dtype,
                parent_code=parent,
                valid_from=_date(number, "valid_from", record.get("valid_from", "")),
                valid_to=_date(number, "valid_to", record.get("valid_to", "")),
                predecessor_codes=predecessors,
                decision=record.get("decision", "").strip(),
            )
        )
    return rows


class Command(BaseCommand):
    help = "Import administrative units from vietnam-provinces or a .csv/.xlsx file (idempotent, all-or-nothing)."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--province", help="GSO code of one province, e.g. 30 for Hải Dương")
        source.add_argument("--all", action="store_true", help="every province in vietnam-provinces")
        source.add_argument("--file", type=Path, help=".csv or .xlsx with columns code, name, type, parent_code")

    def handle(self, *args, **options):
        try:
            if options["file"]:
                path = options["file"]
                if not path.exists():
                    raise CommandError(_("File not found: %(file)s") % {"file": path})
                rows = rows_from_file(path)
            else:
                rows = services.unit_rows_from_package(province_code=options["province"])
                if not rows:
                    raise CommandError(_("No province with code %(code)s.") % {"code": options["province"]})
            result = services.units_import(rows=rows)
        except UnitImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Units: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % result)
