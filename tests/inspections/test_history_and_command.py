"""Audit history on businesses, inspection plans, inspections, findings and follow-ups, and the
`import_businesses` command (all or nothing; non-zero exit with row, column and reason on a bad row)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from inspections.models import Business, Finding, FollowUp, Inspection, InspectionPlan
from tests.inspections.factories import FindingFactory, FollowUpFactory, InspectionFactory
from tests.inspections.test_import import GOOD, workbook

pytestmark = pytest.mark.django_db


# --- audit history ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Business, InspectionPlan, Inspection, Finding, FollowUp])
def test_each_audited_model_keeps_its_history(model):
    assert hasattr(model, "history")


def test_every_change_of_a_record_chain_is_kept(world):
    inspection = InspectionFactory(plan=world.plan, business=world.business, conclusion="Đạt")
    finding = FindingFactory(inspection=inspection)
    follow_up = FollowUpFactory(finding=finding, owner=world.lead)
    inspection.conclusion = "Không đạt"
    inspection.save()
    finding.goods = "Nước tương"
    finding.save()
    follow_up.status = FollowUp.Status.FIXED
    follow_up.save()
    assert [h.conclusion for h in inspection.history.order_by("history_date")] == ["Đạt", "Không đạt"]
    assert [h.history_type for h in finding.history.order_by("history_date")] == ["+", "~"]
    assert follow_up.history.first().status == "fixed" and follow_up.history.last().status == "open"
    follow_up_pk = follow_up.pk
    follow_up.delete()
    assert FollowUp.history.filter(id=follow_up_pk, history_type="-").exists()  # a deletion is kept too


def test_a_change_through_the_portal_records_who_made_it(world, users, client_for):
    url = reverse("inspections:business_edit", args=[world.business.pk])
    page = client_for(users.district).get(url)
    assert page.status_code == 200
    data = {
        "name": "Cửa hàng Hải Hà (mới)",
        "kind": world.business.kind,
        "tax_code": world.business.tax_code,
        "address": world.business.address,
        "commune": world.business.commune_id,
        "line_of_business": "",
        "representative": "",
        "phone": "",
        "email": "",
        "ocop-TOTAL_FORMS": "0",
        "ocop-INITIAL_FORMS": "0",
        "ocop-MIN_NUM_FORMS": "0",
        "ocop-MAX_NUM_FORMS": "1000",
    }
    response = client_for(users.district).post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    newest = world.business.history.first()
    assert newest.name == "Cửa hàng Hải Hà (mới)" and newest.history_user == users.district
    assert world.business.history.filter(name="Cửa hàng Hải Hà").exists()


# --- manage.py import_businesses -------------------------------------------------------------------------------


@pytest.fixture
def xlsx(tmp_path):
    def write(rows, name="co-so.xlsx"):
        path = tmp_path / name
        path.write_bytes(workbook(rows).getvalue())
        return path

    return write


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_businesses", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_good_file(tree, xlsx):
    out, _err = run(xlsx(GOOD))
    assert "2 business(es) created, 0 updated" in out
    assert Business.objects.get(tax_code="0800123459").ocop_products.get().stars == 4
    out, _err = run(xlsx(GOOD), "--unit", "291")
    assert "1 business(es) created, 1 updated" in out  # updated by tax code; the row without one is new
    assert Business.objects.count() == 3


def test_a_bad_row_imports_nothing_and_names_row_column_and_reason(tree, xlsx):
    rows = [*GOOD, ["Quầy Hoa", "tàu vũ trụ", "0800123459", "Chợ", "99999", "", "", "", ""]]
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="nothing was imported") as exc:
        call_command("import_businesses", str(xlsx(rows)), stdout=io.StringIO(), stderr=err)
    assert exc.value.returncode == 1
    lines = err.getvalue()
    assert "Row 4, column loai_hinh" in lines and "Row 4, column ma_xa" in lines and "Row 4, column ma_so_thue" in lines
    assert not Business.objects.exists()


def test_a_commune_outside_the_given_unit_is_refused(tree, xlsx):
    rows = [["Siêu thị Hải Tân", "Siêu thị", "", "Phố Hải Tân", "10507", "", "", "", ""]]
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_businesses", str(xlsx(rows)), "--unit", "291", stdout=io.StringIO(), stderr=err)
    assert "Row 2, column ma_xa: this commune is outside your unit" in err.getvalue()
    assert not Business.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a workbook", "co-so.xlsx", "not an Excel"),
        (b"a,b\n", "co-so.csv", "use an Excel .xlsx"),
        (None, "missing.xlsx", "Cannot read"),
    ],
)
def test_an_unreadable_file_is_refused(tree, tmp_path, content, name, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command("import_businesses", str(path), stdout=io.StringIO(), stderr=err)
    assert message in str(exc.value) + err.getvalue()


def test_an_unknown_unit_is_refused(tree, xlsx):
    with translation.override("en"), pytest.raises(CommandError, match="No unit has the code 77"):
        run(xlsx(GOOD), "--unit", "77")


def test_the_command_exits_non_zero_from_the_shell(tree, xlsx):
    """The real process: exit code 1 and the reasons on stderr (what a cron job or an operator sees)."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    rows = [["", "Doanh nghiệp", "", "Đâu đó", "10546", "", "", "", ""]]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "campaign_portal.settings.test", "LANGUAGE_CODE": "en"}
    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        pytest.skip("the test database of SQLite lives in memory; the exit code is checked on PostgreSQL")
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_businesses", str(xlsx(rows))],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "ten_co_so" in result.stderr
