"""Ending a monitoring assignment (kept in history, not deleted) and correcting a visit's content and findings:
every persona (anonymous -> login, outsider -> 404, read-only -> 403, allowed), bad input, and the rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from steering.models import MonitoringAssignment
from steering.plans import services
from tests.steering import plans_fixtures
from tests.steering.plans_factories import AssignmentFactory, VisitFactory

pytestmark = pytest.mark.django_db

world = plans_fixtures.world


@pytest.fixture
def assignment(world, tree):
    """The provincial standing deputy (linked to the `inspector` user) follows Nam Sách; one visit on 10/06/2021."""
    assignment = AssignmentFactory(committee=world.province_committee, membership=world.deputy, units=[tree.district])
    VisitFactory(assignment=assignment, unit=tree.district, findings="Chưa có kế hoạch")
    return assignment


@pytest.fixture
def visit(assignment):
    return assignment.visits.get()


def end_url(assignment) -> str:
    return reverse("steering:assignment_end", args=[assignment.pk])


def edit_url(visit) -> str:
    return reverse("steering:visit_edit", args=[visit.pk])


# --- access ---------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client_for, assignment, visit):
    for url in (end_url(assignment), edit_url(visit)):
        for method in ("get", "post"):
            response = getattr(client_for(None), method)(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assignment.refresh_from_db()
    assert assignment.end_date is None


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office", 200),
        ("admin", 200),
        ("inspector", 403),  # the assigned member logs and corrects visits, the office ends assignments
        ("district", 403),  # Nam Sách sees who follows it, read-only
        ("viewer", 403),
        ("outsider", 404),
        ("other_office", 404),
    ],
)
def test_who_may_end_an_assignment(client_for, users, assignment, who, expected):
    client = client_for(getattr(users, who))
    assert client.get(end_url(assignment)).status_code == expected
    response = client.post(end_url(assignment), {"end_date": "2021-12-31", "note": "Chuyển công tác"})
    assert response.status_code == (302 if expected == 200 else expected)
    assignment.refresh_from_db()
    assert (assignment.end_date is not None) == (expected == 200)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office", 200),
        ("admin", 200),
        ("inspector", 200),
        ("district", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("other_office", 404),
    ],
)
def test_who_may_correct_a_visit(client_for, users, visit, who, expected):
    client = client_for(getattr(users, who))
    assert client.get(edit_url(visit)).status_code == expected
    response = client.post(edit_url(visit), {"content": "Nội dung đã sửa", "findings": "Đã có kế hoạch"})
    assert response.status_code == (302 if expected == 200 else expected)
    visit.refresh_from_db()
    assert (visit.content == "Nội dung đã sửa") == (expected == 200)


def test_a_missing_visit_or_assignment_is_404(client_for, users):
    client = client_for(users.office)
    assert client.get(reverse("steering:assignment_end", args=[999999])).status_code == 404
    assert client.get(reverse("steering:visit_edit", args=[999999])).status_code == 404


def test_the_detail_page_offers_the_buttons_to_those_allowed(client_for, users, assignment, visit):
    url = reverse("steering:assignment_detail", args=[assignment.pk])
    office = client_for(users.office).get(url).content.decode()
    assert end_url(assignment) in office and edit_url(visit) in office
    member = client_for(users.inspector).get(url).content.decode()
    assert end_url(assignment) not in member and edit_url(visit) in member
    district = client_for(users.district).get(url).content.decode()
    assert end_url(assignment) not in district and edit_url(visit) not in district


# --- ending ---------------------------------------------------------------------------------------------------


def test_ending_keeps_the_assignment_its_visits_and_its_history(client_for, users, assignment):
    response = client_for(users.office).post(end_url(assignment), {"end_date": "2021-12-31", "note": "Nghỉ hưu"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2021, 12, 31) and "Nghỉ hưu" in assignment.note
    assert MonitoringAssignment.objects.filter(pk=assignment.pk).exists() and assignment.visits.count() == 1
    assert assignment.history.first().end_date == datetime.date(2021, 12, 31)  # the newest record
    assert assignment.history.filter(end_date__isnull=True).exists()  # the open assignment stays in the history
    page = client_for(users.office).get(reverse("steering:assignment_detail", args=[assignment.pk]))
    html = page.content.decode()
    assert 'id="assignment-ended"' in html and "31/12/2021" in html and end_url(assignment) not in html
    listing = client_for(users.office).get(reverse("steering:assignment_list")).content.decode()
    assert "31/12/2021" in listing  # still listed, with its end


@pytest.mark.parametrize(
    ("end_date", "reason"),
    [
        ("", "required"),
        ("2021-04-30", "before it starts"),  # the assignment started on 01/05/2021
        ("2021-06-09", "visit"),  # a visit was logged on 10/06/2021
        ("31/02/2021", "valid date"),
        ("9999-99-99", "valid date"),
    ],
)
def test_a_bad_end_date_is_refused_on_the_form(client_for, users, assignment, end_date, reason):
    with translation.override("en"):
        response = client_for(users.office).post(end_url(assignment), {"end_date": end_date}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "end_date" in response.context["form"].errors
    assignment.refresh_from_db()
    assert assignment.end_date is None


def test_an_overlong_reason_is_refused(client_for, users, assignment):
    response = client_for(users.office).post(end_url(assignment), {"end_date": "2021-12-31", "note": "x" * 500})
    assert response.status_code == 400 and "note" in response.context["form"].errors


def test_an_ended_assignment_is_not_ended_again(client_for, users, assignment):
    services.monitoring_assignment_end(assignment=assignment, end_date=datetime.date(2021, 12, 31))
    response = client_for(users.office).post(end_url(assignment), {"end_date": "2022-01-31"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2021, 12, 31)
    with translation.override("en"), pytest.raises(ValidationError, match="already ended"):
        services.monitoring_assignment_end(assignment=assignment, end_date=datetime.date(2022, 1, 31))


def test_no_visit_after_the_end(users, assignment, tree):
    services.monitoring_assignment_end(assignment=assignment, end_date=datetime.date(2021, 6, 30))
    with translation.override("en"), pytest.raises(ValidationError, match="after the assignment ended"):
        services.monitoring_visit_record(
            assignment=assignment, unit=tree.district, date=datetime.date(2021, 7, 2), content="Đôn đốc"
        )
    services.monitoring_visit_record(
        assignment=assignment, unit=tree.district, date=datetime.date(2021, 6, 20), content="Đôn đốc"
    )
    assert assignment.visits.count() == 2


# --- correcting a visit -----------------------------------------------------------------------------------------


def test_the_member_corrects_the_findings(client_for, users, visit):
    response = client_for(users.inspector).post(
        edit_url(visit), {"content": "  Đôn đốc triển khai  ", "findings": "Đã ban hành kế hoạch 12/KH-MT"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("steering:assignment_detail", args=[visit.assignment_id])
    visit.refresh_from_db()
    assert (visit.content, visit.findings) == ("Đôn đốc triển khai", "Đã ban hành kế hoạch 12/KH-MT")
    assert visit.date == datetime.date(2021, 6, 10)  # date and unit stay as logged


@pytest.mark.parametrize("data", [{"content": "", "findings": "x"}, {"content": "   "}, {"content": "x" * 10001}])
def test_bad_visit_input_is_refused_on_the_form(client_for, users, visit, data):
    response = client_for(users.office).post(edit_url(visit), data)
    assert response.status_code == 400 and "content" in response.context["form"].errors
    visit.refresh_from_db()
    assert visit.content == "Đôn đốc triển khai Kế hoạch 98/KH-MT"


def test_the_form_shows_the_current_text(client_for, users, visit):
    html = client_for(users.office).get(edit_url(visit)).content.decode()
    assert "Đôn đốc triển khai Kế hoạch 98/KH-MT" in html and "Chưa có kế hoạch" in html
