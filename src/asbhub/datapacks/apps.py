from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatapacksConfig(AppConfig):
    name = "asbhub.datapacks"
    verbose_name = _("Community safety partnership data packs")
