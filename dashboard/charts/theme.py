"""One look for every chart: the Analysis Function palette in order, fixed per group, with shapes and dashes."""

from __future__ import annotations

# Government Analysis Function categorical palette, in order (3:1 contrast with white).
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
CI_FILL_ALPHA = 0.18
FONT = "Arial, Helvetica, sans-serif"
TEXT = "#0b0c0c"
GRID = "#d9d9d9"

# Fixed colours for recurring groups, so a group looks the same in every chart of the app.
FIXED = {
    "All": 0,
    "White": 0, "White (inc. not known)": 0, "Black": 2, "Asian": 1, "Mixed": 3, "Mixed/multiple ethnic groups": 3,
    "Chinese or other": 4,
    "Quintile 1 (least deprived)": 0, "Quintile 5 (most deprived)": 2,
    "Direct": 0, "Indirect": 1,
}


def style_indexes(groups: list[str]) -> dict[str, int]:
    """Palette index per group of one chart: fixed groups keep their colour; the others take unused ones in order."""
    used = {FIXED[g] % len(PALETTE) for g in groups if g in FIXED}
    free = [i for i in range(len(PALETTE)) if i not in used] or list(range(len(PALETTE)))
    out: dict[str, int] = {}
    k = 0
    for g in groups:
        if g in FIXED:
            out[g] = FIXED[g] % len(PALETTE)
        else:
            out[g] = free[k % len(free)]
            k += 1
    return out
