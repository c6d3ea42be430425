"""Crime data integrity URLs, under /integrity/."""

from django.urls import path

from asbhub.integrity import views

app_name = "integrity"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("incidents/<int:pk>/", views.review_incident, name="review"),
    path("incidents/<int:pk>/query/", views.raise_query, name="raise_query"),
    path("queries/", views.my_queries, name="queries"),
    path("queries/<int:pk>/", views.answer_query, name="answer"),
    path("dip-sample/", views.dip_sample, name="dip_sample"),
    path("dip-sample/draw/", views.draw_dip_sample, name="draw_dip_sample"),
    path("dip-sample/<int:pk>/", views.check_dip_sample, name="check_dip_sample"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
