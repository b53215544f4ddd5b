"""The consolidated workbook's progress moves while the detail sheet streams (it is most of the work for a
province or the whole country), thanks to a COUNT of the rows the detail generator will yield."""

import pytest

from campaign_portal.documents.content import Issuer
from reporting.consolidation import selectors, xlsx
from reporting.consolidation.jobs import consolidated_document
from tests.reporting import test_consolidation

pytestmark = pytest.mark.django_db
filed = test_consolidation.filed


@pytest.fixture
def doc(tree, filed):
    doc = consolidated_document(unit=tree.province, period_code="2021-H1")
    doc.header = Issuer("ỦY BAN X", "BAN Y", "Nơi Z", "MT", "TM.", "CHỦ TỊCH", "Nguyễn Văn A")
    return doc


def detail(n: int):
    for i in range(n):
        yield (f"{i:05d}", f"Xã {i}", 3, i, 1, {"TT01": "2"})


def progress_of(doc, **kwargs) -> list[int]:
    seen: list[int] = []
    xlsx.build(doc, on_progress=seen.append, **kwargs)
    return seen


def test_with_a_count_the_progress_moves_during_the_detail_sheet(doc):
    seen = progress_of(doc, detail_rows=detail(6000), detail_count=6000)
    assert seen == sorted(seen) and seen[-1] == 100
    # 6000 rows against a handful of summary rows: the detail sheet is most of the bar, reported every 1000 rows.
    assert len([p for p in seen if 10 < p < 100]) >= 5


def test_without_a_count_the_detail_sheet_is_one_step(doc):
    seen = progress_of(doc, detail_rows=detail(6000))
    assert len([p for p in seen if 10 < p < 99]) <= 4


def test_the_count_is_the_number_of_rows_streamed(tree, filed):
    rows = list(selectors.accepted_reports_detail(unit=tree.province, period_code="2021-H1"))
    assert rows and selectors.accepted_reports_detail_count(unit=tree.province, period_code="2021-H1") == len(rows)
    district = selectors.accepted_reports_detail_count(unit=tree.district, period_code="2021-H1")
    assert district == len(list(selectors.accepted_reports_detail(unit=tree.district, period_code="2021-H1")))
