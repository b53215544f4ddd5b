"""Writes of the consolidation: the consolidator's narrative, and export requests."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign_portal.jobs import export_job_request
from campaign_portal.models import ExportJob
from reporting.consolidation.models import NarrativeDraft
from steering.models import AdministrativeUnit

FORMATS = ("pdf", "docx", "xlsx")


@transaction.atomic
def narrative_save(
    *,
    unit: AdministrativeUnit | None,
    period_code: str,
    sections: dict[str, str],
    allowed_keys: set[str],
    version: int | None,
    by,
) -> NarrativeDraft:
    """Save the consolidator's narrative. A form carrying an older version than the stored one is refused:
    someone else saved in between, and their text must not be overwritten silently."""
    unknown = sorted(set(sections) - allowed_keys)
    if unknown:
        raise ValidationError(_("Unknown section %(key)s.") % {"key": ", ".join(unknown)})
    draft = NarrativeDraft.objects.select_for_update().filter(unit=unit, period_code=period_code).first()
    if draft is None:
        if version not in (None, 0):
            raise ValidationError(_("This narrative was deleted meanwhile. Reload the page."))
        draft = NarrativeDraft(unit=unit, period_code=period_code, version=0)
    elif version != draft.version:
        who = draft.updated_by.get_full_name() or draft.updated_by.username if draft.updated_by else "?"
        raise ValidationError(
            _(
                "%(who)s saved this narrative after you opened it. Your text was not saved: copy it, reload the "
                "page and merge the changes."
            )
            % {"who": who}
        )
    draft.sections = {key: (text or "").strip() for key, text in sections.items()}
    draft.version += 1
    draft.updated_at = timezone.now()
    draft.updated_by = by
    draft.save()
    return draft


@transaction.atomic
def narrative_merge_late(*, unit: AdministrativeUnit | None, period_code: str, by) -> int:
    """Append to the saved narrative what the reports accepted after its last save wrote, section by section
    (each text once, with its units); returns how many reports were merged. The office then edits as usual."""
    from reporting.consolidation import selectors

    draft = NarrativeDraft.objects.select_for_update().filter(unit=unit, period_code=period_code).first()
    data = selectors.consolidation_load(unit=unit, period_code=period_code)
    if draft is None or data is None:
        raise ValidationError(_("There is no saved narrative to add to."))
    late = selectors.narrative_late(data=data, draft=draft)
    if not late:
        raise ValidationError(_("No report was accepted after the narrative was last saved."))
    additions = selectors.narrative_assemble(data=data, children=late)
    sections = dict(draft.sections)
    for key, text in additions.items():
        if text:
            sections[key] = "\n\n".join(part for part in ((sections.get(key) or "").strip(), text) if part)
    draft.sections = sections
    draft.version += 1
    draft.updated_at = timezone.now()
    draft.updated_by = by
    draft.save()
    return len(late)


def consolidation_export_request(
    *, unit: AdministrativeUnit | None, period_code: str, fmt: str, include_late: bool, by
) -> ExportJob:
    if fmt not in FORMATS:
        raise ValidationError({"fmt": _("Unknown format.")})
    title = _("%(format)s – %(unit)s – %(period)s") % {
        "format": {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}[fmt],
        "unit": unit.name if unit else _("Whole country"),
        "period": period_code,
    }
    return export_job_request(
        kind=f"consolidated_{fmt}",
        params={"unit": unit.code if unit else None, "period": period_code, "include_late": include_late},
        unit=unit,
        requested_by=by,
        title=title,
    )


# --- issuing --------------------------------------------------------------------------------------------------


def consolidation_source(*, unit: AdministrativeUnit, period_code: str) -> str:
    return f"consolidation:{unit.key}:{period_code}"


@transaction.atomic
def consolidation_issue(*, unit: AdministrativeUnit | None, period_code: str, include_late: bool, by):
    """Issue the consolidated report: the next number of the unit's register, dated today, content frozen as it
    is now (the figures, the narrative), PDF and Word stored. One issued report per unit and period."""
    from campaign_portal.documents.register import Kind, document_issue
    from campaign_portal.jobs import ExportError
    from reporting.consolidation import documents
    from reporting.consolidation.jobs import consolidated_document
    from steering.services import issuer_for_unit

    if unit is None:
        raise ValidationError(_("The national consolidation is not issued from the portal; export it as a draft."))
    if not unit.is_current:
        raise ValidationError(_("%(unit)s no longer exists: it issues no documents.") % {"unit": unit})
    try:
        doc = consolidated_document(unit=unit, period_code=period_code, include_late=include_late)
    except ExportError as exc:
        raise ValidationError(str(exc)) from exc
    return document_issue(
        issuer=issuer_for_unit(unit=unit),
        kind=Kind.CONSOLIDATED_REPORT,
        source=consolidation_source(unit=unit, period_code=period_code),
        document=documents.official_document(doc),
        filename=f"Bao-cao-tong-hop-{unit.code}-{period_code}",
        by=by,
    )


def consolidation_cancel(*, unit: AdministrativeUnit, period_code: str, reason: str, by):
    """Cancel the issued consolidated report (its number stays in the register, cancelled); it can be issued again."""
    from campaign_portal.documents.register import document_cancel, issued_for

    issued = issued_for(source=consolidation_source(unit=unit, period_code=period_code))
    if issued is None:
        raise ValidationError(_("This report has not been issued."))
    return document_cancel(document=issued, by=by, reason=reason)
