"""Business import from .xlsx: all or nothing, every bad row named with its column and reason."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from inspections import services
from inspections.models import Business, OcopProduct
from tests.inspections.factories import BusinessFactory

pytestmark = pytest.mark.django_db
HEADER = [
    "ten_co_so",
    "loai_hinh",
    "ma_so_thue",
    "dia_chi",
    "ma_xa",
    "nguoi_dai_dien",
    "san_pham_ocop",
    "so_sao_ocop",
    "nam_cong_nhan_ocop",
]


def workbook(rows, header=HEADER) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


GOOD = [
    ["HTX Vải thiều Thanh Hà", "Hợp tác xã", "0800123459", "Thôn Đông", "10546", "Lê Văn Vải", "Vải sấy", 4, 2020],
    ["Cửa hàng Minh Anh", "cua hang", "", "Số 5 phố Chợ", "10546", "", "", "", ""],
]


def test_it_imports_good_rows(tree):
    result = services.businesses_import(rows=services.business_rows_from_xlsx(workbook(GOOD)), scope_unit=tree.province)
    assert result == {"created": 2, "updated": 0}
    cooperative = Business.objects.get(tax_code="0800123459")
    assert cooperative.kind == "cooperative" and cooperative.ocop_products.get().stars == 4
    assert Business.objects.get(name="Cửa hàng Minh Anh").kind == "shop"


def test_a_second_import_updates_by_tax_code(tree):
    BusinessFactory(commune=tree.commune, tax_code="0800123459", name="Tên cũ")
    result = services.businesses_import(rows=services.business_rows_from_xlsx(workbook(GOOD)), scope_unit=None)
    assert result == {"created": 1, "updated": 1}
    assert Business.objects.get(tax_code="0800123459").name == "HTX Vải thiều Thanh Hà"


def test_one_bad_row_rolls_everything_back_and_every_problem_is_listed(tree):
    rows = [
        *GOOD,
        ["", "Doanh nghiệp", "0800123450", "Đâu đó", "99999", "", "", "", ""],
        ["Quầy Hoa", "tàu vũ trụ", "0800123459", "Chợ", "10507", "", "Mắm", 6, 2030],
    ]
    with pytest.raises(services.BusinessImportError) as exc:
        services.businesses_import(rows=services.business_rows_from_xlsx(workbook(rows)), scope_unit=tree.district)
    problems = {(e.row, e.column) for e in exc.value.errors}
    assert {
        (4, "ten_co_so"),
        (4, "ma_so_thue"),
        (4, "ma_xa"),
        (5, "loai_hinh"),
        (5, "ma_so_thue"),  # the same tax code as row 2
        (5, "ma_xa"),  # a commune outside Nam Sách
        (5, "so_sao_ocop"),
        (5, "nam_cong_nhan_ocop"),
    } <= problems
    assert not Business.objects.exists() and not OcopProduct.objects.exists()


def test_a_missing_column_or_a_file_that_is_not_a_workbook(tree):
    with pytest.raises(services.BusinessImportError) as exc:
        services.business_rows_from_xlsx(workbook(GOOD, header=["ten_co_so", "dia_chi"]))
    assert {e.column for e in exc.value.errors} == {"loai_hinh", "ma_xa"}
    with pytest.raises(services.BusinessImportError):
        services.business_rows_from_xlsx(io.BytesIO(b"PK\x03\x04 not really"))


def test_vietnamese_headers_are_understood(tree):
    header = ["Tên cơ sở", "Loại hình", "Mã số thuế", "Địa chỉ", "Mã xã"]
    rows = services.business_rows_from_xlsx(workbook([GOOD[0][:5]], header=header))
    assert services.businesses_import(rows=rows, scope_unit=None)["created"] == 1


def test_the_import_page_lists_the_problems_and_saves_nothing(client_for, users, tree):
    client = client_for(users.office)
    bad = [*GOOD, ["Quầy Hoa", "Doanh nghiệp", "123", "Chợ", "10546", "", "", "", ""]]
    upload = SimpleUploadedFile("co-so.xlsx", workbook(bad).getvalue())
    response = client.post(reverse("inspections:business_import"), {"file": upload})
    assert response.status_code == 400
    assert 'id="import-errors"' in response.content.decode() and "ma_so_thue" in response.content.decode()
    assert not Business.objects.exists()
    good = SimpleUploadedFile("co-so.xlsx", workbook(GOOD).getvalue())
    assert client.post(reverse("inspections:business_import"), {"file": good}).status_code == 302
    assert Business.objects.count() == 2


def test_the_template_downloads_and_imports_cleanly(client_for, users, tree):
    content = client_for(users.office).get(reverse("inspections:business_import_template")).content
    rows = services.business_rows_from_xlsx(io.BytesIO(content))
    assert services.businesses_import(rows=rows, scope_unit=None)["created"] == 1


def test_every_label_the_form_shows_is_accepted_in_either_language_and_a_wrong_one_lists_them(tree):
    from django.utils import translation

    rows = [
        ["Quầy bà Lan", "Quầy hàng chợ", "", "Chợ Nam Hồng", "10546", "", "", "", ""],
        ["Quầy ông Ba", "Market stall", "", "Chợ Nam Hồng", "10546", "", "", "", ""],
        ["Quầy cô Tư", "market_stall", "", "Chợ Nam Hồng", "10546", "", "", "", ""],
    ]
    with translation.override("en"):  # the import's language does not matter
        result = services.businesses_import(rows=services.business_rows_from_xlsx(workbook(rows)), scope_unit=None)
    assert result["created"] == 3
    assert set(Business.objects.filter(name__startswith="Quầy").values_list("kind", flat=True)) == {"market_stall"}
    bad = [["Quầy chị Năm", "Sạp", "", "Chợ", "10546", "", "", "", ""]]
    with pytest.raises(services.BusinessImportError) as refused:
        services.businesses_import(rows=services.business_rows_from_xlsx(workbook(bad)), scope_unit=None)
    message = " ".join(e.message for e in refused.value.errors)
    assert "Quầy hàng chợ" in message and "Hợp tác xã" in message
