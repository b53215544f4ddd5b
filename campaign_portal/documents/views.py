"""The register of issued documents and the download of an issued file. Access follows the issuer's unit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaign_portal.documents import register, responses
from campaign_portal.forms import add_service_error
from steering.models import DocumentIssuer, IssuedDocument, SigningCredential, SigningEvent
from steering.permissions import can_change_unit, check_unit_access, unit_q


def get_issued_for_user(user, pk: int) -> IssuedDocument:
    """An issued document is seen by whoever may see its issuer's unit (outsiders get a 404)."""
    issued = get_object_or_404(IssuedDocument.objects.select_related("issuer__unit"), pk=pk)
    check_unit_access(user, issued.issuer.unit)
    return issued


@require_GET
def issued_download(request, pk: int, fmt: str):
    if fmt not in responses.FORMATS:
        raise Http404
    return responses.issued_response(get_issued_for_user(request.user, pk), fmt)


@require_GET
def register_view(request):
    """Per issuer and year, every number from 01 to the last taken: issued, cancelled, or missing (a gap)."""
    issuers = list(
        DocumentIssuer.objects.filter(unit_q(request.user, "unit"))
        .select_related("unit", "committee")
        .order_by("unit__path", "committee_id")
    )
    issuer = None
    wanted = request.GET.get("issuer", "")
    if wanted.isdigit():
        issuer = next((i for i in issuers if i.pk == int(wanted)), None)
        if issuer is None:
            raise Http404
    elif issuers:
        own = [i for i in issuers if i.unit_id == request.user.unit_id and i.committee_id is None]
        issuer = (own or issuers)[0]
    years = register.register_years(issuer=issuer) if issuer else [timezone.localdate().year]
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else years[0]
    lines = register.register_lines(issuer=issuer, year=year) if issuer else []
    return render(
        request,
        "campaign_portal/documents/register.html",
        {
            "issuers": issuers,
            "issuer": issuer,
            "years": years,
            "year": year,
            "lines": lines,
            **register.register_counts(lines),
        },
    )


# --- signing certificates: the issuer's office uploads, replaces and revokes its own ---------------------------


class CertificateForm(forms.Form):
    role = forms.ChoiceField(label=_("Signs as"), choices=SigningCredential.Role.choices)
    file = forms.FileField(label=_("PKCS#12 file (.p12, .pfx)"))
    password = forms.CharField(label=_("Password of the file"), widget=forms.PasswordInput, required=False)


class TokenForm(forms.Form):
    """A key on a hardware token (PKCS#11), through one of the modules the operator allowed."""

    role = forms.ChoiceField(label=_("Signs as"), choices=SigningCredential.Role.choices)
    module = forms.ChoiceField(label=_("PKCS#11 module"), choices=())
    token = forms.CharField(label=_("Token label"), max_length=100)
    key = forms.CharField(label=_("Key label"), max_length=100)
    pin = forms.CharField(label=_("PIN"), widget=forms.PasswordInput, max_length=100)

    def __init__(self, *args, modules: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [(m, m) for m in modules]


def get_issuer_for_user(user, pk: int, *, write: bool = False) -> DocumentIssuer:
    issuer = get_object_or_404(DocumentIssuer.objects.select_related("unit", "committee"), pk=pk)
    check_unit_access(user, issuer.unit, write=write)
    return issuer


@require_http_methods(["GET", "POST"])
def certificates(request, pk: int):
    """The issuer's signing certificates, their audit, and (for its office) the upload of a new one."""
    from campaign_portal.documents import credentials
    from campaign_portal.documents.signing import allowed_modules

    issuer = get_issuer_for_user(request.user, pk, write=request.method == "POST")
    can_change = can_change_unit(request.user, issuer.unit)
    modules = allowed_modules()
    is_token = request.POST.get("kind") == "token"
    form = CertificateForm(None if is_token else (request.POST or None), None if is_token else (request.FILES or None))
    token_form = TokenForm(request.POST if is_token else None, modules=modules) if modules else None
    status = 200
    if request.method == "POST" and is_token and token_form is not None:
        if token_form.is_valid():
            try:
                credentials.credential_configure_token(issuer=issuer, by=request.user, **token_form.cleaned_data)
            except ValidationError as exc:
                add_service_error(token_form, exc)
            else:
                messages.success(request, _("The token's certificate was recorded; it signs from now on."))
                return redirect("documents:certificates", pk=issuer.pk)
        status = 400
    elif request.method == "POST":
        if form.is_valid():
            try:
                credentials.credential_upload(
                    issuer=issuer,
                    role=form.cleaned_data["role"],
                    data=form.cleaned_data["file"].read(),
                    password=form.cleaned_data["password"] or "",
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The certificate was stored; it signs from now on."))
                return redirect("documents:certificates", pk=issuer.pk)
        status = 400
    rows = list(issuer.credentials.select_related("uploaded_by").order_by("-uploaded_at"))
    events = list(
        SigningEvent.objects.filter(credential__issuer=issuer).select_related("by", "document", "credential")[:50]
    )
    return render(
        request,
        "campaign_portal/documents/certificates.html",
        {
            "issuer": issuer,
            "credentials": rows,
            "events": events,
            "form": form,
            "token_form": token_form,
            "can_change": can_change,
        },
        status=status,
    )


@require_POST
def certificate_revoke(request, pk: int):
    from campaign_portal.documents import credentials

    credential = get_object_or_404(SigningCredential.objects.select_related("issuer__unit"), pk=pk)
    check_unit_access(request.user, credential.issuer.unit, write=True)
    credentials.credential_revoke(credential=credential, by=request.user)
    messages.success(request, _("The certificate was revoked: it no longer signs."))
    return redirect("documents:certificates", pk=credential.issuer_id)
