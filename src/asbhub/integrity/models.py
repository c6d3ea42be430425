"""The crime data integrity review: each incident's screening, the 24-hour review decision,
queries to officers, the dip sample and the audit trail of every decision."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import AppendOnlyModel
from asbhub.incidents.models import Incident
from asbhub.integrity.choices import (
    AuditAction,
    Decision,
    OffenceGroup,
    QueryStatus,
    ReviewStatus,
)


class IncidentScreening(models.Model):
    """The crime screening of one incident's narrative, as last run (see screening.py)."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="screening", verbose_name=_("incident")
    )
    screened_at = models.DateTimeField(_("screened at"), default=timezone.now)
    rules_version = models.CharField(_("rules version"), max_length=20)
    describes_crime = models.BooleanField(_("describes a crime"), default=False, db_index=True)
    top_confidence = models.FloatField(_("highest confidence"), default=0.0)
    groups = models.JSONField(_("offence groups"), default=list, blank=True)
    result = models.JSONField(_("screening result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("incident screening")
        verbose_name_plural = _("incident screenings")

    def __str__(self) -> str:
        return f"{self.incident} {', '.join(self.groups) or '-'}"

    @property
    def offences(self) -> list[dict[str, Any]]:
        """The offences found, as stored (most likely first)."""
        return list(self.result.get("offences", []))


class CdiReview(models.Model):
    """The 24-hour crime data integrity review of one ASB incident."""

    incident = models.OneToOneField(
        Incident, on_delete=models.CASCADE, related_name="cdi_review", verbose_name=_("incident")
    )
    due_at = models.DateTimeField(_("review due by"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    no_crime_reason = models.CharField(_("reason for no crime"), max_length=40, blank=True)
    crime_reference = models.CharField(_("crime reference"), max_length=30, blank=True)
    classification = models.CharField(_("Home Office classification"), max_length=10, blank=True)
    offence_group = models.CharField(
        _("offence group"), max_length=30, choices=OffenceGroup.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    within_24h = models.BooleanField(_("decided within 24 hours"), null=True, blank=True)
    screening_shown = models.JSONField(
        _("screening shown at the decision"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("crime data integrity review")
        verbose_name_plural = _("crime data integrity reviews")
        indexes = [models.Index(fields=["status", "due_at"])]
        permissions = [("draw_dip_sample", _("Can draw the dip sample of no crime decisions"))]

    def __str__(self) -> str:
        return f"{self.incident} {self.get_status_display()}"


class CdiQuery(models.Model):
    """A reviewer's question to the officer about an incident, and the officer's answer."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="cdi_queries", verbose_name=_("incident")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cdi_queries",
        verbose_name=_("officer"),
    )
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=QueryStatus.choices, default=QueryStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("query to an officer")
        verbose_name_plural = _("queries to officers")
        ordering = ["asked_at"]
        indexes = [models.Index(fields=["officer", "status"])]

    def __str__(self) -> str:
        return f"{self.incident} {self.get_status_display()}"


class DipSampleCheck(models.Model):
    """A second reviewer's re-check of a "no crime" decision drawn for the dip sample."""

    review = models.OneToOneField(
        CdiReview, on_delete=models.CASCADE, related_name="dip_check", verbose_name=_("review")
    )
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    seed = models.BigIntegerField(_("random seed"))
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second reviewer"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    agrees = models.BooleanField(_("agrees with no crime"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("dip sample check")
        verbose_name_plural = _("dip sample checks")
        ordering = ["drawn_at", "id"]

    def __str__(self) -> str:
        return f"{self.review.incident} {self.agrees}"


class CdiAuditEntry(AppendOnlyModel):
    """One event of the review (a decision, a query, an answer, a dip check), with the
    screening as the reviewer saw it. Written by the services only; never changed."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    incident = models.ForeignKey(
        Incident, on_delete=models.PROTECT, related_name="+", verbose_name=_("incident")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150)
    role = models.CharField(_("role"), max_length=50, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)
    screening = models.JSONField(_("screening shown"), default=dict, blank=True)

    class Meta:
        verbose_name = _("review audit entry")
        verbose_name_plural = _("review audit trail")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.incident_id}"
