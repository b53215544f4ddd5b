"""Writes of the versioned report template: new versions, publishing, indicators (with who fills and who counts)
and outline sections. A published or used version is frozen."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting import scope
from reporting.models import (
    Indicator,
    ReportingPeriod,
    ReportTemplate,
    TemplateSection,
)
from steering.models import AgencyKind, User

logger = logging.getLogger(__name__)


def template_in_use(*, template: ReportTemplate) -> bool:
    return ReportingPeriod.objects.filter(template=template).exists()


@transaction.atomic
def template_new_version(*, based_on: ReportTemplate, name: str = "", created_by: User | None = None) -> ReportTemplate:
    """A copy of `based_on` under the next version number, free to edit; periods already open keep theirs."""
    # Lock the newest row so that two offices creating a version at once get 2 and 3, not an IntegrityError.
    newest = ReportTemplate.objects.select_for_update().order_by("-version").first()
    version = (newest.version if newest else 0) + 1
    name = (name or based_on.name).strip()
    if len(name) > ReportTemplate._meta.get_field("name").max_length:
        raise ValidationError({"name": _("The name is too long.")})
    template = ReportTemplate.objects.create(version=version, name=name, based_on=based_on, created_by=created_by)
    sections = list(based_on.sections.all())
    for section in sections:
        section.pk = None
        section.template = template
    TemplateSection.objects.bulk_create(sections)
    old = list(based_on.indicators.all())
    links = {ind.code: (ind.weight_id, ind.numerator_id, ind.denominator_id) for ind in old}
    code_by_old_pk = {ind.pk: ind.code for ind in old}
    for ind in old:
        ind.pk = None
        ind.template = template
        ind.weight = ind.numerator = ind.denominator = None
    new = {ind.code: ind for ind in Indicator.objects.bulk_create(old)}
    linked = []
    for code, (weight, numerator, denominator) in links.items():
        if weight or numerator or denominator:
            ind = new[code]
            ind.weight = new[code_by_old_pk[weight]] if weight else None
            ind.numerator = new[code_by_old_pk[numerator]] if numerator else None
            ind.denominator = new[code_by_old_pk[denominator]] if denominator else None
            linked.append(ind)
    Indicator.objects.bulk_update(linked, ["weight", "numerator", "denominator"])
    return template


def template_is_editable(*, template: ReportTemplate) -> bool:
    """A draft that no period uses (periods only take published versions; older data may differ)."""
    return not template.is_published and not template_in_use(template=template)


def _lock_editable_template(template: ReportTemplate) -> ReportTemplate:
    """Lock the version's row and refuse a version that a period uses or that is published (period_open and
    template_publish take the same lock)."""
    locked = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if template_in_use(template=locked):
        raise ValidationError(
            _("This template version is used by a reporting period and cannot change. Create a new version.")
        )
    if locked.is_published:
        raise ValidationError(_("This template version is published and cannot change. Create a new version."))
    return locked


@transaction.atomic
def template_publish(*, template: ReportTemplate, by: User | None) -> ReportTemplate:
    """Publish a complete draft: from now on it is read-only and periods may use it.

    Complete means at least one indicator, and every indicator keeps the aggregation rules consolidation relies on
    (indicator_rules_check); the outline may be empty (a report of figures only).
    """
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if template.is_published:
        raise ValidationError(_("Version %(version)s is already published.") % {"version": template.version})
    indicators = list(template.indicators.select_related("weight", "numerator", "denominator").order_by("code"))
    if not indicators:
        raise ValidationError(_("A version without indicators cannot be published. Add at least one indicator."))
    problems = []
    for indicator in indicators:
        try:
            indicator_rules_check(indicator)
        except ValidationError as exc:
            problems.append(f"{indicator.code}: {' '.join(exc.messages)}")
    if problems:
        raise ValidationError(
            _("Version %(version)s cannot be published until these indicators are fixed: %(problems)s")
            % {"version": template.version, "problems": "; ".join(problems)}
        )
    template.published_at = timezone.now()
    template.published_by = by
    template.save(update_fields=["published_at", "published_by"])
    return template


def indicator_rules_check(indicator: Indicator) -> None:
    """The aggregation rules consolidation relies on (reporting/consolidation/engine.py)."""
    errors: dict[str, str] = {}
    agg = Indicator.Aggregation
    same_template = indicator.template_id

    def part_error(part: Indicator | None, field: str, missing: str) -> None:
        if part is None:
            errors[field] = missing
        elif part.template_id != same_template:
            errors[field] = _("Choose an indicator of the same template version.")
        elif indicator.pk is not None and part.pk == indicator.pk:
            errors[field] = _("An indicator cannot refer to itself.")

    if indicator.aggregation == agg.SUM and indicator.value_type == Indicator.ValueType.PERCENTAGE:
        errors["aggregation"] = _(
            "A percentage cannot be summed: use a weighted average, a ratio of two sums, or no aggregation."
        )
    if indicator.aggregation == agg.WEIGHTED_AVERAGE:
        part_error(indicator.weight, "weight", _("A weighted average needs a weight indicator."))
    if indicator.aggregation == agg.RATIO:
        part_error(indicator.numerator, "numerator", _("A ratio needs a numerator indicator."))
        part_error(indicator.denominator, "denominator", _("A ratio needs a denominator indicator."))
        if (
            "numerator" not in errors
            and "denominator" not in errors
            and indicator.numerator_id == indicator.denominator_id
        ):
            errors["denominator"] = _("The numerator and the denominator must be different indicators.")
    for name in ("filled_by", "counts_from"):
        try:
            setattr(indicator, name, scope.normalise(getattr(indicator, name), agency_kinds=AgencyKind.values))
        except scope.RuleError as exc:
            errors[name] = _("%(rule)s: write unit:KINDS and agency:KINDS separated by “;” (%(detail)s).") % {
                "rule": getattr(indicator, name),
                "detail": exc,
            }
    if "filled_by" not in errors and "counts_from" not in errors:
        filled, counted = scope.parse(indicator.filled_by), scope.parse(indicator.counts_from)
        outside = (counted.units - filled.units - {scope.ALL}) if scope.ALL not in filled.units else set()
        outside |= (counted.agencies - filled.agencies - {scope.ALL}) if scope.ALL not in filled.agencies else set()
        if outside:
            errors["counts_from"] = _("Counted from names reporters whose forms do not carry it: %(kinds)s.") % {
                "kinds": ", ".join(sorted(outside))
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_save(*, template: ReportTemplate, code: str, indicator: Indicator | None = None, **fields) -> Indicator:
    """Add or change an indicator of a template that no period uses yet (a used version is frozen).

    The code is unique in the version; a weighted average names its weight, a ratio both its parts (all of the
    same version); a percentage is never summed. Links that the chosen aggregation does not use are cleared.
    """
    template = _lock_editable_template(template)
    code = (code or "").strip().upper()
    if not code:
        raise ValidationError({"code": _("Enter a code.")})
    if indicator is None:
        indicator = Indicator(template=template, code=code)
    elif indicator.template_id != template.pk:
        raise ValidationError(_("This indicator belongs to another template version."))
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator.code = code
    agg = Indicator.Aggregation
    if indicator.aggregation != agg.WEIGHTED_AVERAGE:
        indicator.weight = None
    if indicator.aggregation != agg.RATIO:
        indicator.numerator = indicator.denominator = None
    if Indicator.objects.filter(template=template, code=code).exclude(pk=indicator.pk).exists():
        raise ValidationError({"code": _("The code %(code)s is already used in this version.") % {"code": code}})
    indicator_rules_check(indicator)
    indicator.full_clean(exclude=["template", "weight", "numerator", "denominator"], validate_constraints=False)
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    """Remove an indicator from an unused version, unless another indicator aggregates with it."""
    _lock_editable_template(indicator.template)
    users = Indicator.objects.filter(
        Q(weight=indicator) | Q(numerator=indicator) | Q(denominator=indicator)
    ).values_list("code", flat=True)
    if users:
        raise ValidationError(
            _("%(code)s cannot be removed: %(users)s aggregate with it. Change them first.")
            % {"code": indicator.code, "users": ", ".join(sorted(users))}
        )
    indicator.delete()


@transaction.atomic
def section_save(
    *, template: ReportTemplate, key: str, section: TemplateSection | None = None, **fields
) -> TemplateSection:
    """Add or change a heading of the narrative outline of an unused version (the key is unique in it)."""
    template = _lock_editable_template(template)
    key = (key or "").strip().upper()
    if not key:
        raise ValidationError({"key": _("Enter a key.")})
    if section is None:
        section = TemplateSection(template=template, key=key)
    elif section.template_id != template.pk:
        raise ValidationError(_("This section belongs to another template version."))
    for name, value in fields.items():
        setattr(section, name, value)
    section.key = key
    if TemplateSection.objects.filter(template=template, key=key).exclude(pk=section.pk).exists():
        raise ValidationError({"key": _("The key %(key)s is already used in this version.") % {"key": key}})
    section.full_clean(exclude=["template"], validate_constraints=False)
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: TemplateSection) -> None:
    """Remove a heading from an unused version."""
    _lock_editable_template(section.template)
    section.delete()
