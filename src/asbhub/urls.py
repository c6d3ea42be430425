"""Top-level URLs: the apps, the API, the admin, sign-in and the language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from asbhub.api.api import api

urlpatterns = [
    path("", include("asbhub.core.urls")),
    path("open-data/", include("asbhub.opendata.urls")),
    path("incidents/", include("asbhub.incidents.urls")),
    path("hotspots/", include("asbhub.hotspots.urls")),
    path("data-packs/", include("asbhub.datapacks.urls")),
    path("problem-solving/", include("asbhub.problem_solving.urls")),
    path("integrity/", include("asbhub.integrity.urls")),
    path("sign-in/", auth_views.LoginView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
