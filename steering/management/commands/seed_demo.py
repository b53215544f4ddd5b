"""Load the demo data of every app, in dependency order. Safe to run again: nothing is duplicated.

Each app contributes a `demo.py` (or `demo_*.py`) module with `seed(stdout=None)`; the ones that exist are
run in the order below, each in its own transaction.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEMO_MODULES = [
    "steering.demo",
    "steering.demo_plans",
    "inspections.demo",
    "reporting.demo",
    "reporting.demo_consolidation",
    "steering.demo_reform",
    "reporting.demo_reform",
]

ACCOUNTS = [
    ("province", "Ban Phong trào, Ủy ban MTTQ tỉnh Hải Dương (provincial office)"),
    ("district", "Ủy ban MTTQ huyện Nam Sách (unit staff)"),
    ("commune", "Ủy ban MTTQ of a commune of Nam Sách (unit staff)"),
    ("inspector", "member of the provincial committee (inspector)"),
    ("viewer", "read-only at province level"),
    ("haiphong", "office of the new Thành phố Hải Phòng (from 01/07/2025; reads Hải Dương's history)"),
    ("xa", "Ủy ban MTTQ xã Nam Sách (unit staff, new map)"),
    ("admin", "superuser (Django admin)"),
]


class Command(BaseCommand):
    help = "Load the Hải Dương demo data (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("seed_demo adds demo accounts with a known password; DEBUG is off. Use --force.")
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                raise
            self.stdout.write(f"seed_demo: {name}")
            module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts (password demo12345):"))
        for username, what in ACCOUNTS:
            self.stdout.write(f"  {username:<10} {what}")
