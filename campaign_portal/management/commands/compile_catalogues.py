"""Compile every .po catalogue of the project to .mo with polib.

Django's own compilemessages needs GNU gettext's msgfmt, which a fresh machine may not have; this command
needs nothing outside requirements.txt, so `make run` works anywhere.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SOURCE_DIRS = ["locale", "campaign_portal", "steering", "reporting", "inspections"]


def catalogue_paths() -> list[Path]:
    base = Path(settings.BASE_DIR)
    paths: list[Path] = []
    for name in SOURCE_DIRS:
        paths.extend(sorted((base / name).glob("**/locale/*/LC_MESSAGES/*.po")))
    paths.extend(sorted((base / "locale").glob("*/LC_MESSAGES/*.po")))
    return sorted(set(paths))


class Command(BaseCommand):
    help = "Compile the project's .po catalogues to .mo (pure Python, no gettext needed)."

    def handle(self, *args, **options):
        for po_path in catalogue_paths():
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)} ({catalogue.percent_translated()}%)")
