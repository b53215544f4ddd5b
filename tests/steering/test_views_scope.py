"""Every steering view answered for every persona: anonymous -> login, outsider -> 404, read-only -> 403."""

import pytest
from django.urls import reverse

from steering.models import MemberRole
from tests.steering.factories import AgencyFactory, CommitteeFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(tree):
    committee = CommitteeFactory(unit=tree.district)
    MembershipFactory(committee=committee, role=MemberRole.HEAD)
    return committee


@pytest.fixture
def membership(committee):
    return MembershipFactory(committee=committee)


@pytest.fixture
def agency(tree):
    return AgencyFactory(unit=tree.district)


READ_URLS = [
    lambda t, c, m, a: reverse("steering:unit_detail", args=[t.district.code]),
    lambda t, c, m, a: reverse("steering:agency_list", args=[t.district.code]),
    lambda t, c, m, a: reverse("steering:committee_detail", args=[c.pk]),
    lambda t, c, m, a: reverse("steering:committee_history", args=[c.pk]),
]
WRITE_URLS = [
    lambda t, c, m, a: reverse("steering:committee_create", args=[t.district.code]),
    lambda t, c, m, a: reverse("steering:agency_create", args=[t.district.code]),
    lambda t, c, m, a: reverse("steering:agency_edit", args=[t.district.code, a.pk]),
    lambda t, c, m, a: reverse("steering:decision_create", args=[c.pk]),
    lambda t, c, m, a: reverse("steering:membership_create", args=[c.pk]),
    lambda t, c, m, a: reverse("steering:membership_end", args=[m.pk]),
    lambda t, c, m, a: reverse("steering:membership_replace", args=[m.pk]),
]


@pytest.mark.parametrize("make_url", READ_URLS + WRITE_URLS)
def test_it_sends_anonymous_users_to_login(client, tree, committee, membership, agency, make_url):
    url = make_url(tree, committee, membership, agency)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("make_url", READ_URLS + WRITE_URLS)
def test_it_hides_nam_sach_from_a_sibling_district(client_for, users, tree, committee, membership, agency, make_url):
    response = client_for(users.outsider).get(make_url(tree, committee, membership, agency))
    assert response.status_code == 404


@pytest.mark.parametrize("make_url", READ_URLS + WRITE_URLS)
def test_it_hides_hai_duong_from_another_province(client_for, users, tree, committee, membership, agency, make_url):
    response = client_for(users.other_office).get(make_url(tree, committee, membership, agency))
    assert response.status_code == 404


@pytest.mark.parametrize("make_url", READ_URLS)
def test_it_shows_read_pages_to_viewer_and_staff(client_for, users, tree, committee, membership, agency, make_url):
    url = make_url(tree, committee, membership, agency)
    for user in (users.viewer, users.district, users.office):
        assert client_for(user).get(url).status_code == 200, user.username


@pytest.mark.parametrize("make_url", WRITE_URLS)
def test_it_forbids_changes_to_read_only_users(client_for, users, tree, committee, membership, agency, make_url):
    url = make_url(tree, committee, membership, agency)
    assert client_for(users.viewer).get(url).status_code == 403
    assert client_for(users.viewer).post(url, {}).status_code == 403
    # A commune's staff do not even see their district's pages.
    assert client_for(users.commune).get(url).status_code == 404


@pytest.mark.parametrize("make_url", WRITE_URLS)
def test_it_lets_district_and_province_staff_change(client_for, users, tree, committee, membership, agency, make_url):
    url = make_url(tree, committee, membership, agency)
    assert client_for(users.district).get(url).status_code == 200
    assert client_for(users.office).get(url).status_code == 200


def test_it_shows_the_audit_log_only_to_the_provincial_office(client_for, users, client):
    url = reverse("steering:audit_log")
    assert client.get(url).status_code == 302
    assert client_for(users.district).get(url).status_code == 403
    assert client_for(users.viewer).get(url).status_code == 403
    assert client_for(users.office).get(url).status_code == 200


def test_unit_lists_show_only_units_in_scope(client_for, users, tree, committee):
    CommitteeFactory(unit=tree.other_district, name="Ban Chỉ đạo thành phố")
    body = client_for(users.district).get(reverse("steering:committee_list")).content.decode()
    assert committee.name in body
    assert "Ban Chỉ đạo thành phố" not in body
    search = client_for(users.district).get(reverse("steering:unit_list"), {"q": "hai"}).content.decode()
    assert "Phường Hải Tân" not in search


def test_home_page_greets_the_user_with_their_unit(client_for, users):
    response = client_for(users.district).get("/")
    assert response.status_code == 200
    assert "Huyện Nam Sách" in response.content.decode()
