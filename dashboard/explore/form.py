"""Explore's form as data (what each control offers and which option is chosen), and the form back to a view.

Pure functions. `controls(store, state)` describes the native controls the template `_explore_form.html` draws;
`form_query(fields, store)` turns the submitted fields (a GET without JavaScript, or the fields Dash's callback
receives) into the canonical query of the nearest valid view, with notices for anything that had to change.

The form carries the canonical query of the view it was drawn for (`prev`), so a change is known by comparing:
a new indicator starts afresh (only the confidence-interval setting is kept); another version of the same
indicator (e.g. excluding COVID-19 deaths) keeps every choice that is valid for it (breakdown, groups, periods,
measure, edition); a new breakdown drops the groups and periods, which belong to the old breakdown; a group ticked
beyond the most a view may show is kept, and the groups listed last make way for it (the notice names them).
So one change never produces a notice, except when groups had to make way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.data.load import Store
from dashboard.data.metadata import TOPIC_LABELS
from dashboard.data.query import LATEST, breakdowns, editions, groups, periods
from dashboard.explore.state import ViewState, group_list, max_groups, parse, quoted_list, to_query
from dashboard.explore.view import ratio_indicator, variants

MAX_FIELDS = 20          # distinct field names kept from a submitted form
MAX_VALUES = 60          # values kept per field (a breakdown has fewer groups than this)
MAX_VALUE_LEN = 200      # longer values are junk (the URL parser rejects them too)
TRUE = ("1", "on", "true", "yes")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool = False


@dataclass(frozen=True)
class OptionGroup:
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Controls:
    """Every control of the form for one view, with the current choice marked."""

    indicators: tuple[OptionGroup, ...]         # by topic; a family of variants shows as its main series
    variants: tuple[Option, ...]                # empty when the indicator has no variants
    breakdowns: tuple[Option, ...]
    groups: tuple[Option, ...]                  # checkboxes; empty when the breakdown has one group
    periods_from: tuple[Option, ...]            # "" = earliest
    periods_to: tuple[Option, ...]              # "" = latest
    measures: tuple[Option, ...]                # empty when no published ratio exists for this breakdown
    ci: bool
    editions: tuple[Option, ...]
    prev: str                                   # the canonical query of the view the form was drawn for
    max_groups: int                             # the most groups one view of this breakdown may show


def controls(store: Store, state: ViewState) -> Controls:
    inds = store.catalogue.indicators
    ind = inds[state.indicator]
    current = ind.variant_of or ind.id
    by_topic: dict[str, list[Option]] = {}
    for i in inds.values():
        if not i.variant_of:
            by_topic.setdefault(i.topic, []).append(Option(i.id, i.title, i.id == current))
    indicator_groups = tuple(OptionGroup(TOPIC_LABELS.get(t, t), tuple(opts)) for t, opts in by_topic.items())
    family = variants(store, state.indicator)
    variant_opts = tuple(Option(i.id, i.variant_label if i.variant_of else "Main series", i.id == state.indicator)
                         for i in family) if len(family) > 1 else ()
    bds = tuple(Option(b, "Overall" if b == "overall" else ind.breakdown_label(b), b == state.breakdown)
                for b in breakdowns(store, state.indicator))
    all_groups = groups(store, state.indicator, state.breakdown)
    group_opts = tuple(Option(g, g, g in state.groups) for g in all_groups) if len(all_groups) > 1 else ()
    pers = periods(store, state.indicator, state.breakdown)
    if state.period_from and state.period_from not in pers:  # a ratio-only period (measure=ratio)
        pers = [state.period_from, *pers]
    if state.period_to and state.period_to not in pers:
        pers = [*pers, state.period_to]
    p_from: tuple[Option, ...] = ()
    p_to: tuple[Option, ...] = ()
    if len(pers) > 1:
        p_from = (Option("", "Earliest", not state.period_from),) + tuple(
            Option(p, p, p == state.period_from) for p in pers)
        p_to = (Option("", "Latest", not state.period_to),) + tuple(Option(p, p, p == state.period_to) for p in pers)
    measures: tuple[Option, ...] = ()
    if ind.measure != "ratio" and ratio_indicator(store, state.indicator, state.breakdown):
        measures = (Option("value", "Figures", state.measure == "value"),
                    Option("ratio", "Ratio to the reference group", state.measure == "ratio"))
        if state.measure == "ratio":  # the published ratios are shown as published: groups are not chosen
            group_opts = ()
    seen: dict[str, str] = {}
    for vintage, pub in editions(store, state.indicator):
        seen[vintage] = f"{seen[vintage]}; {pub}" if vintage in seen else pub
    eds = (Option(LATEST, "Latest figures", state.edition == LATEST),) + tuple(
        Option(v, f"As known in {v}: {p}", v == state.edition) for v, p in seen.items())
    return Controls(indicators=indicator_groups, variants=variant_opts, breakdowns=bds, groups=group_opts,
                    periods_from=p_from, periods_to=p_to, measures=measures, ci=state.ci, editions=eds,
                    prev=to_query(state, store), max_groups=max_groups(store, state.indicator, state.breakdown))


# ---------------------------------------------------------------- the form back to a view


def clean_fields(raw: Any) -> dict[str, list[str]]:
    """Any submitted value as {name: [values]}: strings only, bounded; anything else is dropped."""
    if not isinstance(raw, Mapping):
        return {}
    out: dict[str, list[str]] = {}
    for key, value in list(raw.items())[: MAX_FIELDS * 5]:
        if not isinstance(key, str) or len(out) >= MAX_FIELDS:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        kept = [str(v).strip() for v in values[:MAX_VALUES]
                if isinstance(v, (str, int, float)) and not isinstance(v, bool) and len(str(v)) <= MAX_VALUE_LEN]
        out[key[:40]] = [v for v in kept if v]
    return out


def _first(q: Mapping[str, list[str]], key: str) -> str | None:
    vals = q.get(key) or []
    return vals[0] if vals else None


def is_form(args: Mapping[str, Any]) -> bool:
    """A query string that came from submitting the form (it carries the view it was drawn for)."""
    return "prev" in args


def _kept_for(store: Store, variant: str, q: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The form's choices that are valid for another version of the indicator (the others are dropped silently:
    the reader changed the version, not them)."""
    out: dict[str, list[str]] = {"ind": [variant]}
    by = _first(q, "by")
    if by not in breakdowns(store, variant):
        return out
    out["by"] = [by]
    valid_groups = groups(store, variant, by)
    chosen = [g for g in group_list(q.get("groups") or []) if g in valid_groups]
    if chosen:
        out["groups"] = ["|".join(chosen)]
    valid_periods = periods(store, variant, by)
    for key in ("from", "to"):
        if _first(q, key) in valid_periods:
            out[key] = [_first(q, key) or ""]
    if _first(q, "measure") == "ratio" and ratio_indicator(store, variant, by):
        out["measure"] = ["ratio"]
    if _first(q, "edition") in {v for v, _ in editions(store, variant)}:
        out["edition"] = [_first(q, "edition") or ""]
    return out


