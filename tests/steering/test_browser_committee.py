import pytest

from steering.models import Membership, Role
from tests.steering.factories import AgencyFactory, CommitteeFactory, UnitFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_district_staff_add_a_member_to_the_nam_sach_committee(page, live_server, login):
    province = UnitFactory(code="30", name="Tỉnh Hải Dương", division_type="tinh")
    nam_sach = UnitFactory(code="291", name="Huyện Nam Sách", division_type="huyen", parent=province)
    committee = CommitteeFactory(unit=nam_sach, name="Ban Chỉ đạo Cuộc vận động huyện Nam Sách")
    AgencyFactory(unit=nam_sach, name="Hội Nông dân huyện Nam Sách")
    UserFactory(username="district", unit=nam_sach, roles=[Role.UNIT_STAFF])

    login(page, "district")
    page.get_by_role("link", name="Ban Chỉ đạo").first.click()
    page.get_by_role("link", name="Ban Chỉ đạo Cuộc vận động huyện Nam Sách").click()
    page.get_by_role("link", name="Thêm thành viên").click()

    page.get_by_label("Họ và tên").fill("Phạm Thị Hoa")
    page.get_by_label("Điện thoại").fill("0912000111")
    page.get_by_label("Chức danh trong Ban").select_option(label="Ủy viên")
    page.get_by_label("Chức vụ").fill("Chủ tịch Hội")
    page.get_by_label("Cơ quan, đơn vị").select_option(label="Hội Nông dân huyện Nam Sách")
    page.get_by_label("Ngày bắt đầu").fill("2021-06-01")
    page.get_by_role("button", name="Lưu").click()

    page.wait_for_url(f"{live_server.url}/committees/{committee.pk}/")
    assert "Đã bổ sung Phạm Thị Hoa vào Ban Chỉ đạo." in page.content()
    row = page.locator("#members tr", has_text="Phạm Thị Hoa")
    assert "Hội Nông dân huyện Nam Sách" in row.inner_text()
    assert "01/06/2021" in row.inner_text()
    assert Membership.objects.filter(committee=committee, person__full_name="Phạm Thị Hoa").exists()
