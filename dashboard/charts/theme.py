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


def style_for(group: str, position: int) -> tuple[str, str, str]:
    """(colour, marker symbol, dash) for a group: fixed where known, else by position."""
    i = FIXED.get(group, position) % len(PALETTE)
    return PALETTE[i], SYMBOLS[i], DASHES[i]


def rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def base_layout(height: int = 420) -> dict:
    return {
        "font": {"family": FONT, "size": 14, "color": TEXT},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": {"l": 56, "r": 24, "t": 16, "b": 64},
        "showlegend": False,
        "hovermode": "closest",
        "dragmode": False,
        "xaxis": {"fixedrange": True, "showgrid": False, "linecolor": TEXT, "ticks": "outside", "automargin": True},
        "yaxis": {"fixedrange": True, "gridcolor": GRID, "zeroline": True, "zerolinecolor": TEXT, "automargin": True},
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


def assign_styles(groups: list[str]) -> dict[str, tuple[str, str, str]]:
    """(colour, marker symbol, dash) per group, from style_indexes."""
    return {g: (PALETTE[i], SYMBOLS[i], DASHES[i]) for g, i in style_indexes(groups).items()}


def wrap_lines(text: str, width: int) -> list[str]:
    """Break text into lines of at most `width` characters at word boundaries (a longer word stands alone)."""
    lines: list[str] = []
    line = ""
    for w in text.split():
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return lines + ([line] if line else [])


def wrap_label(text: str, width: int) -> str:
    """A long label over lines (<br>), so labels stay narrow on phones."""
    return "<br>".join(wrap_lines(text, width))
