"""Data pack URLs, under /data-packs/."""

from django.urls import path

from asbhub.datapacks import views

app_name = "datapacks"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]
