"""ASB incidents as recorded at first contact, and the people in them (personal data)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.incidents.choices import (
    AsbCategory,
    Channel,
    Gender,
    IncidentStatus,
    PartyRole,
    VulnerabilityFactor,
    subtype_choices,
    subtypes_by_code,
)


def validate_vulnerability_factors(value: object) -> None:
    """Accept only a list of known vulnerability factor codes, each once."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Vulnerability factors must be a list of codes."))
    unknown = sorted(set(value) - set(VulnerabilityFactor.values))
    if unknown:
        raise ValidationError(
            _("Unknown vulnerability factors: %(codes)s"), params={"codes": ", ".join(unknown)}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("Each vulnerability factor may be given once."))


class Person(models.Model):
    """A person as recorded on one incident; the same human may be recorded many times.

    Names, dates of birth and addresses are kept as the call handler typed them, so the
    same human can appear with different spellings: matching records is a later step.
    """

    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.NOT_KNOWN
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    flat = models.CharField(_("flat or unit"), max_length=50, blank=True)
    house = models.CharField(_("house number or name"), max_length=100, blank=True)
    street = models.CharField(_("street"), max_length=150, blank=True)
    town = models.CharField(_("town or village"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    vulnerable = models.BooleanField(
        _("vulnerable"),
        default=False,
        help_text=_("The call handler's judgement that this person is vulnerable"),
    )
    vulnerability_factors = models.JSONField(
        _("vulnerability factors"),
        default=list,
        blank=True,
        validators=[validate_vulnerability_factors],
        help_text=_("Codes from the vulnerability factor list"),
    )
    vulnerability_notes = models.TextField(_("vulnerability notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return _("Person %(id)s") % {"id": self.pk}

    @property
    def address(self) -> str:
        """The address parts on one line, as recorded."""
        first = " ".join(part for part in (self.house, self.street) if part)
        return ", ".join(part for part in (self.flat, first, self.town, self.postcode) if part)


class Incident(models.Model):
    """An ASB report as received by Force Contact and Control."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    channel = models.CharField(_("how reported"), max_length=10, choices=Channel.choices)
    category = models.CharField(_("ASB category"), max_length=15, choices=AsbCategory.choices)
    subtype = models.CharField(
        _("subtype"),
        max_length=40,
        blank=True,
        choices=subtype_choices,
        help_text=_("The force's local subtype within the ASB category"),
    )
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
        indexes = [
            models.Index(fields=["csp", "reported_at"]),
            models.Index(fields=["category", "subtype"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        """Check that the subtype belongs to the chosen ASB category."""
        super().clean()
        if not self.subtype:
            return
        subtype = subtypes_by_code().get(self.subtype)
        if subtype is not None and subtype.category != self.category:
            raise ValidationError(
                {"subtype": _("This subtype does not belong to the chosen ASB category.")}
            )


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
