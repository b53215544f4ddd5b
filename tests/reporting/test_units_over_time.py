"""Units over time: the two-level map of 01/07/2025 beside the 2021 one, without losing or changing history.

A hand-made reorganisation of the shared tree (tests/conftest.py): Hải Dương (30) and Hải Phòng (31) merge into a
new Thành phố Hải Phòng (31, a reused code); Xã Nam Hồng (10546) and Xã Thử (10549, not in the portal yet) merge
into "Xã Nam Sách" under the reused code 10546; Phường Hải Tân (10507) is divided between Phường Hải Dương (10507,
its default successor) and Phường Tân Hưng (10600).
"""

import datetime
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from campaign_portal.documents.pdf import render_pdf
from reporting import documents, selectors, services
from reporting.consolidation import selectors as consolidation_selectors
from reporting.models import PeriodType, Report, ReportStatus, ReportTemplate
from steering import permissions as unit_permissions
from steering import services as steering_services
from steering.models import AdministrativeUnit, Committee, MemberRole, Membership, Role, UnitSuccession
from steering.reorganisation import reorganise
from steering.unit_data import LegacyUnit, NewCommune, NewProvince
from tests.reporting.conftest import GOOD_SECTIONS, fresh, save
from tests.steering.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
OLD_MAP = (
    LegacyUnit("30", "Tỉnh Hải Dương", "tinh", "", "tinhhaiduong"),
    LegacyUnit("31", "Thành phố Hải Phòng", "thanh_pho_tw", "", "thanhphohaiphong"),
    LegacyUnit("291", "Huyện Nam Sách", "huyen", "30", "tinhhaiduong_huyennamsach"),
    LegacyUnit("288", "Thành phố Hải Dương", "thanh_pho", "30", "tinhhaiduong_thanhphohaiduong"),
    LegacyUnit("10546", "Xã Nam Hồng", "xa", "291", "a"),
    LegacyUnit("10549", "Xã Thử", "xa", "291", "b"),
    LegacyUnit("10507", "Phường Hải Tân", "phuong", "288", "c"),
)
NEW_MAP = (
    NewProvince(
        "31",
        "Thành phố Hải Phòng",
        "thanh_pho_tw",
        predecessors=("30", "31"),
        decision="202/2025/QH15",
        commune_decision="1669/NQ-UBTVQH15",
        communes=(
            NewCommune("10546", "Xã Nam Sách", "xa", "31", (("10546", True), ("10549", True))),
            NewCommune("10507", "Phường Hải Dương", "phuong", "31", (("10507", True),)),
            NewCommune("10600", "Phường Tân Hưng", "phuong", "31", (("10507", False),)),
        ),
    ),
)


def run(**kwargs):
    return reorganise(province_codes=["30"], old_map=OLD_MAP, new_map=NEW_MAP, **kwargs)


@pytest.fixture
def accepted(h1, tree, users):
    """Xã Nam Hồng's 2021-H1 report, submitted and accepted by its district."""
    report = Report.objects.get(period=h1, unit=tree.commune, agency__isnull=True)
    save(report, users.commune, submit=True)
    report = fresh(report)
    services.report_accept(report=report, by=users.district, version=report.version)
    return fresh(report)


def new(code):
    return AdministrativeUnit.objects.get(code=code, valid_from=D(2025, 7, 1))


# --- the reorganisation ----------------------------------------------------------------------------------------


def test_it_ends_the_old_map_and_starts_the_new_one_linked_to_it(tree):
    outcome = run()
    city, nam_sach = new("31"), new("10546")
    for old in (tree.province, tree.district, tree.commune, tree.other_province):
        old.refresh_from_db()
        assert old.valid_to == D(2025, 6, 30)
    assert tree.commune.name == "Xã Nam Hồng" and tree.commune.path == "30/291/10546/"  # untouched but its end
    assert city.key == "31.20250701" and city.path == "31.20250701/" and city.kind == "province"
    assert nam_sach.key == "10546.20250701" and nam_sach.parent == city and nam_sach.level == 2
    assert nam_sach.kind == "commune"  # reports to the city, gets the commune deadline
    assert {u.code for u in city.predecessors.all()} == {"30", "31"}
    assert UnitSuccession.objects.get(predecessor=tree.province, successor=city).decision == "202/2025/QH15"
    # merge: the unit the portal lacked (10549) was added as history, so the link is complete
    assert sorted(u.code for u in nam_sach.predecessors.all()) == ["10546", "10549"]
    assert AdministrativeUnit.objects.get(code="10549").valid_to == D(2025, 6, 30)
    # divide: 10507 went into two new wards, the default one marked
    links = {
        link.successor.code: link.is_default for link in UnitSuccession.objects.filter(predecessor=tree.other_commune)
    }
    assert links == {"10507": True, "10600": False}
    assert outcome.counts["units created"] == 4


