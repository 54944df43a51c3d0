"""Check a figure: which published figures (or published comparisons) a pasted number or phrase could be.

check(store, text) reads the text (dashboard.model.phrases), finds every published version of every figure whose
value fits one of its quantities (all vintages are searched, so an old or revised figure is found too), ranks
them, and says for each where and when it was first published, whether it was later revised, and the latest
comparable figure. Published comparisons (datasets/curated/comparisons.csv) are matched on their ratios and
percentage changes, and answered with the site's significance verdict. Nothing matches: the nearest figures.

Ranking, best first: the printed number itself (13.56 is 13.56, not a value that rounds to it), then the periods
and words in the text (2020-22, "Black"), then headline over detailed figures (overall, primary source, maternal
deaths), then closeness within the range.

Claims in words ("five times more likely", "nearly three-fold", "twice") are read against the words each published
comparison used: a statement that says the same thing (the same multiple or percentage, with the same qualifier)
ranks above any figure that merely rounds to the number; among those, a statement of the period the claim names,
then a primary statement (primary > official > secondary), then the latest period. The latest comparable statement
of a comparison is the newest period's, by the same tier order. A text with a period or a year and no figure
("2019-21", "stillbirth 2023") is answered with the figures published for that period, as shown now.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from dashboard.data.load import Store
from dashboard.data.query import LATEST, period_end, period_start, resolved
from dashboard.data.schema import SERIES_KEY
from dashboard.model.changes import first_published
from dashboard.model.compare import PERIODS, Statement, Verdict
from dashboard.model.editorial import GapQuestion, gap_sentences
from dashboard.model.figure import Figure, Tier, date_words, number
from dashboard.model.links import ExploreLink
from dashboard.model.phrases import ABOUT, ABOVE, BELOW, MULTIPLE, NUMBER, PERCENT, RATE, Quantity, Query, parse
from dashboard.model.select import compare_groups, compare_periods, figure_of, source_of
from dashboard.model.words import compare_sentences
from dashboard.text.safety import assert_safe

LIMIT = 8
SUGGESTIONS = 5
FIGURE, COMPARISON = "figure", "comparison"
_TIER_BONUS = (0.0, 0.4, 0.6)  # by Tier.rank: secondary, official, primary
SAME_WORDS, PERIOD = "same words", "period"
_QUAL_CLASS = {**{w: "below" for w in BELOW}, **{w: "above" for w in ABOVE}, **{w: "about" for w in ABOUT}}


@dataclass(frozen=True)
class Match:
    """One published figure (or published comparison) the text could be quoting, and what became of it."""

    kind: str                           # FIGURE or COMPARISON
    quantity: Quantity
    how: str                            # 'exactly', 'rounds to the figure', 'close to'
    score: float
    explore: ExploreLink                # the Explore view of this figure, or of the two compared
    figure: Figure | None = None        # FIGURE: the first publication of this value
    restated: tuple[str, ...] = ()      # later publications that printed the same value
    history: tuple[Figure, ...] = ()    # every published value of this figure, oldest first
    current: Figure | None = None       # the value shown now for the same period, when it differs
    latest: Figure | None = None        # the newest period of the same series, when newer
    statement: Statement | None = None  # COMPARISON: the published comparison
    pair: str = ""                      # COMPARISON: '2022-24 against 2009-11, All'
    indicator_title: str = ""
    verdict: Verdict | None = None
    sentences: tuple[str, ...] = ()
    latest_statement: Statement | None = None   # COMPARISON: the newest statement of the same comparison
    latest_pair: str = ""

    @property
    def revised(self) -> bool:
        return self.current is not None

    @property
    def how_words(self) -> str:
        """'exactly the published number', 'the published number rounds to yours', ..."""
        return {"exactly": "exactly the published number",
                "rounds to the figure": "the published number rounds to yours",
                "its count": "the count of deaths or women behind the figure",
                SAME_WORDS: "the source used these words",
                PERIOD: "published for the period you named",
                }.get(self.how, f"the published number is close to {self.quantity.meaning}")


@dataclass(frozen=True)
class CheckResult:
    query: Query
    matches: tuple[Match, ...]
    more: int = 0                       # further matches not shown
    suggestions: tuple[Figure, ...] = ()
    message: str | None = None          # no match, or a problem with the text
    statements: tuple[tuple[str, Statement], ...] = ()  # no match: the nearest published comparisons (title, words)

    @property
    def sensitive(self) -> bool:
        """Some figure shown is about suicide or mental-health deaths (the page then signposts support)."""
        figs = [m.figure for m in self.matches if m.figure] + list(self.suggestions)
        return any(f.indicator.sensitive for f in figs) or any(
            m.statement is not None and m.verdict is not None and m.verdict.a is not None and m.verdict.a.indicator.sensitive
            for m in self.matches)

    @property
    def readings(self) -> tuple[str, ...]:
        """How each quantity was read ('20%')."""
        return tuple(q.meaning for q in self.query.quantities)

    @property
    def reading_sentences(self) -> tuple[str, ...]:
        """'We read "one in five" as 20%.', one per quantity."""
        qs = self.query.quantities
        return tuple(how_read(q, self.query.text if len(qs) == 1 else None) for q in qs)


# ---------------------------------------------------------------- the search pool (built once per store)


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z][a-z'-]+", text.lower())}


@lru_cache(maxsize=4)
def _pool(store: Store) -> pd.DataFrame:
    """Every published row with what ranking needs: measure, multiplier, topic, searchable words, first vintage."""
    cat = store.catalogue.indicators
    t = store.table.reset_index(drop=True)
    key = list(SERIES_KEY)
    value = t["value"].to_numpy(dtype="float64", na_value=float("nan"))
    ind = t["indicator"].astype(str)
    out = pd.DataFrame({
        "i": range(len(t)), "value": value,
        "numerator": t["numerator"].to_numpy(dtype="float64", na_value=float("nan")),
        "denominator": t["denominator"].to_numpy(dtype="float64", na_value=float("nan")),
        "measure": ind.map(lambda x: cat[x].measure), "unit": t["unit"].astype(str),
        "multiplier": ind.map(lambda x: cat[x].multiplier or 0),
        "topic": ind.map(lambda x: cat[x].topic), "tier": t["tier"].astype(str),
        "overall": (t["breakdown"] == "overall").to_numpy(dtype=bool), "vintage": t["vintage"].astype(str),
        "period": t["period"].astype(str),
        "text": (ind.map(lambda x: f"{cat[x].title} {cat[x].plain_title} {cat[x].topic}") + " "
                 + t["group"].astype(str) + " " + t["breakdown"].astype(str).str.replace("_", " ")
                 + " " + t["geography"].astype(str)).str.lower(),
    })
    grouping = [t[k].astype(str) for k in key] + [pd.Series(value).round(6).fillna(-1.0)]
    out["first"] = out.groupby(grouping, sort=False)["vintage"].transform("min")
    out["fkey"] = pd.Series(list(zip(*[g.tolist() for g in grouping])))
    return out


@lru_cache(maxsize=4)
def _current(store: Store) -> dict[tuple, float | None]:
    """The value shown now for each figure (the latest revision)."""
    r = resolved(store, LATEST)
    vals = r["value"].to_numpy(dtype="float64", na_value=float("nan"))
    keys = zip(*[r[k].astype(str).tolist() for k in SERIES_KEY])
    return {k: (None if math.isnan(v) else float(v)) for k, v in zip(keys, vals)}


# ---------------------------------------------------------------- scoring


def _context(q: Query, text: str, period: str) -> float:
    score = 0.0
    if q.periods:
        score += 3.0 if period in q.periods else -1.0
    for y in q.years:
        if period_start(period) <= y <= period_end(period):
            score += 1.5
    words = _words(text)
    hits = sum(1 for w in q.words if w.rstrip("s") in words or any(x.startswith(w[:5]) for x in words if len(w) >= 5))
    return score + 1.5 * min(hits, 3)


def _closeness(v: float, q: Quantity) -> float:
    half = max((q.high - q.low) / 2, 1e-12)
    return max(0.0, 1 - abs(v - q.value) / half) if q.low <= v <= q.high else 0.0


def _exact(v: float, q: Quantity) -> bool:
    """The number as printed is the number typed (12.8 is 12.80; 12.8 is not 12.81)."""
    if not q.digits or q.kind == PERCENT and not q.phrase.endswith("%"):
        return False
    return abs(v - q.value) < 1e-9


def _figure_hits(store: Store, q: Query, qty: Quantity) -> pd.DataFrame:
    p = _pool(store)
    v = p["value"]
    inrange = v.between(qty.low, qty.high)
    if qty.kind == PERCENT:
        mask = inrange & (p["unit"] == "percent")
    elif qty.kind == MULTIPLE:
        mask = inrange & (p["measure"] == "ratio")
    elif qty.kind == RATE:
        mask = inrange & (p["measure"] == "rate")
        if qty.per:
            mask &= p["multiplier"] == qty.per
    else:
        mask = inrange
    hits = p[mask].assign(on="value")
    if qty.kind == NUMBER and qty.decimals == 0 and qty.value >= 1:
        counts = p[~mask & (p["numerator"].between(qty.low, qty.high) | p["denominator"].between(qty.low, qty.high))]
        hits = pd.concat([hits, counts.assign(on="count")])
    if hits.empty:
        return hits
    scores = []
    for row in hits.itertuples(index=False):
        val = row.value if row.on == "value" else (
            row.numerator if qty.low <= row.numerator <= qty.high else row.denominator)
        s = 10.0 + 2 * _closeness(val, qty) + _context(q, row.text, row.period)
        s += 5.0 if _exact(val, qty) else 0.0
        s += (1.0 if row.overall else 0.0) + _TIER_BONUS[Tier.of(row.tier).rank]
        s += 0.5 if row.topic == "maternal-deaths" else 0.0
        s += 0.3 if row.vintage == row.first else 0.0   # the first printing of a value names it best
        s -= 3.0 if row.on == "count" else 0.0
        s -= 1.0 if qty.kind == NUMBER and row.measure == "ratio" and qty.value > 20 else 0.0
        scores.append(s)
    return hits.assign(score=scores)


def _comparison_hits(store: Store, q: Query, qty: Quantity) -> list[tuple[float, dict]]:
    c = store.comparisons
    out = []
    for row in c.to_dict("records"):
        ratio = row["ratio"] if pd.notna(row["ratio"]) else None
        pc = row["percent_change"] if pd.notna(row["percent_change"]) else None
        s = None
        if qty.kind == PERCENT and pc is not None and qty.digits and qty.low <= abs(pc) <= qty.high:
            v = abs(pc)
            s = 10.0 + 2 * _closeness(v, qty) + (2.0 if qty.direction == row["direction"] else -1.0)
        elif qty.kind in (MULTIPLE, NUMBER) and ratio is not None and qty.low <= ratio <= qty.high:
            v = ratio
            s = 10.0 + 2 * _closeness(v, qty) + (0.0 if qty.kind == MULTIPLE else -0.5)
        elif qty.kind == MULTIPLE and pc is not None and qty.low <= 1 + pc / 100 <= qty.high:
            v = 1 + pc / 100
            s = 8.0 + 2 * _closeness(v, qty)
        if s is None:
            continue
        s += 5.0 if _exact(v, qty) else 0.0
        ind = store.catalogue.indicators[str(row["indicator"])]
        text = f"{ind.title} {ind.plain_title} {row['group_a']} {row['group_b']} {row['words']}".lower()
        s += _context(q, text, str(row["period_a"])) + _TIER_BONUS[Tier.of(row["tier"]).rank]
        s += 1.0 if row["breakdown"] == "overall" else 0.0
        out.append((s, row))
    return out


@lru_cache(maxsize=512)
def _said(words: str) -> tuple[Quantity, ...]:
    """The multiples and percentages a published comparison's words state ('nearly three-fold difference')."""
    return tuple(x for x in parse(words).quantities if x.kind in (PERCENT, MULTIPLE))


