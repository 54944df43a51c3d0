"""What DOTS and BARS charts share: categories down the side (wide) or above each row (narrow), the value
axis under the rows, and room for every value label."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dashboard.charts.spec import Chart, Mark, Series
from dashboard.charts.svg_draw import (
    _clamp,
    _Ctx,
    _present,
    _thin,
)
from dashboard.charts.svg_scale import _tick_labels
from dashboard.charts.svg_text import _f, text_width, wrap_px
from dashboard.charts.theme import GRID, TEXT

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
                PT: float, PB: float, labels: list[str] | None = None) -> float:
    """Vertical gridlines, the baseline, tick labels and the axis title; returns the y below."""
    sm = ctx.sm
    labels = labels or _tick_labels(vt, c.percent_axis)
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


def _solve_right(ctx: _Ctx, PL: float, PR_max: float, frac: Callable[[float], float],
                 ends: list[tuple[float, float]]) -> float:
    """The plot's right edge so that every value label (width w) fits after its end value e (6 px gap)."""
    PR = PR_max
    for e, w in ends:
        f = frac(e)
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