def test_the_same_code_names_the_old_unit_then_the_new_one():
    run()
    assert AdministrativeUnit.objects.with_code("10546", on=D(2021, 6, 1)).name == "Xã Nam Hồng"
    assert AdministrativeUnit.objects.with_code("10546", on=D(2026, 1, 1)).name == "Xã Nam Sách"
    assert AdministrativeUnit.objects.with_code("31", on=D(2021, 6, 1)).key == "31"
    assert AdministrativeUnit.objects.with_code("31", on=D(2026, 1, 1)).key == "31.20250701"


def test_a_second_run_changes_nothing_and_a_dry_run_writes_nothing(tree):
    before = AdministrativeUnit.objects.count()
    dry = run(dry_run=True)
    assert dry.changed > 0 and dry.changes
    assert AdministrativeUnit.objects.count() == before
    assert not AdministrativeUnit.objects.filter(valid_to__isnull=False).exists()
    run()
    rows = list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "key", "name", "path", "valid_to"))
    again = run()
    assert again.changed == 0
    assert list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "key", "name", "path", "valid_to")) == rows


def test_committees_end_or_follow_their_commune_and_people_move_only_when_it_is_clear(tree, users):
    district_committee = Committee.objects.create(unit=tree.district, cycle="2019-2024", name="BCĐ huyện")
    term = Membership.objects.create(
        committee=district_committee, person=PersonFactory(), role=MemberRole.HEAD, start_date=D(2020, 4, 1)
    )
    commune_committee = Committee.objects.create(unit=tree.commune, cycle="2019-2024", name="BCĐ xã")
    divided_user = UserFactory(username="ward", unit=tree.other_commune, roles=[Role.UNIT_STAFF])
    outcome = run()
    district_committee.refresh_from_db()
    commune_committee.refresh_from_db()
    term.refresh_from_db()
    assert district_committee.ended_on == D(2025, 6, 30) and term.end_date == D(2025, 6, 30)
    assert commune_committee.unit == new("10546") and commune_committee.ended_on is None
    users.commune.refresh_from_db()
    divided_user.refresh_from_db()
    users.office.refresh_from_db()
    assert users.commune.unit == new("10546")  # one successor: moved
    assert divided_user.unit == tree.other_commune  # divided: a person decides
    assert users.office.unit == tree.province  # the province office is not moved for them
    listed = "\n".join(outcome.to_decide)
    assert "ward" in listed and "office" in listed and "Phường Hải Dương" in listed


def test_the_command_on_the_real_hai_duong_data_dry_then_real_then_again():
    call_command("import_units", province="30", stdout=StringIO())
    out = StringIO()
    with translation.override("vi"):
        call_command("reorganise_units", province=["30"], dry_run=True, stdout=out)
    assert "MỚI 10606 Xã Nam Sách (từ 01/07/2025)" in out.getvalue()
    assert "LIÊN KẾT 10606 Xã Nam Sách ← 10606 Thị trấn Nam Sách, 10654 Xã Hồng Phong" in out.getvalue()
    assert "(1669/NQ-UBTVQH15)" in out.getvalue() and "Chạy thử, không ghi gì" in out.getvalue()
    assert not AdministrativeUnit.objects.filter(valid_from__isnull=False).exists()
    call_command("reorganise_units", province=["30"], stdout=StringIO())
    city = AdministrativeUnit.objects.with_code("31")
    assert city.name == "Thành phố Hải Phòng" and city.children.count() == 114
    assert city.children.filter(division_type="dac_khu").count() == 2
    assert UnitSuccession.objects.filter(successor=city).count() == 2
    again = StringIO()
    with translation.override("vi"):
        call_command("reorganise_units", province=["30"], stdout=again)
    assert "Xong: không thay đổi." in again.getvalue()
    # a second import of the old map finds the old units, never the new ones holding their codes
    call_command("import_units", province="30", stdout=StringIO())
    assert AdministrativeUnit.objects.with_code("10606").name == "Xã Nam Sách"
    assert AdministrativeUnit.objects.with_code("10606").parent == city


