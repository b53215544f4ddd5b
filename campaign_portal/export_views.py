"""My exports, the polled job status, downloads, retries and the verification of a printed copy."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaign_portal import jobs as job_service
from campaign_portal.export_permissions import can_view_job, get_export_job_for_user
from campaign_portal.models import ExportJob
from campaign_portal.uploads import private_file_response


def job_as_dict(job: ExportJob) -> dict:
    """What the progress bar script reads."""
    done = job.status == ExportJob.Status.DONE
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "stage": job_service.stage_label(job),
        "error": job.error if job.status == ExportJob.Status.FAILED else "",
        "finished": job.is_finished,
        "filename": job.filename if done else "",
        "size": job.size if done else 0,
        "download_url": reverse("exports:download", args=[job.pk]) if done else "",
        "retry_url": reverse("exports:retry", args=[job.pk]) if job.status == ExportJob.Status.FAILED else "",
        "verification_code": job.verification_code if done else "",
        "content_hash": job.content_hash if done else "",
        "data_as_of": (
            formats.date_format(timezone.localtime(job.data_as_of), "SHORT_DATETIME_FORMAT") if job.data_as_of else ""
        ),
        "reused": job.reused_from_id is not None,
    }


@require_GET
def job_list(request):
    job_service.export_jobs_sweep()
    jobs = ExportJob.objects.filter(requested_by=request.user).select_related("unit")
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(request, "campaign_portal/exports/list.html", {"page": page, "jobs": page.object_list})


@require_GET
@never_cache
def job_status(request, pk: int):
    job = get_export_job_for_user(request.user, pk)
    if not job.is_finished and job_service.export_jobs_sweep(job_ids=[job.pk]):
        job.refresh_from_db()
    return JsonResponse(job_as_dict(job))


@require_GET
def job_download(request, pk: int):
    job = get_export_job_for_user(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return private_file_response(job.file, job.filename)


@require_POST
def job_retry(request, pk: int):
    job = get_export_job_for_user(request.user, pk, write=True)
    try:
        job_service.export_job_retry(job=job, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The export has been queued again."))
    if request.headers.get("Accept", "").startswith("application/json"):
        job.refresh_from_db()
        return JsonResponse(job_as_dict(job))
    return redirect("exports:list")


class VerifyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Verification code"), max_length=20)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class VerifyFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("The file you received (optional)"))


@require_GET
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("exports:verify", code=form.cleaned_data["code"])
    return render(request, "campaign_portal/exports/verify_form.html", {"form": form})


def verify(request, code: str):
    """The document printed with `code`, if the user's scope covers its unit; otherwise nothing exists (404).

    A printed copy is checked by reading its number, date and totals against this page; a received file can be
    uploaded and is compared byte for byte (SHA-256) with the one the portal exported.
    """
    code = code.strip().upper()
    issued = _issued_with_code(request.user, code)
    if issued is not None:
        return _verify_issued(request, issued)
    job = (
        ExportJob.objects.filter(verification_code=code, status=ExportJob.Status.DONE, reused_from__isnull=True)
        .select_related("unit", "requested_by")
        .first()
    )
    if job is None or not can_view_job(request.user, job):
        raise Http404
    file_form = VerifyFileForm()
    file_matches = None
    if request.method == "POST":
        file_form = VerifyFileForm(request.POST, request.FILES)
        if file_form.is_valid():
            file_matches = _sha256(file_form.cleaned_data["file"]) == job.file_sha256
    elif request.method != "GET":
        return JsonResponse({"error": "method not allowed"}, status=405)
    return render(
        request,
        "campaign_portal/exports/verify.html",
        {"job": job, "file_form": file_form, "file_matches": file_matches},
    )


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _issued_with_code(user, code: str):
    from steering.models import IssuedDocument
    from steering.permissions import can_view_unit

    issued = IssuedDocument.objects.filter(verification_code=code).select_related("issuer__unit", "issued_by").first()
    return issued if issued is not None and can_view_unit(user, issued.issuer.unit) else None


def _verify_issued(request, issued):
    """An issued document: its number, date, issuer and status; a received PDF or Word file is compared with the
    files stored when it was issued."""
    file_form = VerifyFileForm()
    file_matches = None
    if request.method == "POST":
        file_form = VerifyFileForm(request.POST, request.FILES)
        if file_form.is_valid():
            file_matches = _sha256(file_form.cleaned_data["file"]) in (issued.pdf_sha256, issued.docx_sha256)
    elif request.method != "GET":
        return JsonResponse({"error": "method not allowed"}, status=405)
    return render(
        request,
        "campaign_portal/exports/verify_issued.html",
        {"issued": issued, "file_form": file_form, "file_matches": file_matches},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_pdf(request):
    """Anyone may check the digital signatures of a PDF they received: who signed, when, whether the file changed
    after signing and whether the certificate chains to a trusted root. Nothing from the database is shown but
    the trusted roots' names, so no login is needed."""
    from campaign_portal.documents import signing
    from steering.models import TrustedRoot

    form = VerifyFileForm(request.POST or None, request.FILES or None)
    reports, error = None, ""
    roots = list(TrustedRoot.objects.order_by("name"))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 30 * 1024 * 1024:
            error = _("The file is too large to check (more than 30 MB).")
        else:
            try:
                reports = signing.verify_pdf(upload.read(), trust_roots=[r.certificate for r in roots])
            except signing.SigningError as exc:
                error = str(exc)
    return render(
        request,
        "campaign_portal/exports/verify_pdf.html",
        {"form": form, "reports": reports, "error": error, "roots": roots},
    )
