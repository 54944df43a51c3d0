"""Progress against a national ambition (datasets/ambitions.yaml), in one sentence and one reference line.

progress(store, indicator, edition) is what every page calls (Explore's view, the home page headline):

- the baseline is the ambition's published baseline figure. It is *comparable* when the indicator's own series
  has a figure for that period with the same value (within the printed rounding); only then is the latest figure
  measured against it and the target drawn on the chart. Otherwise the ambition is stated with its baseline and
  the page says the two are different measures.
- the difference between the latest figure and the baseline is the source's own published comparison
  (datasets/curated/comparisons.csv) where one exists, else calculated here and labelled so;
- the target is the source's printed target where the ambition file gives one, else baseline x (1 - reduction),
  labelled "calculated".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dashboard.data.catalogue import Ambition
from dashboard.data.load import Store
from dashboard.data.metadata import AmbitionSource
from dashboard.data.query import LATEST, period_start
from dashboard.data.schema import vintage_of
from dashboard.data.validate import decimals_of
from dashboard.model.compare import HIGHER, LOWER, Statement, rank
from dashboard.model.figure import Figure, Source, number, source_from_row
from dashboard.model.select import latest as series_of
from dashboard.model.select import statements
from dashboard.text.safety import assert_safe

CALCULATED_LABEL = "calculated by this dashboard"


@dataclass(frozen=True)
class Change:
    """How far the latest figure is from the baseline, in percent (rounded as published or to a whole number)."""

    percent: float
    direction: str                      # HIGHER, LOWER or 'same'
    statement: Statement | None         # the source's published comparison, when it gave one

    @property
    def published(self) -> bool:
        return self.statement is not None

    @property
    def words(self) -> str:
        """'20% above', '3% below', 'the same as'."""
        if self.direction == "same":
            return "the same as"
        return f"{number(abs(self.percent), 0)}% {'above' if self.direction == HIGHER else 'below'}"


@dataclass(frozen=True)
class Target:
    """The ambition's target as a value and its label (a chart draws it as a reference line)."""

    value: float
    label: str


@dataclass(frozen=True)
class Progress:
    ambition: Ambition
    statement: Source               # the primary statement of the ambition: what the page cites
    baseline_source: Source
    baseline: Figure | None         # the baseline as a figure of the series (None when it is another measure)
    latest: Figure | None           # the figure measured against the baseline (None when not comparable)
    change: Change | None
    target: float
    target_published: bool
    target_text: str                # 'about 5.3' (calculated) or '5.3' (printed by the source)
    sentences: tuple[str, ...]
    ref: Target | None              # the target, labelled, for the series' chart (comparable only)

    @property
    def comparable(self) -> bool:
        return self.baseline is not None


def _source(src: AmbitionSource, store: Store) -> Source:
    return source_from_row(src.model_dump(), store.catalogue.sources)


def _baseline_figure(store: Store, a: Ambition, edition: str) -> Figure | None:
    """The series' own figure for the baseline period when it is the same number (within the printed rounding)."""
    decimals = decimals_of(repr(a.baseline.value))
    tolerance = 0.5 * 10 ** -decimals + 1e-9
    for f in series_of(store, a.indicator, edition=edition):
        if f.period == a.baseline.period and f.value is not None and abs(f.value - a.baseline.value) <= tolerance:
            return f
    return None


def _published_change(store: Store, latest: Figure, base: Figure, edition: str) -> Statement | None:
    found = [s for s in statements(store, latest.indicator.id, latest.breakdown, latest.period, latest.group,
                                   base.period, base.group, edition)
             if s.percent_change is not None and not s.excludes_covid]
    return max(found, key=rank) if found else None


def change_between(store: Store, latest: Figure, base: Figure, edition: str = LATEST) -> Change:
    """The percentage difference: the source's published one first, else calculated from the two figures."""
    s = _published_change(store, latest, base, edition)
    if s is not None:
        assert s.percent_change is not None
        direction = "same" if s.percent_change == 0 else (HIGHER if s.percent_change > 0 else LOWER)
        return Change(s.percent_change, direction, s)
    assert latest.value is not None and base.value is not None
    pct = round((latest.value - base.value) / base.value * 100)
    return Change(float(pct), "same" if pct == 0 else HIGHER if pct > 0 else LOWER, None)