# --- history stays readable and as it was -------------------------------------------------------------------


def _page(client, url) -> str:
    """The page without what changes on every request (the CSRF token, the script nonce)."""
    text = client.get(url).content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", text)


def test_an_accepted_report_reads_the_same_after_the_reorganisation(accepted, users, client_for):
    client = client_for(users.office)
    before = _page(client, f"/reports/{accepted.pk}/print/")
    pdf_before = render_pdf(documents.report_document(fresh(accepted)))
    run()
    assert _page(client, f"/reports/{accepted.pk}/print/") == before
    assert "Xã Nam Hồng" in before
    assert len(render_pdf(documents.report_document(fresh(accepted)))) == len(pdf_before)
    assert fresh(accepted).unit.name == "Xã Nam Hồng"


def test_the_new_city_office_reads_hai_duong_2021_and_cannot_change_it(accepted, h1, tree, users, client_for):
    run()
    city = new("31")
    office = UserFactory(username="haiphong", unit=city, roles=[Role.PROVINCIAL_OFFICE])
    client = client_for(office)
    assert client.get(f"/reports/{accepted.pk}/").status_code == 200
    draft = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    assert b'id="report-form"' not in client.get(f"/reports/{draft.pk}/edit/").content
    response = client.post(f"/reports/{draft.pk}/edit/", {"version": draft.version, "action": "save"})
    assert response.status_code == 403
    assert fresh(draft).status == draft.status
    assert not unit_permissions.can_change_unit(office, tree.province)
    assert unit_permissions.can_view_unit(office, tree.commune)
    assert client.get("/reports/consolidation/30/2021-H1/").status_code == 200
    post = client.post("/reports/consolidation/30/2021-H1/", {"version": 0})
    assert post.status_code == 403
    # the periods page files them under the old province, with its last day
    page = client.get("/reports/").content.decode()
    with translation.override("en"):
        assert tree.province.dated_name in page or "Tỉnh Hải Dương (đến 30/06/2025)" in page


def test_the_consolidation_index_lists_only_pairs_that_open(accepted, users, client_for):
    run()
    city = new("31")
    office = UserFactory(username="haiphong", unit=city, roles=[Role.PROVINCIAL_OFFICE])
    services.period_open(owner=city, period_type=PeriodType.objects.get(code="H1"), year=2026, opened_by=office)
    choices = consolidation_selectors.consolidation_choices(user=office)
    pairs = [(c.unit.key, code) for c in choices for code in c.codes]
    assert ("31.20250701", "2026-H1") in pairs and ("30", "2021-H1") in pairs
    assert ("31.20250701", "2021-H1") not in pairs
    client = client_for(office)
    for key, code in pairs:
        assert client.get(f"/reports/consolidation/{key}/{code}/").status_code == 200, (key, code)
    assert client.get("/reports/consolidation/31.20250701/2021-H1/").status_code == 404


# --- rules by kind ---------------------------------------------------------------------------------------------


def test_deadlines_follow_the_kind_on_both_maps(h1, tree):
    deadlines = {d.kind: d.due_date for d in h1.deadlines.all()}
    commune_2021 = Report.objects.get(period=h1, unit=tree.commune, agency__isnull=True)
    district_2021 = Report.objects.get(period=h1, unit=tree.district, agency__isnull=True)
    assert commune_2021.due_date == deadlines["commune"] < district_2021.due_date == deadlines["district"]
    run()
    city = new("31")
    period = services.period_open(owner=city, period_type=PeriodType.objects.get(code="H1"), year=2026)
    due = {d.kind: d.due_date for d in period.deadlines.all()}
    nam_sach = Report.objects.get(period=period, unit=new("10546"), agency__isnull=True)
    assert nam_sach.reviewer_unit == city
    assert nam_sach.due_date == due["commune"] != due["district"]
    # only the units of that day are expected: no ended district or commune
    assert not Report.objects.filter(period=period, unit__valid_to__isnull=False).exists()
    assert Report.objects.filter(period=period, agency__isnull=True).count() == 3


