"""The frozen record of an accepted report: what the document said on the day it was accepted.

`record_build` is called by the acceptance service and stored on the accepted submission (`ReportSubmission.record`).
It holds the reporter (unit name, kind and parent as of the period; the agency's name, kind and place in the
committee), the document header, the period, the template version, and the indicators and outline the reporter's
form carried, with their labels and units. Values, notes and narrative are already on the submission.

Every later view, PDF, Excel and consolidation of that report reads the record through the readers below, so
renaming or moving a unit, re-forming its committee or publishing a template never changes an accepted report.
The readers return unsaved model instances, so templates and builders that print live reports print frozen
ones unchanged.
"""

from __future__ import annotations

from reporting import scope
from reporting.models import Indicator, Report, ReportSubmission, TemplateSection

RECORD_VERSION = 1

_INDICATOR_FIELDS = (
    "code",
    "area",
    "label_vi",
    "label_en",
    "unit_of_measure",
    "value_type",
    "aggregation",
    "filled_by",
    "counts_from",
    "annual_only",
    "order",
)
_SECTION_FIELDS = ("key", "title_vi", "title_en", "depth", "area", "writable", "annual_only", "order")
_HEADER_FIELDS = ("parent_body", "issuing_body", "place", "signer_authority", "signer_title", "signer_name")


def reporter_of(report: Report) -> scope.Reporter:
    """Who files `report`, as the scope rules name it (the live unit and agency; a frozen report has its own)."""
    if report.agency_id:
        return scope.Reporter.agency(report.unit.kind, report.agency.kind)
    return scope.Reporter.unit(report.unit.kind)


def record_build(*, report: Report) -> dict:
    """The record of `report` as it stands now (called inside the acceptance transaction)."""
    from reporting import documents  # the header texts; documents read records too

    period = report.period
    reporter = reporter_of(report)
    indicators = [
        ind
        for ind in period.template.indicators.select_related("weight", "numerator", "denominator").order_by("order")
        if ind.applies_to(reporter=reporter, annual=period.is_annual)
    ]
    sections = [s for s in period.template.sections.order_by("order") if period.is_annual or not s.annual_only]
    unit, agency, parent = report.unit, report.agency, report.unit.parent
    header = documents.issuer_for(report)
    return {
        "version": RECORD_VERSION,
        "reporter": {
            **reporter.as_dict(),
            "unit_code": unit.code,
            "unit_name": unit.name,
            "division_type": unit.division_type,
            "parent_code": parent.code if parent else "",
            "parent_name": parent.name if parent else "",
            "agency_name": agency.name if agency else "",
            "agency_short_name": agency.short_name if agency else "",
            "agency_order": agency.order if agency else None,
            "name": agency.name if agency else unit.name,
        },
        "reviewer": report.reviewer_unit.name if report.reviewer_unit_id else "",
        "header": {name: getattr(header, name) for name in _HEADER_FIELDS},
        "period": {"code": period.code, "name": period.name, "year": period.year, "annual": period.is_annual},
        "template": {"version": period.template.version, "name": period.template.name},
        "indicators": [
            {
                **{name: getattr(ind, name) for name in _INDICATOR_FIELDS},
                "weight_code": ind.weight.code if ind.weight_id else "",
                "numerator_code": ind.numerator.code if ind.numerator_id else "",
                "denominator_code": ind.denominator.code if ind.denominator_id else "",
            }
            for ind in indicators
        ],
        "sections": [{name: getattr(s, name) for name in _SECTION_FIELDS} for s in sections],
    }


# --- readers ------------------------------------------------------------------------------------------------------


def frozen(report: Report) -> dict | None:
    """The record of an accepted report, or None (not accepted, or accepted before records existed)."""
    submission: ReportSubmission | None = report.accepted_submission if report.accepted_submission_id else None
    if submission is None or not submission.record:
        return None
    return submission.record


def indicators_of(record: dict) -> list[Indicator]:
    """The record's indicators as unsaved Indicator rows (labels, units and rules as they were)."""
    return [Indicator(**{name: row.get(name) for name in _INDICATOR_FIELDS}) for row in record.get("indicators", [])]


def sections_of(record: dict) -> list[TemplateSection]:
    return [TemplateSection(**{name: row.get(name) for name in _SECTION_FIELDS}) for row in record.get("sections", [])]


def reporter_from(record: dict) -> scope.Reporter:
    return scope.Reporter.from_dict(record.get("reporter", {}))
