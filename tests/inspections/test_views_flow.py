"""The inspection form end to end through the views: save, submit, double submit, bad input, autosave, photos."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from inspections.models import FollowUp, Inspection, InspectionDraft, InspectionPhoto
from tests.inspections.factories import category

pytestmark = pytest.mark.django_db


def png_upload(name="shelf.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form_data(world, *, client_uuid=None, findings=2, **overrides):
    data = {
        "client_uuid": str(client_uuid or uuid.uuid4()),
        "plan": str(world.plan.pk),
        "business": str(world.business.pk),
        "inspected_at": "2021-05-10T09:30",
        "team": [str(world.lead.pk), str(world.member.pk)],
        "lead": str(world.lead.pk),
        "promotes_campaign": "on",
        "vn_goods_share": "87.5",
        "invoices_ok": "on",
        "findings-TOTAL_FORMS": str(findings),
        "findings-INITIAL_FORMS": "0",
        "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "1000",
        "business_comments": "Cơ sở nhất trí.",
        "action": "save",
    }
    rows = [
        ("labelling", "Nước mắm không nhãn phụ", "2021-06-10"),
        ("unknown_origin", "Bánh kẹo không rõ nguồn gốc", "2021-06-20"),
        ("counterfeit", "Dầu gội giả", ""),
    ]
    for i in range(findings):
        code, goods, deadline = rows[i]
        data.update(
            {
                f"findings-{i}-category": str(category(code).pk),
                f"findings-{i}-goods": goods,
                f"findings-{i}-quantity": "12",
                f"findings-{i}-quantity_unit": "chai",
                f"findings-{i}-estimated_value": "360000",
                f"findings-{i}-recommendation": "Khắc phục ngay",
                f"findings-{i}-fix_deadline": deadline,
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def inspector(client_for, users):
    return client_for(users.inspector)


def test_the_inspector_saves_a_draft_then_submits_it(inspector, world):
    create = reverse("inspections:create", args=[world.plan.pk])
    response = inspector.post(create, {**form_data(world), "photos": [png_upload()]})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inspections:edit", args=[inspection.pk])
    assert inspection.is_draft and inspection.findings.count() == 2 and inspection.photos.count() == 1
    assert inspection.vn_goods_share == 87.5

    page = inspector.get(reverse("inspections:edit", args=[inspection.pk]))
    assert page.status_code == 200
    assert 'capture="environment"' in page.content.decode() and 'accept="image/*"' in page.content.decode()
    response = inspector.post(
        reverse("inspections:edit", args=[inspection.pk]),
        form_data(world, client_uuid=inspection.client_uuid, action="submit"),
    )
    inspection.refresh_from_db()
    assert response["Location"] == reverse("inspections:detail", args=[inspection.pk])
    assert inspection.number == "01/BB-BCĐ" and not inspection.is_draft
    assert FollowUp.objects.count() == 2
    detail = inspector.get(response["Location"]).content.decode()
    assert "01/BB-BCĐ" in detail and "follow-up-link" in detail


def test_a_double_clicked_submit_creates_one_record_with_one_number(inspector, world):
    create = reverse("inspections:create", args=[world.plan.pk])
    data = form_data(world, action="submit")
    first = inspector.post(create, data)
    second = inspector.post(create, data)
    assert Inspection.objects.count() == 1
    inspection = Inspection.objects.get()
    assert inspection.number == "01/BB-BCĐ"
    assert first["Location"] == second["Location"] == reverse("inspections:detail", args=[inspection.pk])
    assert FollowUp.objects.count() == 2


def test_a_retried_save_with_the_same_photo_stores_it_once(inspector, world):
    create = reverse("inspections:create", args=[world.plan.pk])
    data = form_data(world)
    inspector.post(create, {**data, "photos": [png_upload()]})
    inspector.post(create, {**data, "photos": [png_upload()]})
    assert Inspection.objects.count() == 1
    assert InspectionPhoto.objects.count() == 1


def test_submitted_records_are_read_only(inspector, world):
    inspector.post(reverse("inspections:create", args=[world.plan.pk]), form_data(world, action="submit"))
    inspection = Inspection.objects.get()
    edit = reverse("inspections:edit", args=[inspection.pk])
    assert inspector.get(edit)["Location"] == reverse("inspections:detail", args=[inspection.pk])
    inspector.post(edit, form_data(world, client_uuid=inspection.client_uuid, conclusion="changed"))
    inspection.refresh_from_db()
    assert inspection.conclusion == ""


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"vn_goods_share": "120"}, "between 0 and 100"),
        ({"vn_goods_share": "-5"}, "between 0 and 100"),
        ({"inspected_at": "2099-01-01T08:00"}, "future"),
        ({"findings-0-category": ""}, "violation category"),
        ({"findings-0-fix_deadline": "2021-05-01"}, "deadline"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client_for, users, world, overrides, message):
    client = client_for(users.inspector)
    client.cookies.load({"django_language": "en"})
    response = client.post(
        reverse("inspections:create", args=[world.plan.pk]), form_data(world, **overrides), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Inspection.objects.exists()


def test_an_out_of_scope_business_is_refused(inspector, world):
    response = inspector.post(
        reverse("inspections:create", args=[world.plan.pk]), form_data(world, business=str(world.other_business.pk))
    )
    assert response.status_code == 400
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg"),
        lambda: SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 10), content_type="image/jpeg"),
    ],
)
def test_a_photo_that_is_not_an_image_or_too_large_is_refused(inspector, world, upload):
    response = inspector.post(
        reverse("inspections:create", args=[world.plan.pk]), {**form_data(world), "photos": [upload()]}
    )
    assert response.status_code == 400
    assert not Inspection.objects.exists() and not InspectionPhoto.objects.exists()


def test_the_error_page_is_translated_into_vietnamese_by_default(inspector, world):
    response = inspector.post(
        reverse("inspections:create", args=[world.plan.pk]), form_data(world, vn_goods_share="120")
    )
    assert "Tỷ lệ" in response.content.decode()


class TestAutosave:
    def test_it_keeps_the_raw_form_and_answers_json(self, inspector, world):
        key = uuid.uuid4()
        data = form_data(world, client_uuid=key, vn_goods_share="abc")  # half-typed: not validated
        response = inspector.post(reverse("inspections:autosave"), data)
        assert response.status_code == 200 and response.json()["saved"] is True
        draft = InspectionDraft.objects.get()
        assert draft.client_uuid == key and draft.data["vn_goods_share"] == ["abc"]
        inspector.post(reverse("inspections:autosave"), {**data, "conclusion": "Thêm"})
        assert InspectionDraft.objects.get().data["conclusion"] == ["Thêm"]

    def test_the_form_offers_the_server_copy_back(self, inspector, world):
        key = uuid.uuid4()
        inspector.post(reverse("inspections:autosave"), form_data(world, client_uuid=key, conclusion="Giữ lại"))
        start = inspector.get(reverse("inspections:start")).content.decode()
        assert f"draft={key}" in start
        page = inspector.get(reverse("inspections:create", args=[world.plan.pk]) + f"?draft={key}").content.decode()
        assert 'id="server-draft"' in page and str(key) in page
        assert "Gi\\u1eef l\\u1ea1i" in page  # "Giữ lại", escaped inside the JSON data block

    def test_it_says_when_the_record_is_already_submitted(self, inspector, world):
        data = form_data(world, action="submit")
        inspector.post(reverse("inspections:create", args=[world.plan.pk]), data)
        response = inspector.post(reverse("inspections:autosave"), data)
        assert response.json()["submitted"] is True
        assert not InspectionDraft.objects.exists()

    def test_it_checks_scope_and_input(self, client_for, users, world):
        data = form_data(world)
        assert client_for(users.outsider).post(reverse("inspections:autosave"), data).status_code == 404
        assert client_for(users.viewer).post(reverse("inspections:autosave"), data).status_code == 403
        bad = client_for(users.inspector).post(reverse("inspections:autosave"), {**data, "client_uuid": "nope"})
        assert bad.status_code == 400
        assert not InspectionDraft.objects.exists()


def test_the_pdf_record_has_the_number_and_the_signature_lines(inspector, world):
    inspector.post(reverse("inspections:create", args=[world.plan.pk]), form_data(world, action="submit"))
    inspection = Inspection.objects.get()
    response = inspector.get(reverse("inspections:pdf", args=[inspection.pk]))
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)  # the file stored when the record was issued
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for expected in ("BIÊN BẢN", "Số: 01/BB-BCĐ", "ĐẠI DIỆN CƠ SỞ", "TRƯỞNG ĐOÀN KIỂM TRA", "Cửa hàng Hải Hà"):
        assert expected in text, expected
    assert "DỰ THẢO" not in text


def test_a_draft_prints_as_a_draft_without_a_number(inspector, world):
    inspector.post(reverse("inspections:create", args=[world.plan.pk]), form_data(world))
    inspection = Inspection.objects.get()
    response = inspector.get(reverse("inspections:pdf", args=[inspection.pk]))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "DỰ THẢO" in text and "BIÊN BẢN" in text and "/BB-BCĐ" in text
    inspection.refresh_from_db()
    assert inspection.number == "" and inspection.is_draft


def test_the_plan_prints_as_an_official_plan(inspector, world):
    response = inspector.get(reverse("inspections:plan_pdf", args=[world.plan.pk]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "KẾ HOẠCH" in text and world.plan.number in text and "Trần Văn Trưởng" in text


class TestFollowUpViews:
    @pytest.fixture
    def follow_up(self, inspector, world):
        inspector.post(reverse("inspections:create", args=[world.plan.pk]), form_data(world, action="submit"))
        return FollowUp.objects.order_by("due_date").first()

    def test_the_team_records_a_referral(self, inspector, follow_up):
        url = reverse("inspections:follow_up_detail", args=[follow_up.pk])
        response = inspector.post(
            url,
            {
                "status": "referred",
                "rechecked_on": "2021-06-11",
                "referred_to": "market_surveillance",
                "referral_number": "21/CV-BCĐ",
                "referral_date": "2021-06-12",
            },
        )
        assert response.status_code == 302
        follow_up.refresh_from_db()
        assert follow_up.status == "referred" and follow_up.referral_number == "21/CV-BCĐ"

    def test_a_referral_without_its_document_is_explained(self, inspector, follow_up):
        url = reverse("inspections:follow_up_detail", args=[follow_up.pk])
        response = inspector.post(url, {"status": "referred", "rechecked_on": "2021-06-11"})
        assert response.status_code == 400
        follow_up.refresh_from_db()
        assert follow_up.status == "open"

    def test_overdue_follow_ups_are_flagged_and_listed(self, inspector, follow_up):
        listing = inspector.get(reverse("inspections:follow_up_list") + "?state=overdue").content.decode()
        assert follow_up.finding.goods in listing and "bi-exclamation-triangle" in listing
        export = inspector.get(reverse("inspections:follow_up_list") + "?state=overdue&export=xlsx")
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_submit_message_names_the_number_and_a_refused_submit_leaves_no_draft(inspector, world):
    response = inspector.post(
        reverse("inspections:create", args=[world.plan.pk]), form_data(world, action="submit"), follow=True
    )
    inspection = Inspection.objects.get()
    assert inspection.number and f"số {inspection.number}." in response.content.decode()
    refused = form_data(world, action="submit")
    refused.update(client_uuid=str(uuid.uuid4()), team=[])
    page = inspector.post(reverse("inspections:create", args=[world.plan.pk]), refused)
    assert page.status_code == 400
    assert Inspection.objects.count() == 1  # the refused submit saved nothing half-way
