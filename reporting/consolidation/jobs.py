"""The two export kinds of a consolidated report, as registered in campaign_portal.jobs.BUILDERS.

prepare() reads the data (the consolidation, the narrative, the issuer's header) and fingerprints it; build()
takes the document number (PDF: the next "N/BC-…" of the issuer's yearly series, only when a file is really
built, never for a reused one) and calls the pure builder with progress reporting.
"""

from __future__ import annotations

import dataclasses

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_portal.documents.content import Issuer
from campaign_portal.jobs import BuildContext, Built, ExportError, Prepared, content_hash
from reporting.consolidation import selectors
from reporting.consolidation.content import ConsolidatedDocument, document_from
from reporting.models import Report, ReportStatus
from reporting.selectors import period_for_unit
from steering.models import AdministrativeUnit, IssuedDocument
from steering.selectors import issuer_of, recipients_of

NATIONAL_HEADER = Issuer(
    parent_body="ỦY BAN TRUNG ƯƠNG MTTQ VIỆT NAM",
    issuing_body="BAN THƯỜNG TRỰC",
    place="Hà Nội",
    code="MTTW",
    signer_authority="TM. BAN THƯỜNG TRỰC",
    signer_title="PHÓ CHỦ TỊCH",
    signer_name="",
)


def header_for(unit: AdministrativeUnit | None) -> Issuer:
    """The issuer's header texts, read without creating anything (defaults as issuer_for_unit would set)."""
    if unit is None:
        return NATIONAL_HEADER
    return Issuer.of(issuer_of(unit=unit))


def consolidated_document(
    *, unit: AdministrativeUnit | None, period_code: str, include_late: bool = True
) -> ConsolidatedDocument:
    data = selectors.consolidation_load(unit=unit, period_code=period_code, include_late=include_late)
    if data is None:
        raise ExportError(_("There is no period %(period)s for this unit.") % {"period": period_code})
    if data.result.completeness.counted == 0:
        raise ExportError(_("No report has been accepted in this period yet: there is nothing to consolidate."))
    draft = selectors.narrative_draft(unit=unit, period_code=period_code)
    narrative = selectors.narrative_assemble(data=data)
    narrative[selectors.OPENING_KEY] = selectors.narrative_opening(data=data)
    if draft is not None:
        narrative.update({k: v for k, v in draft.sections.items() if k in narrative})
    doc = document_from(
        data,
        narrative=narrative,
        header=header_for(unit),
        completeness_text=selectors.completeness_text(data.result.completeness),
        opening=narrative[selectors.OPENING_KEY],
        cutoff_text=selectors.cutoff_text(data.period),
    )
    if unit is not None:  # the office's own "Nơi nhận", when it has set one
        doc.recipients = recipients_of(
            issuer=issuer_of(unit=unit), kind=IssuedDocument.Kind.CONSOLIDATED_REPORT, default=doc.recipients
        )
    return doc


def _filename(doc: ConsolidatedDocument, ext: str) -> str:
    return f"Bao-cao-tong-hop-{doc.unit_code}-{doc.period_code}.{ext}"


def _accepted_submission_ids(*, unit: AdministrativeUnit | None, period_code: str) -> list[int]:
    """What the detail sheet is made of: accepted submissions are immutable, so their ids fingerprint it."""
    if unit is None:
        reports = selectors.national_reports(period_code=period_code).filter(status=ReportStatus.ACCEPTED)
    else:
        period = period_for_unit(unit=unit, code=period_code)
        reports = Report.objects.filter(period=period, status=ReportStatus.ACCEPTED).filter(
            Q(unit__path__startswith=unit.path) & (~Q(unit=unit) | Q(agency__isnull=False))
        )
    return sorted(reports.values_list("accepted_submission_id", flat=True))


def _summary(doc: ConsolidatedDocument, number: str, date) -> dict:
    from reporting.consolidation.documents import value_text

    return {
        "number": number,
        "date": date.strftime("%d/%m/%Y"),
        "period": f"{doc.period_name} ({doc.period_code})",
        "completeness": doc.completeness_text,
        "totals": [
            [line.code, line.label, value_text(line.value, line.value_type)]
            for line in doc.indicators
            if line.value is not None
        ][:12],
    }


# Part of the fingerprint: bump it when the builders change what a file looks like, so a stored file of the old
# layout is not handed out again for the same data (2: drafts, print-ready workbooks, the narrative as a report).
LAYOUT_VERSION = 2

FORMAT_TITLES = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


class _ConsolidatedExport:
    fmt = ""

    def prepare(self, *, params: dict, unit) -> Prepared:
        doc = consolidated_document(
            unit=unit, period_code=params["period"], include_late=bool(params.get("include_late", True))
        )
        extra = self.fingerprint(unit=unit, period_code=params["period"])
        return Prepared(
            data=doc,
            content_hash=content_hash(self.fmt, LAYOUT_VERSION, doc.hash_payload(), extra),
            data_as_of=doc.data_as_of,
            filename=_filename(doc, self.fmt),
            title=f"{FORMAT_TITLES[self.fmt]} – {doc.unit_name} – {doc.period_name}",
        )

    def fingerprint(self, *, unit, period_code: str):
        return None

    def build(self, prepared: Prepared, *, context: BuildContext) -> Built:
        from campaign_portal.documents import responses
        from reporting.consolidation import documents

        doc: ConsolidatedDocument = prepared.data
        today = timezone.localdate()
        label = _("Building the PDF") if self.fmt == "pdf" else _("Writing the Word document")
        context.on_progress(10, label)
        # A draft carries the job's verification code too: whoever receives it can check where it came from.
        draft = dataclasses.replace(
            documents.official_document(doc).as_draft(printed_on=today), verification=context.verification_code
        )
        if self.fmt == "pdf":
            from campaign_portal.documents.pdf import render_pdf

            content = render_pdf(
                draft, on_progress=lambda percent: context.on_progress(10 + percent * 88 // 100, label)
            )
        else:
            content = responses.render(draft, self.fmt)
        return Built(content=content, summary=_summary(doc, "", today))


class ConsolidatedPdf(_ConsolidatedExport):
    fmt = "pdf"


class ConsolidatedDocx(_ConsolidatedExport):
    fmt = "docx"


class ConsolidatedXlsx(_ConsolidatedExport):
    """The figures as a workbook (a data file, not the signed document: no number)."""

    fmt = "xlsx"

    def fingerprint(self, *, unit, period_code: str):
        return _accepted_submission_ids(unit=unit, period_code=period_code)

    def build(self, prepared: Prepared, *, context: BuildContext) -> Built:
        from reporting.consolidation import xlsx

        doc: ConsolidatedDocument = prepared.data
        unit = AdministrativeUnit.objects.get(pk=context.unit_id) if context.unit_id else None
        context.on_progress(5, _("Writing the workbook"))
        content = xlsx.build(
            doc,
            verification=context.verification_code,
            content_hash=prepared.content_hash,
            detail_rows=selectors.accepted_reports_detail(unit=unit, period_code=doc.period_code),
            detail_count=selectors.accepted_reports_detail_count(unit=unit, period_code=doc.period_code),
            on_progress=lambda percent: context.on_progress(5 + percent * 93 // 100, _("Writing the workbook")),
        )
        return Built(content=content, summary=_summary(doc, "", timezone.localdate()))


CONSOLIDATED_PDF = ConsolidatedPdf()
CONSOLIDATED_DOCX = ConsolidatedDocx()
CONSOLIDATED_XLSX = ConsolidatedXlsx()