def _target(a: Ambition, decimals: int) -> tuple[float, bool, str]:
    """The target, whether a source printed it, and how it is written (one decimal fewer than the baseline when
    calculated, rounded half up: 5.1 halved is 'about 2.6')."""
    if a.target_value is not None:
        return a.target_value, True, number(a.target_value, decimals_of(repr(a.target_value)))
    exact = Decimal(repr(a.baseline.value)) * (1 - Decimal(repr(a.reduction_percent)) / 100)
    shown = exact.quantize(Decimal(1).scaleb(-max(1, decimals - 1)), rounding=ROUND_HALF_UP)
    return float(exact), False, f"about {number(float(shown), max(1, decimals - 1))}"


def _aim(a: Ambition, target_text: str) -> str:
    """'halve it to about 5.3 by 2025'; 'reduce it by 20% to about 8.5 by 2020'."""
    verb = "halve it" if a.reduction_percent == 50 else f"reduce it by {number(a.reduction_percent, 0)}%"
    return f"{verb} to {target_text} by {a.target_year}"


def _origin(a: Ambition, shown_geography: str | None) -> str:
    """'Set by: <body>, for England, in 2015 (first with 2030 as the target year).'"""
    first = f" (first with {a.originally_target_year} as the target year)" if a.originally_target_year else ""
    text = f"Set by: {a.set_by}, for {a.geography}, in {a.announced[:4]}{first}."
    if shown_geography and shown_geography != a.geography:
        text += f" The figures here are for the {shown_geography}."
    return text


def _label_sentence(change: Change | None, target_published: bool, target_text: str, a: Ambition,
                    base_period: str) -> str:
    parts = []
    if change is not None and change.statement is not None:
        s = change.statement.source
        parts.append(f"The {change.words.split(' ')[0]} is {s.producer_name}'s own figure ({s.publication})")
    elif change is not None and change.direction != "same":
        parts.append(f"The {change.words.split(' ')[0]} was {CALCULATED_LABEL} from the two published rates")
    if target_published:
        parts.append(f"the target of {target_text} is printed by the source")
    else:
        how = "half" if a.reduction_percent == 50 else f"{number(100 - a.reduction_percent, 0)}%"
        parts.append(f"the target of {target_text} was {CALCULATED_LABEL} as {how} of the {base_period} figure")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def progress(store: Store, indicator: str, edition: str = LATEST, latest: Figure | None = None) -> Progress | None:
    """Progress of an indicator against its national ambition, as known at an edition (None: no ambition then).

    `latest` is the figure to measure (a view's last figure); by default the newest figure of the overall series.
    """
    a = store.catalogue.ambition(indicator)
    if a is None or (edition != LATEST and vintage_of(a.statement.published_date) > edition):
        return None
    statement, base_source = _source(a.statement, store), _source(a.baseline, store)
    base = _baseline_figure(store, a, edition)
    decimals = base.decimals if base is not None else decimals_of(repr(a.baseline.value))
    target, published, target_text = _target(a, decimals)
    if base is None:  # the baseline is another measure: state the ambition, draw nothing, compare nothing
        first = assert_safe(
            f"The ambition was to {a.words}: from {number(a.baseline.value, decimals)} in {a.baseline.period} "
            f"({a.geography}) to {target_text}"
            f"{'' if published else ' (' + CALCULATED_LABEL + ')'}.")
        second = assert_safe("That baseline is a different measure from the figures shown here, so progress is not "
                             "calculated and the target is not drawn.")
        return Progress(a, statement, base_source, None, None, None, target, published, target_text,
                        (first, second, assert_safe(_origin(a, None))), None)
    series = series_of(store, indicator, edition=edition)
    if latest is None:
        latest = series[-1] if series else None
    if latest is not None and (latest.value is None or period_start(latest.period) <= period_start(base.period)):
        latest = None
    change = change_between(store, latest, base, edition) if latest is not None else None
    aim = _aim(a, target_text)
    if latest is not None and change is not None:
        first = (f"{latest.period} was {latest.value_text}, {change.words} {base.period} ({base.number}); "
                 f"the ambition was to {aim}.")
    else:
        first = f"In {base.period} the figure was {base.value_text}; the ambition was to {aim}."
    sentences = (assert_safe(first),
                 assert_safe(_label_sentence(change, published, target_text, a, base.period)),
                 assert_safe(_origin(a, base.geography)))
    label = f"Ambition for {a.target_year}: {target_text}" + ("" if published else " (calculated)")
    return Progress(a, statement, base_source, base, latest, change, target, published, target_text, sentences,
                    Target(target, label))
