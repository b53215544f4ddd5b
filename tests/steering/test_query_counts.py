"""List pages cost the same number of queries whatever the amount of data behind them."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.steering.factories import AgencyFactory, CommitteeFactory, MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


_serial = itertools.count()


def _grow(tree, n: int) -> None:
    for _ in range(n):
        i = next(_serial)
        commune = UnitFactory(parent=tree.district, name=f"Xã Thêm {i}")
        committee = CommitteeFactory(unit=commune)
        agency = AgencyFactory(unit=commune)
        MembershipFactory.create_batch(3, committee=committee, agency=agency)
        MembershipFactory(committee=CommitteeFactory(unit=tree.district, cycle=f"cycle-{i}"), agency=None)


@pytest.mark.parametrize(
    "url_for",
    [
        lambda t: reverse("steering:committee_list"),
        lambda t: reverse("steering:unit_detail", args=[t.district.code]),
        lambda t: reverse("steering:agency_list", args=[t.district.code]),
        lambda t: reverse("steering:unit_list") + "?q=xa",
        lambda t: reverse("steering:audit_log"),
        lambda t: "/",
    ],
)
def test_steering_pages_do_not_grow_their_query_count(client_for, users, tree, url_for):
    client = client_for(users.office)
    _grow(tree, 2)
    small = _queries(client, url_for(tree))
    _grow(tree, 8)
    assert _queries(client, url_for(tree)) == small


def test_the_committee_page_does_not_grow_its_query_count(client_for, users, tree):
    client = client_for(users.district)
    committee = CommitteeFactory(unit=tree.district)
    MembershipFactory.create_batch(2, committee=committee, agency=AgencyFactory(unit=tree.district))
    url = reverse("steering:committee_detail", args=[committee.pk])
    history = reverse("steering:committee_history", args=[committee.pk])
    small, small_history = _queries(client, url), _queries(client, history)
    MembershipFactory.create_batch(15, committee=committee, agency=AgencyFactory(unit=tree.district))
    assert _queries(client, url) == small
    assert _queries(client, history) == small_history
