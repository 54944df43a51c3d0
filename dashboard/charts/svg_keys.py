"""Keys under (or above) a plot: the series, and exactly the encodings drawn (bands, whiskers, asterisks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.charts.spec import Chart, Series
from dashboard.charts.svg_draw import (
    _DASH_ARRAY,
    KEY_BAND,
    KEY_BAND_CALC,
    KEY_FLAGGED,
    _Ctx,
    _style,
    _symbol_path,
    _whisker,
)
from dashboard.charts.svg_text import _f, text_width, wrap_px
from dashboard.charts.theme import CI_FILL_ALPHA, PALETTE, TEXT

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

