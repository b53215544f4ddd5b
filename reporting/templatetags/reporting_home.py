from django import template

from reporting import selectors
from reporting.models import Report, ReportStatus
from steering.models import Role

register = template.Library()


@register.inclusion_tag("reporting/_home_card.html", takes_context=True)
def reporting_home_card(context):
    user = context["request"].user
    to_review = 0
    if user.unit_id and (user.has_role(Role.UNIT_STAFF, Role.PROVINCIAL_OFFICE) or user.is_superuser):
        to_review = Report.objects.filter(reviewer_unit_id=user.unit_id, status=ReportStatus.SUBMITTED).count()
    return {
        "request": context["request"],
        "own_reports": list(selectors.own_reports(user=user)[:5]),
        "to_review": to_review,
    }
