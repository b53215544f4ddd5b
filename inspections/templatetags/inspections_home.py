from django import template
from django.utils import timezone

from inspections import selectors

register = template.Library()


@register.inclusion_tag("inspections/_home_card.html", takes_context=True)
def inspections_home_card(context):
    user = context["request"].user
    today = timezone.localdate()
    return {
        "request": context["request"],
        "targets_count": selectors.targets_to_log(user=user, limit=1000).count(),
        "overdue_count": selectors.follow_up_list(user=user, state="overdue", today=today).count(),
        "drafts_count": selectors.user_drafts(user=user).count(),
    }
