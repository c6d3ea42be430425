"""Loading the force's CSPs and LSOAs (`asbhub load-geography`) and finding a CSP by name."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from asbhub.core.models import CommunitySafetyPartnership, Lsoa
from asbhub.core.services import UnknownCsp, csp_by_slug_or_code, load_geography

pytestmark = pytest.mark.django_db


def test_it_loads_the_five_gwent_csps_with_welsh_names_and_slugs() -> None:
    summary = load_geography("gwent")
    assert (summary.csps_created, summary.lsoas_created) == (5, 374)
    rows = set(
        CommunitySafetyPartnership.objects.values_list(
            "code", "name", "name_cy", "slug", "local_authority_code", "force_code"
        )
    )
    assert rows == {
        ("W14000018", "Caerphilly", "Caerffili", "caerphilly", "W06000018", "W15000002"),
        ("W14000019", "Blaenau Gwent", "Blaenau Gwent", "blaenau-gwent", "W06000019", "W15000002"),
        ("W14000020", "Torfaen", "Torfaen", "torfaen", "W06000020", "W15000002"),
        ("W14000021", "Monmouthshire", "Sir Fynwy", "monmouthshire", "W06000021", "W15000002"),
        ("W14000022", "Newport", "Casnewydd", "newport", "W06000022", "W15000002"),
    }


def test_it_loads_every_lsoa_with_its_csp_population_wimd_centroid_and_boundary() -> None:
    load_geography()
    assert Lsoa.objects.count() == 374
    per_csp = dict(Lsoa.objects.values_list("csp__slug").annotate(n=Count("id")))
    assert per_csp == {
        "caerphilly": 110,
        "blaenau-gwent": 46,
        "torfaen": 60,
        "monmouthshire": 58,
        "newport": 100,
    }
    assert not Lsoa.objects.filter(population__isnull=True).exists()
    assert not Lsoa.objects.filter(wimd_decile__isnull=True).exists()
    newport_019f = Lsoa.objects.get(code="W01002035")
    assert newport_019f.name == "Newport 019F"
    assert newport_019f.csp.slug == "newport"
    assert newport_019f.boundary["type"] in {"Polygon", "MultiPolygon"}
    assert -3.1 < newport_019f.centroid_longitude < -2.9
    assert 51.5 < newport_019f.centroid_latitude < 51.6
    assert 1 <= newport_019f.wimd_decile <= 10


def test_a_second_run_changes_nothing() -> None:
    load_geography()
    ids = dict(Lsoa.objects.values_list("code", "id"))
    again = load_geography()
    assert again.changed == 0
    assert (again.csps_unchanged, again.lsoas_unchanged) == (5, 374)
    assert dict(Lsoa.objects.values_list("code", "id")) == ids
    assert CommunitySafetyPartnership.objects.count() == 5


def test_a_rerun_puts_back_a_row_that_was_changed() -> None:
    load_geography()
    Lsoa.objects.filter(code="W01001440").update(name="Renamed", population=1)
    CommunitySafetyPartnership.objects.filter(slug="newport").update(name_cy="")
    summary = load_geography()
    assert (summary.csps_updated, summary.lsoas_updated, summary.lsoas_created) == (1, 1, 0)
    lsoa = Lsoa.objects.get(code="W01001440")
    assert (lsoa.name, lsoa.population) == ("Blaenau Gwent 001A", 1388)
    assert CommunitySafetyPartnership.objects.get(slug="newport").name_cy == "Casnewydd"


def test_the_command_prints_one_summary_line() -> None:
    out = StringIO()
    call_command("load_geography", force="gwent", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines == [
        "Geography for Gwent (W15000002): 5 CSPs (5 created, 0 updated, 0 unchanged), "
        "374 LSOAs (374 created, 0 updated, 0 unchanged), "
        "13 neighbourhood policing teams (13 created, 0 kept as loaded)."
    ]


def test_the_command_refuses_an_unknown_force_or_one_without_shipped_geography() -> None:
    with pytest.raises(CommandError, match="Unknown police force"):
        call_command("load_geography", force="gotham", stdout=StringIO())
    with pytest.raises(CommandError, match="South Wales"):
        call_command("load_geography", force="south-wales", stdout=StringIO())
    assert not Lsoa.objects.exists()


def test_csp_by_slug_or_code_accepts_a_slug_a_csp_code_or_an_la_code_in_any_case() -> None:
    load_geography()
    for value in ("newport", "NEWPORT", "w14000022", "W06000022", " Newport "):
        assert csp_by_slug_or_code(value).code == "W14000022", value
    assert csp_by_slug_or_code("blaenau-gwent").code == "W14000019"


def test_csp_by_slug_or_code_lists_the_valid_values_when_nothing_matches() -> None:
    load_geography()
    with pytest.raises(UnknownCsp) as raised:
        csp_by_slug_or_code("cardiff")
    message = str(raised.value)
    assert "cardiff" in message
    assert "blaenau-gwent (W14000019, W06000019)" in message
    assert "newport (W14000022, W06000022)" in message


def test_csp_by_slug_or_code_says_to_load_the_geography_when_none_is_loaded() -> None:
    with pytest.raises(UnknownCsp, match="load-geography"):
        csp_by_slug_or_code("newport")
