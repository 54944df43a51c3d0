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
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from dashboard.charts.spec import BARS, DOTS, TREND, Chart, Mark, Series
from dashboard.charts.theme import CI_FILL_ALPHA, DASHES, FONT, GRID, PALETTE, SYMBOLS, TEXT

NARROW_MAX = 480            # widths up to this get the narrow layout
EMPTY_TEXT = "No figures are published for this choice."
NOT_PUBLISHED = "not published"
KEY_BAND = "95% confidence interval (published)"
KEY_BAND_CALC = "95% confidence interval calculated by this dashboard (not published by the source)"
KEY_FLAGGED = "Figure read from a secondary source"
BAND_FILL = "#ebebeb"       # shaded spans of the time axis (e.g. COVID-19 years): light, behind the gridlines
SLACK = 1.04                # measured widths are stretched a little: Helvetica and Roboto run slightly wider

# Advance widths (1/1000 em) of Arial = Helvetica = Liberation Sans, characters 32..126, regular and bold.
_W_REG = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
    556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
    556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
    500, 500, 500, 334, 260, 334, 584)
_W_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722,
    611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556,
    611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778,
    556, 556, 500, 389, 280, 389, 584)
_W_EXTRA = {"\u2018": (222, 278), "\u2019": (222, 278), "\u201c": (333, 500), "\u201d": (333, 500),
            "\u2013": (556, 556), "\u2014": (1000, 1000), "\u2026": (1000, 1000), "\u2022": (350, 350),
            "\u00d7": (584, 584), "\u2264": (549, 549), "\u2265": (549, 549), "\u00b1": (549, 549),
            "\u20ac": (556, 556), "\u00a3": (556, 556), "\u00b7": (278, 278), "\u00b0": (400, 400),
            "\u00a0": (278, 278)}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ID_OK = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_DASH_ARRAY = {"solid": "", "dash": "7 4", "dot": "2 3", "dashdot": "7 3 2 3", "longdash": "12 4",
               "longdashdot": "12 4 2 4"}


# ----------------------------------------------------------------------------------------------------------------
# Text: measure, wrap, escape, format


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of `text` at `size` px in the house font (Arial metrics, with SLACK)."""
    table = _W_BOLD if bold else _W_REG
    total = 0
    for ch in text:
        o = ord(ch)
        if 32 <= o < 127:
            total += table[o - 32]
        elif ch in _W_EXTRA:
            total += _W_EXTRA[ch][bold]
        elif unicodedata.combining(ch):
            continue
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            if 32 <= ord(base) < 127:
                total += table[ord(base) - 32]
            elif unicodedata.east_asian_width(ch) in "WF":
                total += 1000
            else:
                total += 600
    return total * size / 1000 * SLACK


def wrap_px(text: str, max_px: float, size: float, bold: bool = False) -> list[str]:
    """Lines of at most max_px at word boundaries; a word longer than a line is split (never cut off)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while text_width(word, size, bold) > max_px and len(word) > 1:
            if line:
                lines.append(line)
                line = ""
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold) > max_px:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, size, bold) > max_px:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines or [""]


