from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "asbhub.core"
    verbose_name = _("Core: roles, access log and geography")
