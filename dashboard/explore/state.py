"""The URL is the view: parse a query string into the nearest valid view, and write it back.

Pure functions. parse() never raises on junk: it returns a valid ViewState plus plain-English notices
saying what was changed, so a tampered or stale link still opens a sensible view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

from dashboard.data.load import Store
from dashboard.data.query import LATEST, breakdowns, editions, groups, period_start, periods

DEFAULT_INDICATOR = "maternal_mortality_rate"
MAX_GROUPS = 4
MEASURES = ("value", "ratio")
_MAX_LEN = 200  # longer parameter values are junk, not a view


@dataclass(frozen=True)
class ViewState:
    indicator: str = DEFAULT_INDICATOR
    breakdown: str = "overall"
    groups: tuple[str, ...] = ()
    period_from: str | None = None
    period_to: str | None = None
    measure: str = "value"
    ci: bool = True
    edition: str = LATEST


def _one(query: Mapping[str, list[str]], key: str) -> str | None:
    vals = query.get(key) or []
    v = vals[0].strip() if vals else None
    return v if v and len(v) <= _MAX_LEN else None


def default_groups(store: Store, indicator: str, breakdown: str) -> tuple[str, ...]:
    """The groups a view shows when the link names none: the indicator's default_groups for the breakdown
    (indicators.yaml), else the reference group first and then the first groups, up to MAX_GROUPS."""
    all_groups = groups(store, indicator, breakdown)
    ind = store.catalogue.indicators[indicator]
    listed = [g for g in ind.default_groups.get(breakdown, ()) if g in all_groups]
    if listed:
        return tuple(listed[:MAX_GROUPS])
    ref = ind.reference_groups.get(breakdown)
    ordered = ([ref] if ref in all_groups else []) + [g for g in all_groups if g != ref]
    return tuple(ordered[:MAX_GROUPS])


def parse(query: str | Mapping[str, list[str]] | None, store: Store) -> tuple[ViewState, list[str]]:
    """Nearest valid view for any query string, with notices describing each correction."""
    if query is None:
        q: Mapping[str, list[str]] = {}
    elif isinstance(query, str):
        try:
            q = parse_qs(query.lstrip("?"), keep_blank_values=False, max_num_fields=50)
        except ValueError:
            q = {}
    else:
        q = query
    notices: list[str] = []
    cat = store.catalogue
    ind = _one(q, "ind") or DEFAULT_INDICATOR
    if ind not in cat.indicators:
        notices.append(f"We don't have an indicator called '{ind[:60]}', so this shows the maternal mortality rate.")
        ind = DEFAULT_INDICATOR
    state = ViewState(indicator=ind)
    avail = breakdowns(store, ind)
    by = _one(q, "by") or ("overall" if "overall" in avail else avail[0])
    if by not in avail:
        notices.append(f"This indicator has no '{by[:60]}' breakdown, so this shows {avail[0].replace('_', ' ')}.")
        by = "overall" if "overall" in avail else avail[0]
    state = replace(state, breakdown=by)
    all_groups = groups(store, ind, by)
    raw_groups = _one(q, "groups")
    if raw_groups:
        wanted = [g.strip() for g in raw_groups.split("|") if g.strip()]
        chosen = tuple(dict.fromkeys(g for g in wanted if g in all_groups))
        if len(chosen) < len(wanted):
            notices.append("Some groups in the link don't exist for this breakdown and were left out.")
        if len(chosen) > MAX_GROUPS:
            notices.append(f"A chart shows at most {MAX_GROUPS} groups; the first {MAX_GROUPS} are shown.")
            chosen = chosen[:MAX_GROUPS]
        state = replace(state, groups=chosen or default_groups(store, ind, by))
    else:
        state = replace(state, groups=default_groups(store, ind, by))
    valid_periods = periods(store, ind, by)
    ratio_id = f"{ind}_ratio"  # with measure=ratio, the published ratios' own periods are valid too
    if _one(q, "measure") == "ratio" and ratio_id in cat.indicators and by in breakdowns(store, ratio_id):
        valid_periods = sorted(set(valid_periods) | set(periods(store, ratio_id, by)),
                               key=lambda p: (period_start(p), p))
    for key, attr in (("from", "period_from"), ("to", "period_to")):
        p = _one(q, key)
        if p is None:
            continue
        if p in valid_periods:
            state = replace(state, **{attr: p})
        else:
            notices.append(f"'{p[:20]}' is not a period of this indicator, so the full range is shown.")
    if state.period_from and state.period_to and period_start(state.period_from) > period_start(state.period_to):
        notices.append("The start period came after the end period, so they were swapped.")
        state = replace(state, period_from=state.period_to, period_to=state.period_from)
    measure = _one(q, "measure") or "value"
    if measure not in MEASURES:
        notices.append(f"'{measure[:20]}' is not a measure we show, so this shows the published figures.")
        measure = "value"
    state = replace(state, measure=measure)
    ci = _one(q, "ci")
    if ci not in (None, "0", "1"):
        notices.append("The confidence interval setting in the link was not understood, so intervals are shown.")
    state = replace(state, ci=ci != "0")
    ed = _one(q, "edition") or LATEST
    known = {v for v, _ in editions(store, ind)}
    if ed != LATEST and ed not in known:
        notices.append(f"There is no edition '{ed[:20]}' for this indicator, so the latest figures are shown.")
        ed = LATEST
    return replace(state, edition=ed), notices


def to_query(state: ViewState, store: Store | None = None) -> str:
    """The query string for a view (defaults left out, so links stay short and readable)."""
    params: dict[str, str] = {}
    if state.indicator != DEFAULT_INDICATOR:
        params["ind"] = state.indicator
    if state.breakdown != "overall":
        params["by"] = state.breakdown
    if state.groups and (store is None or state.groups != default_groups(store, state.indicator, state.breakdown)):
        params["groups"] = "|".join(state.groups)
    if state.period_from:
        params["from"] = state.period_from
    if state.period_to:
        params["to"] = state.period_to
    if state.measure != "value":
        params["measure"] = state.measure
    if not state.ci:
        params["ci"] = "0"
    if state.edition != LATEST:
        params["edition"] = state.edition
    return urlencode(params, safe="|")


def view_query(store: Store, indicator: str, breakdown: str = "overall", groups: tuple[str, ...] = (),
               edition: str = LATEST, period_from: str | None = None, period_to: str | None = None) -> str:
    """The Explore query string of this view (canonical: defaults left out), for links from other pages."""
    return to_query(ViewState(indicator=indicator, breakdown=breakdown, groups=groups, period_from=period_from,
                              period_to=period_to, edition=edition), store)
