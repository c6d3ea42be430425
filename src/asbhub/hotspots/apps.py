from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotspotsConfig(AppConfig):
    """Hotspot detection, patrol operations and their evaluation."""

    name = "asbhub.hotspots"
    verbose_name = _("Hotspots and patrols")
    default_auto_field = "django.db.models.BigAutoField"