def _row_rank(row: dict) -> tuple:
    """The editorial order of statements of one comparison: latest period first, then primary > official >
    secondary, then the newest publication."""
    pa = str(row["period_a"])
    return (period_start(pa), period_end(pa), Tier.of(row["tier"]).rank, str(row["vintage"]))


def _word_hits(store: Store, q: Query, qty: Quantity) -> list[tuple[float, dict]]:
    """Published comparisons whose own words state this quantity: the same multiple or percentage, scored higher
    with the same qualifier ('nearly'), for the period the text names, from a primary source, and newer."""
    if qty.kind not in (PERCENT, MULTIPLE):
        return []
    out = []
    mine = _QUAL_CLASS.get(qty.qualifier, "")
    for row in store.comparisons.to_dict("records"):
        if row.get("excludes_covid") is True:
            continue
        for said in _said(str(row["words"])):
            if said.kind != qty.kind or abs(said.value - qty.value) > 1e-9:
                continue
            if qty.direction and said.direction and qty.direction != said.direction:
                continue
            same = 2.0 if said.qualifier == qty.qualifier else 1.0 if _QUAL_CLASS.get(said.qualifier, "") == mine else 0.0
            ind = store.catalogue.indicators[str(row["indicator"])]
            text = f"{ind.title} {ind.plain_title} {row['group_a']} {row['group_b']} {row['words']}".lower()
            pa = str(row["period_a"])
            s = 15.0 + same + _context(q, text, pa) + 1.0 * Tier.of(row["tier"]).rank / 2
            s += (period_start(pa) - 2000) / 100   # newer periods first, within a tier
            out.append((s, {**row, "_how": SAME_WORDS}))
            break
    return out


