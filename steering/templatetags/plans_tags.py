"""Panels that show a unit's and a committee's plan work on the foundation's unit and committee pages."""

from django import template
from django.utils import timezone

from steering.permissions import can_change_unit
from steering.plans import selectors

register = template.Library()


@register.inclusion_tag("steering/plans/_unit_panels.html", takes_context=True)
def unit_plan_panels(context, unit):
    """Who follows the unit, their visits, the tasks the unit tracks and its latest activities (4 queries + 1)."""
    user = context["request"].user
    return {
        "unit": unit,
        "assignments": selectors.unit_assignments(unit=unit),
        "visits": selectors.visit_list(unit=unit, limit=5),
        "tasks": selectors.unit_tasks(unit=unit, limit=10),
        "activities": selectors.unit_activities(unit=unit, limit=8),
        "can_change": can_change_unit(user, unit),
        "today": timezone.localdate(),
        "request": context["request"],
    }


@register.inclusion_tag("steering/plans/_committee_panels.html", takes_context=True)
def committee_plan_panels(context, committee):
    user = context["request"].user
    return {
        "committee": committee,
        "assignments": selectors.committee_assignments(committee=committee),
        "tasks": selectors.committee_tasks(committee=committee),
        "can_change": can_change_unit(user, committee.unit),
        "has_units_below": committee.unit.children.exists(),
        "today": timezone.localdate(),
        "request": context["request"],
    }
