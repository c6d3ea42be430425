"""Core URLs: the home page for each role."""

from django.urls import path

from asbhub.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]
