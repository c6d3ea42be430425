"""Use cases for the police.uk open data: import monthly files, fetch them from the API,
link outcomes to crimes, and summarise what is loaded.

police.uk data is published open data about places, not people (anonymised snap points and
months only), so these services need no permission check and write no access log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from asbhub.core import geography
from asbhub.core.geography import AreaResolver, ResolvedArea, lookup_force
from asbhub.core.models import CommunitySafetyPartnership
from asbhub.opendata import fetch, policeuk
from asbhub.opendata.choices import ASB_CRIME_TYPE, FileKind
from asbhub.opendata.models import OutcomeRecord, PoliceUkRecord, SourceFile, StreetRecord

BATCH_SIZE = 2000

IMPORTED = "imported"
REPLACED = "replaced"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FileResult:
    """What happened to one monthly file."""

    name: str
    force: str
    month: date
    kind: str
    status: str
    rows: int


@dataclass
class ImportSummary:
    """The files an import looked at, what it did with each, and notes on files left aside."""

    results: list[FileResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many files ended with this status."""
        return sum(1 for result in self.results if result.status == status)

    @property
    def imported(self) -> int:
        """Files seen for the first time."""
        return self.count(IMPORTED)

    @property
    def replaced(self) -> int:
        """Files whose month was already loaded from different contents."""
        return self.count(REPLACED)

    @property
    def unchanged(self) -> int:
        """Files identical to the ones already loaded, skipped."""
        return self.count(UNCHANGED)

    @property
    def rows(self) -> int:
        """Rows written by this import."""
        return sum(r.rows for r in self.results if r.status in (IMPORTED, REPLACED))


Progress = Callable[[int, int, FileResult | None], None]
"""Called as progress(done, total, result): once with result None before the first file."""


def import_policeuk(
    paths: Iterable[str | Path], *, progress: Progress | None = None
) -> ImportSummary:
    """Import police.uk street and outcomes files: CSVs, folders of them, or archive zips.

    Each file is read and validated in full, then stored in its own transaction: a file
    identical (SHA-256) to the one loaded for its force, month and kind is skipped; a
    changed file replaces that month's rows of that kind. The areas of each row (LSOA
    2021, local authority, CSP, in or outside the force) come from the force's
    AreaResolver. Raises `policeuk.PoliceUkFileError` on the first malformed file, which
    stores nothing; files before it stay imported.
    """
    discovery = policeuk.discover(paths)
    summary = ImportSummary(notes=list(discovery.notes))
    total = len(discovery.files)
    if progress is not None:
        progress(0, total, None)
    context = _ImportContext()
    if discovery.files and not context.csp_ids:
        summary.notes.append(
            _(
                "No community safety partnerships are loaded, so rows are stored without one: "
                "run `asbhub load-geography` first."
            )
        )
    for done, file in enumerate(discovery.files, start=1):
        result = _import_file(file, context)
        summary.results.append(result)
        if progress is not None:
            progress(done, total, result)
    return summary


class _ImportContext:
    """What one import run looks up once: CSP ids by code, and a resolver per force."""

    def __init__(self) -> None:
        self.csp_ids = dict(CommunitySafetyPartnership.objects.values_list("code", "id"))
        self._resolvers: dict[str, AreaResolver] = {}

    def resolver(self, file: policeuk.PoliceUkFile) -> AreaResolver:
        """The area resolver of the force that published the file."""
        force = file.identity.force
        if force not in self._resolvers:
            try:
                pfa_code = lookup_force(force).pfa_code
            except LookupError:
                raise policeuk.PoliceUkFileError(
                    file.name, None, f"unknown police force {force!r} in the file name"
                ) from None
            self._resolvers[force] = AreaResolver.from_shipped(pfa_code)
        return self._resolvers[force]


def _import_file(file: policeuk.PoliceUkFile, context: _ImportContext) -> FileResult:
    """Validate one file in full, then store it in one transaction (or skip it if unchanged)."""
    identity = file.identity
    data = file.read_bytes()
    sha256 = policeuk.sha256_of(data)
    key = {"force": identity.force, "month": identity.month, "kind": identity.kind}
    stored = SourceFile.objects.filter(**key).values_list("sha256", "rows").first()
    if stored is not None and stored[0] == sha256:
        return _result(file, UNCHANGED, stored[1])

    resolver = context.resolver(file)
    rows = policeuk.parse(data, name=file.name, identity=identity)
    areas = resolver.resolve_many(
        [row.lsoa_code for row in rows],
        [row.longitude for row in rows],
        [row.latitude for row in rows],
    )
    model = StreetRecord if identity.kind == FileKind.STREET else OutcomeRecord
    with transaction.atomic():
        source = SourceFile.objects.select_for_update().filter(**key).first()
        if source is not None and source.sha256 == sha256:
            return _result(file, UNCHANGED, source.rows)
        status = IMPORTED if source is None else REPLACED
        if source is None:
            source = SourceFile(**key)
        source.name = Path(file.member or file.path).name
        source.sha256 = sha256
        source.rows = len(rows)
        source.save()
        model.objects.filter(source=source).delete()
        _insert(model, _values(source, rows, areas, context.csp_ids))
    return _result(file, status, len(rows))


