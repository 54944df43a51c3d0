"""Charts for HTML pages: the wide and narrow SVG of a chart spec, rendered once and kept (16 MiB at most, thread-safe)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from dashboard.cache import BoundedCache
from dashboard.charts.spec import Chart

WIDE, NARROW = 720, 360
_cache: BoundedCache[tuple[str, str]] = BoundedCache(max_bytes=16 * 1024 * 1024, sizeof=lambda p: len(p[0]) + len(p[1]))


def chart_id(chart: Chart) -> str:
    """A short id unique to the chart's content, so several inline SVGs on one page never share ids."""
    return "c" + hashlib.sha1(repr(chart).encode()).hexdigest()[:8]


def svg_pair(chart: Chart) -> tuple[str, str]:
    """(wide, narrow) inline SVG markup of a chart; the page's CSS shows one of them by screen width.

    The chart's key lines (chart.legend) are left out of the SVG: pages print them as text under it (the chart
    macro's figcaption), where they wrap, zoom and read like the rest of the page. Standalone images keep them.
    """
    from dashboard.charts.svg import render_svg

    def make() -> tuple[str, str]:
        cid = chart_id(chart)
        inline = replace(chart, legend=())
        return (render_svg(inline, WIDE, narrow=False, id_prefix=f"{cid}w"),
                render_svg(inline, NARROW, narrow=True, id_prefix=f"{cid}n"))

    return _cache.get_or_make((chart, WIDE, NARROW), make)