def _esc(text: str) -> str:
    text = _XML_BAD.sub("", str(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _f(v: float) -> str:
    """A coordinate: one decimal at most, no trailing zeros, no '-0'."""
    s = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _mark_label(m: Mark) -> str:
    return m.label + ("*" if m.flagged and not m.label.endswith("*") else "")


def _present(m: Mark | None) -> bool:
    return m is not None and m.value is not None and not math.isnan(m.value)


def _has_ci(m: Mark) -> bool:
    return (m.lower is not None and m.upper is not None
            and not math.isnan(m.lower) and not math.isnan(m.upper))


def _style(series: Series) -> tuple[str, str, str]:
    i = series.style % len(PALETTE)
    return PALETTE[i], SYMBOLS[i % len(SYMBOLS)], DASHES[i % len(DASHES)]


def _clamp(v: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, v))


# ----------------------------------------------------------------------------------------------------------------
# Value axis


def _decimals(step: float) -> int:
    for d in range(6):
        if abs(step * 10 ** d - round(step * 10 ** d)) < 1e-6:
            return d
    return 6


def value_ticks(vmin: float, vmax: float, zero: bool = True, percent: bool = False) -> list[float]:
    """4 to 6 round ticks covering [vmin, vmax] (from zero when `zero`; 0 to 100 for percentages)."""
    if percent and vmin >= 0 and vmax <= 100:
        return [0.0, 25.0, 50.0, 75.0, 100.0]
    lo = min(0.0, vmin) if zero else vmin
    hi = max(vmax, lo)
    if hi - lo < 1e-9:
        hi = lo + (abs(lo) or 1.0)
    span = hi - lo
    first: list[float] | None = None
    for k in range(math.floor(math.log10(span)) - 2, math.floor(math.log10(span)) + 3):
        for m in (1, 2, 2.5, 5):
            step = m * 10 ** k
            t0 = math.floor(lo / step + 1e-9) * step
            t1 = math.ceil(hi / step - 1e-9) * step
            n = round((t1 - t0) / step) + 1
            if n <= 6:
                ticks = [round(t0 + i * step, 10) for i in range(n)]
                if n >= 4:
                    return ticks
                first = first or ticks
    return first or [lo, hi]


def _tick_labels(ticks: list[float], percent: bool) -> list[str]:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    d = _decimals(round(step, 10))
    return [f"{t:,.{d}f}" + ("%" if percent else "") for t in ticks]


# ----------------------------------------------------------------------------------------------------------------
# Drawing context


@dataclass
class _Ctx:
    w: int
    narrow: bool
    p: str                      # id prefix
    pad: int
    fs: int                     # body text size (root font-size)
    sm: int                     # small text (ticks, keys, legend)
    decor: list[str] = field(default_factory=list)      # aria-hidden: bands, grid, axes, CI, lines, swatches
    marks: list[str] = field(default_factory=list)      # markers and bars with <title> tooltips
    over: list[str] = field(default_factory=list)       # aria-hidden, above the marks: bar whiskers, reference lines
    texts: list[str] = field(default_factory=list)
    defs: dict[str, str] = field(default_factory=dict)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    def lh(self, size: int | None = None) -> int:
        return round((size or self.fs) * 1.3)

    def text(self, x: float, y: float, s: str, size: int | None = None, anchor: str = "start",
             bold: bool = False) -> tuple[float, float, float, float]:
        size = size or self.fs
        a = f'x="{_f(x)}" y="{_f(y)}"'
        if anchor != "start":
            a += f' text-anchor="{anchor}"'
        if size != self.fs:
            a += f' font-size="{size}"'
        if bold:
            a += ' font-weight="bold"'
        self.texts.append(f"<text {a}>{_esc(s)}</text>")
        w = text_width(s, size, bold)
        x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        box = (x0, y - 0.75 * size, x0 + w, y + 0.21 * size)
        self.boxes.append(box)
        return box

    def lines(self, x: float, top: float, lines: Sequence[str], size: int | None = None, anchor: str = "start",
              bold: bool = False, backed: bool = False) -> float:
        """Lines of text from `top` down (on white when `backed`: over gridlines); returns the y below."""
        size = size or self.fs
        lh = self.lh(size)
        for i, line in enumerate(lines):
            if backed:
                w = text_width(line, size, bold)
                self.texts.append(f'<rect x="{_f(x - 2)}" y="{_f(top + i * lh + 1)}" width="{_f(w + 4)}" '
                                  f'height="{lh}" fill="#fff"/>')
            self.text(x, top + i * lh + round(size * 0.98), line, size, anchor, bold)
        return top + len(lines) * lh

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, dash: str = "") -> str:
        d = f' stroke-dasharray="{dash}"' if dash else ""
        w = f' stroke-width="{_f(width)}"' if width != 1 else ""
        return f'<path d="M{_f(x1)} {_f(y1)}L{_f(x2)} {_f(y2)}" stroke="{stroke}"{w}{d}/>'

    def hatch(self) -> str:
        """The one hatch pattern of this SVG (calculated intervals); returns its url()."""
        pid = f"{self.p}-hatch"
        self.defs.setdefault(pid, f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
                                  f'<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="{TEXT}" stroke-opacity="0.55" '
                                  f'stroke-width="1.2"/></pattern>')
        return f"url(#{pid})"

    def bar_fill(self, k: int, colour: str) -> str:
        """Fill of the k-th series of a bar chart: solid, then stripes, dots, cross-hatch (each with an outline)."""
        kind = k % 4
        if kind == 0:
            return colour
        pid = f"{self.p}-bar{k % 4}{colour[1:].lower()}"
        body = {1: f'<path d="M0 8L8 0M-2 2L2 -2M6 10L10 6" stroke="{colour}" stroke-width="2.2"/>',
                2: f'<circle cx="4" cy="4" r="1.8" fill="{colour}"/>',
                3: f'<path d="M0 8L8 0M0 0L8 8" stroke="{colour}" stroke-width="1.4"/>'}[kind]
        self.defs.setdefault(pid, f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="8" height="8">'
                                  f'<rect width="8" height="8" fill="#fff"/>{body}</pattern>')
        return f"url(#{pid})"


def _symbol_path(kind: str, x: float, y: float, r: float) -> str:
    """Path data for a marker symbol centred on (x, y) (Plotly's names)."""
    if kind == "circle":
        return f"M{_f(x - r)} {_f(y)}a{_f(r)} {_f(r)} 0 1 0 {_f(2 * r)} 0a{_f(r)} {_f(r)} 0 1 0 {_f(-2 * r)} 0Z"
    if kind == "square":
        s = r * 0.88
        return f"M{_f(x - s)} {_f(y - s)}h{_f(2 * s)}v{_f(2 * s)}h{_f(-2 * s)}Z"
    if kind == "diamond":
        pts = [(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)]
    elif kind == "triangle-up":
        pts = [(0, -1.2), (1.15, 0.85), (-1.15, 0.85)]
    elif kind == "x":
        a, c = 0.32, math.sqrt(0.5)
        plus = [(-a, -1), (a, -1), (a, -a), (1, -a), (1, a), (a, a), (a, 1), (-a, 1), (-a, a), (-1, a), (-1, -a),
                (-a, -a)]
        pts = [((px - py) * c * 1.25, (px + py) * c * 1.25) for px, py in plus]
    elif kind == "star":
        pts = [((1.3 if i % 2 == 0 else 0.55) * math.sin(i * math.pi / 5),
                -(1.3 if i % 2 == 0 else 0.55) * math.cos(i * math.pi / 5)) for i in range(10)]
    else:
        return _symbol_path("circle", x, y, r)
    return "M" + "L".join(f"{_f(x + px * r)} {_f(y + py * r)}" for px, py in pts) + "Z"


def _marker(kind: str, x: float, y: float, r: float, tooltip: str | None = None) -> str:
    d = _symbol_path(kind, x, y, r)
    if tooltip is None:
        return f'<path d="{d}"/>'
    return f'<path d="{d}"><title>{_esc(tooltip)}</title></path>'