def _groups_in_order(store: Store, prev: ViewState, by: str, ticked: list[str]) -> tuple[list[str], list[str]]:
    """The ticked groups, the newly ticked ones always kept: beyond the most a view may show, the groups the view
    listed last make way (the first is the reference group comparisons are made against). Returns (the groups in
    the order they were ticked, the groups that made way)."""
    most = max_groups(store, prev.indicator, by)
    if len(ticked) <= most:
        return ticked, []
    new = [g for g in ticked if g not in prev.groups]
    old = [g for g in prev.groups if g in ticked]       # the order they were shown in
    keep = set(new[:most]) | set(old[:max(0, most - len(new))])
    return [g for g in ticked if g in keep], [g for g in ticked if g not in keep]


def form_query(raw: Any, store: Store) -> tuple[str, list[str]]:
    """The canonical query for the form's fields (pure), and notices for what had to change."""
    q = clean_fields(raw)
    prev, _ = parse(_first(q, "prev") or "", store)
    inds = store.catalogue.indicators
    prev_base = inds[prev.indicator].variant_of or prev.indicator
    ind, variant = _first(q, "ind"), _first(q, "variant")
    out: dict[str, list[str]] = {}
    notices: list[str] = []
    if ind is not None and ind != prev_base:
        out["ind"] = [ind]                            # a new indicator: start afresh
    elif variant is not None and variant != prev.indicator and variant in inds:
        out = _kept_for(store, variant, q)            # another version of the same indicator
    else:
        out["ind"] = [prev.indicator]
        by = _first(q, "by") or prev.breakdown
        out["by"] = [by]
        if by == prev.breakdown:                      # a new breakdown drops the old one's groups and periods
            ticked = group_list(q.get("groups") or [])
            shown, dropped = _groups_in_order(store, prev, by, ticked)
            if dropped:
                notices.append(f"Groups: a chart of this breakdown shows at most {len(shown)} groups, so "
                               f"{quoted_list(dropped)} made way for the one you ticked.")
            if shown:
                out["groups"] = ["|".join(shown)]
            for key in ("from", "to"):
                if _first(q, key):
                    out[key] = [_first(q, key) or ""]
        for key in ("measure", "edition"):
            if _first(q, key):
                out[key] = [_first(q, key) or ""]
    out["ci"] = ["1" if (_first(q, "ci") or "").lower() in TRUE else "0"]
    state, more = parse(out, store)
    return to_query(state, store), notices + more

