"""TREND charts: a line per group over a time axis, intervals as bands or whiskers, direct labels at the line
ends (wide) or a key (narrow), and the value of the first and latest point of each line when asked."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.charts.spec import Chart, Mark, Series
from dashboard.charts.svg_draw import (
    _DASH_ARRAY,
    BAND_FILL,
    _clamp,
    _Ctx,
    _has_ci,
    _marker,
    _overlaps,
    _present,
    _spread,
    _style,
    _symbol_path,
    _thin,
    _whisker,
)
from dashboard.charts.svg_keys import _encoding_key, _flow_key, _KeyItem, _series_sample
from dashboard.charts.svg_scale import Scale, scale_for
from dashboard.charts.svg_text import _esc, _f, text_width, wrap_px
from dashboard.charts.theme import CI_FILL_ALPHA, GRID, TEXT


def _segments(s: Series) -> list[list[Mark]]:
    runs = s.segments or ((s.marks,) if s.marks else ())
    return [sorted((m for m in run if _present(m)), key=lambda m: m.x) for run in runs if run]



@dataclass
class _Plot:
    """Where the plot sits and how values map onto it: time on x (periods at their midpoints), values on y."""

    PL: float
    PR: float
    xlo: float
    xhi: float
    sc: Scale
    inner: float = 10          # markers keep clear of the axes
    PT: float = 0.0
    PB: float = 0.0

    def px(self, x: float) -> float:
        if self.xhi - self.xlo < 1e-9:
            return (self.PL + self.PR) / 2
        return self.PL + self.inner + (x - self.xlo) / (self.xhi - self.xlo) * (self.PR - self.PL - 2 * self.inner)

    def py(self, v: float) -> float:
        return self.PB - self.sc.frac(v) * (self.PB - self.PT)


def _trend(ctx: _Ctx, c: Chart, y: float) -> float:
    sm = ctx.sm
    series = [s for s in c.series if any(_present(m) for m in s.marks)]
    marks = [m for s in series for m in s.marks if _present(m)]
    vals = [m.value for m in marks] + [r.value for r in c.refs]
    if c.show_ci:
        vals += [v for m in marks if _has_ci(m) for v in (m.lower, m.upper)]
    sc = scale_for(vals, c.zero, c.percent_axis, c.log_axis)
    ticks = sorted(c.ticks, key=lambda t: t.x)
    xs = [m.x for m in marks] + [t.x for t in ticks]
    tick_w = [text_width(t.label, sm) for t in ticks]
    end_labels = _end_label_lines(ctx, series)
    PL, PR = _margins(ctx, sc.labels, tick_w, end_labels, 10)
    plot = _Plot(PL, PR, min(xs), max(xs), sc)
    y = _header(ctx, c, plot, y)
    plot.PT = y + 4
    ph = max(220, min(340, round(ctx.w * 0.42)))
    if end_labels:       # room for every end label without pushing any below the plot
        ph = max(ph, sum(len(ls) * ctx.lh(sm) + 3 for _, ls in end_labels))
    plot.PB = plot.PT + ph
    y = _axes(ctx, c, plot, ticks, tick_w)
    used: set[str] = set()
    obstacles: list[tuple[float, float, float, float]] = []
    r = _lines_and_markers(ctx, c, series, plot, used, obstacles)
    _ref_lines(ctx, c, plot, obstacles)
    if c.value_labels:
        _value_labels(ctx, series, plot.px, plot.py, obstacles, (plot.PL, plot.PT, plot.PR, plot.PB), r)
    # Direct labels at the line ends (wide), moved apart; or a key under the plot (narrow).
    if end_labels:
        _end_labels(ctx, end_labels, plot)
    elif len(series) > 1:
        y = _flow_key(ctx, [_KeyItem(28, _series_sample(ctx, s), s.name) for s in series], y + 10)
    return _encoding_key(ctx, c, used, False, y)


def _end_label_lines(ctx: _Ctx, series: list[Series]) -> list[tuple[Series, list[str]]]:
    """The wrapped group names printed at the line ends (wide charts of several groups; none otherwise)."""
    if len(series) <= 1 or ctx.narrow:
        return []
    cap = max(90.0, 0.24 * ctx.w)
    return [(s, wrap_px(s.name, cap, ctx.sm)) for s in series]


def _margins(ctx: _Ctx, ylabels: list[str], tick_w: list[float], end_labels: list[tuple[Series, list[str]]],
             inner: float) -> tuple[float, float]:
    """(PL, PR): y tick labels on the left; end labels (wide) or half the last tick label on the right."""
    pad, sm = ctx.pad, ctx.sm
    left = pad + max(text_width(lab, sm) for lab in ylabels) + 6
    if tick_w:
        left = max(left, pad + tick_w[0] / 2 - inner + 1)
    if end_labels:
        widest = max(text_width(line, sm) for _, ls in end_labels for line in ls)
        right = pad + 8 + 14 + widest
    else:
        right = pad + 2
    if tick_w:
        right = max(right, pad + tick_w[-1] / 2 - inner + 1)
    return left, ctx.w - right


def _header(ctx: _Ctx, c: Chart, plot: _Plot, y: float) -> float:
    """The value axis title (horizontal, above the axis), then band labels in rows that never collide."""
    W, pad, sm = ctx.w, ctx.pad, ctx.sm
    PL, PR, px = plot.PL, plot.PR, plot.px
    y = ctx.lines(pad, y, wrap_px(c.axis_title, W - 2 * pad, sm), sm) if c.axis_title else y - 4
    lh_sm = ctx.lh(sm)
    labelled = [b for b in c.bands if b.label and px(max(b.x0, plot.xlo)) <= PR and px(min(b.x1, plot.xhi)) >= PL]
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
    return y + 4 + len(rows) * row_h + 2


def _axes(ctx: _Ctx, c: Chart, plot: _Plot, ticks: list, tick_w: list[float]) -> float:
    """Shaded bands, gridlines, the baseline (at zero), value and time tick labels, the time axis title; returns
    the y below."""
    pad, sm = ctx.pad, ctx.sm
    PL, PR, PT, PB, px, py = plot.PL, plot.PR, plot.PT, plot.PB, plot.px, plot.py
    yt, ylabels = list(plot.sc.ticks), plot.sc.labels
    vlo, vhi = yt[0], yt[-1]
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
    y = PB + 7 + ctx.lh(sm) if ticks else PB + 4
    if c.x_title:
        mid = (PL + PR) / 2
        y = ctx.lines(mid, y + 2, wrap_px(c.x_title, 2 * min(mid - pad, ctx.w - pad - mid), sm), sm, "middle")
    return y


def _intervals(ctx: _Ctx, run: list[Mark], colour: str, plot: _Plot, used: set[str]) -> None:
    """A run's intervals: a band where every mark has one (hatched where calculated), else whiskers."""
    px, py = plot.px, plot.py
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
        return
    for m in run:
        if _has_ci(m):
            used.add("whisker_calc" if m.ci_calculated else "whisker")
            ctx.decor.append(_whisker(px(m.x), py(m.lower), px(m.x), py(m.upper), colour, m.ci_calculated, False))