def test_a_dissolved_office_cannot_open_a_new_period(tree):
    run()
    tree.province.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.period_open(owner=tree.province, period_type=PeriodType.objects.get(code="H1"), year=2026)
    assert "30/06/2025" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        steering_services.committee_create(unit=tree.province, cycle="2024-2029")


# --- comparisons across the reform ------------------------------------------------------------------------------


def test_a_merged_commune_is_compared_with_the_sum_of_what_it_was_made_of(accepted, tree):
    run()
    city = new("31")
    v1 = ReportTemplate.objects.get(version=1)
    period = services.period_open(owner=city, period_type=PeriodType.objects.get(code="H1"), year=2026, template=v1)
    report = Report.objects.get(period=period, unit=new("10546"), agency__isnull=True)
    only_one = selectors.previous_comparison(report=report)
    assert only_one.values == {} and "1" in only_one.note  # 10549 did not report in 2021-H1: said plainly
    old_10549 = AdministrativeUnit.objects.get(code="10549")
    other = Report.objects.create(
        period=accepted.period, unit=old_10549, reviewer_unit=tree.district, due_date=accepted.due_date
    )
    other.values.create(indicator=v1.indicators.get(code="TT01"), value=Decimal(3))
    other.status = ReportStatus.SUBMITTED
    other.save(update_fields=["status"])
    report = Report.objects.get(pk=report.pk)
    both = selectors.previous_comparison(report=report)
    assert both.values["TT01"] == Decimal(2) + Decimal(3)
    assert "Xã Nam Hồng" in both.note and "Xã Thử" in both.note


def test_a_divided_commune_is_not_compared_and_says_why(tree):
    run()
    period = services.period_open(owner=new("31"), period_type=PeriodType.objects.get(code="H1"), year=2026)
    report = Report.objects.get(period=period, unit=new("10600"), agency__isnull=True)
    comparison = selectors.previous_comparison(report=report)
    assert comparison.values == {} and "Phường Hải Tân" in comparison.note


def test_sections_of_the_accepted_report_are_kept(accepted):
    run()
    assert fresh(accepted).accepted_submission.sections == GOOD_SECTIONS


# --- import_units -------------------------------------------------------------------------------------------------

HEADER = "code,name,type,parent_code,valid_from,valid_to,predecessor,decision\n"


def _import(tmp_path, text):
    path = tmp_path / "units.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    out = StringIO()
    with translation.override("en"):
        call_command("import_units", file=path, stdout=out)
    return out.getvalue()


def test_import_refuses_to_rename_or_move_a_unit_that_has_reports(accepted, tmp_path):
    with translation.override("en"), pytest.raises(Exception) as exc:
        _import(tmp_path, "10546,Xã Nam Sách,xã,291,,,,\n")
    assert "Row 2, column name" in str(exc.value) and "has reports" in str(exc.value)
    with translation.override("en"), pytest.raises(Exception) as exc:
        _import(tmp_path, "10546,Xã Nam Hồng,xã,288,,,,\n")
    assert "Row 2, column parent_code" in str(exc.value)
    assert AdministrativeUnit.objects.get(code="10546").path == "30/291/10546/"


def test_import_ends_a_unit_and_starts_its_successor_with_the_same_code(accepted, tmp_path):
    _import(
        tmp_path,
        "10546,Xã Nam Hồng,xã,291,,30/06/2025,,\n10546,Xã Nam Sách,xã,291,01/07/2025,,10546,12/NQ-UBTVQH15\n",
    )
    old = AdministrativeUnit.objects.with_code("10546", on=D(2021, 1, 1))
    successor = AdministrativeUnit.objects.with_code("10546")
    assert old.pk == accepted.unit_id and old.valid_to == D(2025, 6, 30) and old.name == "Xã Nam Hồng"
    assert successor.name == "Xã Nam Sách" and successor.key == "10546.20250701"
    assert UnitSuccession.objects.get(predecessor=old, successor=successor).decision == "12/NQ-UBTVQH15"
    # the same file again changes nothing; a file without dates never clears them
    assert "0 created, 0 updated" in _import(
        tmp_path,
        "10546,Xã Nam Hồng,xã,291,,30/06/2025,,\n10546,Xã Nam Sách,xã,291,01/07/2025,,10546,12/NQ-UBTVQH15\n",
    )
    _import(tmp_path, "10546,Xã Nam Sách,xã,291,,,,\n")
    successor.refresh_from_db()
    assert successor.valid_from == D(2025, 7, 1)


