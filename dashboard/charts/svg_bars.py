"""BARS charts: horizontal bars per category, one per series, patterned as well as coloured."""

from __future__ import annotations

from collections.abc import Callable

from dashboard.charts.spec import Chart, Series
from dashboard.charts.svg_draw import (
    NOT_PUBLISHED,
    _Ctx,
    _has_ci,
    _mark_label,
    _style,
    _whisker,
)
from dashboard.charts.svg_keys import _encoding_key, _flow_key, _KeyItem
from dashboard.charts.svg_rows import _category_column, _header_ref_labels, _mark_at, _solve_right, _value_axis
from dashboard.charts.svg_scale import Scale, _tick_labels, value_ticks
from dashboard.charts.svg_text import _esc, _f, text_width
from dashboard.charts.theme import TEXT


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
    sc = Scale(tuple(vt), False, c.percent_axis)
    col_w, wrapped = _category_column(ctx, cats)
    PL = pad + col_w + (10 if col_w else 0)
    PL = max(PL, pad + text_width(_tick_labels(vt, c.percent_axis)[0], sm) / 2 + 1)
    PR_max = W - pad - text_width(_tick_labels(vt, c.percent_axis)[-1], sm) / 2 - 1
    ends = [((max(m.value, m.upper) if c.show_ci and _has_ci(m) else m.value), text_width(_mark_label(m), sm))
            for m in marks]
    ends.append((0.0, text_width(NOT_PUBLISHED, sm)))
    PR = _solve_right(ctx, PL, PR_max, sc.frac, ends)

    def px(v: float) -> float:
        return PL + sc.frac(v) * (PR - PL)

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


