"""The incident, person and party models and the ASB subtype reference data."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import translation

from asbhub.incidents.choices import (
    SUBTYPES_FILE,
    AsbCategory,
    asb_subtypes,
    subtype_choices,
)
from asbhub.incidents.models import Incident, IncidentParty, Person


def make_incident(**overrides: object) -> Incident:
    """An incident with realistic defaults, saved."""
    values = {
        "reference": "GW-2024-000001",
        "reported_at": datetime(2024, 6, 1, 20, 15, tzinfo=UTC),
        "channel": "101",
        "category": AsbCategory.NUISANCE,
        "subtype": "youths_gathering",
        "narrative": "Caller reports approx 10 yths outside the shops on Frost Road.",
    }
    values.update(overrides)
    return Incident.objects.create(**values)


def test_the_subtype_file_names_a_category_labels_and_source_for_every_row() -> None:
    with SUBTYPES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["category", "code", "label_en", "label_cy", "source"]
    assert len(rows) == len(asb_subtypes()) >= 12
    for row in rows:
        assert row["category"] in AsbCategory.values
        assert row["label_en"] and row["label_cy"] and row["source"]
    assert {row["category"] for row in rows} == set(AsbCategory.values)


def test_subtype_choices_are_grouped_by_category() -> None:
    groups = dict(subtype_choices())
    assert set(groups) == {category.label for category in AsbCategory}
    codes = [code for members in groups.values() for code, _label in members]
    assert codes == [subtype.code for subtype in asb_subtypes()]


def test_a_subtype_is_shown_in_the_users_language() -> None:
    incident = Incident(subtype="noise")
    with translation.override("en"):
        assert incident.get_subtype_display() == "Nuisance noise"
    with translation.override("cy"):
        assert incident.get_subtype_display() == "Sŵn niwsans"


def test_an_unknown_subtype_is_refused_by_validation(db) -> None:
    incident = make_incident()
    incident.subtype = "joyriding"
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "subtype" in error.value.message_dict


def test_a_subtype_must_belong_to_the_category(db) -> None:
    incident = make_incident()
    incident.category = AsbCategory.PERSONAL
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert "subtype" in error.value.message_dict
    incident.subtype = "neighbour_dispute"
    incident.full_clean()


def test_vulnerability_factors_must_be_known_codes(db) -> None:
    person = Person(given_name="Mair", vulnerability_factors=["older_person", "isolated"])
    person.full_clean()
    person.vulnerability_factors = ["grumpy"]
    with pytest.raises(ValidationError):
        person.full_clean()
    person.vulnerability_factors = ["isolated", "isolated"]
    with pytest.raises(ValidationError):
        person.full_clean()
    person.vulnerability_factors = "isolated"
    with pytest.raises(ValidationError):
        person.full_clean()


def test_an_address_reads_as_one_line_from_its_parts() -> None:
    person = Person(
        flat="Flat 2", house="14", street="Heol Pant", town="Newport", postcode="NP20 4AB"
    )
    assert person.address == "Flat 2, 14 Heol Pant, Newport, NP20 4AB"
    assert Person(house="2/14", street="heol pant").address == "2/14 heol pant"
    assert Person().address == ""


def test_the_recorded_time_can_be_set_for_imported_records(db) -> None:
    at = datetime(2024, 3, 1, 9, tzinfo=UTC)
    person = Person.objects.create(given_name="Dai", created_at=at)
    person.refresh_from_db()
    assert person.created_at == at
    assert Person.objects.create(given_name="Bob").created_at > at


def test_a_person_takes_each_part_in_an_incident_once(db) -> None:
    incident = make_incident()
    person = Person.objects.create(given_name="Rhian", family_name="Pritchard")
    IncidentParty.objects.create(incident=incident, person=person, role="reporter")
    IncidentParty.objects.create(incident=incident, person=person, role="victim")
    assert sorted(incident.parties.values_list("role", flat=True)) == ["reporter", "victim"]
    with pytest.raises(IntegrityError):
        IncidentParty.objects.create(incident=incident, person=person, role="victim")


def test_the_permissions_roles_rely_on_exist(db) -> None:
    for codename in (
        "view_incident",
        "add_incident",
        "change_incident",
        "view_person",
        "add_person",
        "change_person",
    ):
        assert Permission.objects.filter(content_type__app_label="incidents", codename=codename)


def test_the_incident_models_have_no_missing_migrations(db) -> None:
    out = StringIO()
    call_command("makemigrations", "incidents", "demo", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
