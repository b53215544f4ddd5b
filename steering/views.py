"""Unit tree, committees, memberships and agencies. Each view: access check -> form -> one service call."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from campaign_portal.forms import add_service_error
from steering import forms, permissions, selectors, services
from steering.models import Agency


def unit_list(request):
    form = forms.UnitSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    units = selectors.unit_search(user=request.user, query=query) if query else None
    top = request.user.unit if not request.user.is_superuser else None
    tops = [top] if top else list(selectors.unit_search(user=request.user).filter(parent__isnull=True))
    return render(request, "steering/unit_list.html", {"form": form, "query": query, "units": units, "tops": tops})


def unit_detail(request, code):
    unit = permissions.get_unit_for_user(request.user, code)
    context = {
        "unit": unit,
        "ancestors": selectors.unit_ancestors(unit=unit),
        "children": selectors.unit_children(unit=unit),
        "committees": unit.committees.order_by("-cycle"),
        "successions_in": selectors.unit_successions_in(unit=unit),
        "successions_out": selectors.unit_successions_out(unit=unit),
        "agencies": selectors.agency_list(unit=unit),
        "can_change": permissions.can_change_unit(request.user, unit),
    }
    return render(request, "steering/unit_detail.html", context)


def committee_list(request):
    committees = selectors.committee_list(user=request.user)
    return render(request, "steering/committee_list.html", {"committees": committees})


@require_http_methods(["GET", "POST"])
def committee_create(request, code):
    unit = permissions.get_unit_for_user(request.user, code, write=True)
    form = forms.CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The committee was created."))
            return redirect("steering:committee_detail", pk=committee.pk)
    return render(request, "steering/form.html", {"form": form, "unit": unit, "title": _("New steering committee")})


def committee_detail(request, pk):
    committee = permissions.get_committee_for_user(request.user, pk)
    context = {
        "committee": committee,
        "unit": committee.unit,
        "members": selectors.committee_members(committee=committee),
        "decisions": committee.decisions.order_by("-date", "-pk"),
        "can_change": permissions.can_change_unit(request.user, committee.unit),
    }
    return render(request, "steering/committee_detail.html", context)


def committee_history(request, pk):
    committee = permissions.get_committee_for_user(request.user, pk)
    terms = selectors.committee_history(committee=committee)
    return render(request, "steering/committee_history.html", {"committee": committee, "terms": terms})


@require_http_methods(["GET", "POST"])
def decision_create(request, pk):
    committee = permissions.get_committee_for_user(request.user, pk, write=True)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_decision_record(committee=committee, created_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("steering:committee_detail", pk=committee.pk)
    title = _("Record a forming or re-forming decision")
    return render(request, "steering/form.html", {"form": form, "committee": committee, "title": title})


@require_http_methods(["GET", "POST"])
def membership_create(request, pk):
    committee = permissions.get_committee_for_user(request.user, pk, write=True)
    form = forms.MembershipForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_get_or_create(
                full_name=data["full_name"], phone=data["phone"], email=data["email"]
            )
            services.membership_add(
                committee=committee,
                person=person,
                role=data["role"],
                position=data["position"],
                agency=data["agency"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                decision=data["decision"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("%(name)s was added to the committee.") % {"name": person.full_name})
            return redirect("steering:committee_detail", pk=committee.pk)
    return render(request, "steering/form.html", {"form": form, "committee": committee, "title": _("Add a member")})


@require_http_methods(["GET", "POST"])
def membership_end(request, pk):
    membership = permissions.get_membership_for_user(request.user, pk, write=True)
    committee = membership.committee
    form = forms.EndTermForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The term of %(name)s has ended.") % {"name": membership.person.full_name})
            return redirect("steering:committee_detail", pk=committee.pk)
    title = _("End the term of %(name)s") % {"name": membership.person.full_name}
    return render(request, "steering/form.html", {"form": form, "committee": committee, "title": title})


@require_http_methods(["GET", "POST"])
def membership_replace(request, pk):
    membership = permissions.get_membership_for_user(request.user, pk, write=True)
    committee = membership.committee
    form = forms.ReplaceForm(
        request.POST or None,
        committee=committee,
        initial={"position": membership.position, "agency": membership.agency},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_get_or_create(
                full_name=data["full_name"], phone=data["phone"], email=data["email"]
            )
            services.membership_replace(
                membership=membership,
                person=person,
                date=data["date"],
                decision=data["decision"],
                position=data["position"],
                agency=data["agency"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(old)s was replaced by %(new)s.") % {"old": membership.person.full_name, "new": person.full_name},
            )
            return redirect("steering:committee_detail", pk=committee.pk)
    title = _("Replace %(name)s") % {"name": membership.person.full_name}
    return render(request, "steering/form.html", {"form": form, "committee": committee, "title": title})


def agency_list(request, code):
    unit = permissions.get_unit_for_user(request.user, code)
    context = {
        "unit": unit,
        "agencies": selectors.agency_list(unit=unit),
        "can_change": permissions.can_change_unit(request.user, unit),
    }
    return render(request, "steering/agency_list.html", context)


@require_http_methods(["GET", "POST"])
def agency_edit(request, code, pk=None):
    unit = permissions.get_unit_for_user(request.user, code, write=True)
    agency = None
    if pk is not None:
        agency = Agency.objects.filter(unit=unit, pk=pk).first()
        if agency is None:
            permissions.check_unit_access(request.user, None)
    initial = (
        {
            "name": agency.name,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "order": agency.order,
            "must_report": agency.must_report,
        }
        if agency
        else {}
    )
    form = forms.AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_save(unit=unit, agency=agency, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The agency was saved."))
            return redirect("steering:agency_list", code=unit.code)
    title = _("Edit agency") if agency else _("New agency")
    return render(request, "steering/form.html", {"form": form, "unit": unit, "title": title})


def audit_log(request):
    if not permissions.can_view_audit(request.user):
        raise PermissionDenied
    entries = selectors.audit_entries(user=request.user, limit=200)
    return render(request, "steering/audit_log.html", {"entries": entries})
