"""The pure geography module: British National Grid helpers, the shipped files, the resolver.

No database: everything comes from the files shipped in asbhub/core/data/geography/.
"""

from __future__ import annotations

import json
import math
import time

import numpy as np
import pytest
import shapely

from asbhub.core import geography
from asbhub.core.choices import AreaStatus
from asbhub.core.geography import AreaResolver, ResolvedArea, lookup_force, to_bng, to_wgs84

GWENT = "W15000002"
NEWPORT_LA, NEWPORT_CSP = "W06000022", "W14000022"
BLAENAU_GWENT_LA, BLAENAU_GWENT_CSP = "W06000019", "W14000019"
CARDIFF_LA, CARDIFF_CSP = "W06000015", "W14000015"

# ONS publishes both coordinates of the LSOA 2011 centroid of Newport 014B (W01001685), a
# few hundred metres from Newport's civic centre: lon/lat to 5 decimals and BNG to the metre.
NEWPORT_014B_LONLAT = (-2.9999, 51.58714)
NEWPORT_014B_BNG = (330822, 188061)
CARDIFF_CITY_CENTRE = (-3.1791, 51.4816)


@pytest.fixture(scope="module")
def resolver() -> AreaResolver:
    return AreaResolver.from_shipped(GWENT)


@pytest.fixture(scope="module")
def gwent_polygons() -> dict[str, shapely.Geometry]:
    return geography.polygons_from_features(geography.read_force_lsoas(GWENT)["features"])


def inside(polygons: dict[str, shapely.Geometry], code: str) -> tuple[float, float]:
    """A point guaranteed to lie inside the shipped polygon of a 2021 LSOA."""
    point = polygons[code].representative_point()
    return point.x, point.y


# --- British National Grid -------------------------------------------------------------


def test_to_bng_matches_the_ons_published_grid_reference_within_three_metres() -> None:
    easting, northing = to_bng(*NEWPORT_014B_LONLAT)
    assert isinstance(easting, float)
    assert math.hypot(easting - NEWPORT_014B_BNG[0], northing - NEWPORT_014B_BNG[1]) < 3


def test_to_wgs84_matches_the_ons_published_longitude_and_latitude() -> None:
    longitude, latitude = to_wgs84(*NEWPORT_014B_BNG)
    assert longitude == pytest.approx(NEWPORT_014B_LONLAT[0], abs=5e-5)
    assert latitude == pytest.approx(NEWPORT_014B_LONLAT[1], abs=5e-5)


def test_bng_round_trip_is_vectorised_and_returns_to_the_same_points() -> None:
    longitudes = np.array([-2.9999, -3.1959, -2.7153])
    latitudes = np.array([51.58714, 51.8016, 51.8112])
    eastings, northings = to_bng(longitudes, latitudes)
    assert eastings.shape == (3,)
    assert np.all((eastings > 280_000) & (eastings < 360_000))  # Gwent lies in this band
    back_lon, back_lat = to_wgs84(eastings, northings)
    np.testing.assert_allclose(back_lon, longitudes, atol=1e-8)
    np.testing.assert_allclose(back_lat, latitudes, atol=1e-8)


# --- Shipped files ---------------------------------------------------------------------


def test_shipped_gwent_lsoas_cover_the_five_local_authorities() -> None:
    features = geography.read_force_lsoas(GWENT)["features"]
    per_la: dict[str, int] = {}
    for feature in features:
        la = feature["properties"]["local_authority_code"]
        per_la[la] = per_la.get(la, 0) + 1
    assert per_la == {
        "W06000018": 110,
        "W06000019": 46,
        "W06000020": 60,
        "W06000021": 58,
        "W06000022": 100,
    }


