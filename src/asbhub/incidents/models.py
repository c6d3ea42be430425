"""ASB incidents as recorded at first contact, and the people in them (personal data)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asbhub.core.models import CommunitySafetyPartnership, Team
from asbhub.incidents import matching
from asbhub.incidents.choices import (
    AsbCategory,
    Channel,
    EventKind,
    Gender,
    IncidentStatus,
    PartyRole,
    ResponseGrade,
    ThriveLevel,
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

    def save(self, *args: object, **kwargs: object) -> None:
        """Save, then refresh the blocking keys the person matcher looks people up by."""
        super().save(*args, **kwargs)
        PersonMatchKey.index([self])

    @property
    def address(self) -> str:
        """The address parts on one line, as recorded."""
        first = " ".join(part for part in (self.house, self.street) if part)
        return ", ".join(part for part in (self.flat, first, self.town, self.postcode) if part)

    @property
    def full_name(self) -> str:
        """Given and family name as recorded."""
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    def as_match_record(self) -> matching.PersonRecord:
        """The fields the person matcher reads, keyed by this person's id."""
        return matching.PersonRecord(
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            flat=self.flat,
            house=self.house,
            street=self.street,
            town=self.town,
            postcode=self.postcode,
            phone=self.phone,
            key=self.pk,
        )


class PersonMatchKey(models.Model):
    """A blocking key for finding records of the same person (see incidents.matching).

    Keys hold normalised fragments of personal data (a phonetic family name, a postcode
    district, a birth year, an address) and are deleted with the person.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(_("key"), max_length=200, db_index=True)

    class Meta:
        verbose_name = _("person matching key")
        verbose_name_plural = _("person matching keys")
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="one_key_each")]

    def __str__(self) -> str:
        return self.key

    @classmethod
    def index(cls, people: list[Person], *, replace: bool = True) -> int:
        """Write the blocking keys of saved people (replacing theirs); return how many."""
        if replace:
            cls.objects.filter(person__in=[p.pk for p in people]).delete()
        rows = [
            cls(person_id=person.pk, key=key[:200])
            for person in people
            for key in sorted(matching.block_keys(person.as_match_record()))
        ]
        cls.objects.bulk_create(rows, batch_size=2000)
        return len(rows)


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
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood policing team"),
        help_text=_("The team whose area covers the incident's LSOA"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    people = models.ManyToManyField(Person, through="IncidentParty", related_name="incidents")
    victim_targeted = models.BooleanField(
        _("is the victim targeted"),
        null=True,
        blank=True,
        help_text=_("Is the behaviour aimed at the victim or their household?"),
    )
    happened_before = models.BooleanField(
        _("has it happened before"),
        null=True,
        blank=True,
        help_text=_("Has the caller experienced this, or reported it, before?"),
    )
    victim_vulnerable = models.BooleanField(
        _("is the victim vulnerable"),
        null=True,
        blank=True,
        help_text=_("Age, disability, mental health, isolation or other circumstances"),
    )
    hate_motivated = models.BooleanField(
        _("is it motivated by hate"),
        null=True,
        blank=True,
        help_text=_("Race, religion, disability, sexual orientation or transgender identity"),
    )
    children_involved = models.BooleanField(
        _("are children involved"),
        null=True,
        blank=True,
        help_text=_("As victims, witnesses or those causing the behaviour"),
    )
    risk_now = models.BooleanField(
        _("is anyone at risk now"),
        null=True,
        blank=True,
        help_text=_("Is anyone in danger at this moment?"),
    )
    grade = models.PositiveSmallIntegerField(
        _("graded response"), choices=ResponseGrade.choices, null=True, blank=True
    )
    respond_by = models.DateTimeField(_("respond by"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="allocated_incidents",
        verbose_name=_("allocated to"),
    )

    class Meta:
        verbose_name = _("ASB incident")
        verbose_name_plural = _("ASB incidents")
        ordering = ["-reported_at"]
        indexes = [
            models.Index(fields=["csp", "reported_at"]),
            models.Index(fields=["category", "subtype"]),
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["allocated_to", "status"]),
        ]
        permissions = [
            ("allocate_incident", _("Can allocate incidents to officers")),
            ("close_incident", _("Can close incidents")),
            ("work_incident", _("Can be allocated incidents and work them")),
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


class ThriveAssessment(models.Model):
    """The call handler's THRIVE judgement on an incident: a level and a reason for each.

    `proposal` keeps what ASB Hub proposed (levels, reasons, grade, rules version), so a
    reviewer can see where the handler agreed and where they decided otherwise.
    """

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="thrive")
    threat = models.CharField(_("threat"), max_length=6, choices=ThriveLevel.choices)
    threat_reason = models.TextField(_("why (threat)"))
    harm = models.CharField(_("harm"), max_length=6, choices=ThriveLevel.choices)
    harm_reason = models.TextField(_("why (harm)"))
    risk = models.CharField(_("risk"), max_length=6, choices=ThriveLevel.choices)
    risk_reason = models.TextField(_("why (risk)"))
    investigation = models.CharField(_("investigation"), max_length=6, choices=ThriveLevel.choices)
    investigation_reason = models.TextField(_("why (investigation)"))
    vulnerability = models.CharField(_("vulnerability"), max_length=6, choices=ThriveLevel.choices)
    vulnerability_reason = models.TextField(_("why (vulnerability)"))
    engagement = models.CharField(_("engagement"), max_length=6, choices=ThriveLevel.choices)
    engagement_reason = models.TextField(_("why (engagement)"))
    proposal = models.JSONField(_("what ASB Hub proposed"), default=dict, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    class Meta:
        verbose_name = _("THRIVE assessment")
        verbose_name_plural = _("THRIVE assessments")

    def __str__(self) -> str:
        return _("THRIVE for %(incident)s") % {"incident": self.incident_id}

    def levels(self) -> dict[str, str]:
        """{dimension: level} for the six dimensions."""
        from asbhub.incidents.thrive import DIMENSIONS

        return {dimension: getattr(self, dimension) for dimension in DIMENSIONS}


class IncidentEvent(models.Model):
    """One change in an incident's life: who did what, when, and what changed."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    kind = models.CharField(_("what"), max_length=10, choices=EventKind.choices)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("{field: [before, after]}")
    )
    note = models.TextField(_("update"), blank=True)

    class Meta:
        verbose_name = _("incident history entry")
        verbose_name_plural = _("incident history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
