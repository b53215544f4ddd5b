"""The report workflow: saving the working copy, submitting, returning, accepting (which freezes the record),
attachments. Transactional, with the optimistic lock and the state machine."""

from __future__ import annotations

import logging
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting import records, selectors
from reporting.models import (
    Indicator,
    Report,
    ReportAttachment,
    ReportSection,
    ReportStatus,
    ReportSubmission,
    ReportTransition,
    ReportValue,
    TemplateSection,
)
from steering.models import User

logger = logging.getLogger(__name__)


# (from, to) pairs the state machine allows. Editing a draft or a returned report keeps its status.
ALLOWED_TRANSITIONS = {
    (ReportStatus.NOT_STARTED, ReportStatus.DRAFT),
    (ReportStatus.NOT_STARTED, ReportStatus.SUBMITTED),
    (ReportStatus.DRAFT, ReportStatus.SUBMITTED),
    (ReportStatus.RETURNED, ReportStatus.SUBMITTED),
    (ReportStatus.SUBMITTED, ReportStatus.RETURNED),
    (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
}


def transition_allowed(from_status: str, to_status: str) -> bool:
    return (from_status, to_status) in ALLOWED_TRANSITIONS


def _transition(report: Report, to_status: str, *, by, **extra) -> ReportTransition:
    if not transition_allowed(report.status, to_status):
        raise ValidationError(
            _("A report that is %(from)s cannot become %(to)s.")
            % {"from": ReportStatus(report.status).label, "to": ReportStatus(to_status).label}
        )
    transition = ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to_status, by=by, **extra
    )
    report.status = to_status
    return transition


def _lock(report: Report, version: int | None) -> Report:
    """Lock the row and check the form's version: a stale form is refused, never silently overwritten."""
    locked = Report.objects.select_for_update(of=("self",)).select_related("period", "unit").get(pk=report.pk)
    if version is not None and int(version) != locked.version:
        raise ValidationError(
            _(
                "Someone else saved this report while you were editing it. Your entries are shown below but were "
                "NOT saved: reload the report to see the other changes, then enter yours again."
            ),
            code="stale",
        )
    return locked


def _bump(report: Report, by, *fields: str) -> None:
    report.version = F("version") + 1
    report.updated_at = timezone.now()
    report.updated_by = by
    report.save(update_fields=["version", "updated_at", "updated_by", "status", *fields])
    report.refresh_from_db(fields=["version"])


def value_check(indicator: Indicator, value: Decimal) -> str | None:
    """The message for a value the indicator cannot hold, or None."""
    if value < 0:
        return _("%(code)s: a value cannot be negative.") % {"code": indicator.code}
    if indicator.value_type == Indicator.ValueType.PERCENTAGE and value > 100:
        return _("%(code)s: a percentage must be between 0 and 100.") % {"code": indicator.code}
    if indicator.value_type == Indicator.ValueType.INTEGER and value != value.to_integral_value():
        return _("%(code)s: this count must be a whole number.") % {"code": indicator.code}
    if abs(value) >= Decimal("1e15"):
        return _("%(code)s: the value is too large.") % {"code": indicator.code}
    return None


def _save_working_copy(
    *,
    report: Report,
    version: int | None,
    by: User | None,
    values: dict[str, Decimal | None],
    sections: dict[str, str],
    prefilled: dict[str, str] | None,
    notes: dict[str, str] | None,
) -> tuple[Report, list[Indicator]]:
    """Lock, check and write the working copy; returns the locked report and the indicators its form carries.

    `values` maps indicator codes to a value or None (left empty); `prefilled` maps the codes whose value the
    user confirmed from a pre-fill suggestion to that suggestion's source text; `notes` maps codes to why a
    figure that warns is right; `sections` maps outline keys to text. Codes the reporter's form does not carry
    and keys the template does not know are an error, not silently dropped.
    """
    report = _lock(report, version)
    if not report.is_editable:  # the one rule; the message says which half of it failed
        if not report.period.is_open:
            raise ValidationError(
                _("The period %(period)s is closed: reports can no longer be changed.") % {"period": report.period.name}
            )
        raise ValidationError(
            _("This report is %(status)s and can no longer be edited.") % {"status": report.get_status_display()}
        )
    prefilled = prefilled or {}
    notes = notes or {}
    template = report.period.template
    form = selectors.template_indicators(
        template=template, reporter=records.reporter_of(report), annual=report.period.is_annual
    )
    indicators = {ind.code: ind for ind in form}
    outline = {s.key: s for s in template.sections.filter(writable=True)}
    errors: dict[str, list[str]] = defaultdict(list)
    try:
        values = {code: None if v is None else Decimal(str(v)) for code, v in values.items()}
    except ArithmeticError as exc:
        raise ValidationError(_("Values must be numbers.")) from exc
    for code, value in values.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors["__all__"].append(_("%(code)s is not an indicator of this report's form.") % {"code": code})
        elif value is not None and (message := value_check(indicator, value)):
            errors[f"v_{code}"].append(message)
    for key in sections:
        if key not in outline:
            errors["__all__"].append(_("Unknown section %(key)s.") % {"key": key})
    if errors:
        raise ValidationError(dict(errors))

    keep = {code: value for code, value in values.items() if value is not None}
    cleared = [indicators[code].pk for code, value in values.items() if value is None]
    if cleared:  # codes absent from `values` are left as they are
        ReportValue.objects.filter(report=report, indicator_id__in=cleared).delete()
    ReportValue.objects.bulk_create(
        [
            ReportValue(
                report=report,
                indicator=indicators[code],
                value=value,
                source=ReportValue.Source.PREFILL if code in prefilled else ReportValue.Source.MANUAL,
                prefill_source=prefilled.get(code, "")[:255],
                note=(notes.get(code) or "").strip()[:500],
            )
            for code, value in keep.items()
        ],
        update_conflicts=True,
        unique_fields=["report", "indicator"],
        update_fields=["value", "source", "prefill_source", "note"],
    )
    ReportSection.objects.bulk_create(
        [ReportSection(report=report, section=outline[key], text=text.strip()) for key, text in sections.items()],
        update_conflicts=True,
        unique_fields=["report", "section"],
        update_fields=["text"],
    )
    return report, form


