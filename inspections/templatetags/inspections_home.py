from django import template

register = template.Library()


@register.inclusion_tag("inspections/_home_card.html", takes_context=True)
def inspections_home_card(context):
    return {"request": context["request"]}
