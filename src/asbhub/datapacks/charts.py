"""Charts and maps for data packs: numbers in, an accessible vector SVG string out.

Drawn with matplotlib (no pyplot, so it is safe in a background thread) and kept as text
in the SVG, so the web page and the PDF (WeasyPrint draws inline SVG as vectors) carry
the same picture. Each SVG has role="img", a <title> and a <desc> saying in words what it
shows; the pack puts a data table behind every chart. Series differ by line style and
marker as well as colour, and the map classes by lightness (WCAG 1.4.1). Labels arrive
already translated: this module calls no gettext.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps, rc_context
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import MaxNLocator, StrMethodFormatter
from shapely.geometry.base import BaseGeometry

from asbhub.core.charts import inline_svg

TEXT_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
MAIN_COLOUR = "#1d70b8"  # 5.2:1 on white
BASELINE_COLOUR = "#505a5f"  # 7.0:1 on white
HIGH_COLOUR = "#d4351c"  # 4.5:1 on white
LOW_COLOUR = "#00703c"  # 5.9:1 on white
OTHER_COLOUR = "#8eb8dc"
PERIOD_SHADE = "#f3f2f1"
MISSING_COLOUR = "#ffffff"
MAP_CLASSES = 5
MAX_MAP_HEIGHT = 2.9  # inches

_RC = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "text.color": TEXT_COLOUR,
    "axes.edgecolor": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "hatch.linewidth": 0.6,
}
_FONTS = (
    "&quot;Helvetica Neue&quot;, Arial, &quot;Liberation Sans&quot;, &quot;DejaVu Sans&quot;, "
    "sans-serif"
)


@dataclass(frozen=True)
class TrendLabels:
    """The words of a trend chart, already in the pack's language."""

    count: str
    baseline: str
    high: str
    low: str
    period: str
    axis: str


