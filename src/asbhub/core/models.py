"""Core data: geography (community safety partnerships, neighbourhood policing teams, LSOAs)
and the access log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from asbhub.core.choices import AccessAction


class WelshNamed:
    """For a model with a `name` and an optional Welsh `name_cy`: shown in either language."""

    name: str
    name_cy: str

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str | None = None) -> str:
        """The name in the given language, falling back to English."""
        if language and language.startswith("cy") and self.name_cy:
            return self.name_cy
        return self.name


class CommunitySafetyPartnership(WelshNamed, models.Model):
    """A community safety partnership (CSP): one per local authority in Wales."""

    code = models.CharField(_("ONS code"), max_length=9, unique=True, help_text=_("e.g. W14000022"))
    name = models.CharField(_("name"), max_length=100)
    name_cy = models.CharField(_("Welsh name"), max_length=100, blank=True)
    slug = models.SlugField(_("short name"), unique=True, help_text=_("Used in commands and URLs"))
    local_authority_code = models.CharField(_("local authority code"), max_length=9, unique=True)
    force_code = models.CharField(_("police force area code"), max_length=9)

    class Meta:
        verbose_name = _("community safety partnership")
        verbose_name_plural = _("community safety partnerships")
        ordering = ["name"]


class Team(WelshNamed, models.Model):
    """A neighbourhood policing team: the officers who look after a set of LSOAs in one CSP."""

    code = models.SlugField(
        _("short name"), unique=True, help_text=_("Used in commands and files, e.g. newport-east")
    )
    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("e.g. Newport East")
    )
    name_cy = models.CharField(
        _("Welsh name"), max_length=100, blank=True, help_text=_("e.g. Dwyrain Casnewydd")
    )
    csp = models.ForeignKey(
        CommunitySafetyPartnership,
        on_delete=models.PROTECT,
        related_name="teams",
        verbose_name=_("community safety partnership"),
        help_text=_("The partnership whose area the team works in"),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("The places the team covers, or how its area was drawn"),
    )

    class Meta:
        verbose_name = _("neighbourhood policing team")
        verbose_name_plural = _("neighbourhood policing teams")
        ordering = ["name"]


class Lsoa(models.Model):
    """A Lower layer Super Output Area (2021 boundaries) in the force area."""

    code = models.CharField(_("LSOA 2021 code"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=100)
    csp = models.ForeignKey(
        CommunitySafetyPartnership,
        on_delete=models.PROTECT,
        related_name="lsoas",
        verbose_name=_("community safety partnership"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lsoas",
        verbose_name=_("neighbourhood policing team"),
        help_text=_("The team whose area covers the LSOA"),
    )
    population = models.PositiveIntegerField(_("residents"), null=True, blank=True)
    wimd_decile = models.PositiveSmallIntegerField(
        _("WIMD decile"),
        null=True,
        blank=True,
        help_text=_("Welsh Index of Multiple Deprivation decile, 1 most deprived"),
    )
    centroid_longitude = models.FloatField(_("centroid longitude"))
    centroid_latitude = models.FloatField(_("centroid latitude"))
    boundary = models.JSONField(_("boundary"), help_text=_("GeoJSON geometry in WGS84"))

    class Meta:
        verbose_name = _("LSOA")
        verbose_name_plural = _("LSOAs")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        """Refuse a team from another partnership than the LSOA's."""
        if self.team_id and self.csp_id and self.team.csp_id != self.csp_id:
            raise ValidationError(
                {"team": _("The team works in another community safety partnership.")}
            )


class AppendOnlyQuerySet(models.QuerySet):
    """A queryset that refuses bulk changes and deletions."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError(f"{self.model._meta.verbose_name_plural} is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{self.model._meta.verbose_name_plural} is append-only.")


class AppendOnlyModel(models.Model):
    """A record that can be added but never changed or deleted by the application.

    For logs and audit trails; a migration adds database triggers where it matters.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(f"{self._meta.verbose_name_plural} is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(f"{self._meta.verbose_name_plural} is append-only.")


class AccessLogEntry(AppendOnlyModel):
    """One read, change, disclosure, export or deletion of personal data.

    Written only by `asbhub.core.audit.log_access`; never changed or deleted by the
    application (the model, its queryset, the admin and database triggers all refuse).
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
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
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    record_type = models.CharField(_("record type"), max_length=100)
    record_id = models.CharField(_("record"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=255)
    client_ip = models.GenericIPAddressField(_("client IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.record_type}"
