"""Every inspections view for every persona: anonymous -> login, outsider -> 404, read-only -> 403."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from inspections.models import InspectionPhoto
from steering.models import Role
from tests.inspections.factories import FindingFactory, FollowUpFactory, InspectionFactory
from tests.steering.factories import UserFactory

pytestmark = pytest.mark.django_db


def jpeg_bytes(color="red", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def objects(world, users):
    submitted = InspectionFactory(
        plan=world.plan, business=world.business, status="submitted", number="1/BB-MT", lead=world.lead
    )
    submitted.team.set([world.lead, world.member])
    follow_up = FollowUpFactory(finding=FindingFactory(inspection=submitted), owner=world.lead)
    draft = InspectionFactory(plan=world.plan, business=world.business)
    photo = InspectionPhoto(inspection=draft, source_sha256="x" * 64)
    photo.image.save("p.jpg", ContentFile(jpeg_bytes()), save=False)
    photo.save()
    target = world.plan.targets.get()
    return {
        "plan": world.plan,
        "business": world.business,
        "submitted": submitted,
        "draft": draft,
        "follow_up": follow_up,
        "photo": photo,
        "target": target,
    }


READ_URLS = [
    lambda o: reverse("inspections:plan_detail", args=[o["plan"].pk]),
    lambda o: reverse("inspections:plan_pdf", args=[o["plan"].pk]),
    lambda o: reverse("inspections:business_detail", args=[o["business"].pk]),
    lambda o: reverse("inspections:detail", args=[o["submitted"].pk]),
    lambda o: reverse("inspections:detail", args=[o["draft"].pk]),
    lambda o: reverse("inspections:pdf", args=[o["submitted"].pk]),
    lambda o: reverse("inspections:photo", args=[o["photo"].pk]),
    lambda o: reverse("inspections:follow_up_detail", args=[o["follow_up"].pk]),
]
WRITE_URLS = [
    lambda o: reverse("inspections:plan_edit", args=[o["plan"].pk]),
    lambda o: reverse("inspections:plan_target_add", args=[o["plan"].pk]),
    lambda o: reverse("inspections:business_edit", args=[o["business"].pk]),
    lambda o: reverse("inspections:create", args=[o["plan"].pk]),
    lambda o: reverse("inspections:edit", args=[o["draft"].pk]),
]
POST_ONLY_URLS = [
    lambda o: reverse("inspections:submit", args=[o["draft"].pk]),
    lambda o: reverse("inspections:photo_delete", args=[o["photo"].pk]),
    lambda o: reverse("inspections:plan_target_delete", args=[o["plan"].pk, o["target"].pk]),
]
LIST_URLS = [
    "inspections:list",
    "inspections:start",
    "inspections:follow_up_list",
    "inspections:summary",
    "inspections:plan_list",
    "inspections:business_list",
]
ALL = READ_URLS + WRITE_URLS + POST_ONLY_URLS


@pytest.mark.parametrize("make_url", ALL)
def test_it_sends_anonymous_users_to_login(client, objects, make_url):
    response = client.get(make_url(objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", [*LIST_URLS, "inspections:business_import", "inspections:plan_create"])
def test_lists_send_anonymous_users_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302


@pytest.mark.parametrize("make_url", ALL)
def test_it_hides_nam_sach_records_from_a_sibling_district(client_for, users, objects, make_url):
    url = make_url(objects)
    get_status = 405 if make_url in POST_ONLY_URLS else 404
    assert client_for(users.outsider).get(url).status_code == get_status
    assert client_for(users.outsider).post(url, {}).status_code == 404
    assert client_for(users.other_office).post(url, {}).status_code == 404


@pytest.mark.parametrize("make_url", READ_URLS)
def test_read_pages_open_for_viewer_staff_office_and_the_inspector(client_for, users, objects, make_url):
    url = make_url(objects)
    for user in (users.viewer, users.district, users.office, users.inspector, users.admin):
        assert client_for(user).get(url).status_code == 200, user.username


@pytest.mark.parametrize("make_url", WRITE_URLS + POST_ONLY_URLS)
def test_it_forbids_changes_to_read_only_users(client_for, users, objects, make_url):
    url = make_url(objects)
    assert client_for(users.viewer).post(url, {}).status_code == 403
    if make_url in WRITE_URLS:
        assert client_for(users.viewer).get(url).status_code == 403


@pytest.mark.parametrize("make_url", WRITE_URLS[3:])
def test_the_team_member_and_the_committee_staff_may_log(client_for, users, objects, make_url):
    url = make_url(objects)
    for user in (users.inspector, users.district, users.office):
        assert client_for(user).get(url).status_code == 200, user.username


def test_a_commune_sees_nothing_of_its_district_committee(client_for, users, objects):
    client = client_for(users.commune)
    for make_url in READ_URLS:
        url = make_url(objects)
        if "businesses" in url:
            continue  # the business is in the commune's own area
        assert client.get(url).status_code == 404, url


def test_a_committee_member_outside_the_area_sees_the_committee_scope(client_for, world, objects):
    """An inspector whose own unit is elsewhere still sees and logs for the committee they serve on."""
    from tests.steering.factories import MembershipFactory, PersonFactory

    away = UserFactory(username="away", unit=world.other_business.commune, roles=[Role.INSPECTOR])
    MembershipFactory(committee=world.committee, person=PersonFactory(user=away))
    client = client_for(away)
    assert client.get(reverse("inspections:detail", args=[objects["submitted"].pk])).status_code == 200
    assert client.get(reverse("inspections:photo", args=[objects["photo"].pk])).status_code == 200
    assert client.get(reverse("inspections:create", args=[world.plan.pk])).status_code == 200
    # ...but may not edit the committee's plan: that is for its unit staff.
    assert client.get(reverse("inspections:plan_edit", args=[world.plan.pk])).status_code == 403


def test_a_guessed_photo_url_is_a_404(client_for, users, objects):
    assert client_for(users.office).get(reverse("inspections:photo", args=[99999])).status_code == 404


def test_photos_are_served_as_attachments_with_nosniff(client_for, users, objects):
    response = client_for(users.inspector).get(reverse("inspections:photo", args=[objects["photo"].pk]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("name", LIST_URLS)
def test_list_pages_open_for_everyone_signed_in(client_for, users, objects, name):
    for user in (users.viewer, users.outsider, users.inspector, users.commune):
        assert client_for(user).get(reverse(name)).status_code == 200, user.username


def test_lists_show_only_what_is_in_scope(client_for, users, objects):
    url = reverse("inspections:list")
    assert "1/BB-MT" in client_for(users.district).get(url).content.decode()
    assert "1/BB-MT" not in client_for(users.outsider).get(url).content.decode()
    businesses = reverse("inspections:business_list")
    assert "Siêu thị Hải Tân" in client_for(users.outsider).get(businesses).content.decode()
    assert "Cửa hàng Hải Hà" not in client_for(users.outsider).get(businesses).content.decode()


def test_only_the_provincial_office_imports(client_for, users):
    url = reverse("inspections:business_import")
    assert client_for(users.office).get(url).status_code == 200
    for user in (users.viewer, users.district, users.inspector):
        assert client_for(user).get(url).status_code == 403
    assert client_for(users.office).get(reverse("inspections:business_import_template")).status_code == 200


def test_plan_creation_is_for_unit_staff_and_the_office(client_for, users, world):
    url = reverse("inspections:plan_create")
    assert client_for(users.district).get(url).status_code == 200
    assert client_for(users.office).get(url).status_code == 200
    assert client_for(users.viewer).get(url).status_code == 403
    assert client_for(users.inspector).get(url).status_code == 403