def _whisker(x1: float, y1: float, x2: float, y2: float, colour: str, calculated: bool,
             horizontal: bool, halo: bool = False) -> str:
    cap = 4
    if horizontal:
        caps = [(x1, y1 - cap, x1, y1 + cap), (x2, y2 - cap, x2, y2 + cap)]
    else:
        caps = [(x1 - cap, y1, x1 + cap, y1), (x2 - cap, y2, x2 + cap, y2)]
    d = f"M{_f(x1)} {_f(y1)}L{_f(x2)} {_f(y2)}"
    d_caps = "".join(f"M{_f(a)} {_f(b)}L{_f(c)} {_f(e)}" for a, b, c, e in caps)
    out = ""
    if halo:
        out += f'<path d="{d}{d_caps}" stroke="#fff" stroke-width="4"/>'
    if calculated:
        return out + (f'<path d="{d}" stroke="{colour}" stroke-width="1.6" stroke-dasharray="3 2"/>'
                      f'<path d="{d_caps}" stroke="{colour}" stroke-width="1.6"/>')
    return out + f'<path d="{d}{d_caps}" stroke="{colour}" stroke-width="1.6"/>'


# ----------------------------------------------------------------------------------------------------------------
# Keys under (or above) the plot


@dataclass
class _KeyItem:
    swatch_w: int
    draw: Callable[[float, float], str]     # (x, y centre) -> decor markup
    text: str


