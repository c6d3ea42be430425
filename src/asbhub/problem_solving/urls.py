"""Problem-solving URLs, under /problem-solving/."""

from django.urls import path

from asbhub.problem_solving import views

app_name = "problem_solving"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/change/<slug:part>/", views.plan_edit, name="edit"),
    path("<int:pk>/measures/new/", views.measure_edit, name="measure_add"),
    path("<int:pk>/measures/<int:measure_pk>/", views.measure_edit, name="measure_edit"),
    path("<int:pk>/measures/<int:measure_pk>/remove/", views.measure_remove, name="measure_remove"),
    path("<int:pk>/actions/new/", views.action_edit, name="action_add"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path("<int:pk>/actions/<int:action_pk>/remove/", views.action_remove, name="action_remove"),
    path("<int:pk>/submit/", views.plan_submit, name="submit"),
    path("<int:pk>/review/start/", views.review_start, name="review_start"),
    path("<int:pk>/review/", views.plan_review, name="review"),
    path("<int:pk>/finalise/", views.plan_finalise, name="finalise"),
]
