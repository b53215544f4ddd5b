"""The register of issued documents: numbers are taken here and nowhere else.

`document_issue` is the one moment a document gets its number: it takes the next number of the issuer's yearly
series (Decree 30: from 01 on 1 January), dates the document that day, freezes its content, renders the PDF and the
Word file from that same content, and records all of it, in one transaction. When anything fails (rendering, a
second issue of the same thing) the transaction rolls back and the number is not used up: the series has no gap
that the register does not show. Draft exports never come here, so they can be printed any number of times.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_portal.documents.content import (
    SIGNED_NOTE,
    UNSIGNED_NOTE,
    WORD_COPY_NOTE,
    OfficialDocument,
    content_payload,
    document_number,
    materialise,
)
from steering.models import DocumentIssuer, DocumentSequence, IssuedDocument, SigningEvent

Kind = IssuedDocument.Kind


def _number_take(*, issuer: DocumentIssuer, year: int) -> int:
    """The next serial of the issuer's series for `year`, with the series row locked until the transaction ends:
    two documents issued at once get consecutive numbers, and a rolled-back issue gives its number back."""
    DocumentSequence.objects.get_or_create(issuer=issuer, year=year)
    sequence = DocumentSequence.objects.select_for_update().get(issuer=issuer, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def issued_for(*, source: str) -> IssuedDocument | None:
    """The issued (not cancelled) document of a thing ("plan:12"), if it has been issued."""
    return IssuedDocument.objects.filter(source=source, status=IssuedDocument.Status.ISSUED).first()


def issued_for_sources(*, sources: Iterable[str]) -> dict[str, IssuedDocument]:
    rows = IssuedDocument.objects.filter(source__in=list(sources), status=IssuedDocument.Status.ISSUED)
    return {row.source: row for row in rows}


@transaction.atomic
def document_issue(
    *,
    issuer: DocumentIssuer,
    kind: str,
    source: str,
    document: OfficialDocument,
    filename: str,
    by,
    replaces: IssuedDocument | None = None,
    at: datetime.datetime | None = None,
) -> IssuedDocument:
    """Issue `document` (a draft built by the app) as the next number of `issuer`, dated today.

    `source` names what is issued ("consolidation:30:2021-H1"); a thing is issued once (cancel it to issue again).
    `filename` is the download name without extension. `at` is for recording history only (the demo's documents
    issued in 2021): every user action issues now.
    """
    from campaign_portal.documents.credentials import active_credentials, sign_issued
    from campaign_portal.documents.docx import render_docx
    from campaign_portal.documents.pdf import render_pdf
    from campaign_portal.jobs import verification_code_new

    if issuer.pk is None:
        raise ValueError("the issuer must be saved before it issues")
    now = at or timezone.now()
    today = timezone.localdate(now)
    serial = _number_take(issuer=issuer, year=today.year)
    # Checked with the series locked: a second issue of the same thing waits for the first and then sees it.
    already = issued_for(source=source)
    if already is not None:
        raise ValidationError(
            _("This document was already issued as number %(number)s on %(date)s.")
            % {"number": already.number, "date": f"{already.issued_on:%d/%m/%Y}"}
        )
    number = document_number(serial, document.doc_type, issuer.code)
    code = verification_code_new()
    issued = materialise(document).issued(number=number, date=today, verification=code)
    payload = content_payload(issued)
    credentials = active_credentials(issuer=issuer)
    layout: dict = {}
    pdf_bytes = render_pdf(
        dataclasses.replace(issued, copy_note=SIGNED_NOTE if credentials else UNSIGNED_NOTE), layout=layout
    )
    signatures: list[dict] = []
    if credentials:  # a failure raises: the transaction rolls back and the number is given back
        pdf_bytes, signatures = sign_issued(
            credentials=credentials,
            pdf=pdf_bytes,
            layout=layout,
            signer_name=issued.signature.name if issued.signature else "",
            signer_title=issued.signature.title if issued.signature else "",
            place=issued.place,
        )
    docx_bytes = render_docx(dataclasses.replace(issued, copy_note=WORD_COPY_NOTE))
    row = IssuedDocument(
        issuer=issuer,
        year=today.year,
        serial=serial,
        number=number,
        doc_type=document.doc_type,
        kind=kind,
        source=source,
        subject=" ".join((document.subject or "").split())[:500],
        issued_on=today,
        issued_at=now,
        issued_by=by if getattr(by, "pk", None) else None,
        replaces=replaces,
        content=payload,
        content_sha256=hashlib.sha256(
            json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        ).hexdigest(),
        verification_code=code,
        pdf_sha256=hashlib.sha256(pdf_bytes).hexdigest(),
        docx_sha256=hashlib.sha256(docx_bytes).hexdigest(),
        signatures=signatures,
    )
    row.pdf.save(f"{filename}.pdf", ContentFile(pdf_bytes), save=False)
    row.docx.save(f"{filename}.docx", ContentFile(docx_bytes), save=False)
    row.save()
    SigningEvent.objects.bulk_create(
        SigningEvent(credential_id=s["credential"], by=row.issued_by, action="signed", document=row) for s in signatures
    )
    return row


@transaction.atomic
def document_cancel(*, document: IssuedDocument, by, reason: str) -> IssuedDocument:
    """Cancel an issued document. Its number stays in the register, marked cancelled, and is never given again."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the document is cancelled.")})
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if document.is_cancelled:
        raise ValidationError(_("This document is already cancelled."))
    document.status = IssuedDocument.Status.CANCELLED
    document.cancelled_at = timezone.now()
    document.cancelled_by = by if getattr(by, "pk", None) else None
    document.cancel_reason = reason[:500]
    document.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    return document


# --- the register page --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLine:
    serial: int
    entry: IssuedDocument | None  # None: a number taken outside the portal, or not recorded (a gap)


def register_lines(*, issuer: DocumentIssuer, year: int) -> list[RegisterLine]:
    """Every number of the issuer's series for `year` from 01 to the last taken, with the gaps as empty lines."""
    entries = {
        e.serial: e
        for e in IssuedDocument.objects.filter(issuer=issuer, year=year).select_related("issued_by", "cancelled_by")
    }
    last = DocumentSequence.objects.filter(issuer=issuer, year=year).values_list("last_number", flat=True).first() or 0
    top = max([last, *entries.keys()])
    return [RegisterLine(serial, entries.get(serial)) for serial in range(1, top + 1)]


def register_years(*, issuer: DocumentIssuer) -> list[int]:
    years = set(IssuedDocument.objects.filter(issuer=issuer).values_list("year", flat=True))
    years |= set(DocumentSequence.objects.filter(issuer=issuer).values_list("year", flat=True))
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def register_counts(lines: list[RegisterLine]) -> dict[str, int]:
    """How many numbers of a register are issued, cancelled, or missing (gaps)."""
    return {
        "issued_count": sum(1 for line in lines if line.entry and not line.entry.is_cancelled),
        "cancelled_count": sum(1 for line in lines if line.entry and line.entry.is_cancelled),
        "gap_count": sum(1 for line in lines if line.entry is None),
    }
