from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("periods/new/", views.period_open, name="period_open"),
    path("periods/<int:pk>/", views.period_board, name="period_board"),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/review/", views.report_review, name="report_review"),
    path("<int:pk>/print/", views.report_print, name="report_print"),
    path("<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
