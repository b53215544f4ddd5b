"""The register of issued documents and the download of an issued file. Access follows the issuer's unit."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from campaign_portal.documents import register, responses
from steering.models import DocumentIssuer, IssuedDocument
from steering.permissions import check_unit_access, unit_q


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
            "issued_count": sum(1 for line in lines if line.entry and not line.entry.is_cancelled),
            "cancelled_count": sum(1 for line in lines if line.entry and line.entry.is_cancelled),
            "gap_count": sum(1 for line in lines if line.entry is None),
        },
    )