def _kin(store: Store, row: dict) -> list[dict]:
    """Every statement of the same comparison: the same indicator, breakdown and groups; for a gap between groups,
    any period; for a change over time, the same baseline period."""
    c = store.comparisons
    ga, gb, pb = str(row["group_a"]), str(row["group_b"]), str(row["period_b"])
    same = c[(c["indicator"] == row["indicator"]) & (c["breakdown"] == row["breakdown"]) & (c["group_a"] == ga)
             & (c["group_b"] == gb) & ~c["excludes_covid"].astype(bool)]
    if ga != gb:
        same = same[same["period_a"] == same["period_b"]]
    else:
        same = same[same["period_b"] == pb]
    return same.to_dict("records")


def latest_statement(store: Store, row: dict) -> dict:
    """The latest statement of the same comparison as this one (possibly itself), by the editorial order."""
    return max(_kin(store, row) or [row], key=_row_rank)


# ---------------------------------------------------------------- what became of a figure


def _when(f: Figure) -> str:
    return f"{f.source.publication}, {date_words(f.source.published_date)}"


def _series_latest(store: Store, f: Figure) -> Figure | None:
    r = resolved(store, LATEST)
    s = r[(r["indicator"] == f.indicator.id) & (r["breakdown"] == f.breakdown) & (r["group"] == f.group)
          & (r["geography"] == f.geography) & r["value"].notna()]
    if s.empty:
        return None
    row = max(s.to_dict("records"), key=lambda x: (period_start(x["period"]), period_end(x["period"])))
    return figure_of(store, row)


