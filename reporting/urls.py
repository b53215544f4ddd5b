from django.urls import path

from reporting import template_views, views

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
    # the template editor
    path("templates/", template_views.template_list, name="template_list"),
    path("templates/new/", template_views.template_create, name="template_create"),
    path("templates/<int:pk>/", template_views.template_detail, name="template_detail"),
    path("templates/<int:pk>/indicators/new/", template_views.indicator_create, name="template_indicator_create"),
    path(
        "templates/<int:pk>/indicators/<int:indicator_pk>/",
        template_views.indicator_edit,
        name="template_indicator_edit",
    ),
    path(
        "templates/<int:pk>/indicators/<int:indicator_pk>/delete/",
        template_views.indicator_delete,
        name="template_indicator_delete",
    ),
    path("templates/<int:pk>/sections/new/", template_views.section_create, name="template_section_create"),
    path("templates/<int:pk>/sections/<int:section_pk>/", template_views.section_edit, name="template_section_edit"),
    path(
        "templates/<int:pk>/sections/<int:section_pk>/delete/",
        template_views.section_delete,
        name="template_section_delete",
    ),
    path("templates/<int:pk>/publish/", template_views.template_publish, name="template_publish"),
]
