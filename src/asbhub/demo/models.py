"""What the synthetic demo data planted, so later features can be measured against it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asbhub.demo.choices import TruthKind


class DemoRun(models.Model):
    """One run of `asbhub demo`: its seed, its options and what it made."""

    seed = models.BigIntegerField(_("seed"))
    months = models.PositiveSmallIntegerField(_("months of police.uk points"))
    requested_incidents = models.PositiveIntegerField(
        _("incidents asked for"), null=True, blank=True, help_text=_("Blank: one per point")
    )
    summary = models.JSONField(_("summary"), default=dict)
    generated_at = models.DateTimeField(_("generated at"), default=timezone.now)

    class Meta:
        verbose_name = _("demo data run")
        verbose_name_plural = _("demo data runs")
        ordering = ["-generated_at", "-id"]

    def __str__(self) -> str:
        return _("Demo data, seed %(seed)s") % {"seed": self.seed}


class PlantedTruth(models.Model):
    """A fact the demo generator planted: its kind, the record it is about, and a value.

    The record is named by model label and id (`incidents.incident` 42) rather than by a
    foreign key, so that truth can refer to any model and survives being exported.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=TruthKind.choices)
    record_type = models.CharField(
        _("record type"), max_length=100, help_text=_("Model label, e.g. incidents.incident")
    )
    record_id = models.PositiveBigIntegerField(_("record"))
    value = models.JSONField(_("value"), default=dict)
    seed = models.BigIntegerField(_("seed"))

    class Meta:
        verbose_name = _("planted truth")
        verbose_name_plural = _("planted truth")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["kind", "record_type", "record_id"]),
            models.Index(fields=["record_type", "record_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_type} {self.record_id}"
