from django.urls import path

from asbhub.incidents import views

app_name = "incidents"
urlpatterns = [
    path("new/", views.new, name="new"),
    path("new/check/", views.check, name="check"),
    path("new/lsoas.json", views.lsoas, name="lsoas"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/update/", views.update, name="update"),
]
