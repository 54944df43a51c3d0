"""What changed between two editions: revised figures, new periods, newly published breakdowns and indicators,
and comparisons whose significance changed.

An edition is a vintage (YYYY-MM, the month a publication came out). changes(store, from, to) compares the store
as known after edition `from` with the store as known after edition `to` (dashboard.data.query.resolved):
- a revision is a figure present in both with a different value (a later publication that only restates an older
  value is not a revision: the resolution rule of the data layer);
- a new period is a figure of a series (indicator and breakdown) that already had figures;
- a new breakdown is an indicator's breakdown with no figures before; a new indicator had no figures at all;
- significance: each published comparison that came out in between, and each comparison whose figures were revised,
  is decided as of both editions (dashboard.model.compare, through select.compare_periods/compare_groups); those
  whose answer changed are listed, with the sentence the site now shows.
Pure: the page (dashboard/web/changes.py) only renders the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from dashboard.cache import DiskMemo
from dashboard.data.catalogue import Indicator
from dashboard.data.load import Store
from dashboard.data.query import period_end, period_start, resolved
from dashboard.data.schema import SERIES_KEY
from dashboard.model.compare import NOT_STATED, SIGNIFICANT, Verdict
from dashboard.model.figure import Figure, date_words, number, present
from dashboard.model.links import ExploreLink
from dashboard.model.select import compare_groups, compare_periods, figure_of, previous
from dashboard.model.select import latest as series_of
from dashboard.model.words import compare_sentences, verdict_sentence
from dashboard.text.safety import assert_safe

MAX_SHOWN = 12  # figures listed per new series (the rest are counted)
_TIER = {"primary": 2, "official": 1, "secondary": 0}
SIGNIFICANCE_WORDS = {SIGNIFICANT: "statistically significant", "not-significant": "not statistically significant",
                      NOT_STATED: "no test possible"}


class EditionError(ValueError):
    """An edition that does not exist (status 404: the message lists the ones that do), or two that cannot be
    compared (status 400)."""

    def __init__(self, message: str, status: int = 404) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Revision:
    old: Figure
    new: Figure
    sentence: str
    explore: ExploreLink

    @property
    def difference(self) -> float:
        assert self.old.value is not None and self.new.value is not None
        return self.new.value - self.old.value


@dataclass(frozen=True)
class NewSeries:
    """New figures of one indicator and breakdown: new periods of a known series, or a newly published breakdown."""

    indicator: Indicator
    breakdown: str
    label: str
    periods: tuple[str, ...]
    groups: tuple[str, ...]
    figures: tuple[Figure, ...]          # up to MAX_SHOWN, newest period first
    count: int
    sentences: tuple[str, ...]           # the verdict on the newest period, for an overall series
    explore: ExploreLink


@dataclass(frozen=True)
class SignificanceChange:
    title: str                           # 'Maternal mortality rate: 2019-21 against 2018-20'
    before: Verdict | None
    after: Verdict
    reason: str                          # why it changed
    sentence: str                        # what the site says now
    explore: ExploreLink
    published: str = ""                  # the source's own words, for a comparison published in between

    @property
    def before_words(self) -> str:
        if self.before is None:
            return "not yet published"
        return SIGNIFICANCE_WORDS[self.before.significance]

    @property
    def after_words(self) -> str:
        return SIGNIFICANCE_WORDS[self.after.significance]


@dataclass(frozen=True)
class Edition:
    vintage: str
    words: str
    publications: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    start: Edition
    end: Edition
    publications: tuple[str, ...]        # what came out after `start`, up to and including `end`
    revisions: tuple[Revision, ...]
    new_periods: tuple[NewSeries, ...]
    new_breakdowns: tuple[NewSeries, ...]
    new_indicators: tuple[NewSeries, ...]
    significance: tuple[SignificanceChange, ...]
    new_comparisons: tuple[SignificanceChange, ...]   # published in between, answer unchanged or first answer
    notices: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not (self.revisions or self.new_periods or self.new_breakdowns or self.new_indicators
                    or self.significance or self.new_comparisons)


# ---------------------------------------------------------------- first publication (one rule for every page)


@lru_cache(maxsize=4)
def _firsts(store: Store) -> dict[tuple, dict]:
    """For every figure and value: the row of its first publication (the data layer's rule: the earliest edition
    that printed this value for this figure; within that edition, the highest tier, then the earliest date)."""
    t = store.table
    value = t["value"].to_numpy(dtype="float64", na_value=float("nan"))
    out: dict[tuple, dict] = {}
    rows = t.assign(_v=pd.Series(value, index=t.index).round(6)).to_dict("records")
    for r in rows:
        if r["_v"] != r["_v"]:
            continue
        k = (*(str(r[c]) for c in SERIES_KEY), float(r["_v"]))
        rank = (str(r["vintage"]), -_TIER.get(str(r["tier"]), 0), str(r["published_date"]))
        if k not in out or rank < out[k][0]:
            out[k] = (rank, r)
    return {k: {c: v for c, v in r.items() if c != "_v"} for k, (_rank, r) in out.items()}


def first_published(store: Store, f: Figure) -> Figure:
    """The figure as first published: the same figure and value in the earliest publication that printed it. The
    checker, /changes and the API (first_publication) all answer 'when did this number first appear' with this
    rule."""
    if f.value is None:
        return f
    row = _firsts(store).get((f.indicator.id, f.period, f.breakdown, f.group, f.geography, round(float(f.value), 6)))
    return figure_of(store, row) if row is not None else f


def first_publication(store: Store, row: dict) -> dict | None:
    """Where a figure row's value first appeared (publication, date, edition, tier, address), by the same rule as
    first_published: for the API, whose rows name the publication the value is shown from now."""
    v = row.get("value")
    if not present(v):
        return None
    first = _firsts(store).get((*(str(row[c]) for c in SERIES_KEY), round(float(v), 6)))
    if first is None:
        return None
    return {"publication": str(first["publication"]), "published_date": str(first["published_date"]),
            "edition": str(first["vintage"]), "tier": str(first["tier"]), "source_url": str(first["source_url"])}


# ---------------------------------------------------------------- editions


@lru_cache(maxsize=4)
def editions(store: Store) -> tuple[Edition, ...]:
    """Every edition, oldest first, with the publications that came out then."""
    out = []
    for vintage, rows in store.table.groupby("vintage", sort=True):
        out.append(Edition(str(vintage), date_words(str(vintage)),
                           tuple(sorted(set(rows["publication"].astype(str))))))
    return tuple(out)


def _edition(store: Store, value: str, role: str) -> Edition:
    known = {e.vintage: e for e in editions(store)}
    if value not in known:
        listed = ", ".join(e.vintage for e in reversed(editions(store)))
        raise EditionError(f"There is no edition '{value[:20]}' (the {role} edition). Editions are written YYYY-MM, "
                           f"the month a publication came out: {listed}.")
    return known[value]


def _indicator_edition(store: Store, indicator: str, end: str) -> str:
    """The newest edition of this indicator up to `end` (what Explore accepts as its edition)."""
    t = store.table
    v = t.loc[(t["indicator"] == indicator) & (t["vintage"] <= end), "vintage"]
    return str(v.max()) if len(v) else end


def _explore(store: Store, indicator: str, breakdown: str, groups: tuple[str, ...], end: str,
             period_from: str | None = None, period_to: str | None = None) -> ExploreLink:
    """The Explore view of a changed figure, at the edition of its indicator as of `end`."""
    return ExploreLink(indicator, breakdown, groups, _indicator_edition(store, indicator, end), period_from, period_to)


# ---------------------------------------------------------------- the comparison


def _keyed(df: pd.DataFrame) -> pd.DataFrame:
    df = df[df["value"].notna()]
    return df.set_index(list(SERIES_KEY), drop=False)


def _revisions(store: Store, before: pd.DataFrame, after: pd.DataFrame, end: str) -> list[Revision]:
    key = list(SERIES_KEY)
    both = before.reset_index(drop=True).merge(after.reset_index(drop=True), on=key, suffixes=("_a", "_b"))
    va = both["value_a"].to_numpy(dtype="float64", na_value=float("nan"))
    vb = both["value_b"].to_numpy(dtype="float64", na_value=float("nan"))
    both = both[abs(va - vb) > 1e-9]
    cols = [c for c in before.columns if c not in key]
    out = []
    for row in both.to_dict("records"):
        a = {**{k: row[k] for k in key}, **{c: row[f"{c}_a"] for c in cols}}
        b = {**{k: row[k] for k in key}, **{c: row[f"{c}_b"] for c in cols}}
        old, new = first_published(store, figure_of(store, a)), first_published(store, figure_of(store, b))
        assert old.value is not None and new.value is not None
        diff = new.value - old.value
        dec = max(old.decimals, new.decimals)
        unit = f" {new.unit_text}" if new.unit_text else ("" if new.indicator.unit != "percent" else " percentage points")
        sign = "+" if diff > 0 else "-"
        label = new.indicator.title + ("" if new.group == "All" else f", {new.group}")
        sentence = assert_safe(
            f"{label}, {new.period} ({new.geography}): {old.short} in {old.source.publication} "
            f"({date_words(old.source.published_date)}) was revised to {new.short} in {new.source.publication} "
            f"({date_words(new.source.published_date)}), a difference of {sign}{number(abs(diff), dec)}{unit}.")
        groups = () if new.group == "All" else (new.group,)
        out.append(Revision(old, new, sentence, _explore(store, new.indicator.id, new.breakdown, groups, end)))
    return sorted(out, key=lambda r: (r.new.indicator.topic, r.new.indicator.id, r.new.breakdown, r.new.group,
                                      period_start(r.new.period)))


def _series(store: Store, rows: pd.DataFrame, end: str, with_verdict: bool) -> list[NewSeries]:
    out = []
    cat = store.catalogue.indicators
    for (ind_id, by), part in rows.groupby(["indicator", "breakdown"], sort=True):
        ind = cat[str(ind_id)]
        part = part.assign(_p=part["period"].map(period_start), _e=part["period"].map(period_end))
        part = part.sort_values(["_p", "_e", "group"], ascending=[False, False, True], kind="stable")
        figs = [figure_of(store, r) for r in part.head(MAX_SHOWN).to_dict("records")]
        periods = tuple(sorted(set(part["period"].astype(str)), key=lambda p: (period_start(p), period_end(p))))
        groups = tuple(sorted(set(part["group"].astype(str))))
        sentences: tuple[str, ...] = ()
        if with_verdict and by == "overall" and figs:
            newest = figs[0]
            series = [f for f in series_of(store, ind.id, "overall", newest.group, end) if f.geography == newest.geography]
            before = previous(series, newest)
            if before is not None:
                sentences = tuple(compare_sentences(compare_periods(store, newest, before, end)))
        label = "All" if by == "overall" else ind.breakdown_label(str(by))
        shown_groups = () if by == "overall" else groups[:4]
        out.append(NewSeries(ind, str(by), label, periods, groups, tuple(figs), len(part), sentences,
                             _explore(store, ind.id, str(by), shown_groups, end)))
    return sorted(out, key=lambda s: (s.indicator.topic, s.indicator.id, s.breakdown != "overall", s.breakdown))


def _figure_at(store: Store, edition: str, indicator: str, breakdown: str, period: str, group: str,
               geography: str | None) -> Figure | None:
    r = resolved(store, edition)
    hit = r[(r["indicator"] == indicator) & (r["breakdown"] == breakdown) & (r["period"] == period)
            & (r["group"] == group) & r["value"].notna()]
    if geography is not None and (hit["geography"] == geography).any():
        hit = hit[hit["geography"] == geography]
    return figure_of(store, hit.iloc[0].to_dict()) if not hit.empty else None


def _verdict_at(store: Store, edition: str, pair: tuple[str, str, str, str, str, str, str | None]) -> Verdict | None:
    ind, by, pa, ga, pb, gb, geo = pair
    a = _figure_at(store, edition, ind, by, pa, ga, geo)
    b = _figure_at(store, edition, ind, by, pb, gb, geo)
    if a is None or b is None:
        return None
    return compare_periods(store, a, b, edition) if ga == gb else compare_groups(store, a, b, edition)


def _pair_title(store: Store, pair: tuple) -> str:
    ind, _by, pa, ga, pb, gb, _geo = pair
    title = store.catalogue.indicators[ind].title
    if ga == gb:
        return f"{title}{'' if ga == 'All' else ', ' + ga}: {pa} against {pb}"
    return f"{title}: {ga} against {gb}, {pa}" + (f" and {pb}" if pa != pb else "")


def _significance(store: Store, start: str, end: str, revised: list[Revision]) -> tuple[list, list]:
    c = store.comparisons
    pairs: dict[tuple, str] = {}
    said: dict[tuple, str] = {}
    published = c[(c["vintage"] > start) & (c["vintage"] <= end) & ~c["excludes_covid"]]
    for r in published.to_dict("records"):
        pair = (str(r["indicator"]), str(r["breakdown"]), str(r["period_a"]), str(r["group_a"]),
                str(r["period_b"]), str(r["group_b"]), str(r["geography"]))
        pairs.setdefault(pair, f"{r['publication']} published a comparison")
        said.setdefault(pair, assert_safe(f"{r['publication']} says \"{r['words']}\"."))
    for rev in revised:  # a revised figure can change the answer for the periods either side of it
        f = rev.new
        known = c[(c["indicator"] == f.indicator.id) & (c["breakdown"] == f.breakdown) & (c["vintage"] <= end)
                  & ((c["period_a"] == f.period) | (c["period_b"] == f.period))]
        for r in known.to_dict("records"):
            pairs.setdefault((str(r["indicator"]), str(r["breakdown"]), str(r["period_a"]), str(r["group_a"]),
                              str(r["period_b"]), str(r["group_b"]), str(r["geography"])),
                             f"the {f.period} figure was revised")
        series = [x for x in series_of(store, f.indicator.id, f.breakdown, f.group, end) if x.geography == f.geography]
        before = previous(series, f)
        if before is not None:
            pairs.setdefault((f.indicator.id, f.breakdown, f.period, f.group, before.period, f.group, f.geography),
                             f"the {f.period} figure was revised")
    changed, new = [], []
    for pair, reason in pairs.items():
        after = _verdict_at(store, end, pair)
        if after is None:
            continue
        before = _verdict_at(store, start, pair)
        ind, by, pa, ga, pb, gb, _geo = pair
        groups = tuple(dict.fromkeys(g for g in (ga, gb) if g != "All"))
        first, last = sorted((pa, pb), key=period_start)
        item = SignificanceChange(_pair_title(store, pair), before, after, reason, verdict_sentence(after),
                                  _explore(store, ind, by, groups, end, first, last), said.get(pair, ""))
        if before is not None and (before.significance, before.method) != (after.significance, after.method):
            changed.append(item)
        elif before is None or before.significance != after.significance:
            (new if reason.endswith("published a comparison") else changed).append(item)
        elif reason.endswith("published a comparison"):
            new.append(item)
    return changed, new


_disk: DiskMemo | None = None


def keep_on_disk(memo: DiskMemo | None) -> None:
    """Keep every comparison made from now on in `memo` (stamped with the fingerprint of the code that makes it),
    and read it back from there on a restart with the same data; None stops it."""
    global _disk
    _disk = memo
    changes.cache_clear()


@lru_cache(maxsize=32)
def changes(store: Store, start: str | None = None, end: str | None = None) -> Changes:
    """What changed after edition `start`, up to and including edition `end` (default: the latest and the one
    before it). Raises EditionError for an edition that does not exist (nothing is kept for it)."""
    disk = _disk
    if disk is None:
        return _changes(store, start, end)
    return disk.get_or_make(("changes", store.content_hash, start, end), Changes,
                            lambda: _changes(store, start, end))


def _changes(store: Store, start: str | None, end: str | None) -> Changes:
    eds = editions(store)
    notices = []
    end_ed = _edition(store, end, "later") if end else eds[-1]
    if start:
        start_ed = _edition(store, start, "earlier")
    else:
        earlier = [e for e in eds if e.vintage < end_ed.vintage]
        if not earlier:
            raise EditionError(f"{end_ed.words} is the first edition: there is nothing before it to compare with.", 400)
        start_ed = earlier[-1]
    if start_ed.vintage == end_ed.vintage:
        raise EditionError("Choose two different editions to compare.", 400)
    if start_ed.vintage > end_ed.vintage:
        start_ed, end_ed = end_ed, start_ed
        notices.append("The earlier edition came second, so the two were swapped.")
    a, b = start_ed.vintage, end_ed.vintage
    before, after = _keyed(resolved(store, a)), _keyed(resolved(store, b))
    revisions = _revisions(store, before, after, b)
    added = after.loc[after.index.difference(before.index)].reset_index(drop=True)
    had_ind = set(before["indicator"].astype(str))
    had_series = set(zip(before["indicator"].astype(str), before["breakdown"].astype(str)))
    keys = list(zip(added["indicator"].astype(str), added["breakdown"].astype(str)))
    is_new_ind = added["indicator"].astype(str).map(lambda i: i not in had_ind)
    is_new_series = pd.Series([k not in had_series for k in keys], index=added.index)
    new_periods = _series(store, added[~is_new_series], b, with_verdict=True)
    new_breakdowns = _series(store, added[is_new_series & ~is_new_ind], b, with_verdict=False)
    new_indicators = _series(store, added[is_new_ind], b, with_verdict=False)
    changed, new_comparisons = _significance(store, a, b, revisions)
    pubs = tuple(p for e in editions(store) if a < e.vintage <= b for p in e.publications)
    return Changes(start_ed, end_ed, pubs, tuple(revisions), tuple(new_periods), tuple(new_breakdowns),
                   tuple(new_indicators), tuple(changed), tuple(new_comparisons), tuple(notices))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def changes_headline(c: Changes) -> str:
    """What is new in the later edition, counted, in one sentence (for a card or the top of the page)."""
    periods = sum(len(s.periods) for s in c.new_periods)
    parts = [_count(periods, "new period", "new periods") + " in series already published",
             _count(len(c.revisions), "figure revised", "figures revised"),
             _count(len(c.new_breakdowns) + len(c.new_indicators), "new series", "new series"),
             _count(len(c.significance), "comparison with a changed answer", "comparisons with a changed answer")]
    return assert_safe(f"New in {c.end.words}, against {c.start.words}: " + ", ".join(parts[:-1]) + " and "
                       + parts[-1] + ".")


@dataclass(frozen=True)
class Release:
    """One edition as a release: when, what came out, and (from the second on) what is new in it."""

    edition: Edition
    previous: Edition | None
    name: str                            # the release's name: its first primary publication, else its first
    summary: str                         # changes_headline against the edition before, or what it first published


def _release_name(store: Store, e: Edition) -> str:
    t = store.table
    rows = t[t["vintage"] == e.vintage]
    primary = sorted(set(rows.loc[rows["tier"] == "primary", "publication"].astype(str)))
    return (primary or list(e.publications))[0]


@lru_cache(maxsize=4)
def releases(store: Store) -> tuple[Release, ...]:
    """Every release, newest first (the Atom feed and the home page's 'New:' link)."""
    eds = editions(store)
    out = []
    for i, e in enumerate(eds):
        prev = eds[i - 1] if i else None
        if prev is None:
            summary = assert_safe(f"The first edition in this dashboard: {'; '.join(e.publications)}.")
        else:
            summary = changes_headline(changes(store, prev.vintage, e.vintage))
        out.append(Release(e, prev, _release_name(store, e), summary))
    return tuple(reversed(out))