def _history(store: Store, f: Figure) -> list[Figure]:
    t = store.table
    rows = t[(t["indicator"] == f.indicator.id) & (t["period"] == f.period) & (t["breakdown"] == f.breakdown)
             & (t["group"] == f.group) & (t["geography"] == f.geography)].sort_values("vintage", kind="stable")
    return [figure_of(store, r) for r in rows.to_dict("records")]


def _figure_sentences(f: Figure, restated: list[str], earlier: Figure | None, current: Figure | None,
                      latest: Figure | None, gap_lead: tuple[str, ...] = ()) -> tuple[str, ...]:
    out = [f"First published in {_when(f)}."]
    if restated:
        out.append(f"Also printed in {'; '.join(restated[:3])}" + (" and others." if len(restated) > 3 else "."))
    if earlier is not None:
        out.append(f"It replaced the figure of {earlier.short} first published in {_when(earlier)}.")
    if current is not None:
        out.append(f"Revised since: {_when(current)} gives {current.value_text} for {f.period}.")
    elif f.value is not None:
        out.append(f"Not revised since: it is still the published figure for {f.period}.")
    if latest is not None:
        what = (f"ratio for this comparison ({latest.group}, {latest.geography})" if latest.indicator.measure == "ratio"
                else f"comparable figure ({latest.label}, {latest.geography})")
        how = f"; {latest.source.qualifier}" if latest.source.qualifier else ""
        out.append(f"The latest published {what} is {latest.value_text} for {latest.period} ({_when(latest)}{how}).")
    else:
        out.append(f"No later number for this comparison is in this dataset, so {f.period} is the latest here."
                   if gap_lead else f"No later period of this series is in this dataset, so {f.period} is the latest "
                                    "here.")
    out += gap_lead
    return tuple(assert_safe(s) for s in out)


