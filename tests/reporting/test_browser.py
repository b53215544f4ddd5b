"""The whole review loop in a real browser: file, return with a reason, correct, resubmit, accept."""

import re

import pytest

from reporting import services
from reporting.models import Indicator, PeriodType, Report
from steering.models import Role
from tests.steering.factories import UnitFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_commune_files_district_returns_commune_resubmits_district_accepts(browser, live_server):
    province = UnitFactory(code="30", name="Tỉnh Hải Dương", division_type="tinh")
    district = UnitFactory(code="291", name="Huyện Nam Sách", division_type="huyen", parent=province)
    commune = UnitFactory(code="10546", name="Xã Nam Hồng", division_type="xa", parent=district)
    UserFactory(username="commune", unit=commune, roles=[Role.UNIT_STAFF], first_name="Xã")
    UserFactory(username="district", unit=district, roles=[Role.UNIT_STAFF], first_name="Huyện")
    period = services.period_open(owner=province, period_type=PeriodType.objects.get(code="H1"), year=2021)
    report = Report.objects.get(period=period, unit=commune)
    tt03 = Indicator.objects.get(template=period.template, code="TT03")

    def session(username):
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        context.set_default_timeout(15000)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "demo12345")
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return context, page

    c_ctx, c = session("commune")
    d_ctx, d = session("district")
    try:
        # The commune fills a few values and the narrative, saves a draft, then submits.
        c.goto(f"{live_server.url}/reports/")
        c.click(f"#own-reports a[href='/reports/{report.pk}/']")
        c.click("#edit-report")
        c.fill("#id_v_TT01", "3")
        c.fill("#id_v_TT03", "450")
        c.fill("#id_v_XT08", "85,5")
        c.fill("#id_s_I", "Đã ban hành kế hoạch triển khai.")
        c.click("#save-draft")
        c.wait_for_selector(".alert-success")
        assert c.input_value("#id_v_TT03") == "450"
        c.click("#submit-report")
        c.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
        assert "status-submitted" in c.content()

        # The district returns it with a reason pinned to TT03.
        d.goto(f"{live_server.url}/reports/periods/{period.pk}/")
        d.click(f"#board tr[data-report='{report.pk}'] a.btn-outline-primary")
        d.fill("#id_reason", "Số người tham dự (TT03) chưa khớp, đề nghị kiểm tra lại.")
        d.select_option("#id_pinned_indicator", value=str(tt03.pk))
        d.click("#return-report")
        d.wait_for_selector(".alert-success")
        assert "status-returned" in d.content()

        # The commune sees the reason, corrects and resubmits.
        c.goto(f"{live_server.url}/reports/{report.pk}/")
        assert "chưa khớp" in c.inner_text("#return-reason")
        c.click("#edit-report")
        c.fill("#id_v_TT03", "380")
        c.click("#submit-report")
        c.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))

        # The district sees what changed and accepts.
        d.goto(f"{live_server.url}/reports/{report.pk}/")
        diff = d.inner_text("#diff")
        assert "TT03" in diff and "450" in diff and "380" in diff
        d.click("#accept-report")
        d.wait_for_selector(".alert-success")
        assert "status-accepted" in d.content()
    finally:
        c_ctx.close()
        d_ctx.close()
    report.refresh_from_db()
    assert report.status == "accepted" and report.submissions.count() == 2
    assert report.number == "02/BC-MT"  # the resubmission was issued under the next number of the commune
