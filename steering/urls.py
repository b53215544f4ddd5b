from django.urls import include, path

from steering import views

app_name = "steering"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/committees/new/", views.committee_create, name="committee_create"),
    path("units/<str:code>/agencies/", views.agency_list, name="agency_list"),
    path("units/<str:code>/agencies/new/", views.agency_edit, name="agency_create"),
    path("units/<str:code>/agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("committees/<int:pk>/history/", views.committee_history, name="committee_history"),
    path("committees/<int:pk>/decisions/new/", views.decision_create, name="decision_create"),
    path("committees/<int:pk>/members/new/", views.membership_create, name="membership_create"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("memberships/<int:pk>/replace/", views.membership_replace, name="membership_replace"),
    path("audit/", views.audit_log, name="audit_log"),
    path("", include("steering.plans.urls")),
]