def test_import_takes_the_new_types_and_refuses_a_second_holder_of_a_current_code(tree, tmp_path):
    _import(tmp_path, "11948,Đặc khu Bạch Long Vĩ,đặc khu,31,01/07/2025,,,\n")
    assert AdministrativeUnit.objects.get(code="11948").division_type == "dac_khu"
    assert AdministrativeUnit.objects.get(code="11948").kind == "commune"
    _import(tmp_path, "10999,Xã Mới,xã,291,01/01/2026,,,\n")
    with translation.override("en"), pytest.raises(Exception) as exc:
        _import(tmp_path, "10999,Xã Khác,xã,291,01/07/2025,,,\n")
    assert "still holds code 10999" in str(exc.value)
    with translation.override("en"), pytest.raises(Exception) as exc:
        _import(tmp_path, "10999,Xã Mới,xã,291,2025-07-01,2025-06-01,,\n")
    assert "column valid_to" in str(exc.value)


# --- the admin ----------------------------------------------------------------------------------------------------


def _admin_post(client, unit, **changes):
    data = {
        "code": unit.code,
        "name": unit.name,
        "division_type": unit.division_type,
        "parent": unit.parent_id or "",
        "valid_from": "",
        "valid_to": "",
        "successions_out-TOTAL_FORMS": "0",
        "successions_out-INITIAL_FORMS": "0",
        "successions_out-MIN_NUM_FORMS": "0",
        "successions_out-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(changes)
    return client.post(f"/admin/steering/administrativeunit/{unit.pk}/change/", data)


def test_the_admin_moves_a_unit_without_reports_with_its_subtree(tree, users, client_for):
    client = client_for(users.admin)
    response = _admin_post(client, tree.district, parent=tree.other_province.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    tree.district.refresh_from_db()
    tree.commune.refresh_from_db()
    assert tree.district.path == "31/291/" and tree.commune.path == "31/291/10546/" and tree.commune.level == 3


def test_the_admin_refuses_to_move_a_unit_with_reports_and_keeps_the_form(accepted, tree, users, client_for):
    client = client_for(users.admin)
    response = _admin_post(client, tree.commune, parent=tree.other_district.pk, name="Xã Đổi Tên")
    assert response.status_code == 200
    assert "reorganise_units" in response.content.decode()
    assert "Xã Đổi Tên" in response.content.decode()  # what was typed is still there
    tree.commune.refresh_from_db()
    assert tree.commune.parent == tree.district and tree.commune.name == "Xã Nam Hồng"


def test_the_new_city_office_prints_hai_duong_history_without_taking_a_number(
    accepted, tree, users, client_for, django_capture_on_commit_callbacks
):
    from campaign_portal.models import ExportJob
    from steering.models import IssuedDocument

    run()
    office = UserFactory(username="haiphong", unit=new("31"), roles=[Role.PROVINCIAL_OFFICE])
    client = client_for(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/consolidation/291/2021-H1/export/pdf/", {"include_late": "on"})
    assert response.status_code == 302
    job = ExportJob.objects.get(requested_by=office)
    assert job.status == ExportJob.Status.DONE, job.error
    assert job.summary["number"] == ""  # a draft, and a dissolved body issues nothing anyway
    assert client.post("/reports/consolidation/291/2021-H1/issue/").status_code == 403
    assert not IssuedDocument.objects.filter(kind=IssuedDocument.Kind.CONSOLIDATED_REPORT).exists()
    # the viewer of the new city reads and prints drafts, and issues nothing
    viewer = UserFactory(username="hpviewer", unit=new("31"), roles=[Role.VIEWER])
    assert client_for(viewer).post("/reports/consolidation/291/2021-H1/export/pdf/").status_code == 302
    assert client_for(viewer).post("/reports/consolidation/291/2021-H1/issue/").status_code == 403
