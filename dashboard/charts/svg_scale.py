"""Value axes: round ticks that cover the data (from zero where the axis starts at zero; 0 to 100 for
percentages) and their labels."""

from __future__ import annotations

import math

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

