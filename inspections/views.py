"""Businesses, plans, inspection records, photos, follow-ups, lists and the summary.

Each view: access check -> form -> one service call -> redirect. Photos and PDFs go out only after the same
scope check as the record they belong to.
"""

from __future__ import annotations

import datetime
import json
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaign_portal.documents import responses
from campaign_portal.documents.register import issued_for
from campaign_portal.forms import add_service_error
from inspections import forms, permissions, selectors, services, workbooks
from inspections.models import FollowUp, Inspection, InspectionDraft, InspectionPlan, PlanTarget
from steering.models import AdministrativeUnit, Membership
from steering.selectors import issuer_of_committee

PAGE_SIZE = 50
# Set in the session by a successful save; the next page tells the script to drop this phone's copies.
JUST_SAVED = "inspections_just_saved"


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _visible_units(user):
    return AdministrativeUnit.objects.filter(permissions.units_q(user)).order_by("path")


def _leaf_units_to_edit(user):
    """Communes where the user may register businesses."""
    units = _visible_units(user).filter(children__isnull=True)
    return units if user.is_superuser or permissions.can_edit_some_business(user) else units.none()


# --- businesses ---------------------------------------------------------------------------------------------


def business_list(request):
    form = forms.BusinessSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    businesses = selectors.business_list(
        user=request.user, query=data.get("q", ""), kind=data.get("kind", ""), ocop=data.get("ocop", False)
    )
    if request.GET.get("export") == "xlsx":
        return workbooks.businesses_xlsx(businesses)
    context = {
        "form": form,
        "page": _page(request, businesses),
        "can_add": permissions.can_edit_some_business(request.user),
        "can_import": permissions.can_import_businesses(request.user),
    }
    return render(request, "inspections/business_list.html", context)


def business_detail(request, pk):
    business = permissions.get_business_for_user(request.user, pk)
    context = {
        "business": business,
        "products": business.ocop_products.all(),
        "history": selectors.business_history(business=business),
        "can_change": permissions.can_edit_businesses(request.user, business.commune),
    }
    return render(request, "inspections/business_detail.html", context)


