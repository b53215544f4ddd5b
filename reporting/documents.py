"""One unit's report as an official document (Decree 30/2020 layout): on screen for print, as PDF and as Word.

A unit issues its own report when it submits it (reporting.services.report_submit): the number is the next of the
unit's own register ("Số: 01/BC-MT"), the date the day it was submitted, and the issued PDF and Word files are
stored then (campaign_portal.documents.register). Before that, and any time after as a draft, the document prints
without a number or a date. A member agency's report carries the agency's own header and no portal number: the
agency numbers it in its own register.

The printed content is the ACCEPTED submission when there is one (immutable, with its frozen record: names,
header, indicators and outline as on the day of acceptance, reporting/records.py), else the latest submission,
else the working copy: what is printed is always something that was actually filed.
"""

from __future__ import annotations

from decimal import Decimal

from campaign_portal.documents.content import (
    Bullets,
    Heading,
    Issuer,
    OfficialDocument,
    Para,
    Table,
    date_line,
    format_number,
)
from reporting import records, selectors
from reporting.models import ContentArea, Indicator, Report, ReportSubmission
from steering.models import IssuedDocument
from steering.selectors import issuer_of, recipients_of
from steering.text import in_sentence, place_name


def submission_source(submission: ReportSubmission) -> str:
    return f"report-submission:{submission.pk}"


def issuer_for(report: Report) -> Issuer:
    """The header texts without writing anything (a GET must not create the issuer row)."""
    issuer = issuer_of(unit=report.unit)
    place = issuer.place_name or place_name(report.unit.name)
    if report.agency_id:
        return Issuer(report.agency.name.upper(), "", place)
    return Issuer.of(issuer)


def _shown_submission(report: Report) -> ReportSubmission | None:
    return report.accepted_submission or report.submissions.order_by("-number").first()


def _snapshot(report: Report, *, working: bool = False) -> tuple[dict[str, str], dict[str, str], object]:
    submission = None if working else _shown_submission(report)
    if submission is not None:
        return submission.values, submission.sections, submission.submitted_at
    values = {code: str(v) for code, v in report.values.values_list("indicator__code", "value")}
    sections = dict(report.sections.values_list("section__key", "text"))
    return values, sections, None


def _format(indicator: Indicator, text: str | None) -> str:
    if text in (None, ""):
        return ""
    value = Decimal(text)
    if indicator.value_type == Indicator.ValueType.INTEGER:
        return format_number(int(value))
    return format_number(value)


def subject(report: Report, period_name: str | None = None) -> str:
    name = period_name if period_name is not None else report.period.name
    return f"Kết quả thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” {name.lower()}"


def issued_of(report: Report):
    """The issued document of the submission that is shown (None for a working copy or an agency's report)."""
    from campaign_portal.documents.register import issued_for

    submission = _shown_submission(report)
    return issued_for(source=submission_source(submission)) if submission is not None else None


def print_context(report: Report, *, working: bool = False) -> dict:
    values, texts, submitted_at = _snapshot(report, working=working)
    record = None if working else records.frozen(report)
    indicators = selectors.report_indicators(report=report)
    sections = selectors.report_outline(report=report)
    areas: dict[int, list] = {}
    for ind in indicators:
        areas.setdefault(ind.area, []).append((ind, _format(ind, values.get(ind.code))))
    if record is not None:
        header = Issuer(**record["header"])
        reviewer = record.get("reviewer", "")
        period_name = record["period"]["name"]
    else:
        header = issuer_for(report)
        reviewer = report.reviewer_unit.name if report.reviewer_unit is not None else ""
        period_name = report.period.name
    issued = None if working or report.agency_id else issued_of(report)
    recipients = []
    if reviewer:
        recipients.append(f"Ban Thường trực Ủy ban MTTQ {in_sentence(reviewer)} (để báo cáo)")
    recipients.append("Lưu: VT.")
    if not report.agency_id:  # the unit's own "Nơi nhận", when its office has set one
        recipients = recipients_of(
            issuer=issuer_of(unit=report.unit), kind=IssuedDocument.Kind.UNIT_REPORT, default=recipients
        )
    draft = issued is None
    return {
        "report": report,
        "header": header,
        "issued": issued,
        "draft": draft,
        "number": issued.number if issued else "",
        "date": issued.issued_on if issued else None,
        "date_line": date_line(header.place, None if draft else issued.issued_on),
        "subject": subject(report, period_name),
        "period_name": period_name,
        "sections": [(s, texts.get(s.key, "")) for s in sections],
        "areas": [(ContentArea(area).label, rows) for area, rows in areas.items()],
        "recipients": recipients,
        "submitted_at": submitted_at,
    }


def report_document(report: Report, *, working: bool = False) -> OfficialDocument:
    """The report as a draft document (no number, no date): what report_submit issues, what a draft prints."""
    ctx = print_context(report, working=working)
    header: Issuer = ctx["header"]
    body: list = []
    for section, text in ctx["sections"]:
        body.append(Heading(f"{section.key}. {section.title_vi}", level=section.depth))
        for line in (text or "").splitlines():
            line = line.strip()
            if line.startswith(("- ", "* ", "• ")):
                body.append(Bullets([line[2:]]))
            elif line:
                body.append(Para(line))
    rows = []
    number = 0
    for ind_area, area_rows in _areas_vi(ctx):
        rows.append(["", ind_area, "", ""])
        for ind, text in area_rows:
            number += 1
            rows.append([str(number), ind.label_vi, ind.unit_of_measure, text])
    annex = [
        Table(
            columns=["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
            rows=rows,
            col_widths=[0.6, 6, 1.6, 1.6],
            numeric={3},
            title=f"BIỂU SỐ LIỆU KẾT QUẢ {ctx['period_name'].upper()}",
        )
    ]
    return OfficialDocument.for_issuer(
        header,
        doc_type="BC",
        subject=ctx["subject"],
        body=body,
        recipients=ctx["recipients"],
        annex=annex,
    )


def _areas_vi(ctx) -> list:
    """The area headings of the annex in Vietnamese, from the report's own outline (II.1 … II.6)."""
    titles = {s.area: s.title_vi for s, _text in ctx["sections"] if s.area}
    return [(f"{rows[0][0].area}. {titles.get(rows[0][0].area, '')}", rows) for _label, rows in ctx["areas"] if rows]


def filename(report: Report) -> str:
    """The download name without extension."""
    return f"bao-cao-{report.period.code}-{report.unit.code}{'-' + str(report.agency_id) if report.agency_id else ''}"
