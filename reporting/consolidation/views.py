"""The consolidated report of a unit for a period: figures with their lineage, who is left out and why, the
consolidator's narrative, and the PDF / Excel export buttons with a live progress bar."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaign_portal.documents.register import issued_for
from campaign_portal.export_permissions import can_view_job
from campaign_portal.forms import add_service_error
from campaign_portal.models import ExportJob
from reporting import vocabulary
from reporting.consolidation import selectors, services
from reporting.consolidation.forms import ExportForm, NarrativeForm
from reporting.consolidation.permissions import (
    NATIONAL,
    can_edit_consolidation,
    can_export_consolidation,
    can_issue_consolidation,
    check_can_edit,
    get_consolidation_unit_for_user,
)
from reporting.models import ContentArea
from reporting.selectors import period_list


def _include_late(request) -> bool:
    return request.GET.get("late", "1") != "0"


@require_GET
def consolidation_index(request):
    """Pick a period: the user's own unit's consolidation for every period that concerns them."""
    groups = selectors.consolidation_choices(user=request.user)
    national_codes = []
    if request.user.is_superuser:
        periods = period_list(user=request.user).order_by("-end_date")
        national_codes = list(OrderedDict.fromkeys(p.code for p in periods))
    return render(
        request,
        "reporting/consolidation/index.html",
        {"groups": groups, "national": request.user.is_superuser, "national_codes": national_codes},
    )


@require_http_methods(["GET", "POST"])
def consolidation_detail(request, unit_code: str, period_code: str):
    unit = get_consolidation_unit_for_user(
        request.user, unit_code, write=request.method == "POST", period_code=period_code
    )
    include_late = _include_late(request)
    data = selectors.consolidation_load(unit=unit, period_code=period_code, include_late=include_late)
    if data is None:
        raise Http404
    can_edit = can_edit_consolidation(request.user, unit)
    draft = selectors.narrative_draft(unit=unit, period_code=period_code)
    assembled = selectors.narrative_assemble(data=data)
    assembled_opening = selectors.narrative_opening(data=data)
    initial = {selectors.OPENING_KEY: assembled_opening, **assembled, **(draft.sections if draft else {})}
    status = 200
    form = NarrativeForm(
        outline=data.outline, initial_texts=initial, initial={"version": draft.version if draft else 0}
    )
    if request.method == "POST":
        check_can_edit(request.user, unit)
        form = NarrativeForm(request.POST, outline=data.outline, initial_texts=initial)
        if form.is_valid():
            try:
                services.narrative_save(
                    unit=unit,
                    period_code=period_code,
                    sections=form.sections(),
                    allowed_keys=form.allowed_keys,
                    version=form.cleaned_data.get("version"),
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The narrative has been saved."))
                return redirect(request.get_full_path() + "#narrative")
        status = 400

    job = None
    if request.GET.get("job", "").isdigit():
        job = ExportJob.objects.select_related("unit").filter(pk=int(request.GET["job"]), unit=unit).first()
        if job is not None and not can_view_job(request.user, job):
            job = None
    recent = (
        ExportJob.objects.filter(
            requested_by=request.user, unit=unit, kind__startswith="consolidated_", params__period=period_code
        )
        .select_related("unit")
        .order_by("-created_at")[:5]
    )

    figures = data.result.figures
    names = {child.unit_code: child.unit_name for child in data.result.children}
    groups = []
    for area in ContentArea:
        rows = [
            (
                ind,
                figures[ind.code],
                [(src, vocabulary.beside_label(src.reason)) for src in figures[ind.code].beside],
                [names.get(code, code) for code in figures[ind.code].no_value],
            )
            for ind in data.indicators
            if ind.area == area.value
        ]
        if rows:
            groups.append((area.value, area.label, rows))
    excluded = [(e, vocabulary.reason_label(e.reason)) for e in data.result.excluded]
    return render(
        request,
        "reporting/consolidation/detail.html",
        {
            "unit": unit,
            "unit_code": unit.key if unit else NATIONAL,
            "period_code": period_code,
            "data": data,
            "groups": groups,
            "excluded": excluded,
            "completeness": data.result.completeness,
            "include_late": include_late,
            "can_edit": can_edit,
            "can_export": can_export_consolidation(request.user, unit),
            "can_issue": can_issue_consolidation(request.user, unit),
            "issued": issued_for(source=services.consolidation_source(unit=unit, period_code=period_code))
            if unit is not None
            else None,
            "form": form,
            "draft": draft,
            "assembled": assembled,
            "late": selectors.narrative_late(data=data, draft=draft),
            "job": job,
            "recent_jobs": [j for j in recent if job is None or j.pk != job.pk],
            "export_form": ExportForm(initial={"include_late": include_late}),
        },
        status=status,
    )


@require_POST
def consolidation_export(request, unit_code: str, period_code: str, fmt: str):
    unit = get_consolidation_unit_for_user(request.user, unit_code, period_code=period_code)
    if not can_export_consolidation(request.user, unit):
        raise PermissionDenied
    if fmt not in services.FORMATS:
        raise Http404
    if not selectors.consolidation_period_exists(unit=unit, period_code=period_code):
        raise Http404
    form = ExportForm(request.POST)
    include_late = form.is_valid() and form.cleaned_data["include_late"]
    job = services.consolidation_export_request(
        unit=unit, period_code=period_code, fmt=fmt, include_late=include_late, by=request.user
    )
    url = reverse("consolidation:detail", args=[unit_code, period_code])
    late = "" if include_late else "&late=0"
    return redirect(f"{url}?job={job.pk}{late}#export")


@require_POST
def consolidation_issue(request, unit_code: str, period_code: str):
    unit = get_consolidation_unit_for_user(request.user, unit_code, write=True, period_code=period_code)
    if not can_issue_consolidation(request.user, unit):
        raise PermissionDenied
    if not selectors.consolidation_period_exists(unit=unit, period_code=period_code):
        raise Http404
    form = ExportForm(request.POST)
    include_late = form.is_valid() and form.cleaned_data["include_late"]
    try:
        issued = services.consolidation_issue(
            unit=unit, period_code=period_code, include_late=include_late, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The report was issued as number %(number)s dated %(date)s.")
            % {"number": issued.number, "date": f"{issued.issued_on:%d/%m/%Y}"},
        )
    return redirect(reverse("consolidation:detail", args=[unit_code, period_code]) + "#export")


@require_POST
def consolidation_cancel(request, unit_code: str, period_code: str):
    unit = get_consolidation_unit_for_user(request.user, unit_code, write=True, period_code=period_code)
    if not can_issue_consolidation(request.user, unit):
        raise PermissionDenied
    try:
        issued = services.consolidation_cancel(
            unit=unit, period_code=period_code, reason=request.POST.get("reason", ""), by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Number %(number)s was cancelled.") % {"number": issued.number})
    return redirect(reverse("consolidation:detail", args=[unit_code, period_code]) + "#export")


@require_POST
def narrative_merge(request, unit_code: str, period_code: str):
    """Add the text of the reports accepted after the last save to the office's narrative."""
    unit = get_consolidation_unit_for_user(request.user, unit_code, write=True, period_code=period_code)
    check_can_edit(request.user, unit)
    try:
        merged = services.narrative_merge_late(unit=unit, period_code=period_code, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The text of %(n)s later reports was added to the narrative.") % {"n": merged})
    return redirect(reverse("consolidation:detail", args=[unit_code, period_code]) + "#narrative")
