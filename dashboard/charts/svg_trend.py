"""TREND charts: a line per group over a time axis, intervals as bands or whiskers, direct labels at the line
ends (wide) or a key (narrow), and the value of the first and latest point of each line when asked."""

from __future__ import annotations

import math
from collections.abc import Callable

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
from dashboard.charts.svg_scale import scale_for
from dashboard.charts.svg_text import _esc, _f, text_width, wrap_px
from dashboard.charts.theme import CI_FILL_ALPHA, GRID, TEXT


def _segments(s: Series) -> list[list[Mark]]:
    runs = s.segments or ((s.marks,) if s.marks else ())
    return [sorted((m for m in run if _present(m)), key=lambda m: m.x) for run in runs if run]



def _trend(ctx: _Ctx, c: Chart, y: float) -> float:
    W, pad, sm = ctx.w, ctx.pad, ctx.sm
    series = [s for s in c.series if any(_present(m) for m in s.marks)]
    marks = [m for s in series for m in s.marks if _present(m)]
    multi = len(series) > 1
    vals = [m.value for m in marks] + [r.value for r in c.refs]
    if c.show_ci:
        vals += [v for m in marks if _has_ci(m) for v in (m.lower, m.upper)]
    sc = scale_for(vals, c.zero, c.percent_axis, c.log_axis)
    yt, ylabels = list(sc.ticks), sc.labels
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
        return PB - sc.frac(v) * (PB - PT)

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

