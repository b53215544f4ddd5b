"""`manage.py seed_demo`, the second command of `make run`: the whole demo, loaded twice, is loaded once."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from steering.models import AdministrativeUnit, Committee, Membership, User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts() -> dict[str, int]:
    models = [
        m for m in apps.get_models() if m._meta.app_label in {"steering", "reporting", "inspections", "consolidation"}
    ]
    return {m._meta.label: m._default_manager.count() for m in models}


def test_the_demo_loads_once_however_often_it_runs(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first

    assert AdministrativeUnit.objects.get(code="30").name == "Tỉnh Hải Dương"
    assert AdministrativeUnit.objects.filter(path__startswith="30/").count() == 220
    assert Committee.objects.filter(unit__code="30").count() == 1
    assert Membership.objects.filter(committee__unit__code="30", end_date__isnull=True).count() >= 20
    assert {"province", "district", "commune", "inspector", "viewer", "admin"} <= set(
        User.objects.values_list("username", flat=True)
    )
    assert User.objects.get(username="district").unit.code == "291"
    assert User.objects.get(username="district").check_password("demo12345")
    assert "demo12345" in out.getvalue()


def test_the_demo_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="province").exists()
