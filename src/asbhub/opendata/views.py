"""Open data pages: the force overview from the imported police.uk records."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from asbhub.core.models import CommunitySafetyPartnership
from asbhub.core.roles import role_of
from asbhub.opendata import charts, overview

FORCE_NAME = "Gwent"


def _month(month: dt.date | None) -> str:
    """A month in words in the active language, e.g. "December 2024" or "Rhagfyr 2024"."""
    return date_format(month, "F Y") if month else ""


def _count(value: int) -> str:
    """A count with thousands separators in the active language."""
    return number_format(value, force_grouping=True)


def _monthly_table(frame: pd.DataFrame) -> list[list[dict[str, object]]]:
    """Rows of the table behind the chart: month, ASB, all crime."""
    return [
        [
            {"text": _month(month), "header": True},
            {"text": _count(int(asb)), "numeric": True},
            {"text": _count(int(all_crime)), "numeric": True},
        ]
        for month, asb, all_crime in frame.itertuples(index=False)
    ]


def _lsoa_table(ranks: list[overview.LsoaRank]) -> list[list[dict[str, object]]]:
    """Rows of the top LSOAs table: code, name, partnership, ASB count, rate."""
    rows = []
    for rank in ranks:
        rate = rank.rate_per_1000
        rows.append(
            [
                {"text": rank.code, "header": True},
                {"text": rank.name},
                {"text": rank.csp_name},
                {"text": _count(rank.asb), "numeric": True},
                {
                    "text": _("Not known") if rate is None else number_format(rate, 1),
                    "numeric": True,
                },
            ]
        )
    return rows


@login_required
def overview_page(request: HttpRequest) -> HttpResponse:
    """Show ASB and all crime per month for the force or one partnership, and the top LSOAs.

    Open to every role (the data is public); a signed-in user with no role is refused.
    An HTMX request gets only the chart and table fragment for the chosen area.
    """
    if role_of(request.user) is None:
        raise PermissionDenied
    counts = overview.monthly_counts()
    partnerships = overview.partnerships()
    chosen = next((p for p in partnerships if p.slug == request.GET.get("csp")), None)
    context = _chart_context(counts, partnerships, chosen)
    if request.htmx and not request.htmx.history_restore_request:
        context["fragment"] = True
        response = render(request, "opendata/_overview_chart.html", context)
    else:
        context.update(_page_context(counts, context["summary"]))
        response = render(request, "opendata/overview.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _chart_context(
    counts: pd.DataFrame,
    partnerships: list[CommunitySafetyPartnership],
    chosen: CommunitySafetyPartnership | None,
) -> dict[str, object]:
    """What the chart fragment shows: the chosen area's chart, its table and the filter."""
    language = get_language()
    summary = overview.summarise(counts)
    area_name = chosen.display_name(language) if chosen else FORCE_NAME
    monthly = overview.series(counts, chosen.pk if chosen else None)
    chart_title = _("Anti-social behaviour and all crime per month: %(area)s") % {"area": area_name}
    chart_svg = ""
    if summary.months:
        chart_svg = charts.monthly_chart_svg(
            monthly["month"].tolist(),
            monthly["asb"].tolist(),
            monthly["all_crime"].tolist(),
            title=chart_title,
            chart_id="overview-chart",
        )
    return {
        "summary": summary,
        "chosen": chosen,
        "area_name": area_name,
        "chart_title": chart_title,
        "chart_svg": chart_svg,
        "monthly_head": [
            {"text": _("Month")},
            {"text": _("Anti-social behaviour"), "numeric": True},
            {"text": _("All crime"), "numeric": True},
        ],
        "monthly_rows": _monthly_table(monthly),
        "area_options": [("", _("Gwent (all records)"))]
        + [(p.slug, p.display_name(language)) for p in partnerships],
    }


def _page_context(counts: pd.DataFrame, summary: overview.LoadedSummary) -> dict[str, object]:
    """The rest of the page: what is loaded, the top LSOAs and the data sources."""
    window = overview.last_months(counts)
    ranks = overview.top_lsoas(window, language=get_language())
    return {
        "latest_month": _month(summary.latest_month),
        "no_location": _count(summary.no_location),
        "outside_force": _count(summary.outside_force),
        "window_first": _month(window[0]) if window else "",
        "window_last": _month(window[-1]) if window else "",
        "lsoa_head": [
            {"text": _("LSOA code")},
            {"text": _("LSOA name")},
            {"text": _("Community safety partnership")},
            {"text": _("Anti-social behaviour records"), "numeric": True},
            {"text": _("Rate per 1,000 residents"), "numeric": True},
        ],
        "lsoa_rows": _lsoa_table(ranks),
        "attribution": overview.read_attribution(),
        "summary_rows": _summary_rows(summary),
    }


def _summary_rows(summary: overview.LoadedSummary) -> list[tuple[str, str]]:
    """Key and value pairs for the summary list of what is loaded."""
    if not summary.months:
        return []
    return [
        (_("Latest month loaded"), _month(summary.latest_month)),
        (
            _("Months loaded"),
            _("%(count)s (%(first)s to %(last)s)")
            % {
                "count": summary.months,
                "first": _month(summary.first_month),
                "last": _month(summary.latest_month),
            },
        ),
        (_("Records (all crime and ASB)"), _count(summary.records)),
        (_("Anti-social behaviour records"), _count(summary.asb_records)),
        (_("Records with no location"), _count(summary.no_location)),
        (_("Records placed outside the force area"), _count(summary.outside_force)),
    ]