def _gap_lead(store: Store, f: Figure, gaps: tuple[GapQuestion, ...]) -> tuple[str, ...]:
    """For a published ratio of a gap a page answers: what the page leads with for that gap (the one editorial
    policy), unless this very figure is that lead."""
    q = next((g for g in gaps if g.asks(f)), None)
    answer = q.answer(store) if q is not None else None
    if q is None or answer is None or (answer.lead.figure is not None and answer.lead.figure.row_id == f.row_id):
        return ()
    return gap_sentences(answer, q.subject)


def _figure_match(store: Store, qty: Quantity, score: float, rows: pd.DataFrame,
                  gaps: tuple[GapQuestion, ...] = ()) -> Match:
    table = store.table
    first = rows.sort_values(["vintage", "score"], ascending=[True, False], kind="stable").iloc[0]
    f = first_published(store, figure_of(store, table.iloc[int(first["i"])].to_dict()))
    history = _history(store, f)
    same = [h for h in history if h.value == f.value and h.vintage > f.vintage]
    restated = list(dict.fromkeys(_when(h) for h in same if h.source.publication != f.source.publication))
    older = [h for h in history if h.vintage < f.vintage and h.value is not None and h.value != f.value]
    now = _current(store).get((f.indicator.id, f.period, f.breakdown, f.group, f.geography))
    current = None
    if now is not None and f.value is not None and abs(now - f.value) > 1e-9:
        later = [h for h in history if h.value is not None and abs(h.value - now) < 1e-9]
        current = min(later, key=lambda h: h.vintage) if later else None
    latest = _series_latest(store, f)
    if latest is not None and (latest.period == f.period or latest.start <= f.start):
        latest = None
    val = f.value if first["on"] == "value" else None
    how = PERIOD if math.isnan(qty.value) else "exactly" if val is not None and _exact(val, qty) else (
        "its count" if first["on"] == "count" else "rounds to the figure" if qty.digits and not qty.qualifier
        else "close to")
    groups = () if f.group == "All" else (f.group,)
    edition = f.vintage if current is not None else LATEST
    return Match(FIGURE, qty, how, score, figure=f, restated=tuple(restated),
                 history=tuple(h for i, h in enumerate(history) if i == 0 or h.value != history[i - 1].value),
                 current=current, latest=latest, indicator_title=f.indicator.title,
                 sentences=_figure_sentences(f, restated, older[-1] if older else None, current, latest,
                                             _gap_lead(store, f, gaps)),
                 explore=ExploreLink(f.indicator.id, f.breakdown, groups, edition))


def _resolved_figure(store: Store, indicator: str, breakdown: str, period: str, group: str) -> Figure | None:
    r = resolved(store, LATEST)
    hit = r[(r["indicator"] == indicator) & (r["breakdown"] == breakdown) & (r["period"] == period)
            & (r["group"] == group) & r["value"].notna()]
    return figure_of(store, hit.iloc[0].to_dict()) if not hit.empty else None


