"""Which statement leads: one editorial policy for every question a page answers.

A question (the rate now; is the latest change real, with and without COVID-19 deaths; the gap by ethnic group; by
deprivation; leading causes; mental health; social care; babies) has candidate statements: published figures (a
number, with its interval where there is one) and published comparisons in the producer's own words
(datasets/curated/comparisons.csv: "nearly three-fold", "twice that of ..."). `choose` picks the one that leads.

The rule, in order:
1. A checked statement (primary or official) leads over a secondary one; a secondary statement leads only where
   nothing checked answers the question (newer secondary figures are kept, flagged, never hidden).
2. Among those, the latest period first.
3. Among equal periods, primary > official > secondary.
4. At an equal period and tier, the producer's number (it carries its interval) before its words; then the newest
   publication.
So a primary statement in the producer's words leads over an older or a secondary number, and that number follows
it, with its own period and tier. Where a number and the producer's words for the same period disagree (the number
falls outside what the words can stand for, read as dashboard.model.phrases reads a pasted phrase: "nearly
three-fold" is 2.5 to 3, "twice" 1.5 to 2.5), the page says so in one sentence.

Pure: candidates in, an Answer out; `gap_answer` and `covid_findings` gather the candidates from the store. The
sentences of an answer are written here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.data.load import Store
from dashboard.data.query import LATEST, Selection, period_end, period_start, period_words
from dashboard.model.compare import SIGNIFICANT, Statement
from dashboard.model.figure import Figure, Source, Tier
from dashboard.model.phrases import ABOUT, ABOVE, BELOW, MULTIPLE, parse
from dashboard.model.select import figures, source_of
from dashboard.text.safety import assert_safe

# The questions a reading page answers (the page spec names them).
RATE, CHANGE, GAP, CAUSES, MENTAL_HEALTH, SOCIAL_CARE, BABIES = (
    "rate", "change", "gap", "causes", "mental-health", "social-care", "babies")
QUESTIONS = (RATE, CHANGE, GAP, CAUSES, MENTAL_HEALTH, SOCIAL_CARE, BABIES)
PRE_PANDEMIC = "2017-19"  # the last full three-year period before the COVID-19 pandemic


@dataclass(frozen=True)
class Candidate:
    """One statement that could answer a question: a published number, or the producer's words."""

    period: str
    source: Source
    figure: Figure | None = None   # a number
    words: str = ""                # or the producer's own words (a published comparison)

    @property
    def tier(self) -> Tier:
        return Tier(self.source.tier)

    @property
    def is_number(self) -> bool:
        return self.figure is not None

    @classmethod
    def of_figure(cls, f: Figure) -> Candidate:
        return cls(f.period, f.source, figure=f)

    @classmethod
    def of_statement(cls, s: Statement, period: str) -> Candidate:
        return cls(period, s.source, words=s.words)


def rank(c: Candidate) -> tuple:
    """The policy as a sort key (higher leads): checked, period, tier, a number before words, newest publication."""
    return (c.tier.checked, period_start(c.period), period_end(c.period), c.tier.rank, c.is_number,
            c.source.published_date)


def _stands_for(words: str) -> tuple[float, float] | None:
    """The range of ratios a phrase can stand for ('nearly three-fold' -> 2.5 to 3), or None without one."""
    found = [q for q in parse(words).quantities if q.kind == MULTIPLE]
    return (found[0].low, found[0].high) if found else None


def disagree(a: Candidate, b: Candidate) -> bool:
    """A number and the producer's words for the same period that cannot both be right."""
    if a.period != b.period or a.is_number == b.is_number:
        return False
    number, words = (a, b) if a.is_number else (b, a)
    span = _stands_for(words.words)
    value = number.figure.value if number.figure is not None else None
    if span is None or value is None:
        return False
    low, high = span
    return not (low - 1e-9 <= value <= high + 1e-9)


@dataclass(frozen=True)
class Answer:
    """What leads, the number that follows it (when the lead is words), and any disagreement to name."""

    question: str
    lead: Candidate
    follow: Candidate | None = None
    conflict: tuple[Candidate, Candidate] | None = None
    candidates: tuple[Candidate, ...] = ()

    @property
    def shown(self) -> tuple[Candidate, ...]:
        return (self.lead,) + ((self.follow,) if self.follow else ())

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(dict.fromkeys(c.source for c in self.shown))


def choose(question: str, candidates: Iterable[Candidate]) -> Answer | None:
    """Apply the policy (module docstring) to the candidates of one question; None when there are none."""
    ordered = sorted(candidates, key=rank, reverse=True)
    if not ordered:
        return None
    lead = ordered[0]
    follow = None if lead.is_number else next((c for c in ordered if c.is_number), None)
    conflict = None
    for c in (lead, follow):
        if c is None:
            continue
        other = next((o for o in ordered if o is not c and disagree(c, o)), None)
        if other is not None:
            conflict = (c, other)
            break
    return Answer(question, lead, follow, conflict, tuple(ordered))