@transaction.atomic
def report_save(
    *,
    report: Report,
    version: int | None,
    by: User | None,
    values: dict[str, Decimal | None],
    sections: dict[str, str],
    prefilled: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
) -> Report:
    """Save the working copy of a report as a draft (see _save_working_copy for the arguments)."""
    report, _form = _save_working_copy(
        report=report, version=version, by=by, values=values, sections=sections, prefilled=prefilled, notes=notes
    )
    if report.status == ReportStatus.NOT_STARTED:
        _transition(report, ReportStatus.DRAFT, by=by)
    _bump(report, by)
    return report


@transaction.atomic
def report_submit(
    *,
    report: Report,
    version: int | None,
    by: User | None,
    values: dict[str, Decimal | None],
    sections: dict[str, str],
    prefilled: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
) -> Report:
    """Save the working copy and send it to the reviewer in one transaction: a numbered, immutable submission of
    the values the reporter's form carries, their notes and the narrative."""
    report, form = _save_working_copy(
        report=report, version=version, by=by, values=values, sections=sections, prefilled=prefilled, notes=notes
    )
    codes = {ind.code for ind in form}
    now = timezone.now()
    number = (report.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    saved = [(code, value, note) for code, value, note in report.values.values_list("indicator__code", "value", "note")]
    submission = ReportSubmission.objects.create(
        report=report,
        number=number,
        submitted_at=now,
        submitted_by=by,
        values={code: str(value) for code, value, _note in saved if code in codes},
        notes={code: note for code, _value, note in saved if code in codes and note},
        sections={key: text for key, text in report.sections.values_list("section__key", "text")},
    )
    _transition(report, ReportStatus.SUBMITTED, by=by, submission=submission, at=now)
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    if report.agency_id is None:
        report.number = _issue(report=report, submission=submission, by=by).number
    _bump(report, by, "submitted_at", "first_submitted_at", "number")
    return report


def _issue(*, report: Report, submission: ReportSubmission, by: User | None):
    """A unit issues its report when it submits it: the next number of its own register, dated today, the
    files stored as sent. A resubmission after a return is a new document that replaces the earlier one."""
    from campaign_portal.documents.register import Kind, document_issue, issued_for
    from reporting import documents
    from steering.services import issuer_for_unit

    previous = report.submissions.exclude(pk=submission.pk).order_by("-number").first()
    return document_issue(
        issuer=issuer_for_unit(unit=report.unit),
        kind=Kind.UNIT_REPORT,
        source=documents.submission_source(submission),
        document=documents.report_document(report),
        filename=documents.filename(report),
        by=by,
        replaces=issued_for(source=documents.submission_source(previous)) if previous is not None else None,
    )


@transaction.atomic
def report_return(
    *,
    report: Report,
    by: User | None,
    reason: str,
    version: int | None = None,
    pinned_section: TemplateSection | None = None,
    pinned_indicator: Indicator | None = None,
) -> Report:
    """Send a submitted report back to its unit with a reason (required), optionally pinned to one place."""
    report = _lock(report, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is returned.")})
    template_id = report.period.template_id
    if pinned_section is not None and pinned_section.template_id != template_id:
        raise ValidationError({"pinned_section": _("That section is not part of this report.")})
    if pinned_indicator is not None and pinned_indicator.template_id != template_id:
        raise ValidationError({"pinned_indicator": _("That indicator is not part of this report.")})
    _transition(
        report,
        ReportStatus.RETURNED,
        by=by,
        reason=reason,
        pinned_section=pinned_section,
        pinned_indicator=pinned_indicator,
    )
    _bump(report, by)
    return report


@transaction.atomic
def report_accept(*, report: Report, by: User | None, version: int | None = None) -> Report:
    """Accept the last submission and freeze its record. The number is the one the unit issued it under when it
    submitted it (its own register): the reviewer takes no number."""
    report = _lock(report, version)
    _transition(report, ReportStatus.ACCEPTED, by=by)
    report.accepted_at = timezone.now()
    report.accepted_submission = report.submissions.order_by("-number").first()
    if report.accepted_submission is not None:  # freeze what the document says (reporting/records.py)
        report.accepted_submission.record = records.record_build(report=report)
        report.accepted_submission.save(update_fields=["record"])
    _bump(report, by, "accepted_at", "accepted_submission")
    return report


@transaction.atomic
def report_attachment_add(*, report: Report, file, by: User | None) -> ReportAttachment:
    from campaign_portal.uploads import validate_document

    report = _lock(report, None)
    if not report.is_editable:
        raise ValidationError({"file": _("Attachments can only be added while the report is being prepared.")})
    validate_document(file)
    name = (getattr(file, "name", "") or "file")[-200:]
    attachment = ReportAttachment(report=report, name=name, size=getattr(file, "size", 0) or 0, uploaded_by=by)
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def report_attachment_delete(*, attachment: ReportAttachment) -> None:
    report = _lock(attachment.report, None)
    if not report.is_editable:
        raise ValidationError(_("Attachments can only be removed while the report is being prepared."))
    attachment.file.delete(save=False)
    attachment.delete()
