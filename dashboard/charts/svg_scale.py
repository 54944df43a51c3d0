"""Value axes: round ticks that cover the data (from zero where the axis starts at zero; 0 to 100 for
percentages) and their labels."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    hi = max(vmax, lo, 0.0) if zero else max(vmax, lo)   # an axis from zero reaches zero above negative data too
    if hi - lo < 1e-9:
        hi = lo + (max(abs(lo), 1e-6) if lo else 1.0)   # a tiny span still gets distinct ticks
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



LOG_STEPS = (2, 5, 10)


def log_ticks(vmin: float, vmax: float) -> list[float]:
    """Ticks of a log axis centred on 1 (rate ratios): 1, then 2, 5, 10, 20, ... up to the first at or above the
    data's furthest reach from 1 (vmax, or 1/vmin), and their reciprocals, so 1 sits in the middle."""
    if vmin <= 0:
        raise ValueError("a log axis needs positive values")
    reach = max(vmax, 1 / vmin, 1.0)
    ups = [1.0]
    k = 0
    while ups[-1] < reach - 1e-9 or len(ups) < 2:
        ups.append(LOG_STEPS[k % 3] * 10 ** (k // 3))
        k += 1
    return [round(1 / u, 10) for u in reversed(ups[1:])] + ups


@dataclass(frozen=True)
class Scale:
    """A value axis: its ticks (the first and last are its ends), linear or log, and where a value falls on it."""

    ticks: tuple[float, ...]
    log: bool = False
    percent: bool = False

    def frac(self, v: float) -> float:
        """0 at the first tick, 1 at the last: the linear (or log) image of v."""
        lo, hi = self.ticks[0], self.ticks[-1]
        if self.log:
            return (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo))
        return (v - lo) / (hi - lo)

    @property
    def labels(self) -> list[str]:
        if self.log:
            return [f"{t:g}" for t in self.ticks]
        return _tick_labels(list(self.ticks), self.percent)


def scale_for(values: list[float], zero: bool = True, percent: bool = False, log: bool = False) -> Scale:
    """The axis for these values: log and centred on 1 when asked and every value is positive, else linear."""
    if log and min(values) > 0:
        return Scale(tuple(log_ticks(min(values), max(values))), True, percent)
    return Scale(tuple(value_ticks(min(values), max(values), zero, percent)), False, percent)