def _result(file: policeuk.PoliceUkFile, status: str, rows: int) -> FileResult:
    """A FileResult for one file."""
    identity = file.identity
    return FileResult(file.name, identity.force, identity.month, identity.kind, status, rows)


COMMON_FIELDS = (
    "source",
    "line",
    "crime_id",
    "month",
    "reported_by",
    "falls_within",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "lsoa_name",
    "lsoa21_code",
    "local_authority_code",
    "csp",
    "area",
)
KIND_FIELDS = {
    StreetRecord: ("crime_type", "last_outcome_category", "context"),
    OutcomeRecord: ("outcome_type",),
}


def _values(
    source: SourceFile,
    rows: list[policeuk.Row],
    areas: list[ResolvedArea],
    csp_ids: dict[str, int],
) -> list[tuple[Any, ...]]:
    """Database values for each parsed row, in COMMON_FIELDS then KIND_FIELDS order."""
    month = connection.ops.adapt_datefield_value(source.month)
    values = []
    for row, area in zip(rows, areas, strict=True):
        common = (
            source.pk,
            row.line,
            row.crime_id,
            month,
            row.reported_by,
            row.falls_within,
            row.longitude,
            row.latitude,
            row.location,
            row.lsoa_code,
            row.lsoa_name,
            area.lsoa21_code,
            area.local_authority_code,
            csp_ids.get(area.csp_code),
            area.area,
        )
        if isinstance(row, policeuk.StreetRow):
            values.append((*common, row.crime_type, row.last_outcome_category, row.context))
        else:
            values.append((*common, row.outcome_type))
    return values


