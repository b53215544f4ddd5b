"""The issue's browser test: `province` creates a task, cascades it to the districts, `district` marks its copy
done with a note. Element ids rather than labels, so the test does not depend on the catalogue's wording."""

import datetime

import pytest

from steering.models import PlanTask, Role, TaskStatus
from tests.steering.factories import AgencyFactory, CommitteeFactory, UnitFactory, UserFactory
from tests.steering.plans_factories import PlanFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_province_cascades_a_task_and_the_district_marks_its_copy_done(page, live_server, login):
    province = UnitFactory(code="30", name="Tỉnh Hải Dương", division_type="tinh")
    nam_sach = UnitFactory(code="291", name="Huyện Nam Sách", division_type="huyen", parent=province)
    kinh_mon = UnitFactory(code="292", name="Thị xã Kinh Môn", division_type="thi_xa", parent=province)
    committee = CommitteeFactory(unit=province, name="Ban Chỉ đạo tỉnh")
    CommitteeFactory(unit=nam_sach)
    CommitteeFactory(unit=kinh_mon)
    standing = AgencyFactory(unit=province, name="Ủy ban MTTQ Việt Nam tỉnh")
    plan = PlanFactory(unit=province, committee=committee, number="98/KH-MT", date=datetime.date(2021, 4, 28))
    UserFactory(username="province", unit=province, roles=[Role.PROVINCIAL_OFFICE])
    UserFactory(username="district", unit=nam_sach, roles=[Role.UNIT_STAFF])

    login(page, "province")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.click("#add-task")
    page.select_option("#id_content_area", "5")
    page.fill("#id_section", "III.2")
    page.fill("#id_title", "Kiện toàn ngay Ban Chỉ đạo cuộc vận động ở đơn vị chưa kiện toàn")
    page.select_option("#id_lead_kind", "agency")
    assert page.is_hidden("#div_id_lead_role")  # plans.js shows only the fields the chosen lead uses
    page.select_option("#id_lead_agency", label=standing.name)
    page.fill("#id_due_date", "2021-06-30")
    page.fill("#id_expected_output", "Quyết định kiện toàn")
    page.click("#task-form button[type=submit]:not([name])")
    task = PlanTask.objects.get(parent_task__isnull=True)
    page.wait_for_url(f"{live_server.url}/tasks/{task.pk}/")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#cascade")
    page.wait_for_selector("#copies")
    copies = page.inner_text("#copies")
    assert "Huyện Nam Sách" in copies and "Thị xã Kinh Môn" in copies
    assert task.copies.count() == 2

    page.context.clear_cookies()
    login(page, "district")
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_role("link", name="Kiện toàn ngay Ban Chỉ đạo").click()
    copy = task.copies.get(unit=nam_sach)
    page.wait_for_url(f"{live_server.url}/tasks/{copy.pk}/")
    page.select_option("#id_status", TaskStatus.DONE)
    page.fill("#id_note", "Đã ban hành Quyết định số 15/QĐ-MT kiện toàn Ban Chỉ đạo huyện.")
    page.click("#post-update button[type=submit]")
    page.wait_for_selector("#updates >> text=15/QĐ-MT")

    copy.refresh_from_db()
    assert copy.status == TaskStatus.DONE and not copy.is_open
    assert copy.updates.get().note.startswith("Đã ban hành")
    assert task.copies.get(unit=kinh_mon).status == TaskStatus.NOT_STARTED
