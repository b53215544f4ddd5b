"""On a phone: the inspector logs a record with two findings and a photo, submits it and sees the follow-ups."""

import re

import pytest
from PIL import Image

from inspections.models import FollowUp, Inspection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fill_finding(page, index: int, category: str, goods: str, deadline: str) -> None:
    row = page.locator("[data-formset=findings] [data-formset-row]").nth(index)
    row.locator("select[name$='-category']").select_option(label=category)
    row.locator("input[name$='-goods']").fill(goods)
    row.locator("input[name$='-quantity']").fill("12")
    row.locator("input[name$='-quantity_unit']").fill("chai")
    row.locator("textarea[name$='-recommendation']").fill("Khắc phục trước hạn")
    row.locator("input[name$='-fix_deadline']").fill(deadline)


def test_the_inspector_logs_and_submits_on_a_phone(phone_page, live_server, login, world, tmp_path):
    page = phone_page
    photo = tmp_path / "quay-hang.jpg"
    Image.new("RGB", (800, 600), (200, 40, 40)).save(photo, format="JPEG")
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, "inspector")
    page.goto(f"{live_server.url}/inspections/start/")
    page.get_by_text("Cửa hàng Hải Hà").click()
    page.wait_for_url(re.compile(r"/inspections/plans/\d+/log/"))
    assert page.locator("input[name=photos]").get_attribute("capture") == "environment"

    page.fill("input[name=inspected_at]", "2021-05-10T09:30")
    page.fill("input[name=vn_goods_share]", "85")
    # The three-state checklist: "not checked" until tapped; tap "in order" and "not in order" once each.
    assert page.locator("#id_promotes_campaign_2").is_checked() and page.locator("#id_labels_ok_2").is_checked()
    page.locator("label[for=id_promotes_campaign_0]").click()
    page.locator("label[for=id_labels_ok_1]").click()
    page.locator("[data-formset-add]").click()
    page.locator("[data-formset-add]").click()
    _fill_finding(page, 0, "Vi phạm nhãn hàng hóa", "Nước mắm thiếu nhãn phụ", "2021-06-10")
    _fill_finding(page, 1, "Hàng không rõ nguồn gốc xuất xứ", "Bánh kẹo không hóa đơn", "2021-06-20")
    page.set_input_files("input[name=photos]", str(photo))
    page.fill("textarea[name=business_comments]", "Cơ sở nhất trí.")
    page.locator("button[name=action][value=submit]").click()

    page.wait_for_url(re.compile(r"/inspections/records/\d+/$"))
    assert page.locator("h1").inner_text().count("01/BB-BCĐ") == 1
    assert page.locator(".follow-up-link").count() == 2
    assert page.locator("img.thumb").count() == 1
    inspection = Inspection.objects.get()
    assert inspection.number == "01/BB-BCĐ" and inspection.photos.count() == 1
    assert (inspection.promotes_campaign, inspection.labels_ok, inspection.invoices_ok) == (True, False, None)
    assert FollowUp.objects.count() == 2

    page.goto(f"{live_server.url}/inspections/follow-ups/")
    assert page.locator("#follow-ups tbody tr").count() == 2
    assert page.get_by_text("Nước mắm thiếu nhãn phụ").is_visible()


def test_a_half_filled_form_survives_a_reload(phone_page, live_server, login, world):
    page = phone_page
    login(page, "inspector")
    page.goto(f"{live_server.url}/inspections/plans/{world.plan.pk}/log/?target={world.plan.targets.get().pk}")
    uuid = page.locator("input[name=client_uuid]").input_value()
    page.fill("input[name=vn_goods_share]", "72")
    page.locator("[data-formset-add]").click()
    page.locator("input[name='findings-0-goods']").fill("Sữa hết hạn")
    page.reload()
    assert page.locator("#draft-notice").is_visible()
    assert page.locator("input[name=vn_goods_share]").input_value() == "72"
    assert page.locator("input[name='findings-0-goods']").input_value() == "Sữa hết hạn"
    assert page.locator("input[name=client_uuid]").input_value() == uuid
    # Let the page's autosave finish before the database is flushed: a request still being served when the
    # transactional test tears down deadlocks PostgreSQL's TRUNCATE.
    page.wait_for_load_state("networkidle")
