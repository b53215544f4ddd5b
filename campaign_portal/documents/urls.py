from django.urls import path

from campaign_portal.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.register_view, name="register"),
    path("<int:pk>/<str:fmt>/", views.issued_download, name="download"),
]
