from django import template

register = template.Library()


@register.inclusion_tag("reporting/_home_card.html", takes_context=True)
def reporting_home_card(context):
    return {"request": context["request"]}
