"""Apply the official 2025 reorganisation (two levels: province and commune) to the portal's units.

    manage.py reorganise_units --effective 2025-07-01 --province 30 --dry-run   # print every change, write nothing
    manage.py reorganise_units --effective 2025-07-01 --province 30             # Hải Dương (and so Hải Phòng)
    manage.py reorganise_units --all                                            # the whole country

All or nothing, and a second run changes nothing. What it cannot decide (a user of an ended district, a commune's
committee when several merge) is listed at the end for a person.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from steering.reorganisation import COUNT_LABELS, reorganise
from steering.unit_data import REFORM_2025


class Command(BaseCommand):
    help = "Apply the 2025 reorganisation of provinces and communes (official data; --dry-run writes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--effective", default=REFORM_2025.isoformat(), help="first day of the new map (2025-07-01)"
        )
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--province", action="append", help="old province code, e.g. 30 (repeatable)")
        scope.add_argument("--all", action="store_true", help="every province of the country")
        parser.add_argument("--dry-run", action="store_true", help="print every change and touch nothing")

    def handle(self, *args, **options):
        try:
            effective = datetime.date.fromisoformat(options["effective"])
        except ValueError as exc:
            raise CommandError(_("--effective must be a date like 2025-07-01.")) from exc
        if effective != REFORM_2025:
            raise CommandError(
                _("The official data describes the reorganisation of %(date)s only.") % {"date": REFORM_2025}
            )
        try:
            outcome = reorganise(
                province_codes=None if options["all"] else options["province"],
                effective=effective,
                dry_run=options["dry_run"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for line in outcome.changes:
            self.stdout.write(line)
        if outcome.to_decide:
            self.stdout.write("")
            self.stdout.write(_("For a person to decide:"))
            for line in outcome.to_decide:
                self.stdout.write(f"  - {line}")
        self.stdout.write("")
        summary = ", ".join(f"{n} {COUNT_LABELS.get(what, what)}" for what, n in sorted(outcome.counts.items())) or _(
            "no change"
        )
        if outcome.dry_run:
            self.stdout.write(_("Dry run, nothing written. It would make: %(summary)s.") % {"summary": summary})
        else:
            self.stdout.write(_("Done: %(summary)s.") % {"summary": summary})