@require_http_methods(["GET", "POST"])
def business_edit(request, pk=None):
    business = permissions.get_business_for_user(request.user, pk, write=True) if pk else None
    if business is None and not permissions.can_edit_some_business(request.user):
        raise PermissionDenied
    communes = _leaf_units_to_edit(request.user)
    initial, ocop_initial = {}, []
    if business is not None:
        initial = {f: getattr(business, f) for f in forms.BusinessForm.base_fields if f != "commune"}
        initial["commune"] = business.commune
        ocop_initial = list(business.ocop_products.values("name", "stars", "certified_year"))
    form = forms.BusinessForm(request.POST or None, initial=initial, communes=communes)
    formset = forms.OcopFormSet(request.POST or None, initial=ocop_initial, prefix="ocop")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        products = [
            {k: f.cleaned_data[k] for k in ("name", "stars", "certified_year")}
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            business = services.business_save(business=business, ocop_products=products, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The business was saved."))
            return redirect("inspections:business_detail", pk=business.pk)
    context = {"form": form, "formset": formset, "business": business}
    return render(request, "inspections/business_form.html", context)


@require_http_methods(["GET", "POST"])
def business_import(request):
    if not permissions.can_import_businesses(request.user):
        raise PermissionDenied
    form = forms.BusinessImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.business_rows_from_xlsx(form.cleaned_data["file"])
            result = services.businesses_import(
                rows=rows, scope_unit=None if request.user.is_superuser else request.user.unit
            )
        except services.BusinessImportError as exc:
            errors = exc.errors
            form.add_error(None, _("Nothing was imported: correct the rows below and upload the file again."))
        else:
            messages.success(
                request,
                _("Import finished: %(created)s businesses added, %(updated)s updated.") % result,
            )
            return redirect("inspections:business_list")
    context = {"form": form, "errors": errors, "columns": services.IMPORT_COLUMNS}
    return render(request, "inspections/business_import.html", context, status=400 if errors else 200)


def business_import_template(request):
    if not permissions.can_import_businesses(request.user):
        raise PermissionDenied
    return workbooks.import_template_xlsx()


# --- plans --------------------------------------------------------------------------------------------------


def plan_list(request):
    plans = selectors.plan_list(user=request.user)
    context = {
        "page": _page(request, plans),
        "can_add": selectors.committees_for_plans(user=request.user).exists(),
    }
    return render(request, "inspections/plan_list.html", context)


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk=None):
    plan = permissions.get_plan_for_user(request.user, pk, write=True) if pk else None
    committees = selectors.committees_for_plans(user=request.user)
    if plan is None and not committees.exists():
        raise PermissionDenied
    initial = {"year": timezone.localdate().year, "issued_on": timezone.localdate()}
    if plan is not None:
        team = list(plan.team.all())
        initial = {
            "year": plan.year,
            "title": plan.title,
            "issued_on": plan.issued_on,
            "decision_number": plan.decision_number,
            "decision_date": plan.decision_date,
            "purpose": plan.purpose,
            "team": [t.membership_id for t in team],
            "lead": next((t.membership_id for t in team if t.is_lead), None),
        }
    form = forms.PlanForm(
        request.POST or None, initial=initial, committees=committees, committee=plan.committee if plan else None
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        committee = plan.committee if plan else data.pop("committee")
        try:
            plan = services.plan_save(plan=plan, committee=committee, user=request.user, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The inspection plan %(number)s was saved.") % {"number": plan.number})
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "plan": plan})


def plan_detail(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk)
    context = {
        "plan": plan,
        "team": selectors.plan_team(plan=plan),
        "targets": selectors.plan_targets(plan=plan),
        "inspections": selectors.inspection_list(user=request.user, plan=plan),
        "can_change": permissions.can_manage_plan(request.user, plan.committee.unit),
        "can_log": permissions.can_log_for_plan(request.user, plan),
    }
    return render(request, "inspections/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_target_add(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk, write=True)
    form = forms.PlanTargetForm(request.POST or None, businesses=selectors.businesses_for_plan(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_target_add(plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The business was added to the plan."))
            return redirect("inspections:plan_detail", pk=plan.pk)
    return render(request, "inspections/plan_target_form.html", {"form": form, "plan": plan})


@require_POST
def plan_target_delete(request, pk, target_pk):
    plan = permissions.get_plan_for_user(request.user, pk, write=True)
    target = PlanTarget.objects.filter(plan=plan, pk=target_pk).first()
    if target is None:
        permissions.raise_not_found()
    try:
        services.plan_target_remove(target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The business was removed from the plan."))
    return redirect("inspections:plan_detail", pk=plan.pk)


def plan_pdf(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk)

    def document_of():
        return services.plan_document(
            plan=plan,
            issuer=issuer_of_committee(committee=plan.committee),
            on=plan.issued_on if plan.number else timezone.localdate(),
        )

    return responses.document_download(
        request,
        issued=issued_for(source=services.plan_source(plan)),
        document_of=document_of,
        filename=f"ke-hoach-kiem-tra-{plan.year}-{plan.pk}",
    )


@require_POST
def plan_issue(request, pk):
    plan = permissions.get_plan_for_user(request.user, pk, write=True)
    try:
        issued = services.plan_issue(plan=plan, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        responses.issued_message(request, issued)
    return redirect("inspections:plan_detail", pk=plan.pk)


# --- inspections --------------------------------------------------------------------------------------------


def inspection_start(request):
    """Where an inspector begins: the planned inspections to log, unsaved autosaved forms, plans to log in."""
    context = {
        "targets": selectors.targets_to_log(user=request.user, limit=50),
        "drafts": selectors.user_drafts(user=request.user),
        "plans": selectors.plans_to_log(user=request.user)[:30],
    }
    return render(request, "inspections/start.html", context)


def _members_for(plan: InspectionPlan, inspection: Inspection | None = None):
    ids = set(plan.team.values_list("membership_id", flat=True))
    if not ids:
        ids = set(
            Membership.objects.filter(committee=plan.committee, end_date__isnull=True).values_list("pk", flat=True)
        )
    if inspection is not None:
        ids |= set(inspection.team.values_list("pk", flat=True))
    return (
        Membership.objects.filter(pk__in=ids).select_related("person", "agency").order_by("role", "person__full_name")
    )


def _findings_from(formset) -> list[services.FindingInput]:
    findings = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        findings.append(services.FindingInput(**{k: v for k, v in data.items() if k != "DELETE"}))
    return findings


def _inspection_form(request, plan: InspectionPlan, inspection: Inspection | None):
    if request.method == "POST":
        posted = request.POST.get("client_uuid", "")
        done = Inspection.objects.filter(client_uuid=posted).first() if _is_uuid(posted) else None
        if done is not None and not done.is_draft:
            # A retried or double-clicked submit: the record is already in; show it.
            return redirect("inspections:detail", pk=done.pk)
        if done is not None and inspection is None:
            inspection = done
            if done.plan_id != plan.pk:
                raise PermissionDenied
    members = _members_for(plan, inspection)
    businesses = selectors.businesses_for_plan(plan=plan)
    initial: dict = {}
    findings_initial: list = []
    target = None
    if inspection is not None:
        initial = {
            f: getattr(inspection, f)
            for f in forms.InspectionForm.base_fields
            if f not in ("team", "photos", "target", "business", "lead")
        }
        initial.update(
            business=inspection.business_id,
            lead=inspection.lead_id,
            target=inspection.target_id,
            team=list(inspection.team.values_list("pk", flat=True)),
            inspected_at=timezone.localtime(inspection.inspected_at),
            ended_at=timezone.localtime(inspection.ended_at) if inspection.ended_at else None,
        )
        findings_initial = list(
            inspection.findings.values(
                "category",
                "goods",
                "quantity",
                "quantity_unit",
                "estimated_value",
                "description",
                "recommendation",
                "fix_deadline",
            )
        )
    else:
        target_pk = request.GET.get("target")
        if target_pk and target_pk.isdigit():
            target = PlanTarget.objects.filter(plan=plan, pk=target_pk).select_related("business").first()
        lead = plan.team.filter(is_lead=True).values_list("membership_id", flat=True).first()
        now = timezone.localtime().replace(second=0, microsecond=0)
        initial = {
            "team": [m.pk for m in members if m.person.user_id == request.user.pk or m.pk == lead],
            "lead": lead,
            # Now, unless the plan is of another year (a record typed up later): then the planned day.
            "inspected_at": now if now.year == plan.year else None,
        }
        if target is not None:
            initial.update(target=target.pk, business=target.business_id, place=target.business.address)
            if initial["inspected_at"] is None:
                initial["inspected_at"] = datetime.datetime.combine(
                    target.scheduled_on, datetime.time(8, 0), tzinfo=timezone.get_current_timezone()
                )
        draft_uuid = request.GET.get("draft", "")
        if _is_uuid(draft_uuid):
            initial["client_uuid"] = draft_uuid
    form = forms.InspectionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        plan=plan,
        businesses=businesses,
        members=members,
    )
    # A posted formset is compared with nothing: with `initial` an unchanged row would count as empty and vanish.
    formset = forms.FindingFormSet(
        request.POST or None, initial=None if request.method == "POST" else findings_initial, prefix="findings"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        action = request.POST.get("action", "save")
        try:
            saved = services.inspection_record(
                submit=action == "submit",
                plan=plan,
                user=request.user,
                findings=_findings_from(formset),
                **data,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            request.session[JUST_SAVED] = str(saved.client_uuid)
            if not saved.is_draft:
                messages.success(
                    request, _("The record was submitted as number %(number)s.") % {"number": saved.number}
                )
                return redirect("inspections:detail", pk=saved.pk)
            messages.success(request, _("The draft was saved."))
            return redirect("inspections:edit", pk=saved.pk)
    client_uuid = _uuid_or_none(form["client_uuid"].value())
    server_draft = (
        InspectionDraft.objects.filter(client_uuid=client_uuid, user=request.user).first() if client_uuid else None
    )
    if server_draft is not None and inspection is not None and server_draft.updated_at <= inspection.updated_at:
        server_draft = None
    context = {
        "form": form,
        "formset": formset,
        "plan": plan,
        "inspection": inspection,
        "target": target or (inspection.target if inspection else None),
        "photos": inspection.photos.all() if inspection else [],
        "server_draft": (
            {"savedAt": int(server_draft.updated_at.timestamp() * 1000), "fields": server_draft.data}
            if server_draft
            else None
        ),
        "checklist": [form[name] for name in forms.InspectionForm.CHECKLIST],
        "just_saved": request.session.pop(JUST_SAVED, "") if request.method == "GET" else "",
    }
    failed = request.method == "POST" and (bool(form.errors) or formset.total_error_count() > 0)
    return render(request, "inspections/inspection_form.html", context, status=400 if failed else 200)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@require_http_methods(["GET", "POST"])
def inspection_create(request, plan_pk):
    plan = permissions.get_plan_to_log_for_user(request.user, plan_pk)
    return _inspection_form(request, plan, None)


@require_http_methods(["GET", "POST"])
def inspection_edit(request, pk):
    inspection = permissions.get_inspection_for_user(request.user, pk, write=True)
    if not inspection.is_draft:
        messages.info(request, _("This record is submitted and can no longer be changed."))
        return redirect("inspections:detail", pk=inspection.pk)
    return _inspection_form(request, inspection.plan, inspection)


def _checklist(inspection: Inspection) -> list[dict]:
    """The checklist as the record page shows it: each item's label, value (True, False, None) and its word."""
    words = dict(forms.ChecklistField.CHOICES)
    states = {True: "passed", False: "failed", None: "not-checked"}
    items = []
    for name in Inspection.CHECKLIST:
        value = getattr(inspection, name)
        items.append(
            {
                "name": name,
                "label": forms.InspectionForm.base_fields[name].label,
                "value": value,
                "state": states[value],
                "result": words["" if value is None else str(value)],
            }
        )
    return items


def inspection_detail(request, pk):
    inspection = permissions.get_inspection_for_user(request.user, pk)
    context = {
        "inspection": inspection,
        "checklist": _checklist(inspection),
        "can_log": permissions.can_log_for_plan(request.user, inspection.plan),
        "today": timezone.localdate(),
        "just_saved": request.session.pop(JUST_SAVED, ""),
        **selectors.inspection_detail(inspection=inspection),
    }
    return render(request, "inspections/inspection_detail.html", context)


@require_POST
def inspection_submit(request, pk):
    inspection = permissions.get_inspection_for_user(request.user, pk, write=True)
    try:
        inspection = services.inspection_submit(inspection=inspection, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("inspections:edit", pk=inspection.pk)
    messages.success(request, _("The record was submitted as number %(number)s.") % {"number": inspection.number})
    return redirect("inspections:detail", pk=inspection.pk)


def inspection_pdf(request, pk):
    """The biên bản: its issued files once submitted; before that, a draft to read over with the business."""
    inspection = permissions.get_inspection_for_user(request.user, pk)

    def document_of():
        return services.record_document(
            inspection=inspection, issuer=issuer_of_committee(committee=inspection.plan.committee)
        )

    return responses.document_download(
        request,
        issued=issued_for(source=services.record_source(inspection)),
        document_of=document_of,
        filename=f"bien-ban-kiem-tra-{inspection.inspected_on.year}-{inspection.pk}",
    )


def photo(request, pk):
    from campaign_portal.uploads import private_file_response

    item = permissions.get_photo_for_user(request.user, pk)
    return private_file_response(item.image, f"anh-kiem-tra-{item.inspection_id}-{item.pk}.jpg")


@require_POST
def photo_delete(request, pk):
    item = permissions.get_photo_for_user(request.user, pk, write=True)
    try:
        services.inspection_photo_delete(photo=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("inspections:detail", pk=item.inspection_id)
    messages.success(request, _("The photo was removed."))
    return redirect("inspections:edit", pk=item.inspection_id)


AUTOSAVE_MAX_BYTES = 200_000


@require_POST
def autosave(request):
    """Keep the half-filled form on the server. Answers JSON; never saves the record itself."""
    client_uuid = request.POST.get("client_uuid", "")
    plan_pk = request.POST.get("plan", "")
    if not _is_uuid(client_uuid) or not plan_pk.isdigit():
        return JsonResponse({"saved": False, "error": _("The form is incomplete; reload the page.")}, status=400)
    plan = permissions.get_plan_to_log_for_user(request.user, int(plan_pk))
    data = {k: request.POST.getlist(k) for k in request.POST if k not in ("csrfmiddlewaretoken", "action")}
    if len(json.dumps(data)) > AUTOSAVE_MAX_BYTES:
        return JsonResponse({"saved": False, "error": _("The form is too large to keep as a draft.")}, status=413)
    try:
        status = services.inspection_draft_autosave(
            client_uuid=uuid.UUID(client_uuid), plan=plan, user=request.user, data=data
        )
    except ValidationError as exc:
        return JsonResponse({"saved": False, "error": " ".join(exc.messages)}, status=409)
    if status == "submitted":
        done = Inspection.objects.get(client_uuid=client_uuid)
        return JsonResponse({"saved": False, "submitted": True, "url": reverse("inspections:detail", args=[done.pk])})
    return JsonResponse({"saved": True, "saved_at": timezone.localtime().strftime("%H:%M:%S")})


def inspection_list(request):
    units = _visible_units(request.user)
    form = forms.InspectionFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    inspections = selectors.inspection_list(
        user=request.user,
        unit=data.get("unit"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        status=data.get("status", ""),
        query=data.get("q", ""),
    )
    if request.GET.get("export") == "xlsx":
        return workbooks.inspections_xlsx(inspections)
    context = {"form": form, "page": _page(request, inspections)}
    return render(request, "inspections/inspection_list.html", context)


# --- follow-ups ---------------------------------------------------------------------------------------------


def follow_up_list(request):
    form = forms.FollowUpFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    today = timezone.localdate()
    follow_ups = selectors.follow_up_list(user=request.user, state=state, today=today)
    if request.GET.get("export") == "xlsx":
        return workbooks.follow_ups_xlsx(follow_ups, today=today)
    context = {"form": form, "page": _page(request, follow_ups), "today": today, "state": state}
    return render(request, "inspections/follow_up_list.html", context)


@require_http_methods(["GET", "POST"])
def follow_up_detail(request, pk):
    follow_up = permissions.get_follow_up_for_user(request.user, pk, write=request.method == "POST")
    inspection = follow_up.finding.inspection
    can_log = permissions.can_log_for_plan(request.user, inspection.plan)
    members = Membership.objects.filter(
        committee_id=inspection.plan.committee_id, end_date__isnull=True
    ).select_related("person")
    form = forms.FollowUpForm(
        request.POST or None,
        initial={"rechecked_on": timezone.localdate(), "owner": follow_up.owner_id},
        members=members,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_recheck(follow_up=follow_up, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The re-check was recorded."))
            return redirect("inspections:follow_up_detail", pk=follow_up.pk)
    context = {
        "follow_up": follow_up,
        "inspection": inspection,
        "form": form,
        "can_log": can_log and follow_up.status in FollowUp.PENDING,
        "today": timezone.localdate(),
    }
    return render(request, "inspections/follow_up_detail.html", context, status=400 if form.errors else 200)


# --- summary ------------------------------------------------------------------------------------------------


def summary(request):
    units = _visible_units(request.user)
    form = forms.PeriodForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    unit = data.get("unit") or request.user.unit or units.filter(parent__isnull=True).first()
    if unit is not None and not permissions.can_view(request.user, unit):
        unit = units.first()
    date_to = data.get("date_to") or timezone.localdate()
    date_from = data.get("date_from")
    if date_from is None:
        last = (
            Inspection.objects.filter(permissions.scope_q(request.user), status=Inspection.Status.SUBMITTED)
            .aggregate(last=Max("inspected_at"))
            .get("last")
        )
        year = timezone.localtime(last).year if last else date_to.year
        date_from = datetime.date(year, 1, 1)
        if not data.get("date_to") and last:
            date_to = datetime.date(year, 12, 31)
    result = selectors.inspection_summary(unit=unit, date_from=date_from, date_to=date_to) if unit is not None else None
    if result is not None and request.GET.get("export") == "xlsx":
        return workbooks.summary_xlsx(result)
    return render(request, "inspections/summary.html", {"form": form, "summary": result})


def _uuid_or_none(value) -> uuid.UUID | None:
    """The form's client UUID, or None when a tampered post carries something else (refused by the form)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
