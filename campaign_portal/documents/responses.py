"""The download of a document: a draft rendered on request, or the stored file of an issued one."""

from __future__ import annotations

import re
import unicodedata

from django.http import Http404, HttpResponse

from campaign_portal.documents.content import OfficialDocument

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def requested_format(request) -> str:
    """?format=docx for Word; PDF otherwise. An unknown format is a 404, not a PDF under the wrong name."""
    fmt = (request.GET.get("format") or "pdf").lower()
    if fmt not in FORMATS:
        raise Http404("Unknown format")
    return fmt


def safe_filename(text: str) -> str:
    """ "Bao-cao-tong-hop-30-2021-H1": ASCII letters, digits and dashes (Vietnamese letters lose their marks)."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.") or "van-ban"


def render(document: OfficialDocument, fmt: str) -> bytes:
    if fmt == "docx":
        from campaign_portal.documents.docx import render_docx

        return render_docx(document)
    from campaign_portal.documents.pdf import render_pdf

    return render_pdf(document)


def document_response(document: OfficialDocument, *, fmt: str, filename: str) -> HttpResponse:
    """A document rendered as it stands: one issued on paper before the register, printed with its recorded
    number and date."""
    response = HttpResponse(render(document, fmt), content_type=FORMATS[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_filename(filename)}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def draft_response(document: OfficialDocument, *, fmt: str, filename: str) -> HttpResponse:
    """A draft as a download: no number, no date, marked DỰ THẢO."""
    from django.utils import timezone

    draft = document.as_draft(printed_on=timezone.localdate())
    return document_response(draft, fmt=fmt, filename=f"{filename}-du-thao")


def issued_response(issued, fmt: str):
    """The stored file of an issued document, exactly as it was issued."""
    from campaign_portal.uploads import private_file_response

    field = issued.docx if fmt == "docx" else issued.pdf
    name = f"{safe_filename(issued.number.replace('/', '-'))}-{issued.issued_on:%Y%m%d}.{fmt}"
    return private_file_response(field, name)


def document_download(request, *, issued, document_of, filename: str, recorded_filename: str | None = None):
    """The one rule of every document's download link: the issued file when there is one (unless ?draft=1);
    otherwise the document as it stands, a draft, or one numbered before the register existed (issued on paper),
    printed as recorded. ?format=docx for Word; `document_of` builds the content only when it is needed."""
    fmt = requested_format(request)
    if issued is not None and request.GET.get("draft") != "1":
        return issued_response(issued, fmt)
    document = document_of()
    if document.number and issued is None:
        return document_response(document, fmt=fmt, filename=recorded_filename or filename)
    return draft_response(document, fmt=fmt, filename=filename)


def issued_message(request, issued) -> None:
    """ "Issued as number 01/KH-MT dated 03/12/2026." after an issue button."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    messages.success(
        request,
        _("The plan was issued as number %(number)s dated %(date)s.")
        % {"number": issued.number, "date": f"{issued.issued_on:%d/%m/%Y}"},
    )
