"""Data packs: one row per pack asked for, which is also the job that makes it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.datapacks.choices import PackLanguage, PackStage, PackStatus


class DataPack(models.Model):
    """A community safety partnership data pack: what was asked for, its progress, its files.

    The pack is made outside the request (see `services.run_next_datapack`); the page that
    shows it polls `status` and `progress`. Files live under VAR_DIR/datapacks and hold
    depersonalised aggregates only (Crime and Disorder Act 1998 s.17A).
    """

    csp = models.ForeignKey(
        CommunitySafetyPartnership,
        on_delete=models.PROTECT,
        related_name="datapacks",
        verbose_name=_("community safety partnership"),
    )
    period_end = models.DateField(
        _("last month"), help_text=_("First day of the last month the pack covers")
    )
    months = models.PositiveSmallIntegerField(
        _("months covered"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=PackLanguage.choices, default=PackLanguage.ENGLISH
    )
    formats = models.JSONField(_("formats"), default=list, help_text=_('e.g. ["html", "pdf"]'))
    status = models.CharField(
        _("status"), max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED
    )
    stage = models.CharField(
        _("step"), max_length=20, choices=PackStage.choices, default=PackStage.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    error = models.TextField(_("what went wrong"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    requested_at = models.DateTimeField(_("asked for at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"), null=True, blank=True, help_text=_("Updated at every step")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    html_file = models.CharField(
        _("web page file"), max_length=255, blank=True, help_text=_("Relative to the packs folder")
    )
    pdf_file = models.CharField(
        _("PDF file"), max_length=255, blank=True, help_text=_("Relative to the packs folder")
    )

    class Meta:
        verbose_name = _("data pack")
        verbose_name_plural = _("data packs")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.csp.slug} {self.period_end:%Y-%m} ({self.months}) {self.language}"

    @property
    def period_start(self) -> dt.date:
        """The first month the pack covers."""
        index = self.period_end.year * 12 + self.period_end.month - 1 - (self.months - 1)
        return dt.date(index // 12, index % 12 + 1, 1)

    @property
    def finished(self) -> bool:
        """Whether the pack has stopped: made, or failed."""
        return self.status in (PackStatus.DONE, PackStatus.FAILED)

    def file_for(self, fmt: str) -> str:
        """The stored file name for a format ("html" or "pdf"), or "" when there is none."""
        return {"html": self.html_file, "pdf": self.pdf_file}.get(fmt, "")
