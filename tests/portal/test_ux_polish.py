"""What a Vietnamese user reads: no dead links in breadcrumbs, and the right word where two apps share a msgid."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

pytestmark = pytest.mark.django_db


def test_it_does_not_link_ancestor_units_the_user_cannot_open(tree, users, client_for):
    """A commune's staff see their district and province by name, without links that would answer 404."""
    body = client_for(users.commune).get(reverse("steering:unit_detail", args=[tree.commune.code])).content.decode()
    assert tree.province.name in body and tree.district.name in body
    assert f'href="{reverse("steering:unit_detail", args=[tree.province.code])}"' not in body
    assert f'href="{reverse("steering:unit_detail", args=[tree.district.code])}"' not in body


def test_it_links_ancestor_units_the_user_can_open(tree, users, client_for):
    body = client_for(users.office).get(reverse("steering:unit_detail", args=[tree.commune.code])).content.decode()
    assert f'href="{reverse("steering:unit_detail", args=[tree.district.code])}"' in body


@pytest.mark.parametrize(
    ("translated", "expected"),
    [
        # Django's own catalogue says "Bản ghi nhớ" (memorandum); the project apps come first and win.
        (lambda: gettext("History"), "Lịch sử"),
        (lambda: gettext("version"), "phiên bản"),
        # Steering's "Deadline" of a task and reporting's deadline of a report read differently.
        (lambda: gettext("Deadline"), "Thời hạn"),
        (lambda: pgettext("report submission", "Deadline"), "Hạn nộp"),
        # A decision's summary is its "trích yếu"; the inspections summary page is a "tổng hợp".
        (lambda: gettext("Summary"), "Trích yếu"),
        (lambda: pgettext("inspection results", "Summary"), "Tổng hợp"),
        (lambda: pgettext("inspection record", "Record"), "Biên bản"),
        (lambda: pgettext("follow-up state", "Open"), "Đang theo dõi"),
        (lambda: pgettext("follow-up", "Due date"), "Hạn khắc phục"),
    ],
)
def test_shared_msgids_read_right_in_vietnamese(translated, expected):
    with translation.override("vi"):
        assert translated() == expected


def test_the_audit_log_names_actions_in_vietnamese(tree, users, client_for):
    from tests.steering.factories import AgencyFactory

    AgencyFactory(unit=tree.province)
    body = client_for(users.office).get(reverse("steering:audit_log"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tạo mới" in body and ">Created<" not in body


@pytest.mark.parametrize(
    ("unit_name", "place"),
    [
        ("Tỉnh Hải Dương", "Hải Dương"),
        ("Thành phố Chí Linh", "Chí Linh"),
        ("Xã Nam Hồng", "Nam Hồng"),
        ("Côn Đảo", "Côn Đảo"),
    ],
)
def test_the_date_line_names_the_place_without_its_unit_type(unit_name, place):
    from steering.text import place_name as _place_of

    assert _place_of(unit_name) == place