def test_every_shipped_lsoa_has_population_a_wimd_decile_in_its_rank_band_and_a_centroid(
    gwent_polygons: dict[str, shapely.Geometry],
) -> None:
    for feature in geography.read_force_lsoas(GWENT)["features"]:
        props = feature["properties"]
        assert props["population"] > 0
        assert props["wimd_decile"] == min(10, (props["wimd_rank"] - 1) // 191 + 1)
        centroid = shapely.Point(props["centroid_longitude"], props["centroid_latitude"])
        assert gwent_polygons[props["lsoa21_code"]].buffer(0.01).contains(centroid)


def test_a_merged_lsoa_takes_its_wimd_from_both_2011_lsoas() -> None:
    features = geography.read_force_lsoas(GWENT)["features"]
    merged = next(f for f in features if f["properties"]["lsoa21_code"] == "W01001973")
    assert merged["properties"]["wimd_lsoa11"] == "W01001476;W01001477"


def test_shipped_lookups_cover_england_and_wales() -> None:
    lookups = geography.shipped_lookups()
    assert len(lookups.lsoa21_local_authority) == 35_672
    assert lookups.local_authority_force["W06000022"] == GWENT
    assert lookups.local_authority_csp["W06000015"] == CARDIFF_CSP
    assert geography.local_authority_names()["W06000022"] == ("Newport", "Casnewydd")
    attribution = geography.shipped_path("ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in attribution
    assert "split" in attribution and "merged" in attribution


# --- Forces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("police_uk_id", "pfa_code", "name"),
    [
        ("gwent", GWENT, "Gwent"),
        ("south-wales", "W15000003", "South Wales"),
        ("dyfed-powys", "W15000004", "Dyfed-Powys"),
        ("north-wales", "W15000001", "North Wales"),
        ("avon-and-somerset", "E23000036", "Avon and Somerset"),
        ("metropolitan", "E23000001", "Metropolitan Police"),
        ("city-of-london", "E23000034", "London, City of"),
        ("devon-and-cornwall", "E23000035", "Devon & Cornwall"),
        ("Gwent", GWENT, "Gwent"),
        ("W15000002", GWENT, "Gwent"),
    ],
)
def test_lookup_force_maps_police_uk_ids_to_police_force_areas(
    police_uk_id: str, pfa_code: str, name: str
) -> None:
    force = lookup_force(police_uk_id)
    assert (force.pfa_code, force.name) == (pfa_code, name)


def test_lookup_force_lists_the_valid_ids_for_an_unknown_force() -> None:
    with pytest.raises(LookupError, match="gwent, hampshire"):
        lookup_force("gotham")
    assert len(geography.all_forces()) == 43


# --- The resolver: one rule each -----------------------------------------------------------


def test_no_code_and_no_coordinates_is_no_location(resolver: AreaResolver) -> None:
    expected = ResolvedArea("", "", "", AreaStatus.NO_LOCATION)
    assert resolver.resolve("", None, None) == expected
    assert resolver.resolve(None, math.nan, math.nan) == expected  # type: ignore[arg-type]


def test_a_2021_code_in_the_force_resolves_to_itself_its_la_and_csp(
    resolver: AreaResolver,
) -> None:
    # Blaenau Gwent 001A: a 2011 code unchanged in 2021.
    assert resolver.resolve("W01001440", -3.19, 51.80) == ResolvedArea(
        "W01001440", BLAENAU_GWENT_LA, BLAENAU_GWENT_CSP, "in_force"
    )
    # Newport 019F exists only since 2021; letter case and spaces do not matter.
    assert resolver.resolve(" w01002035 ", None, None) == ResolvedArea(
        "W01002035", NEWPORT_LA, NEWPORT_CSP, "in_force"
    )


def test_a_merged_2011_code_becomes_the_2021_lsoa_it_merged_into(resolver: AreaResolver) -> None:
    # Blaenau Gwent 009D and 009E merged into 009F.
    for code in ("W01001476", "W01001477"):
        assert resolver.resolve(code, None, None).lsoa21_code == "W01001973"


def test_a_split_2011_code_becomes_the_part_whose_polygon_holds_the_point(
    resolver: AreaResolver, gwent_polygons: dict[str, shapely.Geometry]
) -> None:
    # Newport 019C split into 019E (W01002034, the ONS best fit) and 019F (W01002035).
    for part in ("W01002034", "W01002035"):
        resolved = resolver.resolve("W01001688", *inside(gwent_polygons, part))
        assert resolved == ResolvedArea(part, NEWPORT_LA, NEWPORT_CSP, "in_force")


def test_a_split_2011_code_falls_back_to_the_best_fit_without_a_point_or_outside_its_parts(
    resolver: AreaResolver, gwent_polygons: dict[str, shapely.Geometry]
) -> None:
    assert resolver.resolve("W01001688", None, None).lsoa21_code == "W01002034"
    elsewhere = inside(gwent_polygons, "W01001440")  # in Blaenau Gwent, not a part of 019C
    assert resolver.resolve("W01001688", *elsewhere).lsoa21_code == "W01002034"


def test_a_cardiff_code_is_kept_and_labelled_outside_the_force(resolver: AreaResolver) -> None:
    assert resolver.resolve("W01001694", *CARDIFF_CITY_CENTRE) == ResolvedArea(
        "W01001694", CARDIFF_LA, CARDIFF_CSP, "outside_force"
    )
    # A split Cardiff 2011 code: no Cardiff polygons are shipped, so the best fit.
    assert resolver.resolve("W01001843", *CARDIFF_CITY_CENTRE) == ResolvedArea(
        "W01002018", CARDIFF_LA, CARDIFF_CSP, "outside_force"
    )


def test_an_english_code_is_kept_with_its_la_and_csp(resolver: AreaResolver) -> None:
    assert resolver.resolve("E01014699", None, None) == ResolvedArea(
        "E01014699", "E06000023", "E22000002", "outside_force"
    )


def test_coordinates_only_are_placed_in_the_force_lsoa_that_contains_them(
    resolver: AreaResolver,
) -> None:
    assert resolver.resolve("", *NEWPORT_014B_LONLAT) == ResolvedArea(
        "W01001685", NEWPORT_LA, NEWPORT_CSP, "in_force"
    )


def test_coordinates_only_outside_every_force_lsoa_are_outside_with_blank_codes(
    resolver: AreaResolver,
) -> None:
    assert resolver.resolve("", *CARDIFF_CITY_CENTRE) == ResolvedArea("", "", "", "outside_force")


def test_an_unknown_code_uses_the_point_or_is_outside_with_blank_codes(
    resolver: AreaResolver,
) -> None:
    assert resolver.resolve("S01006506", *NEWPORT_014B_LONLAT).lsoa21_code == "W01001685"
    assert resolver.resolve("S01006506", None, None) == ResolvedArea("", "", "", "outside_force")


def test_another_forces_resolver_counts_its_own_areas_in_force() -> None:
    # Buckinghamshire (2020) has no CSP code in the Dec 2019 lookup but is in Thames Valley.
    thames_valley = AreaResolver.from_shipped("E23000029")
    assert thames_valley.resolve("E01017627", None, None) == ResolvedArea(
        "E01017627", "E06000060", "", "in_force"
    )
    assert thames_valley.resolve("W01001440", None, None).area == "outside_force"
    assert thames_valley.resolve("", *NEWPORT_014B_LONLAT).area == "outside_force"


def test_from_shipped_is_cached_per_force() -> None:
    assert AreaResolver.from_shipped(GWENT) is AreaResolver.from_shipped(GWENT)
    assert AreaResolver.from_shipped(GWENT) is not AreaResolver.from_shipped("W15000003")


def test_resolve_many_agrees_with_resolve_and_accepts_nan_none_and_blank_strings(
    resolver: AreaResolver, gwent_polygons: dict[str, shapely.Geometry]
) -> None:
    point_019f = inside(gwent_polygons, "W01002035")
    codes = ["W01001440", "", "W01001688", "", "E01014699", "W01001688"]
    lons = [None, NEWPORT_014B_LONLAT[0], point_019f[0], math.nan, "", ""]
    lats = [None, NEWPORT_014B_LONLAT[1], point_019f[1], math.nan, "", ""]
    results = resolver.resolve_many(codes, lons, lats)  # type: ignore[arg-type]
    assert [r.lsoa21_code for r in results] == [
        "W01001440",
        "W01001685",
        "W01002035",
        "",
        "E01014699",
        "W01002034",
    ]
    assert [r.area for r in results] == [
        "in_force",
        "in_force",
        "in_force",
        "no_location",
        "outside_force",
        "in_force",
    ]
    with pytest.raises(ValueError, match="same length"):
        resolver.resolve_many(["W01001440"], [], [])


def test_resolve_many_handles_200000_rows_in_a_few_seconds(
    resolver: AreaResolver, gwent_polygons: dict[str, shapely.Geometry]
) -> None:
    """Half the rows need a point-in-polygon test: the worst realistic police.uk mix."""
    rng = np.random.default_rng(7)
    codes = list(gwent_polygons)
    centroids = shapely.centroid(list(gwent_polygons.values()))
    rows = 200_000
    picks = rng.integers(0, len(codes), rows)
    lons = shapely.get_x(centroids)[picks] + rng.normal(0, 0.002, rows)
    lats = shapely.get_y(centroids)[picks] + rng.normal(0, 0.002, rows)
    row_codes = [codes[i] if i % 2 else "" for i in picks]
    fresh = AreaResolver(GWENT, geography.shipped_lookups(), gwent_polygons)
    started = time.perf_counter()
    results = fresh.resolve_many(row_codes, lons.tolist(), lats.tolist())
    elapsed = time.perf_counter() - started
    assert len(results) == rows
    assert sum(r.area == "in_force" for r in results) > rows * 0.9
    assert elapsed < 6, f"took {elapsed:.1f}s"


def test_shipped_polygons_are_valid_geojson_without_overlaps(
    gwent_polygons: dict[str, shapely.Geometry],
) -> None:
    geometries = list(gwent_polygons.values())
    assert all(shapely.is_valid(geometries))
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="overlaps")
    overlap = sum(
        shapely.area(shapely.intersection(geometries[a], geometries[b]))
        for a, b in zip(left, right, strict=True)
        if a < b
    )
    assert overlap < 1e-8  # square degrees; rounding to 6 decimals only touches edges
    assert json.loads(json.dumps(geography.read_force_lsoas(GWENT)))["type"] == "FeatureCollection"
