from django import template

from steering import permissions, selectors

register = template.Library()


@register.inclusion_tag("steering/_home_card.html", takes_context=True)
def steering_home_card(context):
    user = context["request"].user
    unit = user.unit
    committee = selectors.unit_active_committee(unit=unit) if unit else None
    member_count = selectors.committee_members(committee=committee).count() if committee else 0
    return {
        "unit": unit,
        "committee": committee,
        "member_count": member_count,
        "show_audit": permissions.can_view_audit(user),
    }