def _comparison_match(store: Store, qty: Quantity, score: float, row: dict) -> Match:
    s = Statement.from_row(row, source_of(store, row))
    ind, by = str(row["indicator"]), str(row["breakdown"])
    pa, ga, pb, gb = (str(row[k]) for k in ("period_a", "group_a", "period_b", "group_b"))
    a, b = _resolved_figure(store, ind, by, pa, ga), _resolved_figure(store, ind, by, pb, gb)
    if a is not None and b is not None:
        verdict = compare_periods(store, a, b) if (ga == gb) else compare_groups(store, a, b)
    else:
        from dashboard.model.compare import decide

        verdict = decide(PERIODS if ga == gb else "groups", pa if ga == gb else ga, pb if ga == gb else gb, a, b, (s,))
    pair = _pair(pa, ga, pb, gb)
    out = [(f"Published in {s.source.publication}, {date_words(s.source.published_date)} "
           f"({s.source.tier_label.lower()}): \"{s.words}\".")]
    out += compare_sentences(verdict)
    if row.get("note") and pd.notna(row.get("note")):
        out.append(f"The source's note: {row['note']}")
    n = latest_statement(store, row)
    newest, newest_pair = None, ""
    if str(n.get("row_id")) != str(row.get("row_id")) and _row_rank(n) > _row_rank(row):
        newest = Statement.from_row(n, source_of(store, n))
        newest_pair = _pair(str(n["period_a"]), str(n["group_a"]), str(n["period_b"]), str(n["group_b"]))
        out.append(f"The latest comparable statement, for {n['period_a']}: \"{n['words']}\" ({n['publication']}, "
                   f"{date_words(str(n['published_date']))}; {newest.source.tier_label.lower()}).")
    else:
        out.append("No later statement of this comparison is in this dataset.")
    groups = tuple(dict.fromkeys(g for g in (ga, gb) if g != "All"))
    first, last = sorted((pa, pb), key=period_start)
    if row.get("_how") == SAME_WORDS:
        how = SAME_WORDS
    else:
        how = "exactly" if _exact(s.ratio or abs(s.percent_change or 0), qty) else "close to"
    return Match(COMPARISON, qty, how, score, statement=s, pair=pair, verdict=verdict,
                 indicator_title=store.catalogue.indicators[ind].title,
                 sentences=tuple(assert_safe(x) for x in out),
                 explore=ExploreLink(ind, by, groups, period_from=first, period_to=last),
                 latest_statement=newest, latest_pair=newest_pair)


def _pair(pa: str, ga: str, pb: str, gb: str) -> str:
    """'2022-24 against 2009-11' (a change) or 'Black against White (inc. not known), 2022-24' (a gap)."""
    if ga == gb:
        return f"{pa} against {pb}" + (f", {ga}" if ga != "All" else "")
    return f"{ga} against {gb}, {pa}" + (f" and {pb}" if pa != pb else "")


# ---------------------------------------------------------------- nearest figures and keyword suggestions


def _nearest(store: Store, q: Query) -> tuple[Figure, ...]:
    """The published figures (as shown now) closest to the numbers in the text, of a kind that fits."""
    r = resolved(store, LATEST)
    cat = store.catalogue.indicators
    vals = pd.Series(r["value"].to_numpy(dtype="float64", na_value=float("nan")))
    measures = r["indicator"].astype(str).map(lambda x: cat[x].measure).reset_index(drop=True)
    units = r["unit"].astype(str).reset_index(drop=True)
    best = pd.Series(math.inf, index=vals.index)
    for qty in q.quantities:
        ok = vals.notna()
        if qty.kind == PERCENT:
            ok &= units == "percent"
        elif qty.kind == MULTIPLE:
            ok &= measures == "ratio"
        elif qty.kind == RATE:
            ok &= measures == "rate"
        d = ((vals - qty.value).abs() / max(abs(qty.value), 1e-9)).where(ok, math.inf)
        best = best.combine(d, min)
    overall = (r["breakdown"] == "overall").reset_index(drop=True)
    order = pd.DataFrame({"d": best, "o": ~overall}).query("d < inf").sort_values(["d", "o"]).index[:SUGGESTIONS]
    return tuple(figure_of(store, r.iloc[i].to_dict()) for i in order)