def _insert(model: type[PoliceUkRecord], values: list[tuple[Any, ...]]) -> None:
    """Insert many rows in batches: COPY on PostgreSQL, executemany elsewhere.

    Django's bulk_create builds a model instance per row and, on SQLite, sends about 60
    rows per statement; for hundreds of thousands of rows that is most of the import time.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name).column for name in (*COMMON_FIELDS, *KIND_FIELDS[model])]
    table = quote(meta.db_table)
    column_list = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"  # noqa: S608
        for start in range(0, len(values), BATCH_SIZE):
            cursor.executemany(sql, values[start : start + BATCH_SIZE])


@dataclass
class FetchSummary:
    """What a fetch from the police.uk API wrote, and the months it could not get."""

    files: list[Path] = field(default_factory=list)
    rows: int = 0
    unavailable_months: list[str] = field(default_factory=list)
    requests: int = 0


FetchProgress = Callable[[int, int, str], None]
"""Called as progress(done, total, step): once with done 0 before the first request."""


def fetch_policeuk(
    force: str,
    first: date,
    last: date,
    out_dir: Path,
    *,
    api: fetch.PoliceUkApi | None = None,
    progress: FetchProgress | None = None,
) -> FetchSummary:
    """Download a force's months from the police.uk API as police.uk street and outcomes CSVs.

    The area is the force's shipped 2021 LSOA polygons, dissolved and simplified; an area
    the API finds too big (over 10,000 crimes) is split and asked again. Street-level
    crimes in the area and the force's crimes without a location go in
    `out_dir/YYYY-MM/YYYY-MM-<force>-street.csv`, outcomes recorded in the month in
    `...-outcomes.csv`, ready for import_policeuk. Months the API does not hold are
    listed in the summary, not written. Raises LookupError for an unknown force or one
    without shipped boundaries, and fetch.PoliceUkApiError when the API keeps failing.
    """
    found = lookup_force(force)
    features = geography.read_force_lsoas(found.pfa_code)["features"]
    area = shapely.union_all(list(geography.polygons_from_features(features).values()))
    polygons = fetch.area_polygons(area)
    api = api or fetch.PoliceUkApi()
    summary = FetchSummary()
    months = _months(first, last)
    total = 2 + 4 * len(months)
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, label)

    if progress is not None:
        progress(0, total, "")
    force_name = api.force(found.police_uk_id)["name"]
    step(force_name)
    available = api.available_months()
    step(_("months available"))
    for month in months:
        if month not in available:
            summary.unavailable_months.append(month)
            for _label in range(4):
                step(month)
            continue
        categories = api.crime_categories(month)
        step(month)
        crimes = fetch.fetch_by_area(
            lambda poly, month=month: api.street_crimes(poly, month), polygons, fetch.crime_key
        )
        step(month)
        crimes += api.crimes_no_location(found.police_uk_id, month)
        step(month)
        outcomes = fetch.fetch_by_area(
            lambda poly, month=month: api.outcomes_at_location(poly, month),
            polygons,
            fetch.outcome_key,
        )
        step(month)
        street = fetch.street_rows(crimes, force_name=force_name, categories=categories)
        outcome = fetch.outcome_rows(outcomes, force_name=force_name)
        base = out_dir / month / f"{month}-{found.police_uk_id}"
        for path, header, rows in (
            (base.with_name(base.name + "-street.csv"), policeuk.STREET_HEADER, street),
            (base.with_name(base.name + "-outcomes.csv"), policeuk.OUTCOMES_HEADER, outcome),
        ):
            _write_atomically(path, fetch.csv_text(header, rows))
            summary.files.append(path)
            summary.rows += len(rows)
    summary.requests = api.requests
    return summary


def _months(first: date, last: date) -> list[str]:
    """Every month from first to last inclusive, as YYYY-MM."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _write_atomically(path: Path, text: str) -> None:
    """Write a file so that a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8", newline="")
    partial.replace(path)


def outcomes_for_crime(crime_id: str) -> QuerySet[OutcomeRecord]:
    """The outcomes recorded for one crime, oldest first (none for an empty Crime ID)."""
    if not crime_id:
        return OutcomeRecord.objects.none()
    return OutcomeRecord.objects.filter(crime_id=crime_id).order_by("month", "source_id", "line")


def street_records_for_crime(crime_id: str) -> QuerySet[StreetRecord]:
    """The street-level rows published for one crime (a Crime ID may repeat in a month)."""
    if not crime_id:
        return StreetRecord.objects.none()
    return StreetRecord.objects.filter(crime_id=crime_id).order_by("month", "source_id", "line")


def outcomes_matching_street_crimes() -> QuerySet[OutcomeRecord]:
    """Outcome rows whose Crime ID appears in a loaded street-level file."""
    crime_ids = StreetRecord.objects.exclude(crime_id="").values("crime_id")
    return OutcomeRecord.objects.filter(crime_id__in=crime_ids)


def policeuk_summary() -> dict[str, Any]:
    """What is loaded: files, row counts by month, crime type, CSP and area, and linkage.

    Returns plain JSON-ready values; months are "YYYY-MM" strings.
    """
    files = list(SourceFile.objects.order_by("force", "month", "kind"))
    street = StreetRecord.objects.all()
    by_month_type: dict[str, dict[str, int]] = {}
    for row in (
        street.values("month", "crime_type").annotate(n=Count("id")).order_by("month", "crime_type")
    ):
        by_month_type.setdefault(_month(row["month"]), {})[row["crime_type"]] = row["n"]
    asb = Q(crime_type=ASB_CRIME_TYPE)
    by_csp = [
        {
            "code": row["csp__code"],
            "name": row["csp__name"],
            "rows": row["rows"],
            "asb_rows": row["asb_rows"],
        }
        for row in street.values("csp__code", "csp__name")
        .annotate(rows=Count("id"), asb_rows=Count("id", filter=asb))
        .order_by("csp__name")
    ]
    by_area = {
        row["area"]: row["n"]
        for row in street.values("area").annotate(n=Count("id")).order_by("area")
    }
    outcomes_by_month = {
        _month(row["month"]): row["n"]
        for row in OutcomeRecord.objects.values("month").annotate(n=Count("id")).order_by("month")
    }
    latest = SourceFile.objects.filter(kind=FileKind.STREET).aggregate(m=Max("month"))["m"]
    outcome_rows = OutcomeRecord.objects.count()
    matched = outcomes_matching_street_crimes().count()
    return {
        "files_loaded": len(files),
        "files": [
            {
                "name": f.name,
                "force": f.force,
                "month": _month(f.month),
                "kind": f.kind,
                "rows": f.rows,
                "sha256": f.sha256,
                "imported_at": f.imported_at.isoformat(),
            }
            for f in files
        ],
        "latest_month": _month(latest) if latest else None,
        "street_rows": street.count(),
        "asb_rows": street.filter(asb).count(),
        "outcome_rows": outcome_rows,
        "outcomes_matching_street_crimes": matched,
        "street_by_month_and_crime_type": by_month_type,
        "street_by_csp": by_csp,
        "street_by_area": by_area,
        "outcomes_by_month": outcomes_by_month,
    }


def _month(value: date) -> str:
    """A month as YYYY-MM."""
    return f"{value:%Y-%m}"
