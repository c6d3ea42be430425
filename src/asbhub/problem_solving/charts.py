"""Charts for plans and the dashboard: numbers and words in, an accessible inline SVG out.

Drawn with matplotlib's object API (no pyplot, safe in any thread) and kept as text in
the SVG. Each SVG has role="img", a <title> and a <desc> saying in words what it shows;
every page puts a data table beside each chart. Series differ by line style and marker,
and bars by hatching, as well as by colour (WCAG 1.4.1). Labels arrive already
translated: this module calls no gettext.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from asbhub.core.charts import inline_svg

TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
SHADE_COLOUR = "#f3f2f1"
BLUE = "#1d70b8"  # 5.2:1 on white
GREY = "#505a5f"  # 7.0:1 on white
RED = "#d4351c"  # 4.5:1 on white
AMBER = "#b35c00"  # 4.6:1 on white (GOV.UK orange is too pale for thin marks)
GREEN = "#00703c"  # 5.9:1 on white
PURPLE = "#4c2c92"

_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "asbhub-problem-solving",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 10,
    "text.color": TEXT_COLOUR,
    "axes.edgecolor": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "hatch.linewidth": 0.6,
}


@dataclass(frozen=True)
class Line:
    """One series on a line chart, with the style that tells it apart without colour."""

    label: str
    values: Sequence[float | None]
    colour: str = BLUE
    linestyle: str = "-"
    marker: str = "o"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, colour and hatching."""

    label: str
    value: float
    colour: str = BLUE
    hatch: str = ""


@dataclass(frozen=True)
class Stack:
    """One layer of a stacked bar chart."""

    label: str
    values: Sequence[int]
    colour: str
    hatch: str = ""


@dataclass(frozen=True)
class Split:
    """Where the response began on a before-and-after chart, and each period's mean."""

    at: int
    label: str
    means: Sequence[tuple[float | None, float | None]]  # per line: before, after
    mean_label: str


def line_svg(
    x_labels: Sequence[str],
    lines: Sequence[Line],
    *,
    title: str,
    description: str,
    chart_id: str,
    axis_label: str,
    split: Split | None = None,
) -> str:
    """Draw monthly lines; with `split`, shade the months after it and mark each mean.

    Parameters
    ----------
    x_labels : sequence of str
        One label per month.
    lines : sequence of Line
        The series, each aligned with `x_labels`; None leaves a gap (a month not loaded).
    title, description : str
        The chart's accessible name and its description in words.
    chart_id : str
        Prefix for the ids of the <title> and <desc>, unique on the page.
    axis_label : str
        The y-axis label.
    split : Split, optional
        The month index where the response began, with the before and after means.

    Raises
    ------
    ValueError
        With no months or a series of another length.
    """
    if not x_labels:
        raise ValueError("A chart needs at least one month.")
    if any(len(line.values) != len(x_labels) for line in lines):
        raise ValueError("Every series needs one value per month.")
    positions = list(range(len(x_labels)))
    top = max((v for line in lines for v in line.values if v is not None), default=0)
    with rc_context(_RC):
        figure = Figure(figsize=(8, 4))
        figure.subplots_adjust(left=0.09, right=0.98, top=0.8, bottom=0.2)
        axes = figure.add_subplot()
        if split is not None:
            axes.axvspan(split.at - 0.5, len(x_labels) - 0.5, color=SHADE_COLOUR, zorder=0)
            axes.axvline(split.at - 0.5, color=TEXT_COLOUR, linewidth=1, linestyle="-.")
            axes.annotate(
                split.label,
                (split.at - 0.4, 1),
                xycoords=("data", "axes fraction"),
                va="top",
                fontsize=9,
            )
        for index, line in enumerate(lines):
            values = [math.nan if v is None else v for v in line.values]
            axes.plot(
                positions,
                values,
                color=line.colour,
                linestyle=line.linestyle,
                linewidth=2,
                marker=line.marker,
                markersize=4,
                label=line.label,
            )
            if split is not None and index < len(split.means):
                before, after = split.means[index]
                for first, last, mean in (
                    (0, split.at - 1, before),
                    (split.at, len(x_labels) - 1, after),
                ):
                    if mean is not None and last >= first:
                        axes.hlines(
                            mean,
                            first - 0.3,
                            last + 0.3,
                            color=line.colour,
                            linestyle=":",
                            linewidth=1.5,
                        )
        if split is not None:
            axes.plot([], [], color=GREY, linestyle=":", linewidth=1.5, label=split.mean_label)
        step = max(1, round(len(x_labels) / 12))
        axes.set_xticks(positions[::step], list(x_labels)[::step])
        axes.tick_params(axis="x", labelrotation=45)
        for label in axes.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
        axes.set_xlim(-0.6, len(x_labels) - 0.4)
        axes.set_ylim(bottom=0, top=max(top, 1) * 1.15)
        _integer_axis(axes.yaxis)
        axes.set_ylabel(axis_label)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncols=1,
            frameon=False,
            borderaxespad=0,
            fontsize=9,
        )
        return _finish(figure, title, description, chart_id)


