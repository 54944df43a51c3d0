"""The shape of Explore's table: the width of each column, from the text it holds.

Pure. A view of long group names ("Timing as worded: within the first year of the baby's life") needs a wider Group
column than one of quintiles; a view of secondary figures needs a wider Source column than one of a producer's own
data brief. Each column gets a share of the table in proportion to the longest text it holds, never less than its
longest word and never more than MAX_SHARE, so no row is more than a few lines tall and no cell is half the table.
The widths apply where the table is a grid (wide screens); on phones each row is a labelled card.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.model.figure import Figure

HEADINGS = ("Period", "Group", "", "95% confidence interval", "Count", "Source")
LINE_CHARS = 120        # about how many characters of the table's text fit on one line of a 900 px table
MAX_SHARE = 0.46        # no column takes half the table
HEADING_LINES = 3       # a heading may wrap to this many lines
BOLD = 1.12             # a secondary source's flag is bold: wider than the same text in plain
BADGE = 4               # a tier badge's border and padding, in characters


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
    # a column is at least its longest word wide, and wide enough for its (bold) heading in HEADING_LINES lines
    floor = [min(MAX_SHARE, max(w + 1, len(h) * BOLD / HEADING_LINES + 3) / LINE_CHARS)
             for w, h in zip(least, headings, strict=True)]
    shares = _shares(need, floor)
    return _whole(shares)


def _shares(need: list[float], floor: list[float]) -> list[float]:
    """Shares in proportion to the text each column holds (so each column wraps to about as many lines), a column
    held at its floor when its share would be less and at MAX_SHARE when it would be more, the rest shared again."""
    n = len(need)
    pinned: dict[int, float] = {}
    while True:
        free = [i for i in range(n) if i not in pinned]
        left = 1 - sum(pinned.values())
        total = sum(need[i] for i in free)
        if not free or total <= 0:
            break
        shares = {i: left * need[i] / total for i in free}
        new = {i: (floor[i] if s < floor[i] else MAX_SHARE) for i, s in shares.items()
               if s < floor[i] or s > MAX_SHARE}
        if not new:
            return [pinned.get(i, shares.get(i, 0.0)) for i in range(n)]
        pinned.update(new)
    out = [pinned.get(i, 0.0) for i in range(n)]
    room = [i for i in range(n) if out[i] < MAX_SHARE] or list(range(n))
    spare = (1 - sum(out)) / len(room)  # every column pinned: what is left (or over) is shared out evenly
    return [s + spare if i in room else s for i, s in enumerate(out)]


def _whole(shares: list[float]) -> tuple[int, ...]:
    """Whole percentages summing to 100 (largest remainders)."""
    raw = [s * 100 for s in shares]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[:100 - sum(out)]:
        out[i] += 1
    return tuple(out)
