"""Plans, tasks, monitoring and activities; included in steering's urls (namespace "steering")."""

from django.urls import path

from steering.plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="plan_issue"),
    path("plans/<int:pk>/xlsx/", views.plan_xlsx, name="plan_xlsx"),
    path("plans/<int:pk>/attachments/", views.plan_attachment_add, name="plan_attachment_add"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("plans/attachments/<int:pk>/", views.plan_attachment_download, name="plan_attachment_download"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/cascade/", views.task_cascade, name="task_cascade"),
    path("tasks/<int:pk>/updates/", views.task_update_create, name="task_update_create"),
    path("tasks/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("monitoring/", views.assignment_list, name="assignment_list"),
    path("monitoring/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("monitoring/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("monitoring/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("monitoring/visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("committees/<int:pk>/monitoring/new/", views.assignment_create, name="assignment_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
]
