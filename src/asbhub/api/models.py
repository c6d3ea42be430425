"""API tokens: a client's bearer token, of which only a SHA-256 digest is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token that lets a client act as one user through the JSON API.

    The token itself is shown once, when it is created; the database keeps only its
    SHA-256 digest (a stolen database gives no usable token) and its first characters, so
    that a person can tell their tokens apart. A revoked token stays, for the record.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("What the token is for, e.g. a client")
    )
    prefix = models.CharField(
        _("first characters"), max_length=16, help_text=_("Shown to tell tokens apart")
    )
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def active(self) -> bool:
        """True until the token is revoked."""
        return self.revoked_at is None
