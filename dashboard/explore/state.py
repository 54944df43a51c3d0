"""The URL is the view: parse a query string into the nearest valid view, and write it back.

Pure functions. parse() never raises on junk: it returns a valid ViewState plus plain-English notices
saying what was changed, so a tampered or stale link still opens a sensible view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, parse_qsl, urlencode

from dashboard.data.load import Store
from dashboard.data.query import LATEST, breakdowns, editions, groups, period_start, periods
from dashboard.model.links import ExploreLink

DEFAULT_INDICATOR = "maternal_mortality_rate"
# A chart tells apart this many series (dashboard.charts.theme: six colours, each with its own marker and dash);
# a breakdown with fewer groups may show all of them (all five deprivation quintiles, all five ethnic groups).
SERIES_LIMIT = 6
DEFAULT_GROUPS = 4    # groups shown when the link names none and indicators.yaml lists no default_groups
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
    # True when parse() made this state: it is valid as it stands, so a view is built from it without parsing again.
    checked: bool = field(default=False, compare=False, repr=False)


def _one(query: Mapping[str, list[str]], key: str) -> str | None:
    vals = query.get(key) or []
    v = vals[0].strip() if vals else None
    return v if v and len(v) <= _MAX_LEN else None


def max_groups(store: Store, indicator: str, breakdown: str) -> int:
    """The most groups one view of this breakdown may show: every group the source publishes for it, up to the
    number of series a chart tells apart."""
    return max(1, min(len(groups(store, indicator, breakdown)), SERIES_LIMIT))


def default_groups(store: Store, indicator: str, breakdown: str) -> tuple[str, ...]:
    """The groups a view shows when the link names none: the indicator's default_groups for the breakdown
    (indicators.yaml), else the reference group first and then the first groups, up to DEFAULT_GROUPS."""
    all_groups = groups(store, indicator, breakdown)
    ind = store.catalogue.indicators[indicator]
    most = max_groups(store, indicator, breakdown)
    listed = [g for g in ind.default_groups.get(breakdown, ()) if g in all_groups]
    if listed:
        return tuple(listed[:most])
    ref = ind.reference_groups.get(breakdown)
    ordered = ([ref] if ref in all_groups else []) + [g for g in all_groups if g != ref]
    return tuple(ordered[:min(DEFAULT_GROUPS, most)])


def group_list(values: list[str]) -> list[str]:
    """The groups a link names, in order, once each: `groups=a|b`, `groups=a%7Cb` and `groups=a&groups=b` alike."""
    return list(dict.fromkeys(g.strip() for v in values for g in v.split("|") if g.strip()))


def quoted_list(items: list[str]) -> str:
    """Names in quotes, in words: 'a' / 'a' and 'b' / 'a', 'b' and 'c'."""
    quoted = [f"'{g[:60]}'" for g in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


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
        notices.append(f"Indicator: we don't have an indicator called '{ind[:60]}', so this shows the maternal mortality rate.")
        ind = DEFAULT_INDICATOR
    state = ViewState(indicator=ind)
    avail = breakdowns(store, ind)
    by = _one(q, "by") or ("overall" if "overall" in avail else avail[0])
    if by not in avail:
        notices.append(f"Breakdown: this indicator has no '{by[:60]}' breakdown, so this shows {avail[0].replace('_', ' ')}.")
        by = "overall" if "overall" in avail else avail[0]
    state = replace(state, breakdown=by)
    all_groups = groups(store, ind, by)
    wanted = group_list([v for v in (q.get("groups") or [])[:SERIES_LIMIT * 4] if len(v) <= _MAX_LEN * 4])
    if wanted:
        unknown = [g for g in wanted if g not in all_groups]
        chosen = tuple(g for g in wanted if g in all_groups)
        if unknown:
            notices.append(f"Groups: {quoted_list(unknown)} {'is not a group' if len(unknown) == 1 else 'are not groups'}"
                           f" of this breakdown, so {'it was' if len(unknown) == 1 else 'they were'} left out.")
        most = max_groups(store, ind, by)
        if len(chosen) > most:
            notices.append(f"Groups: a chart of this breakdown shows at most {most} groups, so "
                           f"{quoted_list(list(chosen[most:]))} {'was' if len(chosen) - most == 1 else 'were'} left out.")
            chosen = chosen[:most]
        state = replace(state, groups=chosen or default_groups(store, ind, by))
    else:
        state = replace(state, groups=default_groups(store, ind, by))
    valid_periods = periods(store, ind, by)
    ratio_id = f"{ind}_ratio"  # with measure=ratio, the published ratios' own periods are valid too
    if _one(q, "measure") == "ratio" and ratio_id in cat.indicators and by in breakdowns(store, ratio_id):
        valid_periods = sorted(set(valid_periods) | set(periods(store, ratio_id, by)),
                               key=lambda p: (period_start(p), p))
    for key, attr, label, instead in (("from", "period_from", "From", "starts at the earliest period"),
                                      ("to", "period_to", "To", "ends at the latest period")):
        p = _one(q, key)
        if p is None:
            continue
        if p in valid_periods:
            state = replace(state, **{attr: p})
        else:
            notices.append(f"{label}: '{p[:20]}' is not a period of this indicator, so the chart {instead}.")
    if state.period_from and state.period_to and period_start(state.period_from) > period_start(state.period_to):
        notices.append("From and To: the start period came after the end period, so they were swapped.")
        state = replace(state, period_from=state.period_to, period_to=state.period_from)
    measure = _one(q, "measure") or "value"
    if measure not in MEASURES:
        notices.append(f"Measure: '{measure[:20]}' is not a measure we show, so this shows the published figures.")
        measure = "value"
    state = replace(state, measure=measure)
    ci = _one(q, "ci")
    if ci not in (None, "0", "1"):
        notices.append("Confidence intervals: the setting in the link was not understood, so intervals are shown.")
    state = replace(state, ci=ci != "0")
    ed = _one(q, "edition") or LATEST
    known = {v for v, _ in editions(store, ind)}
    if ed != LATEST and ed not in known:
        notices.append(f"Data edition: there is no edition '{ed[:20]}' for this indicator, so the latest figures are shown.")
        ed = LATEST
    return replace(state, edition=ed, checked=True), notices


def same_query(a: str, b: str) -> bool:
    """Two query strings that say the same thing in the same order ('|' and '%7C' alike, '+' and '%20' alike)."""
    try:
        return parse_qsl(a.lstrip("?"), max_num_fields=50) == parse_qsl(b.lstrip("?"), max_num_fields=50)
    except ValueError:
        return False


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


def view_query(store: Store, link: ExploreLink) -> str:
    """The Explore query string of the view a page links to (canonical: defaults left out)."""
    return to_query(ViewState(indicator=link.indicator, breakdown=link.breakdown, groups=link.groups,
                              period_from=link.period_from, period_to=link.period_to, edition=link.edition), store)
