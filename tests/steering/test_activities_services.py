"""Campaign activities: typed figures, bad input, and the sums that pre-fill the six-monthly report."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaign_portal.prefill import prefill_values
from steering.models import Activity, ActivityKind, ContentArea
from steering.plans import selectors, services
from steering.prefill_activities import activity_prefill
from tests.steering.plans_factories import ActivityFactory, AssignmentFactory, VisitFactory

pytestmark = pytest.mark.django_db

H1 = (datetime.date(2020, 12, 15), datetime.date(2021, 6, 14))


def _fair(unit, **figures):
    return services.activity_save(
        unit=unit,
        kind=ActivityKind.FAIR,
        title="Hội chợ hàng Việt",
        date=datetime.date(2021, 5, 10),
        figures=figures,
    )


def test_it_logs_a_fair_with_typed_figures(tree):
    fair = _fair(tree.district, booths="120", businesses=85, visitors=15000, revenue_million_vnd="1250,5", days=5)
    fair.refresh_from_db()
    assert fair.content_area == ContentArea.TRADE  # the kind's area by default
    assert (fair.booths, fair.businesses, fair.visitors, fair.days) == (120, 85, 15000, 5)
    assert fair.revenue_million_vnd == Decimal("1250.50")


def test_it_drops_figures_that_do_not_belong_to_the_kind(tree):
    session = services.activity_save(
        unit=tree.commune,
        kind=ActivityKind.PROPAGANDA,
        title="Tuyên truyền",
        date=datetime.date(2021, 3, 1),
        figures={"attendees": 80, "booths": 10},
    )
    assert session.attendees == 80 and session.booths is None


@pytest.mark.parametrize(
    ("figure", "value"),
    [
        ("booths", -1),
        ("visitors", "nhiều"),
        ("revenue_million_vnd", "-5"),
        ("revenue_million_vnd", "abc"),
        ("days", 2.5),
        ("revenue_million_vnd", "NaN"),
    ],
)
def test_it_refuses_a_negative_or_non_numeric_figure(tree, figure, value):
    with pytest.raises(ValidationError) as exc:
        _fair(tree.district, **{figure: value})
    assert figure in exc.value.message_dict
    assert not Activity.objects.exists()


def test_it_refuses_an_end_before_the_start(tree):
    with pytest.raises(ValidationError) as exc:
        services.activity_save(
            unit=tree.district,
            kind=ActivityKind.FAIR,
            title="Hội chợ",
            date=datetime.date(2021, 5, 10),
            end_date=datetime.date(2021, 5, 9),
        )
    assert "end_date" in exc.value.message_dict


def test_it_sums_figures_per_period_and_unit(tree):
    ActivityFactory(unit=tree.district, attendees=200)
    ActivityFactory(unit=tree.commune, kind=ActivityKind.CONFERENCE, attendees=150)
    ActivityFactory(unit=tree.commune, attendees=None)  # a session without a head count still counts as a session
    ActivityFactory(unit=tree.other_commune, attendees=999)  # another district
    ActivityFactory(unit=tree.district, attendees=500, date=datetime.date(2021, 6, 15))  # after the cut-off
    _fair(tree.district, booths=100, businesses=60, visitors=8000, revenue_million_vnd="950.25")
    _fair(tree.commune, booths=20, revenue_million_vnd="49.75")
    services.activity_save(
        unit=tree.commune,
        kind=ActivityKind.SALES_DRIVE,
        title="Phiên chợ hàng Việt về nông thôn",
        date=datetime.date(2021, 4, 2),
        figures={"booths": 30, "visitors": 2000},
    )
    services.activity_save(
        unit=tree.district,
        kind=ActivityKind.MEDIA,
        title="Tin bài",
        date=datetime.date(2021, 2, 1),
        figures={"items_published": 12, "broadcasts": 40},
    )
    services.activity_save(
        unit=tree.district,
        kind=ActivityKind.QUIZ,
        title="Cuộc thi",
        date=datetime.date(2021, 3, 1),
        figures={"entries": 3500},
    )
    services.activity_save(
        unit=tree.commune,
        kind=ActivityKind.POINT_OF_SALE,
        title="Điểm bán hàng Việt",
        date=datetime.date(2021, 1, 5),
        figures={"points_of_sale": 3},
    )

    values = activity_prefill(unit=tree.district, date_from=H1[0], date_to=H1[1])

    assert values["TT02"].value == 3
    assert values["TT03"].value == 350
    assert values["TT04"].value == 12 and values["TT10"].value == 40
    assert values["TT06"].value == 1 and values["TT07"].value == 3500
    assert values["XT01"].value == 2 and values["XT02"].value == 1
    assert values["XT03"].value == 150
    assert values["XT04"].value == 60
    assert values["XT05"].value == 10000
    assert values["XT06"].value == Decimal("1000.00")
    assert values["XT07"].value == 3
    assert "15/12/2020" in values["TT03"].source and "14/06/2021" in values["TT03"].source

    commune = activity_prefill(unit=tree.commune, date_from=H1[0], date_to=H1[1])
    assert commune["TT03"].value == 150 and commune["XT03"].value == 50

    province = activity_prefill(unit=tree.province, date_from=H1[0], date_to=H1[1])
    assert province["TT03"].value == 350 + 999


def test_it_counts_monitoring_visits_of_the_units_members(tree):
    from tests.steering.factories import CommitteeFactory

    assignment = AssignmentFactory(committee=CommitteeFactory(unit=tree.province), units=[tree.district])
    VisitFactory(assignment=assignment, unit=tree.district, date=datetime.date(2021, 3, 3))
    VisitFactory(assignment=assignment, unit=tree.district, date=datetime.date(2021, 6, 14))
    VisitFactory(assignment=assignment, unit=tree.district, date=datetime.date(2021, 7, 1))

    values = activity_prefill(unit=tree.province, date_from=H1[0], date_to=H1[1])
    assert values["BC04"].value == 2
    assert activity_prefill(unit=tree.district, date_from=H1[0], date_to=H1[1])["BC04"].value == 0


def test_the_portal_hook_offers_the_activity_figures(tree):
    ActivityFactory(unit=tree.district, attendees=42)
    values = prefill_values(unit=tree.district, date_from=H1[0], date_to=H1[1])
    assert values["TT03"].value == 42


def test_the_prefill_takes_two_queries_whatever_the_rows(tree, django_assert_num_queries):
    for i in range(30):
        ActivityFactory(unit=tree.commune, attendees=i)
    with django_assert_num_queries(2):
        activity_prefill(unit=tree.district, date_from=H1[0], date_to=H1[1])


def test_the_list_totals_add_up(tree, users):
    ActivityFactory(unit=tree.district, attendees=10)
    ActivityFactory(unit=tree.commune, attendees=15)
    ActivityFactory(unit=tree.other_district, attendees=1000)
    activities = selectors.activity_list(user=users.district)
    totals = selectors.activity_totals(activities=activities)
    assert totals["count"] == 2 and totals["attendees"] == 25
