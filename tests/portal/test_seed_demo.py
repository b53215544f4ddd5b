"""`manage.py seed_demo`, the second command of `make run`: the whole demo, loaded twice, is loaded once."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from reporting.models import ReportingPeriod
from steering.models import AdministrativeUnit, Agency, Committee, Membership, User

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
    # its members served until the reorganisation ended the committee with its province (kept in history)
    members = Membership.objects.filter(committee__unit__code="30")
    assert members.filter(end_date=datetime.date(2025, 6, 30)).count() >= 20
    assert not members.filter(end_date__isnull=True).exists()
    assert Committee.objects.get(unit__code="30").ended_on == datetime.date(2025, 6, 30)
    assert {"province", "district", "commune", "inspector", "viewer", "admin"} <= set(
        User.objects.values_list("username", flat=True)
    )
    assert User.objects.get(username="district").unit.code == "291"
    assert User.objects.get(username="district").check_password("demo12345")
    assert "demo12345" in out.getvalue()

    # 2021 on the first template, a later half-year on the second.
    periods = dict(ReportingPeriod.objects.filter(owner__code="30").values_list("code", "template__version"))
    assert periods == {"2021-H1": 1, "2021": 1, "2025-H1": 2}

    # Every provincial member agency has its kind and its place in the committee (the Front's committee first).
    agencies = Agency.objects.filter(unit__code="30")
    assert not agencies.filter(kind="").exists()
    assert [a.short_name for a in agencies.order_by("order")][:2] == ["MTTQ tỉnh", "SCT"]
    assert agencies.get(short_name="QLTT").kind == "qltt" and agencies.get(short_name="Báo HD").kind == "bao_chi"
    # An agency that has no kind yet (made before kinds existed) gets it on the next run; nothing is duplicated.
    agencies.filter(short_name__in=["QLTT", "CA tỉnh"]).update(kind="", order=100)
    call_command("seed_demo", stdout=StringIO())
    qltt = agencies.get(short_name="QLTT")
    assert (qltt.kind, qltt.order, agencies.get(short_name="CA tỉnh").kind) == ("qltt", 4, "cong_an")
    assert Agency.objects.count() == first["steering.Agency"]


def test_the_demo_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="province").exists()
