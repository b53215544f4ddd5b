"""The biên bản a market-control officer signs: the three-state checklist, "Ông"/"Bà", everyone present signs,
start and end time, the full address, the photos on an annex page, the committee's header naming the campaign."""

import datetime
import io
import json
import re
import uuid
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from campaign_portal.documents.content import Bullets, ImageGrid, Para, Signatures, Table, content_payload
from campaign_portal.documents.register import issued_for
from inspections import services
from inspections.models import Inspection
from inspections.selectors import business_address, inspection_summary, unit_address
from steering.models import DocumentIssuer
from tests.inspections.factories import BusinessFactory, InspectionFactory, category
from tests.inspections.test_views_flow import form_data
from tests.steering.factories import MembershipFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
START = datetime.datetime(2021, 5, 10, 8, 30, tzinfo=TZ)
CHECKLIST_ROWS = {
    "promotes_campaign": "Tuyên truyền, hưởng ứng Cuộc vận động",
    "invoices_ok": "Hóa đơn, chứng từ nguồn gốc xuất xứ",
    "labels_ok": "Nhãn hàng hóa",
    "price_posting_ok": "Niêm yết giá",
    "quality_ok": "Chất lượng, hạn sử dụng, an toàn thực phẩm",
    "complaints_ok": "Giải quyết khiếu nại của người tiêu dùng",
}


@pytest.fixture
def third(world):
    """A third member of the team, whose form of address nobody recorded; the leader is "Ông", the inspector "Bà"."""
    world.lead.person.form_of_address = "Ông"
    world.lead.person.save()
    world.member.person.form_of_address = "Bà"
    world.member.person.save()
    return MembershipFactory(
        committee=world.committee, person=PersonFactory(full_name="Phạm Minh Ba"), position="Chuyên viên"
    )


def _save(world, users, team, **kwargs) -> Inspection:
    params = {
        "client_uuid": uuid.uuid4(),
        "plan": world.plan,
        "user": users.inspector,
        "business": world.business,
        "inspected_at": START,
        "ended_at": START + datetime.timedelta(hours=1, minutes=45),
        "team": team,
        "lead": world.lead,
        "findings": [
            services.FindingInput(category=category("labelling"), goods="Nước mắm", recommendation="Dán nhãn phụ"),
            services.FindingInput(category=category("counterfeit"), goods="Dầu gội giả", recommendation="Dừng bán"),
        ],
    }
    params.update(kwargs)
    return services.inspection_save(**params)


def _document(inspection: Inspection):
    inspection.refresh_from_db()
    issuer = DocumentIssuer.default_for_committee(inspection.plan.committee)
    return services.record_document(inspection=inspection, issuer=issuer)


def _blocks(document, kind):
    return [block for block in document.body if isinstance(block, kind)]


def _checklist(document) -> dict[str, str]:
    table = next(t for t in _blocks(document, Table) if list(t.columns) == ["Nội dung", "Kết quả"])
    return {label: result for label, result in table.rows}


def _text(document) -> str:
    return " ".join(
        [b.text for b in _blocks(document, Para)] + [item for b in _blocks(document, Bullets) for item in b.items]
    )


