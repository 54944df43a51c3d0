"""Text in charts: measured with Arial/Helvetica advance widths (Liberation Sans on Linux), wrapped at word
boundaries (never cut), escaped for XML; coordinates written with one decimal at most."""

from __future__ import annotations

import re
import unicodedata

SLACK = 1.04                # measured widths are stretched a little: Helvetica and Roboto run slightly wider

# Advance widths (1/1000 em) of Arial = Helvetica = Liberation Sans, characters 32..126, regular and bold.
_W_REG = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
    556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556,
    556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
    500, 500, 500, 334, 260, 334, 584)
_W_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722,
    611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556,
    611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778,
    556, 556, 500, 389, 280, 389, 584)
_W_EXTRA = {"\u2018": (222, 278), "\u2019": (222, 278), "\u201c": (333, 500), "\u201d": (333, 500),
            "\u2013": (556, 556), "\u2014": (1000, 1000), "\u2026": (1000, 1000), "\u2022": (350, 350),
            "\u00d7": (584, 584), "\u2264": (549, 549), "\u2265": (549, 549), "\u00b1": (549, 549),
            "\u20ac": (556, 556), "\u00a3": (556, 556), "\u00b7": (278, 278), "\u00b0": (400, 400),
            "\u00a0": (278, 278)}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ----------------------------------------------------------------------------------------------------------------
# Text: measure, wrap, escape, format


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of `text` at `size` px in the house font (Arial metrics, with SLACK)."""
    table = _W_BOLD if bold else _W_REG
    total = 0
    for ch in text:
        o = ord(ch)
        if 32 <= o < 127:
            total += table[o - 32]
        elif ch in _W_EXTRA:
            total += _W_EXTRA[ch][bold]
        elif unicodedata.combining(ch):
            continue
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            if 32 <= ord(base) < 127:
                total += table[ord(base) - 32]
            elif unicodedata.east_asian_width(ch) in "WF":
                total += 1000
            else:
                total += 600
    return total * size / 1000 * SLACK


def wrap_px(text: str, max_px: float, size: float, bold: bool = False) -> list[str]:
    """Lines of at most max_px at word boundaries; a word longer than a line is split (never cut off)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while text_width(word, size, bold) > max_px and len(word) > 1:
            if line:
                lines.append(line)
                line = ""
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold) > max_px:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, size, bold) > max_px:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines or [""]


def _esc(text: str) -> str:
    text = _XML_BAD.sub("", str(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _f(v: float) -> str:
    """A coordinate: one decimal at most, no trailing zeros, no '-0'."""
    s = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s

