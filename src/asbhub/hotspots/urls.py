"""Hotspot URLs, under /hotspots/."""

from django.urls import path

from asbhub.hotspots import views

app_name = "hotspots"
urlpatterns = [
    path("", views.hotspot_map, name="map"),
    path("briefing.pdf", views.briefing_pdf, name="briefing"),
    path("operations/", views.operation_list, name="operations"),
    path("operations/new/", views.operation_create, name="operation_create"),
    path("operations/<int:pk>/", views.operation_detail, name="operation"),
    path("operations/<int:pk>/areas/", views.area_add, name="area_add"),
    path("operations/<int:pk>/areas/<int:area_pk>/remove/", views.area_delete, name="area_delete"),
    path("operations/<int:pk>/areas/top/", views.add_top_hotspots, name="add_top_hotspots"),
    path("operations/<int:pk>/controls/", views.propose_controls, name="propose_controls"),
    path("operations/<int:pk>/patrols/new/", views.patrol_add, name="patrol_add"),
    path("operations/<int:pk>/patrols/import/", views.patrol_import, name="patrol_import"),
    path("operations/<int:pk>/patrols.csv", views.patrol_export, name="patrol_export"),
    path("operations/<int:pk>/evaluation/", views.evaluation_page, name="evaluation"),
    path("operations/<int:pk>/evaluation.pdf", views.evaluation_pdf, name="evaluation_pdf"),
]