def _issued_files(inspection) -> tuple[bytes, bytes]:
    issued = issued_for(source=services.record_source(inspection))
    with issued.pdf.open("rb") as pdf, issued.docx.open("rb") as word:
        return pdf.read(), word.read()


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class TestChecklist:
    def test_an_unchecked_item_prints_as_not_checked_never_as_a_failure(self, world, users, third):
        inspection = _save(world, users, [world.lead], promotes_campaign=True, invoices_ok=False)
        results = _checklist(_document(inspection))
        assert results[CHECKLIST_ROWS["promotes_campaign"]] == "Đạt"
        assert results[CHECKLIST_ROWS["invoices_ok"]] == "Không đạt"
        for name in ("labels_ok", "price_posting_ok", "quality_ok", "complaints_ok"):
            assert results[CHECKLIST_ROWS[name]] == "Không kiểm tra"
        assert inspection.labels_ok is None

    def test_a_record_checking_nothing_prints_no_failure_at_all(self, world, users):
        inspection = _save(world, users, [world.lead], vn_goods_share=None)
        payload = json.dumps(content_payload(_document(inspection)), ensure_ascii=False)
        assert "Chưa đạt" not in payload and "Không đạt" not in payload
        assert set(_checklist(_document(inspection)).values()) == {"Không kiểm tra"}

    def test_the_issued_pdf_prints_the_three_states(self, world, users):
        inspection = _save(world, users, [world.lead], labels_ok=False, price_posting_ok=True)
        services.inspection_submit(inspection=inspection, user=users.inspector)
        text = _flat(" ".join(_pages(_issued_files(inspection)[0])))
        assert "Nhãn hàng hóa Không đạt" in text and "Niêm yết giá Đạt" in text
        assert "Giải quyết khiếu nại của người tiêu dùng Không kiểm tra" in text
        assert "Chưa đạt" not in text and text.count("Không đạt") == 1

    def test_the_summary_counts_an_unchecked_item_as_neither_in_order_nor_a_failure(self, world, tree, client_for):
        for value in (True, False, None, None):
            InspectionFactory(plan=world.plan, business=world.business, status="submitted", labels_ok=value)
        summary = inspection_summary(
            unit=tree.district, date_from=datetime.date(2021, 1, 1), date_to=datetime.date(2021, 12, 31)
        )
        items = {item["field"]: item for item in summary["checklist"]}
        assert (items["labels_ok"]["passed"], items["labels_ok"]["failed"], items["labels_ok"]["not_checked"]) == (
            1,
            1,
            2,
        )
        assert items["quality_ok"]["failed"] == 0 and items["quality_ok"]["not_checked"] == 4

    def test_the_summary_workbook_has_the_checklist_sheet(self, world, users, client_for):
        InspectionFactory(plan=world.plan, business=world.business, status="submitted", labels_ok=None)
        response = client_for(users.office).get(
            reverse("inspections:summary") + "?date_from=2021-01-01&date_to=2021-12-31&export=xlsx"
        )
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        rows = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
        labels_row = next(row for row in rows if row and str(row[0]).lower().startswith(("labels", "nhãn")))
        assert labels_row[1:4] == (0, 0, 1)

    def test_the_phone_form_offers_three_states_and_a_new_record_starts_not_checked(self, client_for, users, world):
        page = client_for(users.inspector).get(reverse("inspections:create", args=[world.plan.pk])).content.decode()
        for name in CHECKLIST_ROWS:
            radios = re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*>', page)
            assert radios == ["True", "False", ""], name
            assert re.search(rf'<input type="radio" name="{name}" value=""[^>]*checked', page), name

    def test_old_and_new_payloads_mean_what_they_say(self, client_for, users, world):
        # The earlier switch posted "on" for a ticked item and nothing for the others; radios post True/False/"".
        data = form_data(world, findings=0, labels_ok="False", quality_ok="", complaints_ok="True")
        response = client_for(users.inspector).post(reverse("inspections:create", args=[world.plan.pk]), data)
        assert response.status_code == 302
        inspection = Inspection.objects.get()
        assert (inspection.promotes_campaign, inspection.invoices_ok) == (True, True)  # "on"
        assert (inspection.labels_ok, inspection.price_posting_ok, inspection.quality_ok) == (False, None, None)
        assert inspection.complaints_ok is True
        edit = client_for(users.inspector).get(reverse("inspections:edit", args=[inspection.pk])).content.decode()
        assert re.search(r'<input type="radio" name="labels_ok" value="False"[^>]*checked', edit)
        assert re.search(r'<input type="radio" name="price_posting_ok" value=""[^>]*checked', edit)
        detail = client_for(users.inspector).get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
        assert detail.count("checklist-not-checked") == 2 and detail.count("checklist-failed") == 1

    def test_the_service_refuses_a_value_that_is_no_state(self, world, users):
        with pytest.raises(ValueError):
            _save(world, users, [world.lead], labels_ok="on")


