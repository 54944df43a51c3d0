"""What a pasted figure or phrase says, as numbers: "22%", "one in five", "nearly three-fold", "13.56", "5x".

parse(text) is pure and never raises: it returns the quantities found (each with the range of published values
it could stand for), the periods and words that narrow the search, and a plain message when the text cannot be
used (too long, no number, a number too large to be a figure).

Ranges follow how people round: "22%" covers 21.5 to 22.5; "13.56" covers 13.555 to 13.565; "3 times" covers
2.5 to 3.5; "one in five" covers 1/5.5 to 1/4.5 (18.2% to 22.2%); "nearly" and "almost" take the range below
the number, "over" and "more than" the range above it, "about" widens it either side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_LENGTH = 200
MAX_QUANTITIES = 5
MAX_DIGITS = 12

PERCENT, MULTIPLE, RATE, NUMBER = "percent", "multiple", "rate", "number"

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_ORDINALS = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}
_MULTIPLE_WORDS = {"twice": 2, "double": 2, "doubled": 2, "doubling": 2, "triple": 3, "tripled": 3, "treble": 3,
                   "trebled": 3, "quadruple": 4, "quadrupled": 4}
BELOW = ("nearly", "almost", "just under", "under", "less than", "fewer than", "below", "up to", "not quite")
ABOVE = ("more than", "over", "just over", "above", "greater than", "at least", "upwards of")
ABOUT = ("about", "around", "approximately", "approx", "roughly", "some", "circa", "c.", "~", "an estimated")
HIGHER_WORDS = ("higher", "more", "increase", "increased", "rise", "rose", "up", "greater", "above", "worse")
LOWER_WORDS = ("lower", "less", "fewer", "decrease", "decreased", "fall", "fell", "down", "below", "drop", "better")
STOP = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its",
    "of", "on", "or", "than", "that", "the", "their", "there", "these", "this", "those", "to", "was", "were",
    "which", "who", "with", "women", "woman", "mothers", "mother", "more", "less", "likely", "times", "time",
    "percent", "per", "cent", "rate", "rates", "figure", "figures", "number", "numbers", "died", "die", "dying",
    "death", "deaths", "every", "out", "nearly", "almost", "about", "around", "over", "under", "fold", "just",
    "says", "said", "report", "reported", "uk", "data", "while", "after", "before", "during", "compared", "versus",
    "vs", "x", "since", "than", "ratio", *HIGHER_WORDS, *LOWER_WORDS))

NUM = r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\d])"
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:-|to|/)\s*((?:19|20)?\d{2})(?!\d)")
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?![\d.,%]|\s*percent|\s*x\b|\s*times)")


@dataclass(frozen=True)
class Quantity:
    """One number in the text and the range of published values it could stand for."""

    kind: str                   # PERCENT, MULTIPLE, RATE or NUMBER
    value: float
    low: float
    high: float
    phrase: str                 # the words it was read from ('one in five')
    digits: str = ""            # the number as typed ('13.56'), for exact matches
    decimals: int = 0
    qualifier: str = ""         # 'nearly', 'about', 'more than', ...
    direction: str | None = None  # 'higher' or 'lower' for a stated change ('20% higher', '3 times less likely')
    per: int | None = None      # RATE: 'per 100,000' -> 100000

    @property
    def meaning(self) -> str:
        """How the phrase was read, in words: '20%', 'a ratio of about 3', '13.56 per 100,000', '13.56'."""
        qual = f"{self.qualifier} " if self.qualifier else ""
        if self.kind == PERCENT:
            return f"{qual}{_short(self.value)}%"
        if self.kind == MULTIPLE:
            return f"a ratio of {qual}{_short(self.value, 2)}"
        if self.kind == RATE and self.per:
            return f"{qual}{self.digits or _short(self.value)} per {self.per:,}"
        return f"{qual}{self.phrase}"


def _short(x: float, decimals: int = 1) -> str:
    return f"{x:,.{decimals}f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Query:
    text: str
    quantities: tuple[Quantity, ...] = ()
    periods: tuple[str, ...] = ()       # '2020-22'
    years: tuple[int, ...] = ()
    words: tuple[str, ...] = ()         # context words ('black', 'suicide')
    problem: str | None = None          # why the text cannot be checked (shown to the reader)
    notes: tuple[str, ...] = field(default=())


def _clean(text: str) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    for a, b in (("\u00d7", " x "), ("\u2013", "-"), ("\u2014", "-"), ("\u2212", "-"), ("\u00b7", "."),
                 ("\u2009", " "), ("\u00a0", " "), ("\u202f", " "), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(a, b)
    text = text.lower()
    text = re.sub(r"\bper\s*cent\b|%", " percent", text)
    text = re.sub(r"\bpc\b", " percent", text)
    text = re.sub(r"\s+", " ", text).strip()
    # a confidence interval quoted after a figure is not a figure to look up
    return re.sub(rf"\(?\s*(?:95 percent\s+)?(?:ci|confidence intervals?)[:,]?\s*{NUM}\s*(?:to|-|,)\s*{NUM}\s*\)?",
                  " ", text).strip()


def _words_to_digits(text: str) -> str:
    """'twenty-two' -> '22', 'one hundred' -> '100', 'three-fold' -> '3-fold', 'threefold' -> '3 fold'."""
    text = re.sub(r"\b(" + "|".join(list(_UNITS) + list(_TENS)) + r")fold\b", r"\1 fold", text)
    tokens = re.split(r"(\s+|-)", text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word in _UNITS or word in _TENS:
            total, current, j, last = 0, 0, i, i
            while j < len(tokens):
                w = tokens[j]
                if w in _UNITS:
                    current += _UNITS[w]
                elif w in _TENS:
                    current += _TENS[w]
                elif w in _SCALES and (current or total):
                    current = (current or 1) * _SCALES[w]
                    if _SCALES[w] >= 1000:
                        total, current = total + current, 0
                elif w == "and" and j + 2 < len(tokens) and (tokens[j + 2] in _UNITS or tokens[j + 2] in _TENS) \
                        and (total or current >= 100):
                    pass
                elif w.strip() == "" or (w == "-" and j + 1 < len(tokens) and tokens[j + 1] in _UNITS):
                    j += 1
                    continue
                else:
                    break
                last = j
                j += 1
            out.append(str(total + current))
            i = last + 1
            continue
        out.append(word)
        i += 1
    return "".join(out)


def _qualifier(before: str) -> str:
    b = before.rstrip()
    for words in (BELOW, ABOVE, ABOUT):
        for w in sorted(words, key=len, reverse=True):
            if b.endswith(w) and (len(b) == len(w) or not b[-len(w) - 1].isalnum() or not w[0].isalnum()):
                return w
    return ""


def _range(value: float, half: float, qualifier: str) -> tuple[float, float]:
    """The values a number could stand for, given the rounding it shows and its qualifier."""
    if qualifier in BELOW:
        return value - max(half, 0.15 * value), value
    if qualifier in ABOVE:
        return value, value + max(half, 0.15 * value)
    if qualifier in ABOUT:
        return value - max(half, 0.1 * value), value + max(half, 0.1 * value)
    return value - half, value + half


def _direction(after: str) -> str | None:
    words = re.findall(r"[a-z]+", after)[:3]
    if any(w in HIGHER_WORDS for w in words):
        return "higher"
    if any(w in LOWER_WORDS for w in words):
        return "lower"
    return None


def _num(s: str) -> tuple[float, int, str]:
    digits = s.replace(",", "")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return float(digits), decimals, digits


def _too_big(s: str) -> bool:
    return len(s.replace(",", "").replace(".", "")) > MAX_DIGITS


def parse(raw: str | None) -> Query:
    """Read every quantity, period and context word in a pasted phrase (never raises)."""
    text = (raw or "").strip()
    if not text:
        return Query("", problem="Type or paste a figure to check, for example 13.56, 22% or \"five times\".")
    if len(text) > MAX_LENGTH:
        return Query(text[:MAX_LENGTH], problem=f"That is too long to check. Paste just the figure and a few words "
                                                f"around it (up to {MAX_LENGTH} characters).")
    norm = _words_to_digits(_clean(text))
    if any(_too_big(m.group(1)) for m in re.finditer(NUM, norm)):
        return Query(text, problem=f"A number in your text has more than {MAX_DIGITS} digits, so it cannot be a "
                                   "published figure. Check how it was copied.")
    spans: list[tuple[int, int]] = []
    found: list[tuple[int, Quantity]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in spans)

    def add(m: re.Match, q: Quantity) -> None:
        spans.append(m.span())
        found.append((m.start(), q))

    periods = []
    for m in _PERIOD.finditer(norm):
        start, end = m.group(1), m.group(2)
        end2 = end[-2:]
        if int(start[2:]) < int(end2) or (int(start[2:]) > int(end2) and start[:2] == "19"):
            periods.append(f"{start}-{end2}")
            spans.append(m.span())
    for m in re.finditer(rf"{NUM}\s+(?:in|out of)\s+(?:every\s+)?{NUM}", norm):
        if not free(*m.span()):
            continue
        a, _, _ = _num(m.group(1))
        b, _, _ = _num(m.group(2))
        if b <= 0 or a > b:
            continue
        qual = _qualifier(norm[: m.start()])
        if b >= 1000 and re.fullmatch(r"10*", str(int(b))):
            lo, hi = _range(a, 0.5, qual)
            add(m, Quantity(RATE, a, lo, hi, m.group(0), str(int(a)) if a.is_integer() else str(a), 0, qual, per=int(b)))
        else:
            lo, hi = (100 * a / (b + 0.5), 100 * a / (b - 0.5)) if a == 1 and b > 1 else (95 * a / b, 105 * a / b)
            if qual in BELOW:
                hi = 100 * a / b
            elif qual in ABOVE:
                lo = 100 * a / b
            add(m, Quantity(PERCENT, 100 * a / b, lo, hi, m.group(0), "", 1, qual))
    for m in re.finditer(rf"(?:{NUM}|\b(a|an|one)\b)\s+(half|halve|third|quarter|fourth|fifth|sixth|seventh|eighth|"
                         r"ninth|tenth)s?\b", norm):
        if not free(*m.span()):
            continue
        a = _num(m.group(1))[0] if m.group(1) else 1.0
        b = float(_ORDINALS[m.group(3)])
        if a >= b:
            continue
        qual = _qualifier(norm[: m.start()])
        lo, hi = (100 * a / (b + 0.5), 100 * a / (b - 0.5)) if a == 1 else (95 * a / b, 105 * a / b)
        add(m, Quantity(PERCENT, 100 * a / b, lo, hi, m.group(0), "", 1, qual))
    for m in re.finditer(r"\bhalf\b(?!\s+(?:as|the))", norm):
        if free(*m.span()):
            qual = _qualifier(norm[: m.start()])
            lo, hi = 100 / 2.5, 100 / 1.5
            lo, hi = (lo, 50.0) if qual in BELOW else (50.0, hi) if qual in ABOVE else (lo, hi)
            add(m, Quantity(PERCENT, 50.0, lo, hi, "half", "", 0, qual))
    for m in re.finditer(r"\b(" + "|".join(_MULTIPLE_WORDS) + r")\b", norm):
        if free(*m.span()):
            v = float(_MULTIPLE_WORDS[m.group(1)])
            qual = _qualifier(norm[: m.start()])
            lo, hi = _range(v, 0.5, qual)
            add(m, Quantity(MULTIPLE, v, lo, hi, m.group(0), str(int(v)), 0, qual))
    for m in re.finditer(rf"(?:{NUM}\s*-?\s*(?:times|fold|x)\b|\bx\s?(\d+(?:\.\d+)?)\b)", norm):
        if not free(*m.span()):
            continue
        v, dec, digits = _num(m.group(1) or m.group(2))
        if v == 0:
            continue
        qual = _qualifier(norm[: m.start()])
        direction = "lower" if re.match(r"\s*(?:less|lower|fewer)\b", norm[m.end():]) else None
        lo, hi = _range(v, 0.5 * 10 ** -dec, qual)
        if direction == "lower":
            lo, hi = 1 / hi, 1 / lo if lo > 0 else float("inf")
        add(m, Quantity(MULTIPLE, 1 / v if direction == "lower" else v, lo, hi, m.group(0).strip(), digits, dec,
                        qual, direction))
    for m in re.finditer(rf"\bratio\s+(?:of\s+)?{NUM}", norm):
        if free(*m.span()):
            v, dec, digits = _num(m.group(1))
            qual = _qualifier(norm[: m.start()])
            lo, hi = _range(v, 0.5 * 10 ** -dec, qual)
            add(m, Quantity(MULTIPLE, v, lo, hi, m.group(0), digits, dec, qual))
    for m in re.finditer(rf"{NUM}\s*percent(?:age points?)?", norm):
        if not free(*m.span()):
            continue
        v, dec, digits = _num(m.group(1))
        qual = _qualifier(norm[: m.start()])
        lo, hi = _range(v, 0.5 * 10 ** -dec, qual)
        add(m, Quantity(PERCENT, v, lo, hi, f"{digits}%", digits, dec, qual, _direction(norm[m.end():])))
    for m in re.finditer(rf"{NUM}\s*(?:[a-z]+\s+){{0,2}}per\s+{NUM}", norm):
        if not free(*m.span()):
            continue
        v, dec, digits = _num(m.group(1))
        per, _, _ = _num(m.group(2))
        qual = _qualifier(norm[: m.start()])
        lo, hi = _range(v, 0.5 * 10 ** -dec, qual)
        add(m, Quantity(RATE, v, lo, hi, m.group(0), digits, dec, qual, per=int(per) if per >= 1 else None))
    numbers = [m for m in re.finditer(NUM, norm) if free(*m.span())]
    words_around = re.findall(r"[a-z][a-z'-]{2,}", "".join(ch if free(i, i + 1) else " " for i, ch in enumerate(norm)))
    named = any(w not in STOP for w in words_around)   # 'stillbirth 2023': the year of a figure, not a figure
    years = []
    for m in numbers:
        ym = _YEAR.fullmatch(m.group(1))
        if ym and (len(numbers) > 1 or found or periods or named) and 1990 <= int(m.group(1)) <= 2035:
            years.append(int(m.group(1)))
            spans.append(m.span())
    for m in re.finditer(NUM, norm):
        if not free(*m.span()):
            continue
        v, dec, digits = _num(m.group(1))
        qual = _qualifier(norm[: m.start()])
        lo, hi = _range(v, 0.5 * 10 ** -dec, qual)
        add(m, Quantity(NUMBER, v, lo, hi, m.group(1), digits, dec, qual, _direction(norm[m.end():])))
    found.sort(key=lambda x: x[0])
    quantities = tuple(q for _, q in found)
    notes = ()
    if len(quantities) > MAX_QUANTITIES:
        notes = (f"Your text has {len(quantities)} numbers; the first {MAX_QUANTITIES} were checked.",)
        quantities = quantities[:MAX_QUANTITIES]
    leftover = "".join(ch if free(i, i + 1) else " " for i, ch in enumerate(norm))
    words = tuple(dict.fromkeys(w for w in re.findall(r"[a-z][a-z'-]{2,}", leftover) if w not in STOP))[:12]
    problem = None
    if not quantities and not periods and not years:
        problem = "We could not find a number in your text. Try the figure as printed, for example 13.56 or 22%."
    return Query(text, quantities, tuple(dict.fromkeys(periods)), tuple(dict.fromkeys(years)), words, problem, notes)
