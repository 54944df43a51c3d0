"""Charts as SVG, drawn in pure Python from a Chart (dashboard.charts.spec): no browser, no plotly.js, no fonts fetched.

    render_svg(chart, width=640, *, narrow=None, standalone=False, id_prefix="c") -> str

The same SVG is inlined in HTML pages, embedded, printed by WeasyPrint and turned into PNG by cairosvg
(dashboard.charts.png). It is pure and deterministic: the same Chart and arguments give the same bytes.

Layout is computed, not guessed: text is measured with the Arial/Helvetica advance widths (Liberation Sans, the
metric twin of Arial, is what cairosvg finds on Linux), plus a few per cent of slack for Helvetica and Roboto. Labels
wrap at word boundaries and are never cut; every text box stays inside the SVG box at 320 px; end-of-line labels
are moved apart so they never overlap; time-axis labels are thinned (kept horizontal, as the Analysis Function
guidance asks) so none overlap. The height follows from the content.

Narrow layout (width <= 480 px unless `narrow` says otherwise): group names leave the right margin and become a
key under the plot (symbol + dash sample + name), and DOTS/BARS category names sit above their row instead of in a
column, so the plot keeps at least 70% of the width.

Uncertainty is always drawn when chart.show_ci: a light band where every mark of a run has a 95% interval (hatched
where the interval was calculated by this dashboard rather than published), whiskers otherwise (dashed when
calculated). The renderer draws a key for exactly the encodings it used (only it knows whether a band or whiskers
were drawn), then chart.legend's lines as text. Secondary-source marks (Mark.flagged) carry an asterisk.

Accessibility: <svg role="img" aria-labelledby> names the chart from <title> (chart.title) and <desc> (chart.alt);
each mark has a <title> child (the native tooltip, never the only place a value lives); gridlines, bands and
lines are aria-hidden. Text is escaped; ids are prefixed with id_prefix so several charts can share a page.

Inline SVG carries width, height and a viewBox, so with CSS `max-width:100%; height:auto` it scales without layout
shift. Text sizes are CSS px at the rendered width (12 px at least), so render at the width it will be shown: a
wide and a narrow SVG switched by a media query keep text at 12 px or more on a 320 px phone.
"""

from __future__ import annotations

import math
import re

from dashboard.charts.spec import BARS, DOTS, TREND, Chart
from dashboard.charts.svg_bars import _bars
from dashboard.charts.svg_dots import _dots
from dashboard.charts.svg_draw import EMPTY_TEXT, NARROW_MAX, _Ctx, _present
from dashboard.charts.svg_rows import _mark_at
from dashboard.charts.svg_text import _esc, _f, text_width, wrap_px
from dashboard.charts.svg_trend import _trend
from dashboard.charts.theme import FONT, TEXT

_ID_OK = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

__all__ = ["EMPTY_TEXT", "NARROW_MAX", "render_svg", "text_width", "wrap_px"]


def _empty(ctx: _Ctx, c: Chart, y: float) -> float:
    lines = wrap_px(EMPTY_TEXT, ctx.w - 2 * ctx.pad - 24, ctx.fs)
    h = len(lines) * ctx.lh() + 28
    ctx.decor.append(f'<rect x="{_f(ctx.pad + 0.5)}" y="{_f(y + 0.5)}" width="{_f(ctx.w - 2 * ctx.pad - 1)}" '
                     f'height="{h}" fill="#f3f2f1" stroke="#b1b4b6"/>')
    ctx.lines(ctx.w / 2, y + 14, lines, ctx.fs, "middle")
    return y + h



# ----------------------------------------------------------------------------------------------------------------
# The document


def _nothing_to_draw(chart: Chart) -> bool:
    """EMPTY, no marks with a value, or DOTS/BARS without categories: the 'no figures' box instead."""
    if chart.empty or chart.kind not in (TREND, DOTS, BARS):
        return True
    if chart.kind != TREND:
        return not chart.categories or not any(_mark_at(s, i) for s in chart.series
                                               for i in range(len(chart.categories)))
    return not any(_present(m) for s in chart.series for m in s.marks)


def render_svg(chart: Chart, width: int = 640, *, narrow: bool | None = None, standalone: bool = False,
               id_prefix: str = "c") -> str:
    """The chart as an SVG document (standalone: titles, legend and notes on white, for download) or fragment.

    width: px; narrow: None decides from the width (<= 480 px is narrow); id_prefix: makes ids unique on a page.
    """
    if not _ID_OK.match(id_prefix):
        raise ValueError(f"id_prefix must be letters, digits, '-' or '_' (starting with a letter): {id_prefix!r}")
    if width < 200:
        raise ValueError(f"width {width} px is too narrow for a chart (200 px at least)")
    narrow = width <= NARROW_MAX if narrow is None else narrow
    pad = 16 if standalone else 4
    ctx = _Ctx(w=width, narrow=narrow, p=id_prefix, pad=pad, fs=13 if narrow else 14, sm=12 if narrow else 13)
    y: float = pad
    if standalone:
        title_size = 18 if narrow else 20
        y = ctx.lines(pad, y, wrap_px(chart.title, width - 2 * pad, title_size, True), title_size, bold=True)
        if chart.subtitle:
            y = ctx.lines(pad, y + 2, wrap_px(chart.subtitle, width - 2 * pad, ctx.fs), ctx.fs)
        y += 14
    draw = {TREND: _trend, DOTS: _dots, BARS: _bars}.get(chart.kind, _empty)
    y = _empty(ctx, chart, y) if _nothing_to_draw(chart) else draw(ctx, chart, y)
    if standalone and chart.notes:
        y += 10
        for note in chart.notes:
            y = ctx.lines(pad, y + 2, wrap_px(note, width - 2 * pad, ctx.sm), ctx.sm)
    height = math.ceil(y + pad)

    p = id_prefix
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else "")
    out = [head, (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                  f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{p}-t {p}-d" '
                  f'font-family="{FONT}" font-size="{ctx.fs}" fill="{TEXT}">'),
           f'<title id="{p}-t">{_esc(chart.title)}</title><desc id="{p}-d">{_esc(chart.alt or chart.subtitle)}</desc>']
    if ctx.defs:
        out.append("<defs>" + "".join(ctx.defs.values()) + "</defs>")
    if standalone:
        out.append(f'<rect width="{width}" height="{height}" fill="#fff"/>')
    out.append('<g aria-hidden="true" fill="none">' + "".join(ctx.decor) + "</g>")
    out.append("<g>" + "".join(ctx.marks) + "</g>")
    if ctx.over:
        out.append('<g aria-hidden="true" fill="none">' + "".join(ctx.over) + "</g>")
    out.append("<g>" + "".join(ctx.texts) + "</g>")
    out.append("</svg>")
    return "".join(out)

