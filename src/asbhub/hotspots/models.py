"""Patrol operations: their target hotspots and control areas, and the patrols logged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.hotspots.choices import Activity, Agency, AreaKind, CrimeType, DataSource


class Operation(models.Model):
    """A hotspot patrol operation, such as Gwent's Operation Lumley."""

    name = models.CharField(_("name"), max_length=150, help_text=_("e.g. Operation Lumley"))
    aim = models.TextField(
        _("aim"),
        help_text=_("What the patrols should achieve, in a way you can measure."),
    )
    start_date = models.DateField(_("start date"), help_text=_("First day of patrols"))
    end_date = models.DateField(_("end date"), help_text=_("Last day of patrols"))
    funding = models.CharField(
        _("funding"),
        max_length=200,
        blank=True,
        help_text=_("Who pays for the patrols, e.g. Home Office ASB hotspot response fund"),
    )
    csp = models.ForeignKey(
        CommunitySafetyPartnership,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community safety partnership"),
    )
    crime_type = models.CharField(
        _("records counted"), max_length=40, choices=CrimeType.choices, default=CrimeType.ASB
    )
    data_source = models.CharField(
        _("evaluated on"), max_length=20, choices=DataSource.choices, default=DataSource.POLICEUK
    )
    pre_months = models.PositiveSmallIntegerField(
        _("months before"),
        default=12,
        help_text=_("How many months before the start the evaluation compares with"),
    )
    buffer_metres = models.PositiveIntegerField(
        _("buffer width (metres)"),
        default=300,
        help_text=_("Width of the ring around the targets checked for displacement"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["-start_date", "name"]
        permissions = [
            ("view_hotspot_map", _("Can view hotspot maps and forecasts")),
            ("view_evaluation", _("Can view operation evaluations")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="operation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OperationArea(models.Model):
    """A target hotspot or a control area of an operation, as a polygon."""

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="areas", verbose_name=_("operation")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AreaKind.choices)
    name = models.CharField(_("name"), max_length=150)
    boundary = models.JSONField(_("boundary"), help_text=_("GeoJSON polygon in WGS84"))
    proposed = models.BooleanField(
        _("proposed automatically"),
        default=False,
        help_text=_("Proposed by ASB Hub from similar counts and trend before the operation"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("operation area")
        verbose_name_plural = _("operation areas")
        ordering = ["operation", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "name"], name="one_area_name_per_op")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class PatrolLog(models.Model):
    """One patrol visit to a target hotspot: who, which agency, when, and what was done.

    The patroller is named as the force records them (name or collar number); entries are
    staff personal data, so creating and exporting them is written to the access log.
    """

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="patrols", verbose_name=_("operation")
    )
    area = models.ForeignKey(
        OperationArea,
        on_delete=models.PROTECT,
        related_name="patrols",
        verbose_name=_("hotspot"),
        limit_choices_to={"kind": AreaKind.TARGET},
    )
    patroller = models.CharField(
        _("patrolled by"), max_length=100, help_text=_("Name or collar number")
    )
    agency = models.CharField(_("agency"), max_length=10, choices=Agency.choices)
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("end"))
    activity = models.CharField(_("activity"), max_length=12, choices=Activity.choices)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["operation", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "area", "patroller", "started_at"],
                name="one_patrol_per_patroller_start",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__gt=models.F("started_at")),
                name="patrol_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.name} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> float:
        """Length of the visit in minutes."""
        return (self.ended_at - self.started_at).total_seconds() / 60
