"""One unit's report as an official document (Decree 30/2020 layout): on screen for print, and as a PDF.

The printed content is the ACCEPTED submission when there is one (immutable, with its frozen record: names,
header, indicators and outline as on the day of acceptance, reporting/records.py), else the latest submission,
else the working copy: what is printed is always something that was actually filed. The number "Số: N/BC-…" is given
at acceptance (services.report_accept); before that the number line is left blank, as on a paper draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from campaign_portal import pdf
from reporting import records, selectors
from reporting.models import ContentArea, Indicator, Report
from steering.selectors import issuer_of
from steering.text import place_name


@dataclass
class Header:
    parent_body: str
    issuing_body: str
    place: str
    signer_authority: str
    signer_title: str
    signer_name: str


def issuer_for(report: Report) -> Header:
    """The header texts without writing anything (a GET must not create the issuer row)."""
    issuer = issuer_of(unit=report.unit)
    place = issuer.place_name or place_name(report.unit.name)
    if report.agency_id:
        return Header(report.agency.name.upper(), "", place, "", "", "")
    return Header(
        issuer.parent_body,
        issuer.issuing_body,
        place,
        issuer.signer_authority,
        issuer.signer_title,
        issuer.signer_name,
    )


def _snapshot(report: Report) -> tuple[dict[str, str], dict[str, str], object]:
    submission = report.accepted_submission or report.submissions.order_by("-number").first()
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
        return pdf.format_number(int(value))
    return pdf.format_number(value)


def subject(report: Report, period_name: str | None = None) -> str:
    name = period_name if period_name is not None else report.period.name
    return f"Kết quả thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” {name.lower()}"


def print_context(report: Report) -> dict:
    from django.utils import timezone

    values, texts, submitted_at = _snapshot(report)
    record = records.frozen(report)
    indicators = selectors.report_indicators(report=report)
    sections = selectors.report_outline(report=report)
    areas: dict[int, list] = {}
    for ind in indicators:
        areas.setdefault(ind.area, []).append((ind, _format(ind, values.get(ind.code))))
    if record is not None:
        header = Header(**record["header"])
        reviewer = record.get("reviewer", "")
        period_name = record["period"]["name"]
    else:
        header = issuer_for(report)
        reviewer = report.reviewer_unit.name if report.reviewer_unit is not None else ""
        period_name = report.period.name
    date = timezone.localdate(submitted_at) if submitted_at else timezone.localdate()
    recipients = []
    if reviewer:
        recipients.append(f"Ban Thường trực Ủy ban MTTQ {reviewer} (để báo cáo)")
    recipients.append("Lưu: VT.")
    return {
        "report": report,
        "header": header,
        "number": report.number,
        "date_line": pdf.date_line(header.place, date),
        "subject": subject(report, period_name),
        "period_name": period_name,
        "sections": [(s, texts.get(s.key, "")) for s in sections],
        "areas": [(ContentArea(area).label, rows) for area, rows in areas.items()],
        "recipients": recipients,
        "submitted_at": submitted_at,
    }


def report_pdf(report: Report) -> bytes:
    ctx = print_context(report)
    header: Header = ctx["header"]
    body: list = []
    for section, text in ctx["sections"]:
        body.append(pdf.Heading(f"{section.key}. {section.title_vi}", level=section.depth))
        for line in (text or "").splitlines():
            line = line.strip()
            if line.startswith(("- ", "* ", "• ")):
                body.append(pdf.Bullets([line[2:]]))
            elif line:
                body.append(pdf.Para(line))
    rows = []
    number = 0
    for ind_area, area_rows in _areas_vi(ctx):
        rows.append(["", ind_area, "", ""])
        for ind, text in area_rows:
            number += 1
            rows.append([str(number), f"{ind.label_vi} ({ind.code})", ind.unit_of_measure, text])
    annex = [
        pdf.Table(
            columns=["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"],
            rows=rows,
            col_widths=[0.6, 6, 1.6, 1.6],
            numeric={3},
            title=f"BIỂU SỐ LIỆU KẾT QUẢ {ctx['period_name'].upper()}",
        )
    ]
    if report.agency_id or not report.number:
        number_text = "\u00a0" * 10 + "/BC"  # the blank a paper draft leaves for the number (spaces would collapse)
    else:
        number_text = report.number
    doc = pdf.OfficialDocument(
        parent_body=header.parent_body,
        issuing_body=header.issuing_body,
        number=number_text,
        place=header.place,
        date=_date_of(ctx),
        doc_type="BC",
        subject=ctx["subject"],
        body=body,
        recipients=ctx["recipients"],
        signature=pdf.Signature(header.signer_authority, header.signer_title, header.signer_name),
        annex=annex,
    )
    return pdf.render_pdf(doc)


def _areas_vi(ctx) -> list:
    """The area headings of the annex in Vietnamese, from the report's own outline (II.1 … II.6)."""
    titles = {s.area: s.title_vi for s, _text in ctx["sections"] if s.area}
    return [(f"{rows[0][0].area}. {titles.get(rows[0][0].area, '')}", rows) for _label, rows in ctx["areas"] if rows]


def _date_of(ctx):
    from django.utils import timezone

    return timezone.localdate(ctx["submitted_at"]) if ctx["submitted_at"] else timezone.localdate()


def filename(report: Report) -> str:
    return (
        f"bao-cao-{report.period.code}-{report.unit.code}{'-' + str(report.agency_id) if report.agency_id else ''}.pdf"
    )