@dataclass(frozen=True)
class Pick:
    """The figures a number-only question leads with (every published figure of the leading period), and the
    figures of the newest later period, which only secondary sources give (shown flagged, never hidden)."""

    shown: tuple[Figure, ...]
    newer: tuple[Figure, ...] = ()

    @property
    def period(self) -> str:
        return self.shown[0].period if self.shown else ""


def _order(f: Figure) -> tuple[int, int]:
    return (f.start, f.end)


def pick(figs: Sequence[Figure], question: str = RATE) -> Pick:
    """The policy applied to figures alone: the lead's period, each of its figures with its own tier, and the newer
    secondary-only period beside it."""
    shown = [f for f in figs if f.value is not None]
    answer = choose(question, (Candidate.of_figure(f) for f in shown))
    if answer is None or answer.lead.figure is None:
        return Pick(())
    lead = answer.lead.figure
    later = [f for f in shown if _order(f) > _order(lead)]
    newest = max(later, key=_order).period if later else None
    return Pick(tuple(f for f in shown if f.period == lead.period), tuple(f for f in later if f.period == newest))


# ---------------------------------------------------------------- gathering candidates from the store


@dataclass(frozen=True)
class GapQuestion:
    """A gap a page answers: two groups as the producer's words compare them, the same two in the ratio indicator
    (`ratio_group`) and how a sentence names them (the page spec declares these; see dashboard.content.spec)."""

    indicator: str
    breakdown: str
    groups: tuple[str, str]
    ratio_group: str
    subject: str

    def asks(self, f: Figure) -> bool:
        """Whether a published ratio is a number for this gap."""
        return f.indicator.id == f"{self.indicator}_ratio" and f.breakdown == self.breakdown and f.group == self.ratio_group

    def answer(self, store: Store, edition: str = LATEST) -> Answer | None:
        """The policy's answer for this gap (`gap_answer`)."""
        return gap_answer(store, self.indicator, self.breakdown, self.groups, self.ratio_group, edition)


def gap_answer(store: Store, indicator: str, breakdown: str, pair: tuple[str, str], ratio_group: str,
               edition: str = LATEST) -> Answer | None:
    """The gap between two groups: the producer's words comparing them in one period (comparisons.csv, COVID-19
    deaths included), and the published ratios of the same two groups (`ratio_group` in the ratio indicator)."""
    t = store.comparisons if edition == LATEST else store.comparisons[store.comparisons["vintage"] <= edition]
    hit = t[(t["indicator"] == indicator) & (t["breakdown"] == breakdown) & (t["group_a"] == pair[0])
            & (t["group_b"] == pair[1]) & (t["period_a"] == t["period_b"]) & ~t["excludes_covid"].astype(bool)]
    cands = [Candidate.of_statement(Statement.from_row(r, source_of(store, r)), str(r["period_a"]))
             for r in hit.to_dict("records") if str(r["words"] or "").strip()]
    rid = f"{indicator}_ratio"
    if rid in store.catalogue.indicators:
        cands += [Candidate.of_figure(f) for f in figures(store, Selection(rid, breakdown, edition=edition))
                  if f.group == ratio_group and f.value is not None]
    return choose(GAP, cands)


@dataclass(frozen=True)
class CovidFinding:
    """What a source says about a change with deaths from COVID-19 left out."""

    later: str
    earlier: str
    statement: Statement


def covid_findings(store: Store, indicator: str, latest_period: str, before_pandemic: str,
                   edition: str = LATEST) -> tuple[CovidFinding, ...]:
    """The source's tests with COVID-19 deaths left out that bear on the latest change: those whose later period is
    the latest, and those measured from the last period before the pandemic; for each pair the best-supported
    statement (rule 3), newest pair first."""
    t = store.comparisons if edition == LATEST else store.comparisons[store.comparisons["vintage"] <= edition]
    hit = t[(t["indicator"] == indicator) & (t["breakdown"] == "overall") & t["excludes_covid"].astype(bool)
            & (t["significance"] != "not-stated")
            & ((t["period_a"] == latest_period) | (t["period_b"] == before_pandemic))]
    best: dict[tuple[str, str], tuple[tuple, CovidFinding]] = {}
    for r in hit.to_dict("records"):
        s = Statement.from_row(r, source_of(store, r))
        key = (str(r["period_a"]), str(r["period_b"]))
        order = (Tier(s.source.tier).rank, s.source.published_date)
        if key not in best or order > best[key][0]:
            best[key] = (order, CovidFinding(key[0], key[1], s))
    return tuple(v for _, v in sorted(best.values(), key=lambda x: (period_start(x[1].later),
                                                                       period_start(x[1].earlier)), reverse=True))


# ---------------------------------------------------------------- the sentences of an answer


def _tier_words(s: Source) -> str:
    """'primary source', or who restated or reported it: what follows a statement in brackets."""
    return s.tier_label.lower() if s.tier == Tier.PRIMARY else f"{s.tier_label.lower()}, {s.qualifier}"


