"""Plans, tasks, progress, monitoring and activities. Each view: access check -> form -> one service call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaign_portal.forms import add_service_error
from campaign_portal.uploads import private_file_response
from campaign_portal.xlsx import xlsx_response
from steering import permissions as unit_permissions
from steering.models import (
    KIND_FIGURES,
    ActivityKind,
    AdministrativeUnit,
    Membership,
    Person,
    PlanTask,
    Role,
)
from steering.permissions import can_change_unit, check_unit_access, unit_q
from steering.plans import forms, permissions, selectors, services, workbooks

# --- plans ---------------------------------------------------------------------------------------------------


def _year_param(request) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


def plan_list(request):
    year = _year_param(request)
    plans = selectors.plan_list(user=request.user, year=year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(workbooks.plans_workbook(plans=plans), "ke-hoach.xlsx")
    unit = request.user.unit
    context = {
        "plans": plans,
        "year": year,
        "can_create": unit is not None and can_change_unit(request.user, unit),
        "today": timezone.localdate(),
    }
    return render(request, "steering/plans/plan_list.html", context)


def _unit_for_new_plan(request) -> AdministrativeUnit:
    code = request.GET.get("unit") or (request.user.unit.code if request.user.unit_id else "")
    if not code:
        raise Http404
    return unit_permissions.get_unit_for_user(request.user, code, write=True)


@require_http_methods(["GET", "POST"])
def plan_create(request):
    unit = _unit_for_new_plan(request)
    form = forms.PlanForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(unit=unit, created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The plan was recorded. Now add its tasks."))
            return redirect("steering:plan_detail", pk=plan.pk)
    context = {"form": form, "title": _("New plan"), "back": ("steering:plan_list", None)}
    return render(request, "steering/plans/form.html", context)


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk, write=True)
    initial = {
        name: getattr(plan, name)
        for name in (
            "number",
            "date",
            "title",
            "year",
            "committee",
            "implements_number",
            "implements_date",
            "implements_issuer",
            "purpose",
        )
    }
    form = forms.PlanForm(request.POST or None, unit=plan.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(unit=plan.unit, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("steering:plan_detail", pk=plan.pk)
    context = {"form": form, "title": _("Edit plan %(number)s") % {"number": plan.number}, "plan": plan}
    return render(request, "steering/plans/form.html", context)


def plan_detail(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    tasks = list(selectors.plan_tasks(plan=plan, today=today))
    areas: dict[int, list[PlanTask]] = {}
    for task in tasks:
        areas.setdefault(task.get_content_area_display(), []).append(task)
    context = {
        "plan": plan,
        "areas": areas,
        "task_count": len(tasks),
        "by_area": selectors.plan_progress_by_area(plan=plan, today=today),
        "by_assignee": selectors.plan_progress_by_assignee(plan=plan, today=today),
        "attachments": selectors.plan_attachments(plan=plan),
        "can_manage": permissions.can_manage_plan(request.user, plan),
        "attachment_form": forms.AttachmentForm(),
        "today": today,
    }
    return render(request, "steering/plans/plan_detail.html", context)


def _plan_print_issuer(plan, *, issued_on_paper: bool):
    """Who the printed plan is from: its committee (or the unit's standing board). A plan recorded from paper
    prints under the issuer whose series its number is in: 98/KH-MT of a committee's plan was issued by the
    standing board (the MT series), and the header and signature must say so."""
    from steering.selectors import issuer_of, issuer_of_committee

    if not plan.committee_id:
        return issuer_of(unit=plan.unit)
    committee_issuer = issuer_of_committee(committee=plan.committee)
    if issued_on_paper and "-" in plan.number:
        code = plan.number.rsplit("-", 1)[1].strip().upper()
        if code != (committee_issuer.code or "").upper():
            board = issuer_of(unit=plan.unit)
            if code == (board.code or "").upper():
                return board
    return committee_issuer


def plan_pdf(request, pk):
    """The KẾ HOẠCH as a draft (PDF, or Word with ?format=docx) any number of times; once issued, its files."""
    from campaign_portal.documents import responses

    plan = permissions.get_plan_for_user(request.user, pk)
    issued = services.plan_issued(plan=plan)
    issuer = _plan_print_issuer(plan, issued_on_paper=bool(plan.number) and issued is None)
    return responses.document_download(
        request,
        issued=issued,
        document_of=lambda: services.plan_document(plan=plan, issuer=issuer),
        filename=f"ke-hoach-{plan.year}-{plan.pk}",
        recorded_filename=f"ke-hoach-{plan.number.replace('/', '-')}",
    )


@require_POST
def plan_issue(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk, write=True)
    try:
        issued = services.plan_issue(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        from campaign_portal.documents.responses import issued_message

        issued_message(request, issued)
    return redirect("steering:plan_detail", pk=plan.pk)


def plan_xlsx(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    tasks = selectors.task_list(user=request.user, plan=plan, today=today).order_by(
        "content_area", "parent_task_id", "order", "unit__code", "pk"
    )
    content = workbooks.plan_workbook(
        plan=plan,
        tasks=tasks,
        by_area=selectors.plan_progress_by_area(plan=plan, today=today),
        by_assignee=selectors.plan_progress_by_assignee(plan=plan, today=today),
        today=today,
    )
    return xlsx_response(content, f"ke-hoach-{plan.number.replace('/', '-')}.xlsx")


@require_POST
def plan_attachment_add(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk, write=True)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.plan_attachment_add(plan=plan, uploaded_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
    if form.errors:
        context = {"form": form, "title": _("Attach a file to %(number)s") % {"number": plan.number}, "plan": plan}
        return render(request, "steering/plans/form.html", {**context, "multipart": True}, status=400)
    messages.success(request, _("The file was attached."))
    return redirect("steering:plan_detail", pk=plan.pk)


def plan_attachment_download(request, pk):
    attachment = permissions.get_attachment_for_user(request.user, pk)
    return private_file_response(attachment.file, attachment.name)


# --- tasks ---------------------------------------------------------------------------------------------------


def _task_filters(request) -> tuple[forms.TaskFilterForm, dict]:
    form = forms.TaskFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "status": data.get("status") or "",
        "content_area": data.get("content_area"),
        "overdue": bool(data.get("overdue")),
        "mine": bool(data.get("mine")),
        "query": data.get("q") or "",
    }


def task_list(request):
    form, filters = _task_filters(request)
    today = timezone.localdate()
    tasks = selectors.task_list(user=request.user, today=today, **filters)
    if request.GET.get("format") == "xlsx":
        content = workbooks.tasks_workbook(tasks=tasks, title=_("Tasks"), today=today)
        return xlsx_response(content, f"nhiem-vu-{today:%Y%m%d}.xlsx")
    page = list(tasks[:300])
    context = {"form": form, "tasks": page, "truncated": len(page) == 300, "today": today}
    return render(request, "steering/plans/task_list.html", context)


@require_http_methods(["GET", "POST"])
def task_create(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk, write=True)
    form = forms.TaskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_save(plan=plan, created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The task was added."))
            if "add_another" in request.POST:
                return redirect("steering:task_create", pk=plan.pk)
            return redirect("steering:task_detail", pk=task.pk)
    context = {"form": form, "plan": plan, "title": _("New task of %(number)s") % {"number": plan.number}}
    return render(request, "steering/plans/task_form.html", context)


@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = permissions.get_task_for_user(request.user, pk)
    if not permissions.can_manage_plan(request.user, task.plan):
        raise PermissionDenied
    is_copy = task.parent_task_id is not None
    initial = {
        name: getattr(task, name)
        for name in (
            "content_area",
            "section",
            "title",
            "description",
            "lead_kind",
            "lead_agency",
            "lead_committee",
            "lead_role",
            "due_date",
            "recurrence",
            "recur_until",
            "expected_output",
        )
    }
    initial["co_agencies"] = list(task.co_agencies.all())
    form = forms.TaskForm(request.POST or None, plan=task.plan, is_copy=is_copy, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if is_copy:
            data.update(lead_kind=task.lead_kind, lead_committee=task.lead_committee)
        try:
            services.task_save(plan=task.plan, task=task, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The task was saved."))
            return redirect("steering:task_detail", pk=task.pk)
    context = {"form": form, "plan": task.plan, "task": task, "title": _("Edit task")}
    return render(request, "steering/plans/task_form.html", context)


def task_detail(request, pk):
    task = permissions.get_task_for_user(request.user, pk)
    today = timezone.localdate()
    can_update = permissions.can_update_task(request.user, task)
    allowed = services.task_allowed_statuses(task=task)
    context = {
        "task": task,
        "plan_visible": unit_permissions.can_view_unit(request.user, task.plan.unit),
        "parent_visible": task.parent_task_id and unit_permissions.can_view_unit(request.user, task.parent_task.unit),
        "updates": selectors.task_updates(task=task),
        "copies": selectors.task_copies(task=task),
        "co_agencies": task.co_agencies.all(),
        "overdue": services.task_is_overdue(task=task, today=today),
        "can_update": can_update,
        "can_edit": permissions.can_manage_plan(request.user, task.plan),
        "can_cascade": permissions.can_edit_task(request.user, task),
        "update_form": forms.TaskUpdateForm(allowed=allowed) if can_update else None,
        "today": today,
    }
    return render(request, "steering/plans/task_detail.html", context)


@require_POST
def task_cascade(request, pk):
    task = permissions.get_task_for_user(request.user, pk, write=True)
    try:
        result = services.task_cascade(task=task, created_by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("steering:task_detail", pk=task.pk)
    if result.created:
        messages.success(
            request, _("The task was sent to %(n)s committees one level down.") % {"n": len(result.created)}
        )
    elif result.existing:
        messages.info(request, _("Every committee one level down already has this task."))
    if result.without_committee:
        names = ", ".join(u.name for u in result.without_committee)
        messages.warning(request, _("These units have no steering committee yet: %(names)s.") % {"names": names})
    return redirect("steering:task_detail", pk=task.pk)


@require_POST
def task_update_create(request, pk):
    task = permissions.get_task_for_update(request.user, pk)
    allowed = services.task_allowed_statuses(task=task)
    form = forms.TaskUpdateForm(request.POST, request.FILES, allowed=allowed)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.task_update_post(
                task=task, status=data["status"], note=data["note"], files=data["evidence"], author=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Your progress update was recorded."))
            return redirect("steering:task_detail", pk=task.pk)
    context = {"form": form, "title": _("Progress update: %(task)s") % {"task": task.title}, "task": task}
    return render(request, "steering/plans/form.html", {**context, "multipart": True}, status=400)


def evidence_download(request, pk):
    evidence = permissions.get_evidence_for_user(request.user, pk)
    return private_file_response(evidence.file, evidence.name)


# --- monitoring ----------------------------------------------------------------------------------------------


def assignment_list(request):
    assignments = selectors.assignment_list(user=request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(workbooks.assignments_workbook(assignments=assignments), "theo-doi-dia-ban.xlsx")
    return render(request, "steering/plans/assignment_list.html", {"assignments": assignments})


@require_http_methods(["GET", "POST"])
def assignment_create(request, pk):
    committee = unit_permissions.get_committee_for_user(request.user, pk, write=True)
    form = forms.AssignmentForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.monitoring_assignment_create(
                committee=committee, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The member was assigned."))
            return redirect("steering:assignment_detail", pk=assignment.pk)
    context = {"form": form, "committee": committee, "title": _("Assign a member to follow units")}
    return render(request, "steering/plans/form.html", context)


def assignment_detail(request, pk):
    assignment = permissions.get_assignment_for_user(request.user, pk)
    context = {
        "assignment": assignment,
        "units": assignment.units.all(),
        "visits": selectors.visit_list(assignment=assignment),
        "can_log": permissions.can_log_visit(request.user, assignment),
        "can_end": assignment.end_date is None
        and unit_permissions.can_change_unit(request.user, assignment.committee.unit),
        "committee_visible": unit_permissions.can_view_unit(request.user, assignment.committee.unit),
    }
    return render(request, "steering/plans/assignment_detail.html", context)


@require_http_methods(["GET", "POST"])
def visit_create(request, pk):
    assignment = permissions.get_assignment_for_user(request.user, pk)
    if not permissions.can_log_visit(request.user, assignment):
        raise PermissionDenied
    units = assignment.units.all()
    form = forms.VisitForm(request.POST or None, units=units, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_visit_record(assignment=assignment, created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The visit was logged."))
            return redirect("steering:assignment_detail", pk=assignment.pk)
    context = {"form": form, "title": _("Log a visit"), "assignment": assignment}
    return render(request, "steering/plans/form.html", context)


@require_http_methods(["GET", "POST"])
def assignment_end(request, pk):
    assignment = permissions.get_assignment_for_user(request.user, pk, write=True)
    if assignment.end_date is not None:
        messages.info(request, _("This assignment has already ended."))
        return redirect("steering:assignment_detail", pk=assignment.pk)
    form = forms.AssignmentEndForm(
        request.POST or None, assignment=assignment, initial={"end_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_assignment_end(assignment=assignment, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The assignment was ended; it stays in the history with its visits."))
            return redirect("steering:assignment_detail", pk=assignment.pk)
    context = {"form": form, "title": _("End the assignment"), "assignment": assignment}
    return render(request, "steering/plans/form.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def visit_edit(request, pk):
    visit = permissions.get_visit_for_user(request.user, pk, write=True)
    initial = {"content": visit.content, "findings": visit.findings}
    form = forms.VisitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_visit_update(visit=visit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The visit was saved."))
            return redirect("steering:assignment_detail", pk=visit.assignment_id)
    title = _("Visit of %(date)s to %(unit)s") % {"date": visit.date.strftime("%d/%m/%Y"), "unit": visit.unit.name}
    context = {"form": form, "title": title, "assignment": visit.assignment}
    return render(request, "steering/plans/form.html", context, status=400 if form.is_bound else 200)


def person_detail(request, pk):
    """A committee member's page: their terms, the units they follow, their visits and the tasks they lead."""
    person = get_object_or_404(Person, pk=pk)
    terms = list(
        Membership.objects.filter(person=person)
        .filter(unit_q(request.user, "committee__unit"))
        .select_related("committee__unit", "agency")
        .order_by("-start_date")
    )
    if not terms:
        raise Http404
    context = {
        "person": person,
        "terms": terms,
        "assignments": selectors.person_assignments(person=person).filter(unit_q(request.user, "committee__unit")),
        "visits": selectors.visit_list(person=person, limit=50),
        "tasks": selectors.person_tasks(person=person).filter(unit_q(request.user)),
        "today": timezone.localdate(),
    }
    return render(request, "steering/plans/person_detail.html", context)


# --- activities ----------------------------------------------------------------------------------------------


def activity_list(request):
    form = forms.ActivityFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    activities = selectors.activity_list(
        user=request.user,
        kind=data.get("kind") or "",
        content_area=data.get("content_area"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        query=data.get("q") or "",
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(workbooks.activities_workbook(activities=activities), "hoat-dong.xlsx")
    page = list(activities[:300])
    context = {
        "form": form,
        "activities": page,
        "truncated": len(page) == 300,
        "totals": selectors.activity_totals(activities=activities),
        "can_create": _loggable_units(request.user).exists(),
    }
    return render(request, "steering/plans/activity_list.html", context)


def _loggable_units(user):
    """The units `user` may log activities for: their own, and below it for the provincial office."""
    if user.is_superuser or user.has_role(Role.PROVINCIAL_OFFICE):
        return AdministrativeUnit.objects.filter(unit_q(user, field="")).order_by("path")
    if user.has_role(Role.UNIT_STAFF) and user.unit_id:
        return AdministrativeUnit.objects.filter(pk=user.unit_id)
    return AdministrativeUnit.objects.none()


@require_http_methods(["GET", "POST"])
def activity_create(request):
    kind = request.GET.get("kind", "")
    units = _loggable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    if kind not in ActivityKind.values:
        kinds = [(value, label, KIND_FIGURES[value]) for value, label in ActivityKind.choices]
        return render(request, "steering/plans/activity_kind.html", {"kinds": kinds})
    form = forms.ActivityForm(request.POST or None, kind=kind, units=units, initial={"unit": request.user.unit_id})
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_save(created_by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The activity was logged."))
            return redirect("steering:activity_detail", pk=activity.pk)
    title = _("Log an activity: %(kind)s") % {"kind": ActivityKind(kind).label}
    return render(request, "steering/plans/form.html", {"form": form, "title": title, "back_activities": True})


def activity_detail(request, pk):
    activity = permissions.get_activity_for_user(request.user, pk)
    context = {"activity": activity, "can_change": can_change_unit(request.user, activity.unit)}
    return render(request, "steering/plans/activity_detail.html", context)


@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = permissions.get_activity_for_user(request.user, pk, write=True)
    units = _loggable_units(request.user) | AdministrativeUnit.objects.filter(pk=activity.unit_id)
    initial = {
        name: getattr(activity, name)
        for name in ("unit", "title", "date", "end_date", "place", "content_area", "description")
    }
    initial.update({name: getattr(activity, name) for name in KIND_FIGURES[activity.kind][1]})
    form = forms.ActivityForm(request.POST or None, kind=activity.kind, units=units.distinct(), initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        check_unit_access(request.user, kwargs["unit"], write=True)
        try:
            services.activity_save(activity=activity, **kwargs)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("steering:activity_detail", pk=activity.pk)
    title = _("Edit activity")
    return render(request, "steering/plans/form.html", {"form": form, "title": title, "back_activities": True})


@require_POST
def activity_delete(request, pk):
    activity = permissions.get_activity_for_user(request.user, pk, write=True)
    services.activity_delete(activity=activity)
    messages.success(request, _("The activity was deleted."))
    return redirect("steering:activity_list")
