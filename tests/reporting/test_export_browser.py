"""Browser: `province` opens the 2021-H1 consolidation, starts the PDF export, watches the progress bar finish and
downloads the file."""

import re
from pathlib import Path

import pytest

from steering.models import Role
from tests.reporting import test_consolidation
from tests.steering.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
filed = test_consolidation.filed


def test_province_exports_the_consolidated_pdf(page, login, live_server, tree, filed, settings):
    settings.EXPORTS_BACKGROUND_THREAD = True  # as in the demo: the job runs beside the request, the page polls it
    UserFactory(username="province", unit=tree.province, roles=[Role.PROVINCIAL_OFFICE])
    login(page, "province")

    page.goto(f"{live_server.url}/reports/consolidation/30/2021-H1/")
    figure = page.locator("[data-figure=TT02]")
    assert figure.inner_text() == "12"
    figure.click()  # the lineage of the figure opens under it
    lineage = page.locator("[data-lineage=TT02]")
    lineage.wait_for(state="visible")
    assert "Huyện Nam Sách" in lineage.inner_text() and "Thành phố Hải Dương" in lineage.inner_text()

    page.click("button[data-export=pdf]")
    page.wait_for_url(re.compile(r".*\?job=\d+.*"))
    bar = page.locator("[data-export-job] [data-job-progress]").first
    bar.wait_for()
    page.wait_for_function(
        "() => document.querySelector('[data-export-job]').getAttribute('data-status') === 'done'", timeout=30000
    )
    assert bar.get_attribute("aria-valuenow") == "100"
    link = page.locator("[data-export-job] [data-job-download]").first
    assert link.is_visible()
    with page.expect_download() as info:
        link.click()
    content = Path(info.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert info.value.suggested_filename.endswith(".pdf")

    page.goto(f"{live_server.url}/exports/")
    assert "Bao-cao-tong-hop-30-2021-H1.pdf" in page.content()
