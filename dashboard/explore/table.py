"""The shape of Explore's table: the width of each column, from the text it holds.

Pure. A view of long group names ("Timing as worded: within the first year of the baby's life") needs a wider Group
column than one of quintiles; a view of secondary figures needs a wider Source column than one of a producer's own
data brief. The columns share the table so that the longest text of each wraps to as few lines as it can, each
column never narrower than its longest word nor wider than MAX_SHARE: no row is more than a few lines tall and no
cell is half the table.
The widths apply where the table is a grid (wide screens); on phones each row is a labelled card.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.model.figure import Figure

HEADINGS = ("Period", "Group", "", "95% confidence interval", "Count", "Source")
LINE_CHARS = 120        # about how many characters of the table's text fit on one line of a 900 px table
MAX_SHARE = 0.48        # no column takes half the table
HEADING_LINES = 3       # a heading may wrap to this many lines
BOLD = 1.12             # a secondary source's flag is bold: wider than the same text in plain
BADGE = 4               # a tier badge's border and padding, in characters
PADDING = 3             # a cell's padding (.5rem each side), in characters


def _value_text(f: Figure, with_unit: bool) -> str:
    return (f.value_text if with_unit else f.short) + ("*" if f.source.flag else "")


def _source_chars(f: Figure) -> float:
    s = f.source
    flag = f"({s.qualifier_brief})" if s.qualifier_brief else ""
    return len(s.tier_label) + BADGE + 1 + len(s.publication) + 1 + len(flag) * (BOLD if s.flag else 1)


def cells(f: Figure, with_unit: bool) -> tuple[str, ...]:
    """The text of a row's cells (the source cell's words, without its markup)."""
    return (f.period, f.group, _value_text(f, with_unit), f.ci_short or "–", f.count_brief or "–",
            f"{f.source.tier_label} {f.source.publication} {f.source.qualifier_brief}")


def column_widths(figures: Sequence[Figure], value_heading: str, with_unit: bool) -> tuple[int, ...]:
    """Whole percentages of the table (summing to 100) for Period, Group, Figure, 95% CI, Count and Source."""
    headings = tuple(h or value_heading for h in HEADINGS)
    need = [len(h) / HEADING_LINES for h in headings]
    least = [max(len(w) for w in h.split()) for h in headings]
    for f in figures:
        texts = cells(f, with_unit)
        lengths = [len(t) for t in texts[:5]] + [_source_chars(f)]
        for i, (text, n) in enumerate(zip(texts, lengths, strict=True)):
            need[i] = max(need[i], n)
            least[i] = max(least[i], max((len(w) for w in text.split()), default=1))
    # a column is at least its longest word wide (bold, as the period and the headings are) and wide enough for
    # its heading in HEADING_LINES lines, with the cell's padding
    floor = [min(MAX_SHARE, (max(w * BOLD, len(h) * BOLD / HEADING_LINES + 2) + PADDING) / LINE_CHARS)
             for w, h in zip(least, headings, strict=True)]
    shares = _shares(need, floor, [w / 2 for w in least])
    return _whole(shares)


def _shares(need: list[float], floor: list[float], slack: list[float] | None = None) -> list[float]:
    """The shares that wrap the columns' text to the fewest lines: for a number of lines L, each column is as wide as
    its text needs to fit in L lines (at least its floor, at most MAX_SHARE); the least L whose widths fit in the
    table is found by bisection, and any width left over is shared in proportion to the text. `slack`: characters
    each line of a column loses to wrapping whole words (about half its longest word)."""
    n = len(need)
    slack = slack or [0.0] * n

    def widths(lines: float) -> list[float]:
        return [min(MAX_SHARE, max(floor[i], (need[i] / lines + slack[i] + PADDING) / LINE_CHARS)) for i in range(n)]

    low, high = 0.25, 100.0
    for _ in range(50):
        mid = (low + high) / 2
        low, high = (low, mid) if sum(widths(mid)) <= 1 else (mid, high)
    out = widths(high)
    room = [i for i in range(n) if out[i] < MAX_SHARE] or list(range(n))
    total = sum(need[i] for i in room) or 1
    spare = 1 - sum(out)
    return [s + spare * need[i] / total if i in room else s for i, s in enumerate(out)]


def _whole(shares: list[float]) -> tuple[int, ...]:
    """Whole percentages summing to 100 (largest remainders)."""
    raw = [s * 100 for s in shares]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:100 - sum(out)]:
        out[i] += 1
    return tuple(out)
