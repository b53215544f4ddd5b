from django.urls import path

from reporting.consolidation import views

app_name = "consolidation"

urlpatterns = [
    path("", views.consolidation_index, name="index"),
    path("<str:unit_code>/<str:period_code>/", views.consolidation_detail, name="detail"),
    path("<str:unit_code>/<str:period_code>/export/<str:fmt>/", views.consolidation_export, name="export"),
    path("<str:unit_code>/<str:period_code>/issue/", views.consolidation_issue, name="issue"),
    path("<str:unit_code>/<str:period_code>/cancel/", views.consolidation_cancel, name="cancel"),
    path("<str:unit_code>/<str:period_code>/merge/", views.narrative_merge, name="merge"),
]
