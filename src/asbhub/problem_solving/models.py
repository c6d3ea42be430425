"""Problem-solving plans on the OSARA model, their measures, actions and RAG reviews.

A plan names people (victims, offenders, people in its incidents): it is personal data,
read and changed only through `asbhub.problem_solving.services`, which writes the
access log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import CommunitySafetyPartnership, Lsoa
from asbhub.problem_solving.choices import (
    ActionStatus,
    Agency,
    Direction,
    MeasureSource,
    PlanStatus,
    Rag,
    ReviewKind,
)


class OutcomeCode(models.Model):
    """An outcome recorded when a plan is finalised: a configurable list.

    Seeded from `data/outcome_codes.csv` (a documented default: the national list of
    problem-solving outcome codes was not available to us). Administrators change the
    list in the admin; a code in use is retired (made inactive), not deleted.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=150)
    label_cy = models.CharField(_("Welsh label"), max_length=150, blank=True)
    meaning = models.TextField(_("meaning"), blank=True, help_text=_("When to use this code"))
    meaning_cy = models.TextField(_("Welsh meaning"), blank=True)
    source = models.CharField(_("source"), max_length=255, help_text=_("Where the code comes from"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Only codes in use are offered at finalisation")
    )

    class Meta:
        verbose_name = _("plan outcome code")
        verbose_name_plural = _("plan outcome codes")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    def display_label(self, language: str | None = None) -> str:
        """The label in the given language, falling back to English."""
        if language and language.startswith("cy") and self.label_cy:
            return self.label_cy
        return self.label

    def display_meaning(self, language: str | None = None) -> str:
        """The meaning in the given language, falling back to English."""
        if language and language.startswith("cy") and self.meaning_cy:
            return self.meaning_cy
        return self.meaning


class OsaraPlan(models.Model):
    """A problem-solving plan: Objective, Scanning, Analysis, Response, Assessment."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    title = models.CharField(
        _("title"),
        max_length=150,
        help_text=_("A short name for the problem, e.g. Youths gathering at Bettws shops"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_plans",
        verbose_name=_("owner"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_plans",
        verbose_name=_("supervisor"),
    )
    team = models.CharField(
        _("team"),
        max_length=100,
        blank=True,
        help_text=_("The neighbourhood policing team, e.g. Newport West NPT"),
    )
    csp = models.ForeignKey(
        CommunitySafetyPartnership,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community safety partnership"),
    )
    overview = models.TextField(_("overview"), blank=True)

    # The area: any mix of LSOAs, streets, a drawn polygon and a hotspot.
    lsoas = models.ManyToManyField(Lsoa, blank=True, related_name="+", verbose_name=_("LSOAs"))
    streets = models.TextField(_("streets"), blank=True, help_text=_("One street a line"))
    polygon = models.JSONField(
        _("drawn area"), null=True, blank=True, help_text=_("GeoJSON polygon in WGS84")
    )
    hotspot = models.ForeignKey(
        "hotspots.OperationArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hotspot"),
    )
    incidents = models.ManyToManyField(
        "incidents.Incident", blank=True, related_name="+", verbose_name=_("linked incidents")
    )
    people = models.ManyToManyField(
        "incidents.Person", blank=True, related_name="+", verbose_name=_("linked people")
    )
    locations = models.TextField(
        _("locations"), blank=True, help_text=_("Addresses or places, one a line")
    )

    objective = models.TextField(_("objective"), blank=True)
    problem_statement = models.TextField(_("problem statement"), blank=True)
    scan_first_month = models.DateField(_("scanning from"), null=True, blank=True)
    scan_last_month = models.DateField(_("scanning to"), null=True, blank=True)

    victim = models.TextField(_("victim"), blank=True)
    offender = models.TextField(_("offender"), blank=True)
    location = models.TextField(_("location"), blank=True)
    guardians = models.TextField(_("guardians"), blank=True)
    handlers = models.TextField(_("handlers"), blank=True)
    place_managers = models.TextField(_("place managers"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    response_started = models.DateField(_("response began"), null=True, blank=True)
    assessment = models.TextField(_("assessment"), blank=True)

    status = models.CharField(
        _("status"), max_length=15, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    rag = models.CharField(_("latest RAG rating"), max_length=5, choices=Rag.choices, blank=True)
    outcome = models.ForeignKey(
        OutcomeCode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("outcome"),
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem-solving plan")
        verbose_name_plural = _("problem-solving plans")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("review_osaraplan", _("Can review problem-solving plans and rate them")),
            ("view_dashboard", _("Can view the problem-solving dashboard")),
        ]
        indexes = [models.Index(fields=["status", "next_review_due"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def street_list(self) -> list[str]:
        """The streets, one per non-blank line."""
        return [line.strip() for line in self.streets.splitlines() if line.strip()]

    @property
    def location_list(self) -> list[str]:
        """The locations, one per non-blank line."""
        return [line.strip() for line in self.locations.splitlines() if line.strip()]


class SuccessMeasure(models.Model):
    """How the plan will know it worked: a baseline, a target and how it is measured."""

    plan = models.ForeignKey(
        OsaraPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan")
    )
    name = models.CharField(_("measure"), max_length=200)
    source = models.CharField(
        _("figures from"),
        max_length=10,
        choices=MeasureSource.choices,
        default=MeasureSource.OTHER,
    )
    direction = models.CharField(
        _("success means"), max_length=10, choices=Direction.choices, default=Direction.DECREASE
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    baseline_period = models.CharField(_("baseline period"), max_length=100, blank=True)
    target_value = models.DecimalField(
        _("target"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    how_measured = models.TextField(_("how it is measured"), blank=True)
    result_value = models.DecimalField(
        _("result"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("success measure")
        verbose_name_plural = _("success measures")
        ordering = ["plan", "id"]

    def __str__(self) -> str:
        return self.name


class ResponseAction(models.Model):
    """One thing the plan will do: who does it, for which agency, by when."""

    plan = models.ForeignKey(
        OsaraPlan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan")
    )
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner"), max_length=150, blank=True)
    agency = models.CharField(
        _("agency"), max_length=15, choices=Agency.choices, default=Agency.POLICE
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response action")
        verbose_name_plural = _("response actions")
        ordering = ["plan", "due_date", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class PlanReview(models.Model):
    """A POP officer's review: the RAG rating, the rubric scores and written feedback.

    The scores the system proposed are kept beside the reviewer's, so it is clear what
    the reviewer decided. Reviews are never changed: the history of ratings stands.
    """

    plan = models.ForeignKey(
        OsaraPlan, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("plan")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReviewKind.choices)
    rag = models.CharField(_("RAG rating"), max_length=5, choices=Rag.choices)
    feedback = models.TextField(_("feedback"))
    scores = models.JSONField(_("rubric scores"), default=dict)
    proposed_scores = models.JSONField(_("proposed rubric scores"), default=dict)
    proposed_rag = models.CharField(_("proposed rating"), max_length=5, choices=Rag.choices)
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["plan", "-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan.reference} {self.get_rag_display()} {self.reviewed_at:%Y-%m-%d}"


class ReviewReminder(models.Model):
    """A monthly review reminder e-mailed for a plan: one per plan per month."""

    plan = models.ForeignKey(
        OsaraPlan, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("plan")
    )
    month = models.DateField(_("month"), help_text=_("First day of the month reminded for"))
    recipients = models.PositiveSmallIntegerField(_("recipients"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="one_reminder_per_plan_month")
        ]

    def __str__(self) -> str:
        return f"{self.plan.reference} {self.month:%Y-%m}"