def _number_clause(c: Candidate) -> str:
    """'3.7 times for 2018-20 (primary source: Saving Lives ...)'."""
    f = c.figure
    assert f is not None
    return f"{f.number} times for {f.period} ({_tier_words(f.source)}: {f.source.publication})"


def _tier_only(c: Candidate) -> str:
    """'3.7 times for 2018-20 (primary)': the number with its period and tier in one word, for a page whose numbered
    notes name the publication (the printed briefing)."""
    f = c.figure
    assert f is not None
    return f"{f.number} times for {f.period} ({Tier(f.source.tier).short})"


_QUALIFIERS = "|".join(re.escape(q) for q in sorted((*BELOW, *ABOVE, *ABOUT), key=len, reverse=True))
_KEY_WORDS = re.compile(
    rf"(?:\b(?:{_QUALIFIERS})\s+)?(?:\b(?:twice|double|doubled|treble|trebled|triple|tripled)\b"
    r"|\b[\w.]+[- ]fold\b|\b[\w.]+ times\b)", re.IGNORECASE)


def key_words(words: str) -> str:
    """The producer's words that carry the number, as they wrote them: 'nearly three-fold' of 'nearly three-fold
    difference', 'twice' of 'twice that of women living in the least deprived areas', 'more than twice' of 'more
    than twice as high'; all the words when none carries a multiple."""
    m = _KEY_WORDS.search(words)
    return m.group(0) if m else words


def band_words(answer: Answer) -> str:
    """The lead as a headline number prints it: the producer's key words ('nearly three-fold'), or the number
    ('3.7 times')."""
    lead = answer.lead
    return f"{lead.figure.number} times" if lead.figure is not None else key_words(lead.words)


def follow_words(answer: Answer) -> str:
    """The number that follows words that lead, with its own period and tier: 'As a number: 3.7 times for 2018-20
    (primary source).' ('' when the lead is the number)."""
    if answer.lead.is_number or answer.follow is None:
        return ""
    return assert_safe(f"As a number: {_tier_only(answer.follow)}.")


def _cited(s: Source, brief: bool) -> str:
    """What follows a statement in brackets: its tier and publication, or (brief) its tier in one word."""
    return Tier(s.tier).short if brief else f"{_tier_words(s)}: {s.publication}"


def gap_sentences(answer: Answer, subject: str, brief: bool = False) -> tuple[str, ...]:
    """The lead in one sentence with its period and tier, the number that follows in the same sentence, and one
    sentence where a number and the producer's words disagree. `subject`: the two groups as a sentence names them
    ('women in the Black group with women in the White group'). `brief`: each statement with its tier only, for a
    page whose numbered notes name the publications (the printed briefing)."""
    lead = answer.lead
    out: list[str] = []
    if lead.is_number:
        f = lead.figure
        assert f is not None
        out.append(assert_safe(f"Comparing {subject}, the rate ratio for {f.period_words} was {f.number} "
                               f"({_cited(f.source, brief)})."))
    else:
        text = (f"Comparing {subject}, {lead.source.producer_name}'s {'' if brief else 'own '}"
                f"words for {period_words(lead.period)} are \"{lead.words}\" ({_cited(lead.source, brief)})")
        if answer.follow is not None:
            text += f"; as a number, {_tier_only(answer.follow) if brief else _number_clause(answer.follow)}"
        out.append(assert_safe(text + "."))
    if answer.conflict is not None:
        x, y = answer.conflict
        number, words = (x, y) if x.is_number else (y, x)
        assert number.figure is not None and number.figure.value is not None
        span = _stands_for(words.words)
        more = span is not None and number.figure.value > span[1]
        out.append(assert_safe(
            f"For {period_words(number.period)}, the number and the words do not agree: {number.figure.number} times "
            f"({number.tier.label.lower()}) is {'more' if more else 'less'} than \"{words.words}\" "
            f"({words.tier.label.lower()}) can stand for."))
    return tuple(out)


def covid_sentence(found: Sequence[CovidFinding]) -> str | None:
    """One sentence: what the source says about the change with deaths from COVID-19 left out."""
    if not found:
        return None
    parts = []
    for c in found:
        move = {"higher": "rise", "lower": "fall"}.get(c.statement.direction, "change")
        state = "statistically significant" if c.statement.significance == SIGNIFICANT else \
            "not statistically significant"
        parts.append(f"the {move} from {c.earlier} to {c.later} was {state} (\"{c.statement.words}\")")
    who = {c.statement.source.producer_name for c in found}
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return assert_safe(f"With deaths from COVID-19 left out, {' and '.join(sorted(who))} reports that {listed}.")


__all__ = [
    "BABIES",
    "CAUSES",
    "CHANGE",
    "GAP",
    "MENTAL_HEALTH",
    "PRE_PANDEMIC",
    "QUESTIONS",
    "RATE",
    "SOCIAL_CARE",
    "Answer",
    "Candidate",
    "CovidFinding",
    "Pick",
    "band_words",
    "choose",
    "covid_findings",
    "covid_sentence",
    "disagree",
    "follow_words",
    "gap_answer",
    "gap_sentences",
    "key_words",
    "pick",
    "rank",
]