class TestPeople:
    def test_the_team_is_addressed_ong_or_ba_and_ong_ba_only_when_unknown(self, world, users, third):
        inspection = _save(world, users, [world.member, third, world.lead])
        members = _blocks(_document(inspection), Bullets)[0].items
        assert members[0].startswith("Ông Trần Văn Trưởng,") and members[0].endswith("— Trưởng đoàn")
        assert any(m.startswith("Bà Lê Thị Kiểm,") for m in members)
        assert any(m.startswith("Ông/Bà Phạm Minh Ba, Chuyên viên") for m in members)
        assert not any(m.startswith(("Ông/Bà Trần", "Ông/Bà Lê")) for m in members)

    def test_every_member_present_and_the_writer_sign(self, world, users, third):
        inspection = _save(world, users, [world.lead, world.member, third])
        services.inspection_submit(inspection=inspection, user=users.inspector)
        rows = [
            [(s.authority, s.name) for s in block.signatures] for block in _blocks(_document(inspection), Signatures)
        ]
        assert rows == [
            [("ĐẠI DIỆN CƠ SỞ", "Nguyễn Văn Chủ"), ("TRƯỞNG ĐOÀN KIỂM TRA", "Trần Văn Trưởng")],
            # The inspector who submitted it is on the team: she signs once, as the writer.
            [("NGƯỜI LẬP BIÊN BẢN", "Lê Thị Kiểm"), ("THÀNH VIÊN ĐOÀN", "Phạm Minh Ba")],
        ]
        text = _flat(" ".join(_pages(_issued_files(inspection)[0])))
        ending = text[text.index("ĐẠI DIỆN CƠ SỞ") :]
        for expected in (
            "TRƯỞNG ĐOÀN KIỂM TRA",
            "NGƯỜI LẬP BIÊN BẢN",
            "Trần Văn Trưởng",
            "Lê Thị Kiểm",
            "Phạm Minh Ba",
        ):
            assert expected in ending, expected

    def test_a_writer_off_the_team_signs_besides_every_member_three_to_a_row(self, world, users, third):
        more = [
            MembershipFactory(committee=world.committee, person=PersonFactory(full_name=f"Đỗ Văn {n}")) for n in "AB"
        ]
        PersonFactory(full_name="Vũ Thị Văn Phòng", user=users.office)
        inspection = _save(world, users, [world.lead, world.member, third, *more], user=users.office)
        services.inspection_submit(inspection=inspection, user=users.office)
        rows = [[s.name for s in block.signatures] for block in _blocks(_document(inspection), Signatures)]
        assert rows[0] == ["Nguyễn Văn Chủ", "Trần Văn Trưởng"]
        assert rows[1][0] == "Vũ Thị Văn Phòng" and len(rows[1]) == 3 and len(rows[2]) == 2
        assert sorted(sum(rows[1:], [])[1:]) == ["Lê Thị Kiểm", "Phạm Minh Ba", "Đỗ Văn A", "Đỗ Văn B"]

    def test_a_leader_who_writes_the_record_signs_once(self, world, users):
        world.lead.person.user = users.district
        world.lead.person.save()
        inspection = _save(world, users, [world.lead, world.member], user=users.district)
        rows = [
            [(s.authority, s.title, s.name) for s in b.signatures] for b in _blocks(_document(inspection), Signatures)
        ]
        assert rows[0][1] == ("TRƯỞNG ĐOÀN KIỂM TRA", "Kiêm người lập biên bản", "Trần Văn Trưởng")
        assert rows[1] == [("THÀNH VIÊN ĐOÀN", "", "Lê Thị Kiểm")]

    def test_the_person_admin_offers_the_form_of_address(self, client_for, users, world):
        page = client_for(users.admin).get(reverse("admin:steering_person_change", args=[world.lead.person_id]))
        assert 'name="form_of_address"' in page.content.decode()


