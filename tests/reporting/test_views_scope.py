"""Every view as anonymous, outsider, read-only and allowed user (404 outsider, 403 read-only)."""

import pytest

from reporting import services
from reporting.models import Report, ReportAttachment
from tests.reporting.conftest import fresh, save

pytestmark = pytest.mark.django_db


def status(client, method, url, data=None):
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


def test_anonymous_is_sent_to_login(commune_report, client_for):
    for url in (
        "/reports/",
        "/reports/periods/new/",
        f"/reports/periods/{commune_report.period_id}/",
        f"/reports/{commune_report.pk}/",
        f"/reports/{commune_report.pk}/edit/",
        f"/reports/{commune_report.pk}/print/",
        f"/reports/{commune_report.pk}/pdf/",
    ):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize(
    ("who", "expected"),
    [("commune", 200), ("district", 200), ("office", 200), ("viewer", 200), ("outsider", 404), ("other_office", 404)],
)
def test_report_detail_and_print(commune_report, users, client_for, who, expected):
    client = client_for(getattr(users, who))
    assert status(client, "get", f"/reports/{commune_report.pk}/") == expected
    assert status(client, "get", f"/reports/{commune_report.pk}/print/") == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("commune", 200), ("office", 200), ("district", 403), ("viewer", 403), ("outsider", 404), ("other_office", 404)],
)
def test_report_edit(commune_report, users, client_for, who, expected):
    assert status(client_for(getattr(users, who)), "get", f"/reports/{commune_report.pk}/edit/") == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("district", 302), ("office", 302), ("commune", 403), ("viewer", 403), ("outsider", 404), ("other_office", 404)],
)
def test_review_is_for_the_level_above(submitted, users, client_for, who, expected):
    data = {"version": submitted.version, "decision": "accept"}
    assert status(client_for(getattr(users, who)), "post", f"/reports/{submitted.pk}/review/", data) == expected
    assert (fresh(submitted).status == "accepted") == (expected == 302)


def test_review_get_is_not_allowed(submitted, users, client_for):
    assert status(client_for(users.district), "get", f"/reports/{submitted.pk}/review/") == 405


@pytest.mark.parametrize(
    ("who", "expected"),
    [("office", 200), ("district", 200), ("viewer", 200), ("commune", 200), ("outsider", 200), ("other_office", 404)],
)
def test_period_board(h1, users, client_for, who, expected):
    # the board of a period is visible to the units it covers; each sees its own unit's board
    assert status(client_for(getattr(users, who)), "get", f"/reports/periods/{h1.pk}/") == expected


def test_board_of_a_unit_outside_scope_is_404(h1, users, client_for, tree):
    client = client_for(users.district)
    assert status(client, "get", f"/reports/periods/{h1.pk}/?unit={tree.other_district.code}") == 404
    assert status(client, "get", f"/reports/periods/{h1.pk}/?unit={tree.district.code}") == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [("office", 200), ("district", 403), ("viewer", 403), ("other_office", 200), ("admin", 200)],
)
def test_open_period_is_for_the_provincial_office(tree, users, client_for, who, expected):
    assert status(client_for(getattr(users, who)), "get", "/reports/periods/new/") == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("office", 200), ("district", 403), ("viewer", 403), ("outsider", 403), ("other_office", 404)],
)
def test_period_edit(h1, users, client_for, who, expected):
    assert status(client_for(getattr(users, who)), "get", f"/reports/periods/{h1.pk}/edit/") == expected


def test_office_opens_a_period_through_the_form(tree, users, client_for):
    from reporting.models import PeriodType

    data = {"period_type": PeriodType.objects.get(code="Y").pk, "year": 2021}
    response = client_for(users.office).post("/reports/periods/new/", data)
    assert response.status_code == 302
    assert Report.objects.filter(period__code="2021").count() == 4


def test_open_period_form_shows_errors_not_500(tree, users, client_for):
    from reporting.models import PeriodType

    data = {
        "period_type": PeriodType.objects.get(code="H1").pk,
        "year": 2021,
        "deadline_commune": "2021-06-30",
        "deadline_district": "2021-06-20",
    }
    response = client_for(users.office).post("/reports/periods/new/", data)
    assert response.status_code == 200
    assert "deadline" in response.content.decode().lower() or "hạn" in response.content.decode()


