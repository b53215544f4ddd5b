"""The report template editor: versions, their indicators and their narrative outline.

A new version is a draft: the provincial office edits it, then publishes it. A published version is frozen (reports
filed against it keep their indicators) and only published versions can be chosen for a period; to change the
template, the office creates a new version from the newest one.
Access check -> form -> one service call -> redirect, like the other reporting views.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaign_portal.forms import add_service_error
from reporting import forms, permissions, selectors, services
from reporting.models import ReportTemplate


def _frozen_redirect(request, template: ReportTemplate):
    """Back to the version's page with why it cannot change, or None when it is an editable draft."""
    if services.template_in_use(template=template):
        message = _(
            "Version %(version)s is used by a reporting period and is read-only: reports filed against it keep "
            "their indicators. Create a new version to change the template."
        )
    elif template.is_published:
        message = _(
            "Version %(version)s is published and is read-only: periods may use it as it is. "
            "Create a new version to change the template."
        )
    else:
        return None
    messages.error(request, message % {"version": template.version})
    return redirect("reporting:template_detail", pk=template.pk)


def template_list(request):
    if not permissions.can_view_templates(request.user):
        raise PermissionDenied
    context = {
        "rows": selectors.template_versions(user=request.user),
        "newest": selectors.newest_template(),
        "can_create": permissions.can_edit_templates(request.user),
        "form": forms.TemplateNewVersionForm(),
    }
    return render(request, "reporting/template_list.html", context)


@require_POST
def template_create(request):
    """A new version copied from the newest one."""
    if not permissions.can_edit_templates(request.user):
        raise PermissionDenied
    newest = selectors.newest_template()
    form = forms.TemplateNewVersionForm(request.POST)
    if newest is not None and form.is_valid():
        try:
            template = services.template_new_version(
                based_on=newest, name=form.cleaned_data["name"], created_by=request.user
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Version %(version)s was created from version %(based_on)s. It can be edited until a period uses it.")
                % {"version": template.version, "based_on": newest.version},
            )
            return redirect("reporting:template_detail", pk=template.pk)
    if newest is None:
        form.add_error(None, _("There is no report template yet."))
    context = {
        "rows": selectors.template_versions(user=request.user),
        "newest": newest,
        "can_create": True,
        "form": form,
    }
    return render(request, "reporting/template_list.html", context, status=400)


def template_detail(request, pk):
    template = permissions.get_template_for_user(request.user, pk)
    row = selectors.template_version(user=request.user, template=template)
    context = {
        "template": template,
        "row": row,
        "can_edit": not row.in_use
        and not template.is_published
        and permissions.can_edit_template(request.user, template),
        "sections": selectors.template_outline(template=template),
        "groups": selectors.template_indicator_groups(template=template),
    }
    return render(request, "reporting/template_detail.html", context)


@require_POST
def template_publish(request, pk):
    template = permissions.get_template_for_user(request.user, pk, write=True)
    try:
        services.template_publish(template=template, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Version %(version)s is published: it is read-only now, and periods opened from now on can use it.")
            % {"version": template.version},
        )
    return redirect("reporting:template_detail", pk=template.pk)


def _indicator_form_page(request, template, indicator=None):
    frozen = _frozen_redirect(request, template)
    if frozen is not None:
        return frozen
    form = forms.IndicatorForm(request.POST or None, template=template, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_save(
                template=template, code=form.cleaned_data["code"], indicator=indicator, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Indicator %(code)s was saved.") % {"code": saved.code})
            return redirect("reporting:template_detail", pk=template.pk)
    context = {"template": template, "form": form, "indicator": indicator}
    return render(request, "reporting/template_indicator_form.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def indicator_create(request, pk):
    template = permissions.get_template_for_user(request.user, pk, write=True)
    return _indicator_form_page(request, template)


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk, indicator_pk):
    indicator = permissions.get_template_indicator_for_user(request.user, pk, indicator_pk, write=True)
    return _indicator_form_page(request, indicator.template, indicator)


@require_POST
def indicator_delete(request, pk, indicator_pk):
    indicator = permissions.get_template_indicator_for_user(request.user, pk, indicator_pk, write=True)
    try:
        services.indicator_delete(indicator=indicator)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Indicator %(code)s was removed.") % {"code": indicator.code})
    return redirect("reporting:template_detail", pk=pk)


def _section_form_page(request, template, section=None):
    frozen = _frozen_redirect(request, template)
    if frozen is not None:
        return frozen
    form = forms.SectionForm(request.POST or None, template=template, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.section_save(
                template=template, key=form.cleaned_data["key"], section=section, **form.service_fields()
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Section %(key)s was saved.") % {"key": saved.key})
            return redirect("reporting:template_detail", pk=template.pk)
    context = {"template": template, "form": form, "section": section}
    return render(request, "reporting/template_section_form.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def section_create(request, pk):
    template = permissions.get_template_for_user(request.user, pk, write=True)
    return _section_form_page(request, template)


@require_http_methods(["GET", "POST"])
def section_edit(request, pk, section_pk):
    section = permissions.get_template_section_for_user(request.user, pk, section_pk, write=True)
    return _section_form_page(request, section.template, section)


@require_POST
def section_delete(request, pk, section_pk):
    section = permissions.get_template_section_for_user(request.user, pk, section_pk, write=True)
    try:
        services.section_delete(section=section)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Section %(key)s was removed.") % {"key": section.key})
    return redirect("reporting:template_detail", pk=pk)