def trend_svg(
    months: Sequence[str],
    counts: Sequence[int],
    baselines: Sequence[float | None],
    flags: Sequence[str],
    in_period: Sequence[bool],
    *,
    labels: TrendLabels,
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """A monthly line chart with its seasonal baseline, the pack's months shaded.

    Parameters
    ----------
    months : sequence of str
        Axis labels, one per month, oldest first.
    counts : sequence of int
        Records per month.
    baselines : sequence of float or None
        The seasonal baseline per month (None where there is none).
    flags : sequence of str
        "high", "low" or "" per month; flagged months get a distinct marker.
    in_period : sequence of bool
        Which months belong to the pack's period (shaded).
    labels : TrendLabels
    title, description : str
        The chart's accessible name and description.
    chart_id : str
        Unique on the page; prefixes the ids inside the SVG.
    """
    if not months or not len(months) == len(counts) == len(baselines) == len(flags):
        raise ValueError("A trend needs one count, baseline and flag per month.")
    x = np.arange(len(months))
    with rc_context({**_RC, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(7.2, 2.9))
        figure.subplots_adjust(left=0.09, right=0.99, top=0.86, bottom=0.24)
        axes = figure.add_subplot()
        shaded = [i for i, inside in enumerate(in_period) if inside]
        if shaded:
            axes.axvspan(
                shaded[0] - 0.5, shaded[-1] + 0.5, color=PERIOD_SHADE, zorder=0, label=labels.period
            )
        base = np.array([np.nan if b is None else b for b in baselines], dtype=float)
        if not np.all(np.isnan(base)):
            axes.plot(
                x, base, color=BASELINE_COLOUR, linestyle="--", linewidth=1.6, label=labels.baseline
            )
        axes.plot(
            x,
            counts,
            color=MAIN_COLOUR,
            linewidth=2.2,
            marker="o",
            markersize=3.5,
            label=labels.count,
        )
        for flag, marker, colour, label in (
            ("high", "^", HIGH_COLOUR, labels.high),
            ("low", "v", LOW_COLOUR, labels.low),
        ):
            picked = [i for i, f in enumerate(flags) if f == flag]
            if picked:
                axes.plot(
                    picked,
                    [counts[i] for i in picked],
                    linestyle="none",
                    marker=marker,
                    markersize=9,
                    markerfacecolor=colour,
                    markeredgecolor=TEXT_COLOUR,
                    label=label,
                    zorder=5,
                )
        step = max(1, round(len(months) / 12))
        axes.set_xticks(x[::step], list(months)[::step])
        axes.tick_params(axis="x", labelrotation=45, labelsize=8)
        for tick in axes.get_xticklabels():
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
        top = max([*counts, *[b for b in baselines if b is not None], 1])
        axes.set_ylim(0, top * 1.12)
        axes.set_xlim(-0.6, len(months) - 0.4)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        axes.set_ylabel(labels.axis)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            ncols=5,
            frameon=False,
            borderaxespad=0,
            fontsize=8,
            handlelength=2.2,
        )
        return _finish(figure, title, description, chart_id)


def bar_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    highlight: int | None,
    axis_label: str,
    title: str,
    description: str,
    chart_id: str,
    value_format: str = "{:,.1f}",
) -> str:
    """A horizontal bar chart, one bar highlighted (darker and hatched), values at the bars."""
    if not labels or len(labels) != len(values):
        raise ValueError("A bar chart needs one value per label.")
    y = np.arange(len(labels))[::-1]
    height = 0.5 + 0.32 * len(labels)
    with rc_context({**_RC, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(7.2, height))
        axes = figure.add_subplot()
        colours = [MAIN_COLOUR if i == highlight else OTHER_COLOUR for i in range(len(labels))]
        bars = axes.barh(y, values, color=colours, edgecolor=TEXT_COLOUR, linewidth=0.5, height=0.7)
        if highlight is not None:
            bars[highlight].set_hatch("///")
            bars[highlight].set_edgecolor(TEXT_COLOUR)
        top = max([*values, 0]) or 1
        for bar, value in zip(bars, values, strict=True):
            axes.text(
                bar.get_width() + top * 0.01,
                bar.get_y() + bar.get_height() / 2,
                value_format.format(value),
                va="center",
                fontsize=8,
            )
        axes.set_yticks(y, list(labels))
        axes.set_xlim(0, top * 1.15)
        axes.set_xlabel(axis_label)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
        axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout(pad=0.4)
        return _finish(figure, title, description, chart_id)


def grouped_bar_svg(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    axis_label: str,
    category_label: str,
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """Vertical bars grouped by category, one series per colour and hatch (e.g. area vs force)."""
    if not categories or not series:
        raise ValueError("A grouped bar chart needs categories and at least one series.")
    x = np.arange(len(categories))
    width = 0.8 / len(series)
    styles = [(MAIN_COLOUR, ""), (OTHER_COLOUR, "//"), (BASELINE_COLOUR, "xx")]
    with rc_context({**_RC, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(7.2, 2.8))
        axes = figure.add_subplot()
        for k, (name, values) in enumerate(series):
            colour, hatch = styles[k % len(styles)]
            heights = [0.0 if v is None else v for v in values]
            axes.bar(
                x + (k - (len(series) - 1) / 2) * width,
                heights,
                width=width * 0.95,
                color=colour,
                hatch=hatch,
                edgecolor=TEXT_COLOUR,
                linewidth=0.5,
                label=name,
            )
        axes.set_xticks(x, list(categories))
        axes.set_xlabel(category_label)
        axes.set_ylabel(axis_label)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.01),
            ncols=len(series),
            frameon=False,
            borderaxespad=0,
            fontsize=8,
        )
        figure.tight_layout(pad=0.4)
        return _finish(figure, title, description, chart_id)


@dataclass(frozen=True)
class MapClasses:
    """The class breaks of a choropleth and their legend texts."""

    breaks: tuple[float, ...]
    labels: tuple[str, ...]


def quantile_classes(
    values: Sequence[float], classes: int = MAP_CLASSES, decimals: int = 0
) -> MapClasses:
    """Split values into up to `classes` classes of about equal size (quantiles).

    Equal breaks are merged, so a skewed area may get fewer classes. The legend text of a
    class is "low – high", rounded to `decimals`.
    """
    data = np.asarray([v for v in values if v is not None and not np.isnan(v)], dtype=float)
    if data.size == 0:
        return MapClasses((), ())
    cuts = np.unique(np.quantile(data, np.linspace(0, 1, classes + 1)))
    if cuts.size == 1:
        cuts = np.array([cuts[0], cuts[0]])
    fmt = f"{{:,.{decimals}f}}"
    labels = tuple(
        f"{fmt.format(cuts[i])} – {fmt.format(cuts[i + 1])}" for i in range(cuts.size - 1)
    )
    return MapClasses(tuple(float(c) for c in cuts), labels)


def class_of(value: float | None, classes: MapClasses) -> int | None:
    """The class index of a value (None for a missing one)."""
    if value is None or np.isnan(value) or not classes.breaks:
        return None
    inner = np.asarray(classes.breaks[1:-1])
    return int(np.searchsorted(inner, value, side="right"))


def choropleth_svg(
    shapes: Mapping[str, BaseGeometry],
    values: Mapping[str, float | None],
    *,
    classes: MapClasses,
    highlight: Sequence[str],
    legend_title: str,
    missing_label: str,
    highlight_label: str,
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """A map of LSOA polygons shaded by class, the highlighted ones outlined in red.

    Parameters
    ----------
    shapes : mapping
        LSOA code to polygon, in British National Grid metres (so the map is not stretched).
    values : mapping
        LSOA code to value; None (e.g. no population) is drawn white and hatched.
    classes : MapClasses
        From `quantile_classes`.
    highlight : sequence of str
        LSOA codes to outline (the top hotspots).
    """
    palette = colormaps["YlGnBu"]
    n = max(1, len(classes.labels))
    colours = [palette(0.15 + 0.8 * k / max(1, n - 1)) for k in range(n)]
    xmin, ymin, xmax, ymax = _bounds(shapes.values())
    pad = 0.02 * max(xmax - xmin, ymax - ymin)
    width, legend_height = 3.5, 0.7
    # Tall areas are drawn narrower rather than taller, so four maps fit on a page.
    map_height = min(width * (ymax - ymin + 2 * pad) / (xmax - xmin + 2 * pad), MAX_MAP_HEIGHT)
    height = map_height + legend_height
    with rc_context({**_RC, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(width, height))
        axes = figure.add_axes((0.0, legend_height / height, 1.0, map_height / height))
        patches, faces, hatches = [], [], []
        for code, shape in shapes.items():
            k = class_of(values.get(code), classes)
            patch = PathPatch(_path(shape))
            patches.append(patch)
            faces.append(MISSING_COLOUR if k is None else colours[k])
            hatches.append(k is None)
        collection = PatchCollection(
            patches, facecolors=faces, edgecolors="#ffffff", linewidths=0.25
        )
        axes.add_collection(collection)
        missing = [p for p, h in zip(patches, hatches, strict=True) if h]
        if missing:
            axes.add_collection(
                PatchCollection(
                    [PathPatch(p.get_path()) for p in missing],
                    facecolors="none",
                    edgecolors=GRID_COLOUR,
                    hatch="////",
                    linewidths=0.3,
                )
            )
        for code in highlight:
            shape = shapes.get(code)
            if shape is not None:
                axes.add_patch(
                    PathPatch(_path(shape), facecolor="none", edgecolor=HIGH_COLOUR, linewidth=1.4)
                )
        axes.set_xlim(xmin - pad, xmax + pad)
        axes.set_ylim(ymin - pad, ymax + pad)
        axes.set_aspect("equal")
        axes.set_axis_off()
        handles = [
            Patch(facecolor=colours[k], edgecolor=GRID_COLOUR, label=label)
            for k, label in enumerate(classes.labels)
        ]
        if missing:
            handles.append(
                Patch(facecolor="#ffffff", edgecolor=GRID_COLOUR, hatch="////", label=missing_label)
            )
        if highlight:
            handles.append(
                Patch(facecolor="none", edgecolor=HIGH_COLOUR, linewidth=1.4, label=highlight_label)
            )
        figure.legend(
            handles=handles,
            title=legend_title,
            loc="upper center",
            bbox_to_anchor=(0.5, legend_height / height),
            ncols=2,
            frameon=False,
            fontsize=7,
            title_fontsize=7.5,
            handlelength=1.4,
            columnspacing=1.0,
        )
        return _finish(figure, title, description, chart_id)


def hotspot_map_svg(
    outlines: Mapping[str, BaseGeometry],
    hotspots: Sequence[tuple[int, BaseGeometry, tuple[float, float]]],
    *,
    labelled: int,
    legend_label: str,
    title: str,
    description: str,
    chart_id: str,
) -> str:
    """Hotspot areas drawn over the LSOA outlines, the first `labelled` numbered.

    Parameters
    ----------
    outlines : mapping
        LSOA code to polygon, British National Grid metres.
    hotspots : sequence of (number, area, (easting, northing))
        Each hotspot's number, its area (the union of its grid squares) and where to put
        its number.
    """
    xmin, ymin, xmax, ymax = _bounds(outlines.values())
    pad = 0.02 * max(xmax - xmin, ymax - ymin)
    width, legend_height = 5.0, 0.35
    map_height = min(width * (ymax - ymin + 2 * pad) / (xmax - xmin + 2 * pad), 4.4)
    height = map_height + legend_height
    with rc_context({**_RC, "svg.hashsalt": chart_id}):
        figure = Figure(figsize=(width, height))
        axes = figure.add_axes((0.0, legend_height / height, 1.0, map_height / height))
        axes.add_collection(
            PatchCollection(
                [PathPatch(_path(shape)) for shape in outlines.values()],
                facecolors="#f3f2f1",
                edgecolors=GRID_COLOUR,
                linewidths=0.4,
            )
        )
        if hotspots:
            axes.add_collection(
                PatchCollection(
                    [PathPatch(_path(area)) for _n, area, _c in hotspots],
                    facecolors=HIGH_COLOUR,
                    edgecolors=TEXT_COLOUR,
                    linewidths=0.3,
                )
            )
        for number, _area, (x, y) in hotspots[:labelled]:
            axes.text(
                x,
                y,
                str(number),
                ha="center",
                va="center",
                fontsize=7,
                fontweight="bold",
                bbox={
                    "boxstyle": "circle,pad=0.2",
                    "facecolor": "#ffffff",
                    "edgecolor": TEXT_COLOUR,
                    "linewidth": 0.6,
                },
            )
        axes.set_xlim(xmin - pad, xmax + pad)
        axes.set_ylim(ymin - pad, ymax + pad)
        axes.set_aspect("equal")
        axes.set_axis_off()
        figure.legend(
            handles=[Patch(facecolor=HIGH_COLOUR, edgecolor=TEXT_COLOUR, label=legend_label)],
            loc="upper center",
            bbox_to_anchor=(0.5, legend_height / height),
            frameon=False,
            fontsize=7.5,
        )
        return _finish(figure, title, description, chart_id)


def _path(shape: BaseGeometry) -> MplPath:
    """A matplotlib path for a polygon or multipolygon, holes included."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    polygons = getattr(shape, "geoms", [shape])
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = list(ring.coords)
            vertices.extend(coords)
            codes.extend(
                [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
            )
    return MplPath(vertices, codes)


def _bounds(shapes: object) -> tuple[float, float, float, float]:
    """The bounding box of several geometries."""
    boxes = np.array([shape.bounds for shape in shapes])  # type: ignore[attr-defined]
    return boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()


def _finish(figure: Figure, title: str, description: str, chart_id: str) -> str:
    """The figure as inline SVG in the pack's style."""
    return inline_svg(
        figure, title, description, chart_id, css_class="pack-chart__svg", fonts=_FONTS
    )
