"""Choices for the synthetic demo data, with translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from asbhub.demo import generator


class TruthKind(models.TextChoices):
    """What a planted truth records."""

    NARRATIVE_OFFENCES = generator.TRUTH_NARRATIVE_OFFENCES, _("Offences described in a narrative")
    SAME_PERSON = generator.TRUTH_SAME_PERSON, _("Person records of the same human")
    CASE_REVIEW_ELIGIBLE = generator.TRUTH_CASE_REVIEW, _("Victim eligible for an ASB Case Review")
    REPEAT_LOCATION = generator.TRUTH_REPEAT_LOCATION, _("Place with repeated incidents")
    OPERATION_EFFECT = "operation_effect", _("Planted effect of a patrol operation")
