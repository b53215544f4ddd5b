"""The words of reports, in one place: report states, why a lower unit is left out of a consolidation, why a
figure is shown beside a total, and the content areas. The web shows them in the user's language; documents (PDF,
Excel), which are always Vietnamese, take them through `vi()`, so the same state reads the same everywhere.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from reporting.consolidation import engine
from reporting.models import ContentArea, ReportStatus

# The engine's status of a child -> the report state a user knows.
STATUS = {
    engine.MISSING: ReportStatus.NOT_STARTED.label,
    engine.DRAFT: ReportStatus.DRAFT.label,
    engine.SUBMITTED: ReportStatus.SUBMITTED.label,
    engine.RETURNED: ReportStatus.RETURNED.label,
    engine.ACCEPTED: ReportStatus.ACCEPTED.label,
}

REASON = {
    engine.REASON_MISSING: _("not submitted"),
    engine.REASON_DRAFT: _("still a draft"),
    engine.REASON_NOT_ACCEPTED: _("submitted, not accepted yet"),
    engine.REASON_RETURNED: _("returned for correction"),
    engine.REASON_LATE: _("late (left out by your choice)"),
}

BESIDE = {
    engine.BESIDE_NOT_COUNTED: _("shown beside, not added: its figures overlap those that are counted"),
    engine.BESIDE_NOT_FILLED: _("shown beside, not added: this reporter does not report this indicator"),
}

AGGREGATION = {
    engine.SUM: _("Sum"),
    engine.WEIGHTED_AVERAGE: _("Weighted average"),
    engine.RATIO: _("Ratio of two sums"),
    engine.NONE: _("Not aggregated"),
}


def status_label(status: str) -> str:
    return str(STATUS.get(status, status))


def reason_label(reason: str) -> str:
    return str(REASON.get(reason, reason))


def beside_label(reason: str) -> str:
    return str(BESIDE.get(reason, reason))


def area_label(area: int) -> str:
    try:
        return str(ContentArea(area).label)
    except ValueError:
        return ""


def vi(label) -> str:
    """A label as a Vietnamese document prints it (first letter capitalised)."""
    with translation.override("vi"):
        return str(capfirst(str(label)))
