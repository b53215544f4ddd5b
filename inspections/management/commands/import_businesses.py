"""Import production and business units from an .xlsx file, with the same rules as the import page.

    manage.py import_businesses businesses.xlsx              # communes anywhere
    manage.py import_businesses businesses.xlsx --unit 291   # only communes of Nam Sách

Row 1 holds the headers (ten_co_so, loai_hinh, ma_so_thue, dia_chi, ma_xa, ...; see
inspections.services.IMPORT_COLUMNS); a business with a known tax code is updated, otherwise created. All or
nothing: one bad row writes nothing, every bad row is printed with its row, column and reason, and the command
exits with a non-zero code.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from inspections import services
from steering.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Import businesses from an .xlsx file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .xlsx workbook")
        parser.add_argument("--unit", help="code of the unit whose communes the file may name (default: any)")

    def handle(self, *args, file: Path, unit: str | None = None, **options):
        scope = None
        if unit:
            scope = AdministrativeUnit.objects.filter(code=unit).first()
            if scope is None:
                raise CommandError(_("No unit has the code %(code)s.") % {"code": unit})
        if file.suffix.lower() != ".xlsx":
            raise CommandError(_("%(file)s: use an Excel .xlsx workbook.") % {"file": file.name})
        try:
            handle = file.open("rb")
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}) from exc
        try:
            with handle:
                rows = services.business_rows_from_xlsx(handle)
                result = services.businesses_import(rows=rows, scope_unit=scope)
        except services.BusinessImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s error(s) in %(file)s: nothing was imported.")
                % {"count": len(exc.errors), "file": file.name}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(created)s business(es) created, %(updated)s updated.")
                % {"created": result["created"], "updated": result["updated"]}
            )
        )