class TestTime:
    def test_the_start_and_the_end_time_are_printed(self, world, users):
        text = _text(_document(_save(world, users, [world.lead])))
        assert "Hồi 08 giờ 30 phút, ngày 10/05/2021, tại " in text
        assert "Biên bản kết thúc hồi 10 giờ 15 phút cùng ngày, được lập thành 02 bản" in text

    def test_an_end_on_another_day_says_the_day(self, world, users):
        inspection = _save(world, users, [world.lead], ended_at=START + datetime.timedelta(hours=16))
        assert "kết thúc hồi 00 giờ 30 phút ngày 11/05/2021" in _text(_document(inspection))

    def test_a_draft_without_an_end_time_leaves_it_to_be_filled_in(self, world, users):
        text = _text(_document(_save(world, users, [world.lead], ended_at=None)))
        assert "kết thúc hồi ...... giờ ...... phút" in text

    @pytest.mark.parametrize(
        "ended_at",
        [START - datetime.timedelta(minutes=1), None],  # None: an hour from now (in the future)
    )
    def test_the_end_is_not_before_the_start_nor_in_the_future(self, world, users, ended_at):
        ended_at = ended_at or timezone.now() + datetime.timedelta(hours=1)
        with pytest.raises(ValidationError) as exc:
            _save(world, users, [world.lead], ended_at=ended_at)
        assert "ended_at" in exc.value.message_dict
        assert not Inspection.objects.exists()

    @pytest.mark.parametrize(
        ("ended_at", "message"),
        [("2021-05-10T09:00", "cannot end before it starts"), ("2099-01-01T10:00", "cannot be in the future")],
    )
    def test_the_form_explains_a_bad_end_time(self, client_for, users, world, ended_at, message):
        client = client_for(users.inspector)
        response = client.post(
            reverse("inspections:create", args=[world.plan.pk]),
            form_data(world, ended_at=ended_at),
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400 and not Inspection.objects.exists()
        assert message in response.content.decode()


class TestAddress:
    def test_the_address_names_the_commune_the_district_and_the_province(self, world, users, tree):
        inspection = _save(world, users, [world.lead])
        text = _text(_document(inspection))
        full = "Số 1 đường Thử, xã Nam Hồng, huyện Nam Sách, tỉnh Hải Dương"
        assert f"Địa chỉ: {full}" in text and f"tại {full}, Đoàn kiểm tra" in text

    def test_communes_of_the_same_name_are_told_apart_by_their_district(self, tree):
        twin = UnitFactory(code="10999", name="Xã Nam Hồng", division_type="xa", parent=tree.other_district)
        business = BusinessFactory(commune=twin, address="Thôn Ngoại")
        assert business_address(business=business, on=datetime.date(2021, 5, 10)) == (
            "Thôn Ngoại, xã Nam Hồng, thành phố Hải Dương, tỉnh Hải Dương"
        )

    def test_a_district_is_named_only_while_it_exists(self, tree):
        district = UnitFactory(
            code="299", name="Huyện Ninh Giang", division_type="huyen", parent=tree.province,
            valid_to=datetime.date(2025, 6, 30),
        )  # fmt: skip
        commune = UnitFactory(code="11000", name="Xã Hồng Đức", division_type="xa", parent=district)
        assert unit_address(unit=commune, on=datetime.date(2025, 6, 30)) == (
            "xã Hồng Đức, huyện Ninh Giang, tỉnh Hải Dương"
        )
        assert unit_address(unit=commune, on=datetime.date(2025, 7, 1)) == "xã Hồng Đức, tỉnh Hải Dương"
        # A commune that had itself ended is named as it was on its last day.
        commune.valid_to = datetime.date(2025, 6, 30)
        commune.save()
        assert unit_address(unit=commune, on=datetime.date(2026, 1, 5)) == (
            "xã Hồng Đức, huyện Ninh Giang, tỉnh Hải Dương"
        )


def _jpeg(name: str, color: tuple, taken: str | None = None) -> SimpleUploadedFile:
    image = Image.new("RGB", (48, 36), color)
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class TestPhotos:
    @pytest.fixture
    def submitted(self, client_for, users, world):
        photos = [_jpeg("a.jpg", (200, 30, 30), "2021:05:10 09:40:12"), _jpeg("b.jpg", (30, 30, 200))]
        data = {**form_data(world, action="submit", ended_at="2021-05-10T10:15"), "photos": photos}
        response = client_for(users.inspector).post(reverse("inspections:create", args=[world.plan.pk]), data)
        assert response.status_code == 302
        return Inspection.objects.get()

    def test_the_record_lists_the_photos_and_prints_them_on_an_annex_page(self, submitted):
        pdf, word = _issued_files(submitted)
        reader = PdfReader(io.BytesIO(pdf))
        body = _flat(" ".join(page.extract_text() for page in reader.pages[:-1]))
        annex = _flat(reader.pages[-1].extract_text())
        assert "Kèm theo biên bản 02 ảnh chụp tại cơ sở" in body
        assert "ẢNH CHỤP TẠI CƠ SỞ ĐƯỢC KIỂM TRA" in annex and f"Kèm theo Biên bản số {submitted.number}" in annex
        assert "Ảnh 1 (chụp lúc 09 giờ 40, ngày 10/05/2021)" in annex and "Ảnh 2" in annex
        assert len(reader.pages[-1].images) == 2
        assert all(len(page.images) == 0 for page in reader.pages[:-1])
        assert len(docx.Document(io.BytesIO(word)).inline_shapes) == 2

    def test_the_time_taken_is_kept_from_the_camera(self, submitted):
        first, second = submitted.photos.order_by("pk")
        assert timezone.localtime(first.taken_at) == datetime.datetime(2021, 5, 10, 9, 40, 12, tzinfo=TZ)
        assert second.taken_at is None

    def test_the_register_keeps_the_photos_hashes_not_their_bytes(self, submitted):
        issued = issued_for(source=services.record_source(submitted))
        grid = issued.content["annex"][0]
        assert grid["block"] == "ImageGrid" and [len(i["sha256"]) for i in grid["images"]] == [64, 64]
        assert all("data" not in image for image in grid["images"])

    def test_a_record_without_photos_has_no_annex(self, world, users):
        document = _document(_save(world, users, [world.lead]))
        assert document.annex == [] and "ảnh chụp" not in _text(document)
        assert not any(isinstance(b, ImageGrid) for b in document.body)


class TestHeader:
    def test_the_header_names_the_campaign_in_full_without_an_ugly_break(self, world, users):
        inspection = _save(world, users, [world.lead])
        services.inspection_submit(inspection=inspection, user=users.inspector)
        document = _document(inspection)
        assert _flat(document.issuing_body) == (
            "BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG “NGƯỜI VIỆT NAM ƯU TIÊN DÙNG HÀNG VIỆT NAM” ĐOÀN KIỂM TRA"
        )
        lines = [line.strip() for line in _pages(_issued_files(inspection)[0])[0].splitlines()]
        quoted = lines.index("“NGƯỜI VIỆT NAM ƯU TIÊN")
        assert lines[quoted + 1] == "DÙNG HÀNG VIỆT NAM”" and lines[quoted + 2] == "ĐOÀN KIỂM TRA"
        word = docx.Document(io.BytesIO(_issued_files(inspection)[1]))
        header = [p.text for p in word.tables[0].cell(0, 0).paragraphs]
        assert "“NGƯỜI VIỆT NAM ƯU TIÊN" in header and "DÙNG HÀNG VIỆT NAM”" in header

    def test_an_issuer_recorded_without_the_campaign_s_name_gets_it(self, world, users):
        DocumentIssuer.objects.create(
            unit=world.committee.unit,
            committee=world.committee,
            parent_body="ỦY BAN MTTQ VIỆT NAM HUYỆN NAM SÁCH",
            issuing_body="BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG",
            code="BCĐ",
            place_name="Nam Sách",
        )
        inspection = _save(world, users, [world.lead])
        issuer = DocumentIssuer.objects.get(committee=world.committee)
        document = services.record_document(inspection=inspection, issuer=issuer)
        assert _flat(document.issuing_body) == (
            "BAN CHỈ ĐẠO CUỘC VẬN ĐỘNG “NGƯỜI VIỆT NAM ƯU TIÊN DÙNG HÀNG VIỆT NAM” ĐOÀN KIỂM TRA"
        )
        assert document.subject.splitlines()[1] == "“Người Việt Nam ưu tiên dùng hàng Việt Nam”"


def test_the_share_not_measured_is_not_checked(world, users):
    inspection = _save(world, users, [world.lead], vn_goods_share=None)
    assert _checklist(_document(inspection))["Tỷ lệ hàng Việt Nam bày bán"] == "Không kiểm tra"
    inspection = _save(world, users, [world.lead], vn_goods_share=Decimal("82.5"))
    assert _checklist(_document(inspection))["Tỷ lệ hàng Việt Nam bày bán"] == "82,5%"
