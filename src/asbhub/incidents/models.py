"""ASB incidents as recorded at first contact, and the people in them (personal data)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.incidents.choices import AsbCategory, Channel, IncidentStatus, PartyRole


class Person(models.Model):
    """A person as recorded on one incident; the same human may be recorded many times."""

    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return _("Person %(id)s") % {"id": self.pk}


class Incident(models.Model):
    """An ASB report as received by Force Contact and Control."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    channel = models.CharField(_("how reported"), max_length=10, choices=Channel.choices)
    category = models.CharField(_("ASB category"), max_length=15, choices=AsbCategory.choices)
    subtype = models.CharField(_("subtype"), max_length=40, blank=True)
    narrative = models.TextField(_("what happened"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    lsoa21_code = models.CharField(_("LSOA 2021 code"), max_length=9, blank=True)
    csp = models.ForeignKey(
        CommunitySafetyPartnership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("community safety partnership"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    people = models.ManyToManyField(Person, through="IncidentParty", related_name="incidents")

    class Meta:
        verbose_name = _("ASB incident")
        verbose_name_plural = _("ASB incidents")
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["csp", "reported_at"])]

    def __str__(self) -> str:
        return self.reference


class IncidentParty(models.Model):
    """A person's part in an incident: reporter, victim, suspect or witness."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("part"), max_length=10, choices=PartyRole.choices)

    class Meta:
        verbose_name = _("party to an incident")
        verbose_name_plural = _("parties to incidents")
        constraints = [
            models.UniqueConstraint(fields=["incident", "person", "role"], name="one_part_each")
        ]

    def __str__(self) -> str:
        return f"{self.incident} {self.role}"
