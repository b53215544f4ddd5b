from django.urls import path

from campaign_portal.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.register_view, name="register"),
    path("<int:pk>/<str:fmt>/", views.issued_download, name="download"),
    path("issuers/<int:pk>/certificates/", views.certificates, name="certificates"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
]
