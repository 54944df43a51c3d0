"""DOTS charts: the groups of one period, a dot each with its 95% interval as a whisker."""

from __future__ import annotations

from dashboard.charts.spec import Chart
from dashboard.charts.svg_draw import (
    NOT_PUBLISHED,
    _clamp,
    _Ctx,
    _has_ci,
    _mark_label,
    _marker,
    _style,
    _symbol_path,
    _whisker,
)
from dashboard.charts.svg_keys import _encoding_key, _flow_key, _KeyItem
from dashboard.charts.svg_rows import _category_column, _header_ref_labels, _mark_at, _solve_right, _value_axis
from dashboard.charts.svg_scale import scale_for
from dashboard.charts.svg_text import text_width
from dashboard.charts.theme import TEXT


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
    sc = scale_for(vals, c.zero, c.percent_axis, c.log_axis)
    vt, labels = list(sc.ticks), sc.labels
    col_w, wrapped = _category_column(ctx, cats)
    PL = pad + col_w + (12 if col_w else 0)
    PL = max(PL, pad + text_width(labels[0], sm) / 2 + 1)
    PR_max = W - pad - text_width(labels[-1], sm) / 2 - 1
    ends = [((max(m.value, m.upper) if c.show_ci and _has_ci(m) else m.value), text_width(_mark_label(m), sm) + 6)
            for m in marks]
    PR = _solve_right(ctx, PL, PR_max, sc.frac, ends)

    def px(v: float) -> float:
        return PL + sc.frac(v) * (PR - PL)

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
    y = _value_axis(ctx, c, vt, px, PL, PR, PT, PB, labels)
    return _encoding_key(ctx, c, used, True, y)


