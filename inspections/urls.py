from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("start/", views.inspection_start, name="start"),
    path("plans/<int:plan_pk>/log/", views.inspection_create, name="create"),
    path("autosave/", views.autosave, name="autosave"),
    path("records/<int:pk>/", views.inspection_detail, name="detail"),
    path("records/<int:pk>/edit/", views.inspection_edit, name="edit"),
    path("records/<int:pk>/submit/", views.inspection_submit, name="submit"),
    path("records/<int:pk>/record.pdf", views.inspection_pdf, name="pdf"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/", views.follow_up_detail, name="follow_up_detail"),
    path("summary/", views.summary, name="summary"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_edit, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/targets/new/", views.plan_target_add, name="plan_target_add"),
    path("plans/<int:pk>/targets/<int:target_pk>/delete/", views.plan_target_delete, name="plan_target_delete"),
    path("businesses/", views.business_list, name="business_list"),
    path("businesses/new/", views.business_edit, name="business_create"),
    path("businesses/import/", views.business_import, name="business_import"),
    path("businesses/import/template.xlsx", views.business_import_template, name="business_import_template"),
    path("businesses/<int:pk>/", views.business_detail, name="business_detail"),
    path("businesses/<int:pk>/edit/", views.business_edit, name="business_edit"),
]