def _by_words(store: Store, q: Query) -> tuple[Figure, ...]:
    """The latest figures of series whose indicator or group uses the words in the text (headline series first)."""
    p = _pool(store)
    r = resolved(store, LATEST)
    latest_rows = p[p["vintage"] == p["first"]]
    hits = latest_rows["text"].map(lambda t: sum(1 for w in q.words if w.rstrip("s") in _words(t)))
    cand = latest_rows.assign(h=hits)[hits > 0]
    if cand.empty:
        return ()
    table = store.table
    cand = cand.assign(k=[tuple(str(table.iloc[i][c]) for c in ("indicator", "breakdown", "group", "geography"))
                          for i in cand["i"]])
    cand = cand.sort_values(["h", "overall", "topic"], ascending=[False, False, True], kind="stable")
    out: list[Figure] = []
    for key in dict.fromkeys(cand["k"]):
        ind, by, group, geo = key
        s = r[(r["indicator"] == ind) & (r["breakdown"] == by) & (r["group"] == group) & (r["geography"] == geo)
              & r["value"].notna()]
        if not s.empty:
            row = max(s.to_dict("records"), key=lambda x: (period_start(x["period"]), period_end(x["period"])))
            out.append(figure_of(store, row))
        if len(out) >= SUGGESTIONS:
            break
    return tuple(out)


def _nearest_statements(store: Store, q: Query, n: int = 3) -> tuple[tuple[str, Statement], ...]:
    """The published comparisons whose stated multiple or percentage is closest to the numbers in the text."""
    scored = []
    for row in store.comparisons.to_dict("records"):
        for said in _said(str(row["words"])):
            for qty in q.quantities:
                if said.kind == qty.kind:
                    d = abs(said.value - qty.value) / max(abs(qty.value), 1e-9)
                    scored.append((d, -Tier.of(row["tier"]).rank, -period_start(str(row["period_a"])),
                                   str(row.get("row_id")), row))
    out: list[tuple[str, Statement]] = []
    seen: set[str] = set()
    for *_, rid, row in sorted(scored, key=lambda x: x[:4]):
        if rid in seen:
            continue
        seen.add(rid)
        title = store.catalogue.indicators[str(row["indicator"])].title
        pair = _pair(str(row["period_a"]), str(row["group_a"]), str(row["period_b"]), str(row["group_b"]))
        out.append((f"{title}, {pair}", Statement.from_row(row, source_of(store, row))))
        if len(out) >= n:
            break
    return tuple(out)


def _period_hits(store: Store, q: Query, limit: int) -> list[tuple[float, int, Quantity, pd.DataFrame]]:
    """A text with a period or a year and no figure: the figures published for that period, as shown now (each
    with its history), headline figures first (overall, rates, primary, maternal deaths, the catalogue's order)."""
    p = _pool(store)
    now = _current(store)
    cat = list(store.catalogue.indicators)
    order = {ind: i for i, ind in enumerate(cat)}
    wanted = set(q.periods) | {str(y) for y in q.years}
    inside = p["period"].map(lambda x: x in wanted or any(period_start(x) <= y <= period_end(x) for y in q.years))
    rows = p[inside & p["value"].notna()]
    current = rows["fkey"].map(lambda k: (v := now.get(k[:-1])) is not None and abs(v - k[-1]) < 1e-6)
    rows = rows[current]
    if q.words:
        hits = rows["text"].map(lambda t: sum(1 for w in q.words if w.rstrip("s") in _words(t)))
        rows = rows[hits > 0] if (hits > 0).any() else rows
    if rows.empty:
        return []
    ind_ids = store.table["indicator"].astype(str).to_numpy()
    scores = []
    for row in rows.itertuples(index=False):
        s = 10.0 + _context(q, row.text, row.period) + (1.0 if row.overall else 0.0) + _TIER_BONUS[Tier.of(row.tier).rank]
        s += 0.5 if row.topic == "maternal-deaths" else 0.0
        s += 0.5 if row.measure == "rate" else 0.0
        s += 1.0 if row.period in wanted else 0.0
        s -= order.get(ind_ids[row.i], len(cat)) / 1000
        scores.append(s)
    rows = rows.assign(score=scores, on="value")
    best = rows.groupby("fkey", sort=False)["score"].max().sort_values(ascending=False)
    what = ", ".join(list(q.periods) + [str(y) for y in q.years])
    qty = Quantity(NUMBER, math.nan, math.nan, math.nan, what)
    return [(float(score), 0, qty, rows[rows["fkey"] == fkey]) for fkey, score in best.head(limit * 2).items()]


