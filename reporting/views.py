"""Periods, the filing form, review, the status board and printing. Access check -> form -> one service call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaign_portal.forms import add_service_error
from reporting import documents, forms, permissions, selectors, services
from reporting.models import ReportStatus


def period_list(request):
    context = {
        "groups": selectors.period_groups(user=request.user),
        "own_reports": selectors.own_reports(user=request.user),
        "can_open": permissions.can_manage_periods(request.user, request.user.unit),
    }
    return render(request, "reporting/period_list.html", context)


@require_http_methods(["GET", "POST"])
def period_open(request):
    owner = request.user.unit
    if not permissions.can_manage_periods(request.user, owner):
        raise PermissionDenied
    form = forms.PeriodOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_open(owner=owner, opened_by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The period was opened and the expected reports were created."))
            return redirect("reporting:period_board", pk=period.pk)
    defaults = [
        (pt, services.period_defaults(period_type=pt, year=selectors.today().year))
        for pt in form.fields["period_type"].queryset
    ]
    return render(request, "reporting/period_open.html", {"form": form, "defaults": defaults, "owner": owner})


@require_http_methods(["GET", "POST"])
def period_edit(request, pk):
    period = permissions.get_period_for_user(request.user, pk, write=True)
    form = forms.DeadlinesForm(request.POST or None, period=period)
    if request.method == "POST":
        action = request.POST.get("action", "deadlines")
        try:
            if action in ("close", "reopen"):
                status = period.Status.CLOSED if action == "close" else period.Status.OPEN
                services.period_set_status(period=period, status=status)
                messages.success(request, _("The period is now %(status)s.") % {"status": period.Status(status).label})
                return redirect("reporting:period_board", pk=period.pk)
            if form.is_valid():
                services.period_deadlines_set(period=period, deadlines=form.deadlines)
                messages.success(request, _("The deadlines were saved."))
                return redirect("reporting:period_board", pk=period.pk)
        except ValidationError as exc:
            add_service_error(form, exc)
    return render(request, "reporting/period_edit.html", {"form": form, "period": period})


def period_board(request, pk):
    """The status board of the reviewing unit (the user's own unless ?unit= names one below it)."""
    period = permissions.get_period_for_user(request.user, pk)
    unit = permissions.board_unit_for_user(request.user, request.GET.get("unit"), period=period)
    if unit is None:
        raise Http404
    all_levels = request.GET.get("scope") == "all"
    reports = list(selectors.board_reports(unit=unit, period=period, all_levels=all_levels))
    counts = selectors.board_counts(reports=selectors.board_reports(unit=unit, period=period, all_levels=all_levels))
    status_filter = request.GET.get("status", "")
    if status_filter in ReportStatus.values:
        shown = [r for r in reports if r.status == status_filter]
    else:
        shown = reports
    context = {
        "period": period,
        "unit": unit,
        "reports": shown,
        "counts": counts,
        "all_levels": all_levels,
        "status_filter": status_filter,
        "statuses": ReportStatus.choices,
        "chart": selectors.completeness_by_period(unit=unit, user=request.user, all_levels=all_levels),
        "can_manage": permissions.can_manage_periods(request.user, period.owner),
        "today": selectors.today(),
    }
    return render(request, "reporting/period_board.html", context)


def _report_context(request, report, **extra):
    groups, missing, warnings = selectors.report_indicator_groups(report=report)
    context = {
        "report": report,
        "reporter_name": selectors.reporter_name(report=report),
        "period": report.period,
        "groups": groups,
        "missing": missing,
        "previous_note": selectors.previous_comparison(report=report).note,
        "sections": selectors.report_sections(report=report),
        "attachments": report.attachments.all(),
        "transitions": selectors.report_transitions(report=report),
        "last_return": selectors.last_return(report=report),
        "can_edit": report.is_editable and permissions.can_change_unit(request.user, report.unit),
        "can_review": permissions.can_review(request.user, report),
        "issuer": documents.issuer_for(report),
        "issued": None if report.agency_id else documents.issued_of(report),
    }
    context.update(extra)
    return context


def report_detail(request, pk):
    report = permissions.get_report_for_user(request.user, pk)
    context = _report_context(request, report)
    if context["can_review"]:
        before, after, diff = selectors.report_diff(report=report)
        context.update(diff_before=before, diff_after=after, diff=diff)
        if report.status == ReportStatus.SUBMITTED:
            context["review_form"] = forms.ReviewForm(
                initial={"version": report.version}, template=report.period.template
            )
    return render(request, "reporting/report_detail.html", context)


@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    report = permissions.get_report_for_user(request.user, pk, write=True)
    indicators = selectors.report_indicators(report=report)
    sections = selectors.report_outline(report=report)
    prefill = selectors.report_prefill(report=report)
    initial = {"version": report.version}
    for value in report.values.select_related("indicator"):
        initial[f"v_{value.indicator.code}"] = f"{value.value.normalize():f}".replace(".", ",")
        initial[f"n_{value.indicator.code}"] = value.note
    for section, text in selectors.report_sections(report=report):
        initial[f"s_{section.key}"] = text
    form = forms.ReportForm(request.POST or None, initial=initial, indicators=indicators, sections=sections)
    status = 200
    posted_values = None
    if request.method == "POST":
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            prefilled = {
                code: prefill[code].source
                for code, value in form.values.items()
                if code in prefill and value is not None and value == prefill[code].value
            }
            try:
                action = services.report_submit if submit else services.report_save
                action(
                    report=report,
                    version=form.cleaned_data["version"],
                    by=request.user,
                    values=form.values,
                    sections=form.section_texts,
                    prefilled=prefilled,
                    notes=form.notes,
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                if submit:
                    messages.success(
                        request,
                        _("The report was submitted to %(unit)s.")
                        % {"unit": report.reviewer_unit.name if report.reviewer_unit else "—"},
                    )
                    return redirect("reporting:report_detail", pk=report.pk)
                messages.success(request, _("The draft was saved."))
                return redirect("reporting:report_edit", pk=report.pk)
        status = 400
        posted_values = getattr(form, "values", None)
    groups, missing, warnings = selectors.report_indicator_groups(report=report, values=posted_values, prefill=prefill)
    for group in groups:
        for row in group.rows:
            row.field = form[f"v_{row.indicator.code}"]
            row.note_field = form[f"n_{row.indicator.code}"]
    context = _report_context(
        request,
        report,
        form=form,
        groups=groups,
        missing=missing,
        warnings=warnings,
        section_fields=[(s, form[f"s_{s.key}"] if s.writable else None) for s in sections],
        attachment_form=forms.AttachmentForm(),
        prefill_count=len(prefill),
    )
    if not context["can_edit"]:
        return render(request, "reporting/report_locked.html", context, status=409 if request.method == "POST" else 200)
    return render(request, "reporting/report_edit.html", context, status=status)


@require_POST
def report_review(request, pk):
    report = permissions.get_report_for_reviewer(request.user, pk)
    form = forms.ReviewForm(request.POST, template=report.period.template)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == form.ACCEPT:
                services.report_accept(report=report, by=request.user, version=data["version"])
                messages.success(request, _("The report was accepted."))
            else:
                services.report_return(
                    report=report,
                    by=request.user,
                    version=data["version"],
                    reason=data["reason"],
                    pinned_section=data["pinned_section"],
                    pinned_indicator=data["pinned_indicator"],
                )
                messages.success(request, _("The report was returned to the unit."))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return redirect("reporting:report_detail", pk=report.pk)
    context = _report_context(request, report, review_form=form)
    before, after, diff = selectors.report_diff(report=report)
    context.update(diff_before=before, diff_after=after, diff=diff)
    return render(request, "reporting/report_detail.html", context, status=400)


def report_print(request, pk):
    """The official layout on screen (print it with the browser); a working copy prints as a draft."""
    report = permissions.get_report_for_user(request.user, pk)
    context = documents.print_context(report, working=request.GET.get("draft") == "1" and report.is_editable_status)
    return render(request, "reporting/report_print.html", context)


def report_pdf(request, pk):
    """The issued files of the submission shown; with ?draft=1 (or before any submission) a draft of the report as
    it stands, any number of times. ?format=docx for Word."""
    from campaign_portal.documents import responses

    report = permissions.get_report_for_user(request.user, pk)
    return responses.document_download(
        request,
        issued=None if report.agency_id else documents.issued_of(report),
        document_of=lambda: documents.report_document(report, working=report.is_editable_status),
        filename=documents.filename(report),
    )


@require_POST
def attachment_add(request, pk):
    report = permissions.get_report_for_user(request.user, pk, write=True)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_attachment_add(report=report, file=form.cleaned_data["file"], by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("reporting:report_edit", pk=report.pk)


def attachment_download(request, pk):
    from campaign_portal.uploads import private_file_response

    attachment = permissions.get_attachment_for_user(request.user, pk)
    try:
        return private_file_response(attachment.file, attachment.name)
    except FileNotFoundError as exc:
        raise Http404 from exc


@require_POST
def attachment_delete(request, pk):
    attachment = permissions.get_attachment_for_user(request.user, pk, write=True)
    try:
        services.report_attachment_delete(attachment=attachment)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The file was removed."))
    return redirect("reporting:report_edit", pk=attachment.report_id)