@pytest.mark.parametrize(("who", "expected"), [("commune", 200), ("viewer", 404), ("outsider", 404)])
def test_pdf_of_an_accepted_report(submitted, users, client_for, who, expected):
    services.report_accept(report=submitted, by=users.district)
    response = client_for(getattr(users, who)).get(f"/reports/{submitted.pk}/pdf/")
    if who == "viewer":  # the viewer sits at the province: it may read, so it gets the file too
        assert response.status_code == 200
        return
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_report_not_submitted_yet_prints_as_a_draft(commune_report, users, client_for):
    response = client_for(users.commune).get(f"/reports/{commune_report.pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "du-thao" in response["Content-Disposition"]


def test_period_list_and_home(h1, users, client_for):
    for who in ("office", "district", "commune", "viewer", "outsider", "other_office"):
        client = client_for(getattr(users, who))
        assert client.get("/reports/").status_code == 200
        assert client.get("/").status_code == 200


def _attachment(report, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return services.report_attachment_add(
        report=report, file=SimpleUploadedFile("bien-ban.pdf", pdf, content_type="application/pdf"), by=user
    )


@pytest.mark.parametrize(("who", "expected"), [("commune", 200), ("district", 200), ("viewer", 200), ("outsider", 404)])
def test_attachment_download(commune_report, users, client_for, who, expected):
    attachment = _attachment(commune_report, users.commune)
    response = client_for(getattr(users, who)).get(f"/reports/attachments/{attachment.pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(("who", "expected"), [("district", 403), ("viewer", 403), ("outsider", 404), ("commune", 302)])
def test_attachment_delete(commune_report, users, client_for, who, expected):
    attachment = _attachment(commune_report, users.commune)
    response = client_for(getattr(users, who)).post(f"/reports/attachments/{attachment.pk}/delete/")
    assert response.status_code == expected
    assert ReportAttachment.objects.filter(pk=attachment.pk).exists() == (expected != 302)


def test_attachment_upload_via_view_and_bad_file(commune_report, users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(users.commune)
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/reports/{commune_report.pk}/attachments/", {"file": bad})
    assert response.status_code == 302 and not ReportAttachment.objects.exists()
    assert status(client_for(users.outsider), "post", f"/reports/{commune_report.pk}/attachments/") == 404
    assert status(client_for(users.viewer), "post", f"/reports/{commune_report.pk}/attachments/") == 403


# --- bad input through the form ---------------------------------------------------------------------------------


def _post(client, report, **values):
    data = {"version": report.version, "action": "save", **values}
    return client.post(f"/reports/{report.pk}/edit/", data)


@pytest.mark.parametrize(
    ("field", "value"), [("v_TT01", "-3"), ("v_TT01", "mười"), ("v_XT08", "120"), ("v_TT02", "1,5")]
)
def test_bad_values_are_shown_on_the_form_and_nothing_is_saved(commune_report, users, client_for, field, value):
    response = _post(client_for(users.commune), commune_report, **{field: value, "v_TT03": "250"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="250"' in body  # what the user typed is shown back
    assert fresh(commune_report).version == 1 and not fresh(commune_report).values.exists()


def test_vietnamese_number_formats_are_understood(commune_report, users, client_for):
    response = _post(client_for(users.commune), commune_report, v_TT03="1.250", v_XT08="87,5", v_XT06="12,75")
    assert response.status_code == 302
    values = dict(fresh(commune_report).values.values_list("indicator__code", "value"))
    assert values["TT03"] == 1250 and str(values["XT08"]) == "87.5000" and str(values["XT06"]) == "12.7500"


def test_a_stale_form_is_refused_and_the_typed_values_are_kept(commune_report, users, client_for):
    save(commune_report, users.office, values={"TT01": 7})
    response = client_for(users.commune).post(
        f"/reports/{commune_report.pk}/edit/", {"version": 1, "action": "save", "v_TT01": "5", "v_TT03": "321"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="321"' in body and 'value="5"' in body
    assert fresh(commune_report).values.get(indicator__code="TT01").value == 7


def test_submitting_after_the_period_closed_is_refused_with_a_message(commune_report, users, client_for, h1):
    services.period_set_status(period=h1, status="closed")
    response = _post(client_for(users.commune), commune_report, v_TT01="5")
    assert response.status_code == 409
    assert fresh(commune_report).status == "not_started"


def test_return_without_reason_is_a_form_error(submitted, users, client_for):
    response = client_for(users.district).post(
        f"/reports/{submitted.pk}/review/", {"version": submitted.version, "decision": "return", "reason": ""}
    )
    assert response.status_code == 400
    assert fresh(submitted).status == "submitted"


def test_the_reviewer_sees_the_diff_and_the_submitter_sees_the_reason(submitted, users, client_for):
    services.report_return(report=submitted, by=users.district, reason="Bổ sung số liệu TT03")
    body = client_for(users.commune).get(f"/reports/{submitted.pk}/").content.decode()
    assert "Bổ sung số liệu TT03" in body
    save(submitted, users.commune, values={"TT03": 300}, submit=True)
    body = client_for(users.district).get(f"/reports/{submitted.pk}/").content.decode()
    assert 'id="diff"' in body and "TT03" in body and 'id="accept-report"' in body
