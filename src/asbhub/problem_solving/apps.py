from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemSolvingConfig(AppConfig):
    name = "asbhub.problem_solving"
    verbose_name = _("Problem solving")
