"""Social cards: a 1200x630 PNG (the Open Graph and X/LinkedIn landscape size) that carries the page's answer.

    render_card_svg(card) -> str;  render_card_png(card) -> bytes

A card is drawn from a Card (plain text written by dashboard.model): what the page is, the key number large with
its unit and period, the headline sentence, a few lines (source with its tier, whether a difference is real, the
support line on sensitive topics) and the site's address. Layout is computed with the chart renderer's font
metrics: the headline shrinks (never below 28 px) and optional lines are dropped, never the support line, so the
text always fits the fixed box. Pure and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import cairosvg

from dashboard.charts.svg_text import _esc, text_width, wrap_px
from dashboard.charts.theme import FONT, GRID, PALETTE, TEXT

WIDTH, HEIGHT = 1200, 630
PAD = 56
ACCENT = PALETTE[0]


@dataclass(frozen=True)
class Card:
    kicker: str                     # what the page is ('Explore', 'Check a figure')
    headline: str                   # the answer in one sentence, with its number
    number: str = ""                # the key number, printed large ('12.80', '22%')
    number_note: str = ""           # its unit and period ('per 100,000 maternities, 2022-24')
    lines: tuple[str, ...] = ()     # source and tier, is it real; dropped from the end when space runs out
    keep: tuple[str, ...] = ()      # lines never dropped (the support line)
    footer: str = ""                # the site's name and address

    @property
    def alt(self) -> str:
        """The card's text alternative: what it says, in the order it says it."""
        parts = [self.kicker + ".", self.headline]
        if self.number:
            parts.append(f"{self.number} {self.number_note}".strip() + ".")
        return " ".join(p for p in parts if p)


def _block(lines: list[str], x: float, top: float, size: int, bold: bool = False, fill: str = TEXT) -> tuple[str, float]:
    lh = round(size * 1.22)
    out = []
    weight = ' font-weight="bold"' if bold else ""
    for i, line in enumerate(lines):
        out.append(f'<text x="{x:.0f}" y="{top + i * lh + size * 0.95:.0f}" font-size="{size}"{weight} '
                   f'fill="{fill}">{_esc(line)}</text>')
    return "".join(out), top + len(lines) * lh


def _layout(card: Card, headline_size: int, lines: tuple[str, ...]) -> tuple[list[str], float]:
    inner = WIDTH - 2 * PAD
    parts: list[str] = []
    y = PAD - 8
    svg, y = _block([card.kicker], PAD, y, 26, True, ACCENT)
    parts.append(svg)
    y += 14
    if card.number:
        size = 96
        while size > 56 and text_width(card.number, size, True) > inner * 0.55:
            size -= 8
        svg, y_num = _block([card.number], PAD, y, size, True)
        parts.append(svg)
        note_x = PAD + text_width(card.number, size, True) + 24
        note = wrap_px(card.number_note, WIDTH - PAD - note_x, 28)[:3]
        svg, y_note = _block(note, note_x, y + size * 0.5 - len(note) * 17, 28)
        parts.append(svg)
        y = max(y_num, y_note) + 10
    svg, y = _block(wrap_px(card.headline, inner, headline_size, True), PAD, y, headline_size, True)
    parts.append(svg)
    y += 12
    for line in lines:
        svg, y = _block(wrap_px(line, inner, 22), PAD, y + 4, 22)
        parts.append(svg)
    return parts, y


def render_card_svg(card: Card) -> str:
    footer_top = HEIGHT - PAD - 4
    optional = tuple(line for line in card.lines if line)
    keep = tuple(line for line in card.keep if line)
    for size in (40, 36, 32, 28):
        parts, bottom = _layout(card, size, optional + keep)
        if bottom <= footer_top - 16:
            break
    while optional and bottom > footer_top - 16:
        optional = optional[:-1]
        parts, bottom = _layout(card, 28, optional + keep)
    foot, _ = _block(wrap_px(card.footer, WIDTH - 2 * PAD, 20)[:1], PAD, footer_top + 10, 20)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="card-t" font-family="{FONT}" fill="{TEXT}">'
            f'<title id="card-t">{_esc(card.alt)}</title>'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>'
            f'<rect width="{WIDTH}" height="12" fill="{ACCENT}"/>'
            f'<path d="M{PAD} {footer_top}H{WIDTH - PAD}" stroke="{GRID}" stroke-width="2"/>'
            + "".join(parts) + foot + "</svg>")


def render_card_png(card: Card) -> bytes:
    """The card as a 1200x630 PNG (cairosvg, no external files fetched)."""
    return cairosvg.svg2png(bytestring=render_card_svg(card).encode("utf-8"), unsafe=False)