def _flow_key(ctx: _Ctx, items: list[_KeyItem], y: float, one_per_row: bool = False,
              size: int | None = None) -> float:
    """Key items in a row if they fit, else in equal columns (or one per row); returns the y below the key."""
    size = size or ctx.sm
    lh = ctx.lh(size)
    x0, x1 = ctx.pad, ctx.w - ctx.pad
    laid = []
    for item in items:
        lines = wrap_px(item.text, x1 - x0 - item.swatch_w - 6, size)
        laid.append((item, lines, item.swatch_w + 6 + max(text_width(line, size) for line in lines)))
    gap = 16
    col = max(need for _, _, need in laid)
    if one_per_row:
        cols = 1
    elif sum(need for _, _, need in laid) + gap * (len(laid) - 1) <= x1 - x0:
        cols = len(laid)
    else:
        cols = max(1, int((x1 - x0 + gap) // (col + gap)))
    x, row_h = x0, 0
    for i, (item, lines, need) in enumerate(laid):
        if i and i % cols == 0:
            y += row_h + 4
            x, row_h = x0, 0
        ctx.decor.append(item.draw(x, y + lh / 2))
        ctx.lines(x + item.swatch_w + 6, y, lines, size)
        row_h = max(row_h, len(lines) * lh)
        x += (need if cols == len(laid) else col) + gap
    return y + row_h


def _series_sample(ctx: _Ctx, s: Series, width: int = 28) -> Callable[[float, float], str]:
    colour, symbol, dash = _style(s)

    def draw(x: float, yc: float) -> str:
        da = _DASH_ARRAY.get(dash, "")
        return (f'<g stroke="{colour}" fill="{colour}">'
                + ctx.line(x, yc, x + width, yc, colour, 2.5, da).replace(f' stroke="{colour}"', "")
                + f'<path d="{_symbol_path(symbol, x + width / 2, yc, 4.5)}" stroke="#fff"/></g>')
    return draw


def _encoding_key(ctx: _Ctx, chart: Chart, used: set[str], horizontal: bool, y: float) -> float:
    """Swatches for the encodings actually drawn (published and calculated intervals, the asterisk), then
    chart.legend's lines; returns the y below."""
    grey = PALETTE[4]

    def band(x: float, yc: float, calc: bool) -> str:
        rect = f'<rect x="{_f(x)}" y="{_f(yc - 6)}" width="24" height="12" '
        out = rect + f'fill="{grey}" fill-opacity="{CI_FILL_ALPHA}"/>'
        return out + (rect + f'fill="{ctx.hatch()}"/>' if calc else "")

    def whisker(x: float, yc: float, calc: bool) -> str:
        if horizontal:
            return _whisker(x + 1, yc, x + 23, yc, TEXT, calc, True)
        return _whisker(x + 6, yc - 7, x + 6, yc + 7, TEXT, calc, False)

    items: list[_KeyItem] = []
    for calc, text in ((False, KEY_BAND), (True, KEY_BAND_CALC)):
        parts: list[tuple[int, Callable[[float, float, bool], str]]] = []
        if ("band_calc" if calc else "band") in used:
            parts.append((24, band))
        if ("whisker_calc" if calc else "whisker") in used:
            parts.append((24 if horizontal else 12, whisker))
        if parts:
            def draw(x: float, yc: float, parts=parts, calc=calc) -> str:
                out = ""
                for w, fn in parts:
                    out += fn(x, yc, calc)
                    x += w + 6
                return out
            items.append(_KeyItem(sum(w for w, _ in parts) + 6 * (len(parts) - 1), draw, text))
    if "flagged" in used and not any(line.lstrip().startswith("*") for line in chart.legend):
        items.append(_KeyItem(0, lambda x, yc: "", f"* {KEY_FLAGGED}"))
    if items:
        y = _flow_key(ctx, items, y + 8, one_per_row=True)
    for line in chart.legend:
        y = ctx.lines(ctx.pad, y + 4, wrap_px(line, ctx.w - 2 * ctx.pad, ctx.sm), ctx.sm)
    return y


# ----------------------------------------------------------------------------------------------------------------
# TREND


def _thin(centres: list[float], widths: list[float], gap: float) -> list[int]:
    """Indices of the tick labels to print: every k-th, counted back from the last, so none overlap."""
    n = len(centres)
    for k in range(1, n + 1):
        idx = list(range(n - 1, -1, -k))[::-1]
        if all(centres[j] - centres[i] >= (widths[i] + widths[j]) / 2 + gap for i, j in pairwise(idx)):
            return idx
    return [n - 1] if n else []


def _spread(items: list[list[float]], lo: float, hi: float, gap: float = 3) -> None:
    """items: [centre, height] (sorted by centre); move them apart (order kept) within [lo, hi] where possible."""
    for prev, cur in pairwise(items):
        min_c = prev[0] + prev[1] / 2 + gap + cur[1] / 2
        cur[0] = max(cur[0], min_c)
    if items and items[-1][0] + items[-1][1] / 2 > hi:
        items[-1][0] = hi - items[-1][1] / 2
        for nxt, cur in zip(items[::-1], items[-2::-1]):
            cur[0] = min(cur[0], nxt[0] - nxt[1] / 2 - gap - cur[1] / 2)
    if items and items[0][0] - items[0][1] / 2 < lo:   # too many to fit: let them run below instead
        items[0][0] = lo + items[0][1] / 2
        for prev, cur in pairwise(items):
            cur[0] = max(cur[0], prev[0] + prev[1] / 2 + gap + cur[1] / 2)


def _segments(s: Series) -> list[list[Mark]]:
    runs = s.segments or ((s.marks,) if s.marks else ())
    return [sorted((m for m in run if _present(m)), key=lambda m: m.x) for run in runs if run]


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _trend(ctx: _Ctx, c: Chart, y: float) -> float:
    W, pad, sm = ctx.w, ctx.pad, ctx.sm
    series = [s for s in c.series if any(_present(m) for m in s.marks)]
    marks = [m for s in series for m in s.marks if _present(m)]
    multi = len(series) > 1
    vals = [m.value for m in marks] + [r.value for r in c.refs]
    if c.show_ci:
        vals += [v for m in marks if _has_ci(m) for v in (m.lower, m.upper)]
    yt = value_ticks(min(vals), max(vals), c.zero, c.percent_axis)
    ylabels = _tick_labels(yt, c.percent_axis)
    ticks = sorted(c.ticks, key=lambda t: t.x)
    xs = [m.x for m in marks] + [t.x for t in ticks]
    xlo, xhi = min(xs), max(xs)
    tick_w = [text_width(t.label, sm) for t in ticks]
    inner = 10                                              # markers keep clear of the axes

    # Margins: y tick labels on the left; end labels (wide) or half the last tick label on the right.
    left = pad + max(text_width(lab, sm) for lab in ylabels) + 6
    if ticks:
        left = max(left, pad + tick_w[0] / 2 - inner + 1)
    end_labels: list[tuple[Series, list[str]]] = []
    if multi and not ctx.narrow:
        cap = max(90.0, 0.24 * W)
        end_labels = [(s, wrap_px(s.name, cap, sm)) for s in series]
        widest = max(text_width(line, sm) for _, ls in end_labels for line in ls)
        right = pad + 8 + 14 + widest
    else:
        right = pad + 2
    if ticks:
        right = max(right, pad + tick_w[-1] / 2 - inner + 1)
    PL, PR = left, W - right

    def px(x: float) -> float:
        if xhi - xlo < 1e-9:
            return (PL + PR) / 2
        return PL + inner + (x - xlo) / (xhi - xlo) * (PR - PL - 2 * inner)

    # Header: the value axis title (horizontal, above the axis), then band labels in rows that never collide.
    y = ctx.lines(pad, y, wrap_px(c.axis_title, W - 2 * pad, sm), sm) if c.axis_title else y - 4
    lh_sm = ctx.lh(sm)
    labelled = [b for b in c.bands if b.label and px(max(b.x0, xlo)) <= PR and px(min(b.x1, xhi)) >= PL]
    bracket = 7 if len(labelled) > 1 else 0            # several bands: a bracket under each label shows its span
    row_h = lh_sm + bracket
    rows: list[list[tuple[float, float]]] = []
    for b in labelled:
        bx0, bx1 = _clamp(px(b.x0), PL, PR), _clamp(px(b.x1), PL, PR)
        lines = wrap_px(b.label, W - 2 * pad, sm)
        w = max(text_width(line, sm) for line in lines)
        x0 = _clamp((bx0 + bx1) / 2 - w / 2, pad, W - pad - w)
        span = (min(x0, bx0), max(x0 + w, bx1))
        free = [all(span[1] + 8 < a or span[0] > e + 8 for a, e in r) for r in rows]
        r0 = next(i for i in range(len(rows) + 1) if all((free + [True] * len(lines))[i:i + len(lines)]))
        while len(rows) < r0 + len(lines):
            rows.append([])
        for i, line in enumerate(lines):
            rows[r0 + i].append(span)
            ctx.text(x0 + (w - text_width(line, sm)) / 2, y + 4 + (r0 + i) * row_h + round(sm * 0.98), line, sm)
        if bracket:
            yb = y + 4 + (r0 + len(lines) - 1) * row_h + lh_sm + 1
            ctx.decor.append(f'<path d="M{_f(bx0)} {_f(yb + 5)}V{_f(yb)}H{_f(bx1)}V{_f(yb + 5)}" stroke="{TEXT}"/>')
    y += 4 + len(rows) * row_h + 2

    PT = y + 4
    ph = max(220, min(340, round(W * 0.42)))
    if end_labels:       # room for every end label without pushing any below the plot
        ph = max(ph, sum(len(ls) * ctx.lh(sm) + 3 for _, ls in end_labels))
    PB = PT + ph
    vlo, vhi = yt[0], yt[-1]

    def py(v: float) -> float:
        return PB - (v - vlo) / (vhi - vlo) * (PB - PT)

    # Bands, gridlines, axes.
    for b in c.bands:
        bx0, bx1 = _clamp(px(b.x0), PL, PR), _clamp(px(b.x1), PL, PR)
        if bx1 > bx0:
            ctx.decor.append(f'<rect x="{_f(bx0)}" y="{_f(PT)}" width="{_f(bx1 - bx0)}" height="{_f(PB - PT)}" '
                             f'fill="{BAND_FILL}"/>')
    grid = "".join(f"M{_f(PL)} {_f(py(t))}H{_f(PR)}" for t in yt if t != vlo)
    ctx.decor.append(f'<path d="{grid}" stroke="{GRID}"/>')
    base_y = py(0) if vlo <= 0 <= vhi else PB
    ctx.decor.append(ctx.line(PL, base_y, PR, base_y, TEXT))
    if base_y != PB:
        ctx.decor.append(ctx.line(PL, PB, PR, PB, TEXT))
    for t, lab in zip(yt, ylabels):
        ctx.text(PL - 6, py(t) + sm * 0.35, lab, sm, "end")
    if ticks:
        ctx.decor.append('<path d="' + "".join(f"M{_f(px(t.x))} {_f(PB)}v5" for t in ticks)
                         + f'" stroke="{TEXT}"/>')
        centres = [px(t.x) for t in ticks]
        for i in _thin(centres, tick_w, 10):
            ctx.text(centres[i], PB + 7 + sm, ticks[i].label, sm, "middle")
    y = PB + 7 + lh_sm if ticks else PB + 4
    if c.x_title:
        mid = (PL + PR) / 2
        y = ctx.lines(mid, y + 2, wrap_px(c.x_title, 2 * min(mid - pad, W - pad - mid), sm), sm, "middle")

    # Data: CI bands/whiskers, lines, markers.
    used: set[str] = set()
    lw = 2 if ctx.narrow else 2.5
    obstacles: list[tuple[float, float, float, float]] = []
    casings: list[str] = []
    strokes: list[str] = []
    for s in series:
        colour, symbol, dash = _style(s)
        runs = _segments(s)
        if c.show_ci:
            for run in runs:
                if len(run) >= 2 and all(_has_ci(m) for m in run):
                    pts_u = [(px(m.x), py(m.upper)) for m in run]
                    pts_l = [(px(m.x), py(m.lower)) for m in run][::-1]
                    d = "M" + "L".join(f"{_f(a)} {_f(b)}" for a, b in pts_u + pts_l) + "Z"
                    ctx.decor.append(f'<path d="{d}" fill="{colour}" fill-opacity="{CI_FILL_ALPHA}"/>')
                    if not all(m.ci_calculated for m in run):
                        used.add("band")
                    if any(m.ci_calculated for m in run):
                        used.add("band_calc")
                        fill = ctx.hatch()
                        for i, m in enumerate(run):
                            if m.ci_calculated:
                                ctx.decor.append(f'<path d="{_hatch_piece(run, i, px, py)}" fill="{fill}"/>')
                else:
                    for m in run:
                        if _has_ci(m):
                            used.add("whisker_calc" if m.ci_calculated else "whisker")
                            ctx.decor.append(_whisker(px(m.x), py(m.lower), px(m.x), py(m.upper), colour,
                                                      m.ci_calculated, False))
        da = _DASH_ARRAY.get(dash, "")
        da_attr = f' stroke-dasharray="{da}"' if da else ""
        for run in runs:
            if len(run) >= 2:
                d = "M" + "L".join(f"{_f(px(m.x))} {_f(py(m.value))}" for m in run)
                casings.append(f"<path d=\"{d}\"/>")
                strokes.append(f'<path d="{d}" stroke="{colour}" stroke-width="{_f(lw)}"{da_attr} '
                                 f'stroke-linejoin="round" data-series="{_esc(s.name)}"/>')
        r = 4.5 if ctx.narrow else 5
        pts = "".join(_marker(symbol, px(m.x), py(m.value), r, m.tooltip) for m in s.marks if _present(m))
        ctx.marks.append(f'<g fill="{colour}" stroke="#fff">{pts}</g>')
        for m in s.marks:
            if _present(m):
                obstacles.append((px(m.x) - r, py(m.value) - r, px(m.x) + r, py(m.value) + r))
                if m.flagged:
                    used.add("flagged")
                    obstacles.append(ctx.text(px(m.x) + 4, py(m.value) - 6, "*", sm, bold=True))

    # White casings under every line (all of them before any line, so close lines stay visible) keep a light
    # line at 3:1 contrast where it crosses a CI band or a shaded span.
    if casings:
        ctx.decor.append(f'<g stroke="#fff" stroke-width="{_f(lw + 2)}" stroke-linejoin="round">'
                         + "".join(casings) + "</g>")
    ctx.decor.extend(strokes)

    # Reference lines: dashed, labelled where the label hides the fewest points.
    for ref in c.refs:
        yy = py(ref.value)
        ctx.decor.append(ctx.line(PL, yy, PR, yy, TEXT, 1.5, "6 4"))
        if ref.label:
            w = text_width(ref.label, sm)
            options = [(PL + 4, yy - 5), (PR - 4 - w, yy - 5), (PL + 4, yy + sm + 3), (PR - 4 - w, yy + sm + 3)]

            def cost(o: tuple[float, float], w: float = w) -> int:
                box = (o[0] - 2, o[1] - sm, o[0] + w + 2, o[1] + 4)
                return sum(_overlaps(box, ob) for ob in obstacles) * 2 + (box[1] < PT or box[3] > PB)
            x0, yb = min(options, key=cost)
            ctx.texts.append(f'<rect x="{_f(x0 - 2)}" y="{_f(yb - sm)}" width="{_f(w + 4)}" height="{_f(sm + 4)}" '
                             f'fill="#fff" fill-opacity="0.85"/>')
            ctx.text(x0, yb, ref.label, sm)

    if c.value_labels:
        _value_labels(ctx, series, px, py, obstacles, (PL, PT, PR, PB), r)

    # Direct labels at the line ends (wide), moved apart; or a key under the plot (narrow).
    if end_labels:
        lh = ctx.lh(sm)
        items = []
        for s, lines in end_labels:
            last = max((m for m in s.marks if _present(m)), key=lambda m: m.x)
            items.append([py(last.value), len(lines) * lh, s, lines])
        items.sort(key=lambda it: it[0])
        _spread(items, PT, PB)
        for centre, height, s, lines in items:
            colour, symbol, _ = _style(s)
            top = centre - height / 2
            ctx.decor.append(f'<path d="{_symbol_path(symbol, PR + 13, top + lh / 2, 4.5)}" fill="{colour}"/>')
            ctx.lines(PR + 22, top, lines, sm)
    elif multi:
        y = _flow_key(ctx, [_KeyItem(28, _series_sample(ctx, s), s.name) for s in series], y + 10)
    return _encoding_key(ctx, c, used, False, y)


def _value_labels(ctx: _Ctx, series: list[Series], px: Callable[[float], float], py: Callable[[float], float],
                  obstacles: list[tuple[float, float, float, float]], plot: tuple[float, float, float, float],
                  r: float) -> None:
    """The value beside the first and the latest point of each line, placed above, below, left or right of its
    marker, wherever it covers the fewest markers and labels and stays inside the plot."""
    sm = ctx.sm
    _, PT, PR, PB = plot
    taken = list(obstacles) + list(ctx.boxes)
    for s in series:
        shown = sorted((m for m in s.marks if _present(m)), key=lambda m: m.x)
        for m in dict.fromkeys([shown[0], shown[-1]]) if shown else ():
            label = m.label          # a flagged mark already carries its asterisk beside the marker
            w = text_width(label, sm)
            x, yv = px(m.x), py(m.value)
            # (x, baseline, penalty): above and below first; beside the marker the label may sit on the line
            options = [(x - w / 2, yv - r - 4, 0.0), (x - w / 2, yv + r + 4 + sm * 0.8, 0.0),
                       (x - r - 4 - w, yv + sm * 0.35, 0.5), (x + r + 4, yv + sm * 0.35, 0.5)]

            def box(o: tuple[float, float, float], w: float = w) -> tuple[float, float, float, float]:
                return (o[0] - 1, o[1] - 0.75 * sm - 1, o[0] + w + 1, o[1] + 0.21 * sm + 1)

            def cost(o: tuple[float, float, float]) -> float:
                b = box(o)
                outside = b[0] < ctx.pad or b[2] > PR + r or b[1] < PT or b[3] > PB
                return sum(_overlaps(b, t) for t in taken) * 2 + outside * 3 + o[2]
            best = min(options, key=cost)
            b = box(best)
            ctx.texts.append(f'<rect x="{_f(b[0])}" y="{_f(b[1])}" width="{_f(b[2] - b[0])}" '
                             f'height="{_f(b[3] - b[1])}" fill="#fff" fill-opacity="0.85"/>')
            taken.append(ctx.text(best[0], best[1], label, sm, bold=True))


def _hatch_piece(run: list[Mark], i: int, px: Callable[[float], float], py: Callable[[float], float]) -> str:
    """The part of a run's band nearest mark i (half-way to its neighbours), to hatch."""
    def at(j: float) -> tuple[float, float, float]:
        a, b = run[math.floor(j)], run[math.ceil(j)]
        f = j - math.floor(j)
        return (a.x + (b.x - a.x) * f, a.lower + (b.lower - a.lower) * f, a.upper + (b.upper - a.upper) * f)
    stops = [max(0.0, i - 0.5), float(i), min(len(run) - 1.0, i + 0.5)]
    pts = [at(j) for j in dict.fromkeys(stops)]
    up = [(px(x), py(u)) for x, _lo, u in pts]
    lo = [(px(x), py(lo_)) for x, lo_, _u in pts][::-1]
    return "M" + "L".join(f"{_f(a)} {_f(b)}" for a, b in up + lo) + "Z"


# ----------------------------------------------------------------------------------------------------------------
# DOTS and BARS: categories down the side (wide) or above each row (narrow)


def _mark_at(s: Series, i: int) -> Mark | None:
    """The series' mark for category i (aligned by index), or None where it has none."""
    if i < len(s.marks) and _present(s.marks[i]):
        return s.marks[i]
    return None


def _category_column(ctx: _Ctx, cats: Sequence[str]) -> tuple[float, list[list[str]]]:
    """(label column width, wrapped labels); column width 0 on narrow layouts (labels above rows)."""
    if ctx.narrow:
        return 0.0, [wrap_px(cat, ctx.w - 2 * ctx.pad, ctx.fs) for cat in cats]
    cap = 0.3 * (ctx.w - 2 * ctx.pad)
    wrapped = [wrap_px(cat, cap, ctx.fs) for cat in cats]
    width = max((text_width(line, ctx.fs) for ls in wrapped for line in ls), default=0.0)
    return width, wrapped


def _value_axis(ctx: _Ctx, c: Chart, vt: list[float], px: Callable[[float], float], PL: float, PR: float,
                PT: float, PB: float) -> float:
    """Vertical gridlines, the baseline, tick labels and the axis title; returns the y below."""
    sm = ctx.sm
    labels = _tick_labels(vt, c.percent_axis)
    grid = "".join(f"M{_f(px(t))} {_f(PT)}V{_f(PB)}" for t in vt if t != vt[0])
    ctx.decor.insert(0, f'<path d="{grid}" stroke="{GRID}"/>')
    zero_x = px(0) if vt[0] <= 0 <= vt[-1] else px(vt[0])
    ctx.decor.append(ctx.line(zero_x, PT, zero_x, PB, TEXT))
    ctx.decor.append(ctx.line(PL, PB, PR, PB, TEXT))
    centres = [px(t) for t in vt]
    widths = [text_width(lab, sm) for lab in labels]
    for i in _thin(centres, widths, 8):
        ctx.text(centres[i], PB + 5 + sm, labels[i], sm, "middle")
    y = PB + 5 + ctx.lh(sm)
    if c.axis_title:
        lines = wrap_px(c.axis_title, PR - PL, sm)
        y = ctx.lines((PL + PR) / 2, y + 2, lines, sm, "middle")
    return y


def _solve_right(ctx: _Ctx, PL: float, PR_max: float, hi: float, lo: float,
                 ends: list[tuple[float, float]]) -> float:
    """The plot's right edge so that every value label (width w) fits after its end value e (6 px gap)."""
    PR = PR_max
    for e, w in ends:
        f = (e - lo) / (hi - lo)
        if f > 0:
            PR = min(PR, PL + (ctx.w - ctx.pad - 6 - w - PL) / f)
    return max(PR, PL + 0.6 * (PR_max - PL))


def _header_ref_labels(ctx: _Ctx, c: Chart, px: Callable[[float], float], y: float) -> float:
    """Labels of vertical reference lines, above the plot, kept inside the box."""
    for ref in c.refs:
        if not ref.label:
            continue
        w = text_width(ref.label, ctx.sm)
        x = px(ref.value)
        x0 = x + 4 if x + 4 + w <= ctx.w - ctx.pad else x - 4 - w
        x0 = _clamp(x0, ctx.pad, ctx.w - ctx.pad - w)
        ctx.text(x0, y + round(ctx.sm * 0.98), ref.label, ctx.sm)
    return y + (ctx.lh(ctx.sm) + 2 if any(r.label for r in c.refs) else 0)


def _dots(ctx: _Ctx, c: Chart, y: float) -> float:
    W, pad, fs, sm = ctx.w, ctx.pad, ctx.fs, ctx.sm
    series = list(c.series)
    cats = list(c.categories) or [s.name for s in series]
    ns = max(len(series), 1)
    pairs = [(s, _mark_at(s, i)) for i in range(len(cats)) for s in series]
    marks = [m for _, m in pairs if m is not None]
    vals = [m.value for m in marks] + [r.value for r in c.refs]
    if c.show_ci:
        vals += [v for m in marks if _has_ci(m) for v in (m.lower, m.upper)]
    vt = value_ticks(min(vals), max(vals), c.zero, c.percent_axis)
    lo, hi = vt[0], vt[-1]
    col_w, wrapped = _category_column(ctx, cats)
    PL = pad + col_w + (12 if col_w else 0)
    PL = max(PL, pad + text_width(_tick_labels(vt, c.percent_axis)[0], sm) / 2 + 1)
    PR_max = W - pad - text_width(_tick_labels(vt, c.percent_axis)[-1], sm) / 2 - 1
    ends = [((max(m.value, m.upper) if c.show_ci and _has_ci(m) else m.value), text_width(_mark_label(m), sm) + 6)
            for m in marks]
    PR = _solve_right(ctx, PL, PR_max, hi, lo, ends)

    def px(v: float) -> float:
        return PL + (v - lo) / (hi - lo) * (PR - PL)

    if len(series) > 1:
        y = _flow_key(ctx, [_KeyItem(12, lambda x, yc, s=s: (f'<path d="{_symbol_path(_style(s)[1], x + 6, yc, 5)}" '
                                                             f'fill="{_style(s)[0]}"/>'), s.name)
                            for s in series], y) + 8
    y = _header_ref_labels(ctx, c, px, y)
    PT = y
    lh = ctx.lh(fs)
    gap = 16
    used: set[str] = set()
    for i, cat in enumerate(cats):
        lines = wrapped[i]
        if ctx.narrow:
            y = ctx.lines(pad, y + 4, lines, fs, backed=True)
            dots_top, row_h = y, ns * gap + 10
        else:
            row_h = max(len(lines) * lh + 10, ns * gap + 16, 36)
            dots_top = y + (row_h - ns * gap) / 2
            ctx.lines(pad + col_w, y + (row_h - len(lines) * lh) / 2, lines, fs, "end")
        for k, s in enumerate(series):
            m = _mark_at(s, i)
            yc = dots_top + (k + 0.5) * gap + (5 if ctx.narrow else 0)
            if m is None:
                ctx.text(PL + 4, yc + sm * 0.35, NOT_PUBLISHED, sm)
                continue
            colour, symbol, _ = _style(s)
            end = px(m.value)
            if c.show_ci and _has_ci(m):
                used.add("whisker_calc" if m.ci_calculated else "whisker")
                ctx.decor.append(_whisker(px(m.lower), yc, px(m.upper), yc, colour, m.ci_calculated, True))
                end = max(end, px(m.upper))
                start = min(px(m.value), px(m.lower))
            else:
                start = px(m.value)
            end, start = max(end, px(m.value) + 6), min(start, px(m.value) - 6)
            ctx.marks.append(f'<g fill="{colour}" stroke="#fff">'
                             f'{_marker(symbol, px(m.value), yc, 6, m.tooltip)}</g>')
            if m.flagged:
                used.add("flagged")
            label = _mark_label(m)
            w = text_width(label, sm)
            if end + 6 + w <= W - pad:
                ctx.text(end + 6, yc + sm * 0.35, label, sm)
            elif start - 6 - w >= PL:
                ctx.text(start - 6, yc + sm * 0.35, label, sm, "end")
            else:
                ctx.text(_clamp(px(m.value), pad + w / 2, W - pad - w / 2), yc - 9, label, sm, "middle")
        y += row_h
    PB = y + 4
    for ref in c.refs:
        ctx.decor.append(ctx.line(px(ref.value), PT - 2, px(ref.value), PB, TEXT, 1.5, "6 4"))
    y = _value_axis(ctx, c, vt, px, PL, PR, PT, PB)
    return _encoding_key(ctx, c, used, True, y)


def _bars(ctx: _Ctx, c: Chart, y: float) -> float:
    W, pad, fs, sm = ctx.w, ctx.pad, ctx.fs, ctx.sm
    series = list(c.series)
    cats = list(c.categories)
    ns = max(len(series), 1)
    marks = [m for s in series for i in range(len(cats)) if (m := _mark_at(s, i)) is not None]
    vals = [0.0] + [m.value for m in marks] + [r.value for r in c.refs]
    if c.show_ci:
        vals += [v for m in marks if _has_ci(m) for v in (m.lower, m.upper)]
    vt = value_ticks(0.0, max(vals), True, c.percent_axis)      # bars always start at zero
    lo, hi = vt[0], vt[-1]
    col_w, wrapped = _category_column(ctx, cats)
    PL = pad + col_w + (10 if col_w else 0)
    PL = max(PL, pad + text_width(_tick_labels(vt, c.percent_axis)[0], sm) / 2 + 1)
    PR_max = W - pad - text_width(_tick_labels(vt, c.percent_axis)[-1], sm) / 2 - 1
    ends = [((max(m.value, m.upper) if c.show_ci and _has_ci(m) else m.value), text_width(_mark_label(m), sm))
            for m in marks]
    ends.append((0.0, text_width(NOT_PUBLISHED, sm)))
    PR = _solve_right(ctx, PL, PR_max, hi, lo, ends)

    def px(v: float) -> float:
        return PL + (v - lo) / (hi - lo) * (PR - PL)

    fills = [ctx.bar_fill(k, _style(s)[0]) for k, s in enumerate(series)]
    if len(series) > 1:
        def swatch(k: int, s: Series) -> Callable[[float, float], str]:
            return lambda x, yc: (f'<rect x="{_f(x + 0.75)}" y="{_f(yc - 7)}" width="20" height="14" '
                                  f'fill="{fills[k]}" stroke="{_style(s)[0]}" stroke-width="1.5"/>')
        y = _flow_key(ctx, [_KeyItem(22, swatch(k, s), s.name) for k, s in enumerate(series)], y, size=fs) + 10
    y = _header_ref_labels(ctx, c, px, y)
    PT = y
    bar_h, bar_gap = (16, 4) if ctx.narrow else (18, 4)
    group_h = ns * bar_h + (ns - 1) * bar_gap
    lh = ctx.lh(fs)
    used: set[str] = set()
    for i, cat in enumerate(cats):
        lines = wrapped[i]
        if ctx.narrow:
            y = ctx.lines(pad, y + 6, lines, fs, backed=True) + 2
            top, row_h = y, group_h + 8
        else:
            row_h = max(len(lines) * lh, group_h) + 16
            top = y + (row_h - group_h) / 2
            ctx.lines(pad + col_w, y + (row_h - len(lines) * lh) / 2, lines, fs, "end")
        for k, s in enumerate(series):
            bt = top + k * (bar_h + bar_gap)
            yc = bt + bar_h / 2
            m = _mark_at(s, i)
            if m is None:
                ctx.text(PL + 4, yc + sm * 0.35, NOT_PUBLISHED, sm)
                continue
            colour = _style(s)[0]
            x0, x1 = px(0), px(m.value)
            ctx.marks.append(f'<rect x="{_f(x0 + 0.75)}" y="{_f(bt)}" width="{_f(max(x1 - x0 - 1.5, 0))}" '
                             f'height="{bar_h}" fill="{fills[k]}" stroke="{colour}" stroke-width="1.5">'
                             f'<title>{_esc(m.tooltip)}</title></rect>')
            end = x1
            if c.show_ci and _has_ci(m):
                used.add("whisker_calc" if m.ci_calculated else "whisker")
                ctx.over.append(_whisker(px(m.lower), yc, px(m.upper), yc, TEXT, m.ci_calculated, True,
                                         halo=True))
                end = max(end, px(m.upper))
            if m.flagged:
                used.add("flagged")
            ctx.text(end + 6, yc + sm * 0.35, _mark_label(m), sm)
        y += row_h
    PB = y + 2
    for ref in c.refs:
        ctx.over.append(ctx.line(px(ref.value), PT - 2, px(ref.value), PB, TEXT, 1.5, "6 4"))
    y = _value_axis(ctx, c, vt, px, PL, PR, PT, PB)
    return _encoding_key(ctx, c, used, True, y)


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