def bar_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    chart_id: str,
    axis_label: str,
    width: float = 5.5,
) -> str:
    """Draw horizontal bars, one per category, top to bottom in the order given.

    `width` is in inches: 5.5 suits half a page, 8 a whole one.
    """
    if not bars:
        raise ValueError("A bar chart needs at least one bar.")
    with rc_context(_RC):
        height = 0.9 + 0.42 * len(bars)
        figure = Figure(figsize=(width, height))
        longest = max(len(bar.label) for bar in bars)
        figure.subplots_adjust(
            left=min(0.55, 0.04 + longest * 0.0105 * 8 / width),
            right=0.95,
            top=1 - 0.25 / height,
            bottom=0.6 / height,
        )
        axes = figure.add_subplot()
        positions = list(range(len(bars)))[::-1]
        drawn = axes.barh(
            positions,
            [bar.value for bar in bars],
            color=[bar.colour for bar in bars],
            edgecolor=TEXT_COLOUR,
            linewidth=0.6,
            height=0.65,
        )
        for patch, bar in zip(drawn, bars, strict=True):
            patch.set_hatch(bar.hatch)
        axes.set_yticks(positions, [bar.label for bar in bars])
        top = max(bar.value for bar in bars)
        axes.set_xlim(0, max(top, 1) * 1.12)
        for position, bar in zip(positions, bars, strict=True):
            axes.annotate(
                f"{bar.value:,.0f}",
                (bar.value, position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
        _integer_axis(axes.xaxis)
        axes.set_xlabel(axis_label)
        axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        return _finish(figure, title, description, chart_id)


def stacked_svg(
    x_labels: Sequence[str],
    stacks: Sequence[Stack],
    *,
    title: str,
    description: str,
    chart_id: str,
    axis_label: str,
) -> str:
    """Draw vertical stacked bars (e.g. reviews per month by rating)."""
    if not x_labels:
        raise ValueError("A chart needs at least one column.")
    positions = list(range(len(x_labels)))
    with rc_context(_RC):
        figure = Figure(figsize=(8, 3.8))
        figure.subplots_adjust(left=0.09, right=0.98, top=0.82, bottom=0.2)
        axes = figure.add_subplot()
        bottom = [0] * len(x_labels)
        for stack in stacks:
            axes.bar(
                positions,
                stack.values,
                bottom=bottom,
                color=stack.colour,
                edgecolor=TEXT_COLOUR,
                linewidth=0.6,
                hatch=stack.hatch,
                label=stack.label,
                width=0.7,
            )
            bottom = [b + v for b, v in zip(bottom, stack.values, strict=True)]
        axes.set_xticks(positions, list(x_labels))
        axes.tick_params(axis="x", labelrotation=45)
        for label in axes.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
        axes.set_ylim(0, max(max(bottom, default=0), 1) * 1.15)
        _integer_axis(axes.yaxis)
        axes.set_ylabel(axis_label)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.02),
            ncols=len(stacks),
            frameon=False,
            borderaxespad=0,
            fontsize=9,
        )
        return _finish(figure, title, description, chart_id)


def _integer_axis(axis: object) -> None:
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True))  # type: ignore[attr-defined]
    axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # type: ignore[attr-defined]


def _finish(figure: Figure, title: str, description: str, chart_id: str) -> str:
    return inline_svg(figure, title, description, chart_id)
