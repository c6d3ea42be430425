"""Open data URLs, under /open-data/."""

from django.urls import path

from asbhub.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.overview_page, name="overview"),
]
