"""Choices for problem-solving plans, with translated labels.

The outcome codes are not choices here: they are a configurable list (the `OutcomeCode`
model), seeded from `data/outcome_codes.csv`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanStatus(models.TextChoices):
    """Where an OSARA plan is in its life."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    UNDER_REVIEW = "under_review", _("Under review")
    OPEN = "open", pgettext_lazy("plan status", "Open")
    FINALISED = "finalised", _("Finalised")


# Plans whose owner may still change them, and plans that are reviewed monthly.
EDITABLE_STATUSES = (
    PlanStatus.DRAFT,
    PlanStatus.SUBMITTED,
    PlanStatus.UNDER_REVIEW,
    PlanStatus.OPEN,
)
LIVE_STATUSES = (PlanStatus.SUBMITTED, PlanStatus.UNDER_REVIEW, PlanStatus.OPEN)


class Rag(models.TextChoices):
    """The POP officer's quality rating of a plan."""

    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")


RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}


class ReviewKind(models.TextChoices):
    """Whether a review is the first of a new plan or a monthly one."""

    INITIAL = "initial", _("Review of a new plan")
    MONTHLY = "monthly", _("Monthly review")
    FINAL = "final", _("Review at finalisation")


class ActionStatus(models.TextChoices):
    """How far a response action has got."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Agency(models.TextChoices):
    """Who carries out a response action: the force or a partner agency."""

    POLICE = "police", _("Police (the force itself)")
    COUNCIL_ASB = "council_asb", _("Council ASB team")
    WARDENS = "wardens", _("Council community safety wardens")
    COUNCIL_OTHER = "council_other", _("Council: other service (e.g. highways, licensing)")
    HOUSING = "housing", _("Housing association or landlord")
    EDUCATION = "education", _("School or education service")
    YOUTH = "youth", _("Youth service")
    SOCIAL_CARE = "social_care", _("Social care")
    HEALTH = "health", _("Health")
    FIRE = "fire", _("Fire and rescue service")
    BUSINESS = "business", _("Business or place manager")
    VOLUNTARY = "voluntary", _("Voluntary or community group")
    OTHER = "other", pgettext_lazy("agency", "Other")


class MeasureSource(models.TextChoices):
    """Where a success measure's figures come from."""

    INCIDENTS = "incidents", _("ASB incidents recorded by the force in the plan's area")
    POLICEUK = "policeuk", _("police.uk ASB records in the plan's area")
    OTHER = "other", _("Other: counted by hand (e.g. a survey or partner data)")


class Direction(models.TextChoices):
    """Whether success means the measure goes down or up."""

    DECREASE = "decrease", _("Lower is better")
    INCREASE = "increase", _("Higher is better")


class Criterion(models.TextChoices):
    """The parts of the POP officer's review rubric, scored 0, 1 or 2."""

    OBJECTIVE = "objective", _("Objective: specific and measurable")
    SCANNING = "scanning", _("Scanning: the problem stated with its data")
    ANALYSIS = "analysis", _("Analysis: the problem analysis triangle with evidence")
    MEASURES = "measures", _("Success measures defined with baselines")
    RESPONSE = "response", _("Response: actions owned and dated")
    PARTNERS = "partners", _("Partners involved")
    ASSESSMENT = "assessment", _("Assessment made against the baseline")


class Score(models.IntegerChoices):
    """A rubric score."""

    MISSING = 0, _("0: missing")
    PARTLY = 1, _("1: partly there")
    MET = 2, _("2: met")


class ReviewState(models.TextChoices):
    """Whether a live plan's monthly review is due."""

    NOT_DUE = "not_due", _("Not due yet")
    DUE = "due", _("Due this month")
    OVERDUE = "overdue", _("Overdue")


STATUS_COLOURS = {
    PlanStatus.DRAFT: "grey",
    PlanStatus.SUBMITTED: "blue",
    PlanStatus.UNDER_REVIEW: "purple",
    PlanStatus.OPEN: "turquoise",
    PlanStatus.FINALISED: "grey",
}
