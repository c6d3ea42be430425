"""Matplotlib figures as SVG that can be inlined in a page or a PDF, accessibly.

Every chart in ASB Hub is drawn server-side with matplotlib and inlined as SVG; this
module is the one place that turns a figure into that SVG: no XML prologue or metadata,
no page-wide <style>, the page's fonts, ids made unique per chart, and role="img" with a
title and a description for screen readers.
"""

from __future__ import annotations

import io
import re
from html import escape

from matplotlib.figure import Figure

# The site's font stack (GOV.UK Frontend compiled with system fonts) replaces DejaVu Sans.
PAGE_FONTS = "system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, Helvetica, Arial, sans-serif"

_LONG_DECIMAL = re.compile(r"-?\d+\.\d{3,}")


def _two_places(match: re.Match[str]) -> str:
    """A path coordinate rounded to two decimal places."""
    return f"{float(match.group(0)):.2f}"


def inline_svg(
    figure: Figure,
    title: str,
    description: str,
    chart_id: str,
    *,
    css_class: str = "asbhub-chart__svg",
    fonts: str = PAGE_FONTS,
) -> str:
    """Save the figure as SVG text that is accessible and safe to inline beside others.

    `chart_id` must be unique on the page: it prefixes every id inside the SVG and names
    the <title> and <desc> the <svg> is labelled and described by.
    """
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    # matplotlib's <style>*{...}</style> would restyle the whole page once inline; the same
    # stroke settings go on the <svg> element as inherited attributes instead.
    svg = re.sub(r"<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>\s*", "", svg)
    svg = svg.replace("'DejaVu Sans'", fonts)
    # Hundredths of a point are far finer than print; shorter numbers make lighter pages.
    svg = re.sub(r'\bd="[^"]*"', lambda m: _LONG_DECIMAL.sub(_two_places, m.group(0)), svg)
    # Ids inside the SVG must be unique on a page that inlines several charts.
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{chart_id}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{chart_id}-{m.group(1)}"', svg)
    end = svg.index(">")
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    opening = (
        svg[:end]
        + f' role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}"'
        + f' class="{css_class}" stroke-linejoin="round" stroke-linecap="butt">'
        + f'<title id="{title_id}">{escape(title)}</title>'
        + f'<desc id="{desc_id}">{escape(description)}</desc>'
    )
    return opening + svg[end + 1 :].rstrip() + "\n"
