"""Monitoring assignments (members following lower units) and their visits."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from steering.models import MonitoringVisit
from steering.plans import selectors, services
from tests.steering import plans_fixtures
from tests.steering.factories import MembershipFactory

pytestmark = pytest.mark.django_db

world = plans_fixtures.world


def _assign(world, tree, **kwargs):
    values = {
        "committee": world.province_committee,
        "membership": world.deputy,
        "units": [tree.district, tree.other_district],
        "start_date": datetime.date(2021, 5, 1),
    }
    values.update(kwargs)
    return services.monitoring_assignment_create(**values)


def test_it_assigns_a_member_several_districts(world, tree):
    assignment = _assign(world, tree, plan=world.plan, note="Theo Kế hoạch 98/KH-MT")
    assert assignment.person == world.deputy.person
    assert set(assignment.units.all()) == {tree.district, tree.other_district}
    assert list(selectors.unit_assignments(unit=tree.district)) == [assignment]
    assert list(selectors.person_assignments(person=world.deputy.person)) == [assignment]


def test_it_refuses_units_that_are_not_one_level_down(world, tree):
    with pytest.raises(ValidationError) as exc:
        _assign(world, tree, units=[tree.commune])
    assert "units" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _assign(world, tree, units=[])
    assert "units" in exc.value.message_dict


def test_it_refuses_a_member_of_another_committee(world, tree):
    stranger = MembershipFactory(committee=world.district_committee)
    with pytest.raises(ValidationError) as exc:
        _assign(world, tree, membership=stranger)
    assert "membership" in exc.value.message_dict


def test_it_logs_a_visit_to_a_followed_unit_or_below(world, tree):
    assignment = _assign(world, tree)
    visit = services.monitoring_visit_record(
        assignment=assignment, unit=tree.commune, date=datetime.date(2021, 6, 2), content="Kiểm tra", findings="Tốt"
    )
    assert visit.unit == tree.commune
    assert list(selectors.visit_list(unit=tree.district)) == [visit]


def test_it_refuses_bad_visits(world, tree):
    assignment = _assign(world, tree, units=[tree.district])
    with pytest.raises(ValidationError) as exc:
        services.monitoring_visit_record(
            assignment=assignment, unit=tree.other_district, date=datetime.date(2021, 6, 2), content="x"
        )
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.monitoring_visit_record(
            assignment=assignment, unit=tree.district, date=datetime.date(2021, 4, 1), content="Sớm"
        )
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.monitoring_visit_record(
            assignment=assignment, unit=tree.district, date=datetime.date(2099, 1, 1), content="Tương lai"
        )
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.monitoring_visit_record(
            assignment=assignment, unit=tree.district, date=datetime.date(2021, 6, 2), content=" "
        )
    assert "content" in exc.value.message_dict
    assert not MonitoringVisit.objects.exists()
