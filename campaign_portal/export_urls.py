"""URLs of the export machinery (namespace "exports") and of the consolidation pages that start exports
(namespace "consolidation"), behind the one include line in campaign_portal/urls.py."""

from django.urls import include, path

from campaign_portal import export_views

export_patterns = [
    path("exports/", export_views.job_list, name="list"),
    path("exports/<int:pk>/status.json", export_views.job_status, name="status"),
    path("exports/<int:pk>/download", export_views.job_download, name="download"),
    path("exports/<int:pk>/retry", export_views.job_retry, name="retry"),
    path("verify/", export_views.verify_form, name="verify_form"),
    path("verify/signed-pdf/", export_views.verify_pdf, name="verify_pdf"),
    path("verify/<str:code>", export_views.verify, name="verify"),
]

urlpatterns = [
    path("", include((export_patterns, "exports"))),
    path("reports/consolidation/", include("reporting.consolidation.urls")),
]
