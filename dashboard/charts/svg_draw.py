"""The drawing context shared by every chart kind: text boxes, lines, markers, whiskers, fills, and the small
layout helpers (thinning tick labels, spreading labels apart)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from dashboard.charts.spec import Mark, Series
from dashboard.charts.svg_text import _esc, _f, text_width
from dashboard.charts.theme import DASHES, PALETTE, SYMBOLS, TEXT

NARROW_MAX = 480            # widths up to this get the narrow layout
EMPTY_TEXT = "No figures in this dataset for this choice."
NOT_PUBLISHED = "not in this dataset"
KEY_BAND = "95% confidence interval (published)"
KEY_BAND_CALC = "95% confidence interval calculated by this dashboard (the source gives none)"
KEY_FLAGGED = "Figure read from a secondary source"
BAND_FILL = "#ebebeb"       # shaded spans of the time axis (e.g. COVID-19 years): light, behind the gridlines
_DASH_ARRAY = {"solid": "", "dash": "7 4", "dot": "2 3", "dashdot": "7 3 2 3", "longdash": "12 4",
               "longdashdot": "12 4 2 4"}



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


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

