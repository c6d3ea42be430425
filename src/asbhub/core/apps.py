from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "asbhub.core"
    verbose_name = _("Core: roles, access log and geography")


class AdminConfig(admin_apps.AdminConfig):
    """Django admin whose site admits administrators only."""

    default = False

    default_site = "asbhub.core.admin_site.AdministratorsOnlySite"