def _lines_and_markers(ctx: _Ctx, c: Chart, series: list[Series], plot: _Plot, used: set[str],
                       obstacles: list[tuple[float, float, float, float]]) -> float:
    """Intervals, lines (on white casings) and markers of every series; returns the marker radius."""
    px, py, sm = plot.px, plot.py, ctx.sm
    lw = 2 if ctx.narrow else 2.5
    r = 4.5 if ctx.narrow else 5
    casings: list[str] = []
    strokes: list[str] = []
    for s in series:
        colour, symbol, dash = _style(s)
        runs = _segments(s)
        if c.show_ci:
            for run in runs:
                _intervals(ctx, run, colour, plot, used)
        da = _DASH_ARRAY.get(dash, "")
        da_attr = f' stroke-dasharray="{da}"' if da else ""
        for run in runs:
            if len(run) >= 2:
                d = "M" + "L".join(f"{_f(px(m.x))} {_f(py(m.value))}" for m in run)
                casings.append(f"<path d=\"{d}\"/>")
                strokes.append(f'<path d="{d}" stroke="{colour}" stroke-width="{_f(lw)}"{da_attr} '
                               f'stroke-linejoin="round" data-series="{_esc(s.name)}"/>')
        shown = [m for m in s.marks if _present(m)]
        pts = "".join(_marker(symbol, px(m.x), py(m.value), r, m.tooltip) for m in shown)
        ctx.marks.append(f'<g fill="{colour}" stroke="#fff">{pts}</g>')
        for m in shown:
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
    return r


def _ref_lines(ctx: _Ctx, c: Chart, plot: _Plot, obstacles: list[tuple[float, float, float, float]]) -> None:
    """Reference lines: dashed, labelled where the label hides the fewest points."""
    sm, PL, PR, PT, PB = ctx.sm, plot.PL, plot.PR, plot.PT, plot.PB
    for ref in c.refs:
        yy = plot.py(ref.value)
        ctx.decor.append(ctx.line(PL, yy, PR, yy, TEXT, 1.5, "6 4"))
        if not ref.label:
            continue
        w = text_width(ref.label, sm)
        options = [(PL + 4, yy - 5), (PR - 4 - w, yy - 5), (PL + 4, yy + sm + 3), (PR - 4 - w, yy + sm + 3)]

        def cost(o: tuple[float, float], w: float = w) -> int:
            box = (o[0] - 2, o[1] - sm, o[0] + w + 2, o[1] + 4)
            return sum(_overlaps(box, ob) for ob in obstacles) * 2 + (box[1] < PT or box[3] > PB)
        x0, yb = min(options, key=cost)
        ctx.texts.append(f'<rect x="{_f(x0 - 2)}" y="{_f(yb - sm)}" width="{_f(w + 4)}" height="{_f(sm + 4)}" '
                         f'fill="#fff" fill-opacity="0.85"/>')
        ctx.text(x0, yb, ref.label, sm)


def _end_labels(ctx: _Ctx, end_labels: list[tuple[Series, list[str]]], plot: _Plot) -> None:
    """Group names at the line ends, moved apart so none overlap, each after its symbol."""
    lh = ctx.lh(ctx.sm)
    items = []
    for s, lines in end_labels:
        last = max((m for m in s.marks if _present(m)), key=lambda m: m.x)
        items.append([plot.py(last.value), len(lines) * lh, s, lines])
    items.sort(key=lambda it: it[0])
    _spread(items, plot.PT, plot.PB)
    for centre, height, s, lines in items:
        colour, symbol, _ = _style(s)
        top = centre - height / 2
        ctx.decor.append(f'<path d="{_symbol_path(symbol, plot.PR + 13, top + lh / 2, 4.5)}" fill="{colour}"/>')
        ctx.lines(plot.PR + 22, top, lines, ctx.sm)


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