# ---------------------------------------------------------------- the check


@lru_cache(maxsize=256)
def check(store: Store, text: str | None, limit: int = LIMIT, gaps: tuple[GapQuestion, ...] = ()) -> CheckResult:
    """Every published figure or comparison the text could be quoting, best first (never raises on any text).
    `gaps`: the gaps the pages answer (dashboard.content.spec), so that a pasted ratio of one is followed by what the
    pages lead with for it. Memoised per store, text and gaps: the page and its social card ask the same question."""
    q = parse(text)
    if q.problem and not q.quantities:
        hints = _by_words(store, q) if q.words else ()
        msg = q.problem + (" These figures use the words in your text:" if hints else "")
        return CheckResult(q, (), suggestions=hints, message=msg)
    candidates: list[tuple[float, int, Quantity, pd.DataFrame | dict]] = []
    for n, qty in enumerate(q.quantities):
        hits = _figure_hits(store, q, qty)
        if not hits.empty:
            best = hits.groupby("fkey", sort=False)["score"].max().sort_values(ascending=False)
            for fkey, score in best.head(limit * 2).items():
                candidates.append((float(score), n, qty, hits[hits["fkey"] == fkey]))
        candidates += [(score, n, qty, row) for score, row in _comparison_hits(store, q, qty)]
        candidates += [(score, n, qty, row) for score, row in _word_hits(store, q, qty)]
    if not q.quantities:
        candidates += _period_hits(store, q, limit)
    candidates.sort(key=lambda c: (-c[0], c[1]))
    matches: list[Match] = []
    seen: set[str] = set()
    for score, _n, qty, payload in candidates:
        if len(matches) >= limit:
            break
        if isinstance(payload, pd.DataFrame):
            m = _figure_match(store, qty, score, payload, gaps)
            key = f"{m.figure.row_id if m.figure else ''}"
        else:
            m = _comparison_match(store, qty, score, payload)
            key = str(payload.get("row_id"))
        if key not in seen:
            seen.add(key)
            matches.append(m)
    if matches:
        return CheckResult(q, tuple(matches), more=max(0, len(candidates) - len(matches)))
    if not q.quantities:
        named = " or ".join(list(q.periods) + [str(y) for y in q.years])
        hints = _by_words(store, q) if q.words else ()
        return CheckResult(q, (), suggestions=hints,
                           message=f"No published figure in this dashboard is for {named}."
                                   + (" These figures use the words in your text:" if hints else ""))
    readings = ", ".join(qt.meaning for qt in q.quantities)
    nearest = _nearest_statements(store, q)
    return CheckResult(q, (), suggestions=_nearest(store, q), statements=nearest,
                       message=f"No published figure in this dashboard matches {readings}. The nearest published "
                               f"figures{' and statements' if nearest else ''} are listed below.")


def match_headline(m: Match) -> str:
    """The best match in one sentence with its number, period and publication (for a card or a heading)."""
    if m.figure is not None:
        f = m.figure
        who = "" if f.group == "All" else f", {f.group}"
        text = f"{f.indicator.title}{who}, {f.period}: {f.value_text}, first published in {_when(f)}."
        if m.current is not None:
            text += f" Revised to {m.current.short} in {_when(m.current)}."
        return assert_safe(text)
    s = m.statement
    assert s is not None
    return assert_safe(f"{m.indicator_title}, {m.pair}: \"{s.words}\" ({s.source.publication}, "
                       f"{date_words(s.source.published_date)}; {s.source.tier_label.lower()}).")


def how_read(qty: Quantity, original: str | None = None) -> str:
    """The sentence that says how a phrase was understood ('We read "one in five" as 20%.')."""
    words = (original or qty.phrase).strip()
    if len(words) > 60:
        words = qty.phrase
    if words == qty.meaning:
        return assert_safe(f"We looked for {qty.meaning}.")
    # the reader's own words are quoted back, not written by us: only our part of the sentence is checked
    return assert_safe("We read \"{}\" as " + qty.meaning + ".").format(words)


__all__ = ["COMPARISON", "FIGURE", "CheckResult", "Match", "check", "how_read", "match_headline", "number"]
