"""police.uk street-level records and outcomes, every published column kept.

Each row is stored as published, plus the areas we derive from it: the 2021 LSOA, the
local authority, the community safety partnership, and whether it falls in the force area.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from asbhub.core.choices import AreaStatus
from asbhub.core.models import CommunitySafetyPartnership
from asbhub.opendata.choices import FileKind


class SourceFile(models.Model):
    """One imported monthly file; re-importing the same force, month and kind replaces it."""

    force = models.SlugField(_("force"), help_text=_("police.uk force identifier, e.g. gwent"))
    month = models.DateField(_("month"), help_text=_("First day of the month the file covers"))
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the contents"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported police.uk file")
        verbose_name_plural = _("imported police.uk files")
        ordering = ["force", "month", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["force", "month", "kind"], name="one_file_per_month")
        ]

    def __str__(self) -> str:
        return self.name


class PoliceUkRecord(models.Model):
    """The columns street and outcomes files share, and the areas derived from them."""

    source = models.ForeignKey(SourceFile, on_delete=models.CASCADE, verbose_name=_("file"))
    line = models.PositiveIntegerField(_("line in file"))
    crime_id = models.CharField(_("Crime ID"), max_length=64, blank=True, db_index=True)
    month = models.DateField(_("month"))
    reported_by = models.CharField(_("reported by"), max_length=100)
    falls_within = models.CharField(_("falls within"), max_length=100)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    lsoa_code = models.CharField(_("LSOA code as published"), max_length=9, blank=True)
    lsoa_name = models.CharField(_("LSOA name as published"), max_length=100, blank=True)
    # Derived at import.
    lsoa21_code = models.CharField(_("LSOA 2021 code"), max_length=9, blank=True, db_index=True)
    local_authority_code = models.CharField(_("local authority code"), max_length=9, blank=True)
    csp = models.ForeignKey(
        CommunitySafetyPartnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community safety partnership"),
    )
    area = models.CharField(_("area"), max_length=20, choices=AreaStatus.choices)

    class Meta:
        abstract = True


class StreetRecord(PoliceUkRecord):
    """A street-level crime or ASB record (ASB rows have no Crime ID and no outcome)."""

    crime_type = models.CharField(_("crime type"), max_length=100)
    last_outcome_category = models.CharField(_("last outcome category"), max_length=255, blank=True)
    context = models.TextField(_("context"), blank=True)

    class Meta:
        verbose_name = _("street-level record")
        verbose_name_plural = _("street-level records")
        indexes = [
            models.Index(fields=["month", "crime_type"]),
            models.Index(fields=["csp", "month", "crime_type"]),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.crime_type}: {self.location}"


class OutcomeRecord(PoliceUkRecord):
    """An outcome recorded in `month` for the crime with this Crime ID (possibly older)."""

    outcome_type = models.CharField(_("outcome type"), max_length=255)

    class Meta:
        verbose_name = _("outcome record")
        verbose_name_plural = _("outcome records")
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.crime_id[:8]}: {self.outcome_type}"
