"""Charts for the open data pages: numbers in, an accessible inline SVG string out.

Drawn with matplotlib on the server, so the page needs no chart script. The SVG carries
role="img", a <title> and a <desc> that states the range and the extremes in words, and
the two series differ by line style and marker as well as colour (WCAG 1.4.1). Colours
have at least 4.5:1 contrast on white. Labels go through gettext, so the active language
(English or Welsh) applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from asbhub.core.charts import inline_svg

TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
ASB_COLOUR = "#1d70b8"  # 5.2:1 on white
ALL_CRIME_COLOUR = "#505a5f"  # 7.0:1 on white

_RC = {
    "svg.fonttype": "none",  # keep text as text: smaller, selectable, in the page's font
    "svg.hashsalt": "asbhub",  # stable ids, so the same numbers give the same SVG
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "text.color": TEXT_COLOUR,
    "axes.edgecolor": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
}


def short_month(month: dt.date) -> str:
    """An axis label for a month, e.g. "Jan 2024" or "Ion 2024"."""
    return f"{str(MONTHS_3[month.month]).capitalize()} {month.year}"


def long_month(month: dt.date) -> str:
    """A month in words, e.g. "January 2024" or "Ionawr 2024"."""
    return f"{MONTHS[month.month]} {month.year}"


def describe_monthly(
    months: Sequence[dt.date], asb: Sequence[int], all_crime: Sequence[int]
) -> str:
    """Say in words what the monthly chart shows: its span and the highs and lows."""
    asb_high = max(range(len(asb)), key=lambda i: (asb[i], i))
    asb_low = min(range(len(asb)), key=lambda i: (asb[i], i))
    all_high = max(range(len(all_crime)), key=lambda i: (all_crime[i], i))
    return _(
        "Line chart of anti-social behaviour and all crime per month, %(first)s to %(last)s. "
        "Anti-social behaviour was highest in %(asb_high_month)s (%(asb_high)s records) and "
        "lowest in %(asb_low_month)s (%(asb_low)s records). All crime was highest in "
        "%(all_high_month)s (%(all_high)s records). The table below gives every month."
    ) % {
        "first": long_month(months[0]),
        "last": long_month(months[-1]),
        "asb_high_month": long_month(months[asb_high]),
        "asb_high": number_format(asb[asb_high], force_grouping=True),
        "asb_low_month": long_month(months[asb_low]),
        "asb_low": number_format(asb[asb_low], force_grouping=True),
        "all_high_month": long_month(months[all_high]),
        "all_high": number_format(all_crime[all_high], force_grouping=True),
    }


def monthly_chart_svg(
    months: Sequence[dt.date],
    asb: Sequence[int],
    all_crime: Sequence[int],
    *,
    title: str,
    chart_id: str = "monthly-chart",
) -> str:
    """Draw ASB and all crime per month as an inline SVG line chart.

    Parameters
    ----------
    months : sequence of date
        The first day of each month, oldest first.
    asb, all_crime : sequence of int
        Records per month, aligned with `months`.
    title : str
        The chart's accessible name (its <title>).
    chart_id : str
        Prefix for the ids of the <title> and <desc>, unique on the page.

    Returns
    -------
    str
        An <svg> element with role="img", ready to put in a page.

    Raises
    ------
    ValueError
        When there are no months, or the series differ in length.
    """
    if not months:
        raise ValueError("A chart needs at least one month.")
    if not len(months) == len(asb) == len(all_crime):
        raise ValueError("months, asb and all_crime must have the same length.")
    return _draw_monthly(
        tuple(months),
        tuple(int(n) for n in asb),
        tuple(int(n) for n in all_crime),
        title,
        chart_id,
        get_language(),
    )


@lru_cache(maxsize=64)
def _draw_monthly(
    months: tuple[dt.date, ...],
    asb: tuple[int, ...],
    all_crime: tuple[int, ...],
    title: str,
    chart_id: str,
    language: str | None,
) -> str:
    """Draw the monthly chart; the same numbers, title and language give the same SVG.

    Drawing takes about a tenth of a second, so the last few charts are kept: the
    language is part of the key because the labels are translated.
    """
    positions = list(range(len(months)))
    with rc_context(_RC):
        figure = Figure(figsize=(8, 4))
        figure.subplots_adjust(left=0.1, right=0.98, top=0.84, bottom=0.2)
        axes = figure.add_subplot()
        axes.plot(
            positions,
            all_crime,
            color=ALL_CRIME_COLOUR,
            linestyle="--",
            linewidth=2,
            marker="s",
            markersize=4,
            label=_("All crime (dashed line, squares)"),
        )
        axes.plot(
            positions,
            asb,
            color=ASB_COLOUR,
            linestyle="-",
            linewidth=2.5,
            marker="o",
            markersize=4,
            label=_("Anti-social behaviour (solid line, circles)"),
        )
        step = max(1, round(len(months) / 10))
        axes.set_xticks(positions[::step], [short_month(m) for m in months[::step]])
        axes.tick_params(axis="x", labelrotation=45)
        for label in axes.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
        axes.set_ylim(bottom=0, top=max(max(all_crime), max(asb), 1) * 1.08)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        axes.set_ylabel(_("Records per month"))
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncols=1,  # one entry a line: Welsh labels are too long to sit side by side
            frameon=False,
            borderaxespad=0,
        )
        description = describe_monthly(months, asb, all_crime)
        return inline_svg(figure, title, description, chart_id)
