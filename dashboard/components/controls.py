"""Explore's controls: native selects and toggle buttons in one GET form (no drag, no custom widgets).

Native <select> and <button aria-pressed> are keyboard- and screen-reader-friendly out of the box, and
avoid the ARIA problems of Dash 4's Dropdown/Checklist (aria-hidden focusable input; inputs nested in
role=option). A small clientside listener (pages/explore.py) sends the form to the server on change;
the server turns it into the canonical URL, and the URL is the view.
"""

from __future__ import annotations

from dash import html

from dashboard.data.load import Store
from dashboard.data.query import LATEST, breakdowns, editions, groups, periods
from dashboard.state import MAX_GROUPS, ViewState
from dashboard.views import ratio_indicator, variants

FORM_ID = "explore-form"
TOPIC_LABELS = {
    "maternal-deaths": "Maternal deaths",
    "causes": "Causes of death",
    "mental-health-social-care": "Mental health and social care",
    "perinatal": "Babies (perinatal deaths)",
}


def _field(label: str, control, ctl_id: str, hint: str | None = None) -> html.Div:
    parts = [html.Label(label, htmlFor=ctl_id, className="control-label")]
    if hint:
        parts.append(html.P(hint, id=f"{ctl_id}-hint", className="control-hint"))
    parts.append(control)
    return html.Div(parts, className="control")


def _select(name: str, ctl_id: str, options: list[tuple[str, str]], selected: str, **kw) -> html.Select:
    return html.Select([html.Option(label, value=value, selected=value == selected) for value, label in options],
                       name=name, id=ctl_id, className="select", **kw)


def _toggle(label: str, name: str, value: str, pressed: bool, ctl_id: str, exclusive: bool = False) -> html.Button:
    attrs = {"aria-pressed": "true" if pressed else "false", "data-name": name, "data-value": value}
    if exclusive:
        attrs["data-exclusive"] = "1"
    return html.Button(label, id=ctl_id, type="button", className="toggle", **attrs)


def indicator_select(store: Store, state: ViewState) -> html.Div:
    inds = store.catalogue.indicators
    current = inds[state.indicator].variant_of or state.indicator
    by_topic: dict[str, list] = {}
    for ind in inds.values():
        if ind.variant_of:
            continue
        by_topic.setdefault(ind.topic, []).append(html.Option(ind.title, value=ind.id, selected=ind.id == current))
    optgroups = [html.Optgroup(opts, label=TOPIC_LABELS.get(topic, topic)) for topic, opts in by_topic.items()]
    select = html.Select(optgroups, name="ind", id="ctl-ind", className="select", **{"data-resets": "all"})
    return _field("Indicator", select, "ctl-ind")


def controls_form(store: Store, state: ViewState) -> html.Form:
    """Every control of a view, showing the current state; changing one changes the URL."""
    ind = store.catalogue.indicators[state.indicator]
    items: list = [indicator_select(store, state)]
    family = variants(store, state.indicator)
    if len(family) > 1:
        opts = [(i.id, (i.variant_label if i.variant_of else "Main series")) for i in family]
        items.append(_field("Version", _select("variant", "ctl-variant", opts, state.indicator,
                                                **{"data-resets": "all"}), "ctl-variant",
                            hint="For example with or without COVID-19 deaths, where the source publishes both."))
    bds = breakdowns(store, state.indicator)
    items.append(_field("Breakdown", _select("by", "ctl-by", [(b, "Overall" if b == "overall" else ind.breakdown_label(b))
                                                             for b in bds], state.breakdown,
                                             **{"data-resets": "groups from to"}), "ctl-by"))
    all_groups = groups(store, state.indicator, state.breakdown)
    if len(all_groups) > 1:
        buttons = [html.Li(_toggle(g, "groups", g, g in state.groups, f"ctl-group-{i}")) for i, g in enumerate(all_groups)]
        items.append(html.Fieldset([
            html.Legend(f"Groups (up to {MAX_GROUPS})", className="control-label"),
            html.Ul(buttons, className="toggle-list"),
        ], className="control", id="ctl-groups"))
    pers = periods(store, state.indicator, state.breakdown)
    if len(pers) > 1:
        items.append(html.Div([
            _field("From", _select("from", "ctl-from", [("", "Earliest")] + [(p, p) for p in pers], state.period_from or ""),
                   "ctl-from"),
            _field("To", _select("to", "ctl-to", [("", "Latest")] + [(p, p) for p in pers], state.period_to or ""),
                   "ctl-to"),
        ], className="control-pair"))
    if ind.measure != "ratio" and ratio_indicator(store, state.indicator, state.breakdown):
        items.append(html.Fieldset([
            html.Legend("Measure", className="control-label"),
            html.Div([
                _toggle("Figures", "measure", "value", state.measure == "value", "ctl-measure-value", exclusive=True),
                _toggle("Ratio to the reference group", "measure", "ratio", state.measure == "ratio",
                        "ctl-measure-ratio", exclusive=True),
            ], className="toggle-row"),
        ], className="control", id="ctl-measure"))
    items.append(html.Div(_toggle("Show 95% confidence intervals", "ci", "1", state.ci, "ctl-ci"), className="control"))
    eds = editions(store, state.indicator)
    seen: dict[str, str] = {}
    for vintage, pub in eds:
        seen[vintage] = f"{seen[vintage]}; {pub}" if vintage in seen else pub
    ed_opts = [(LATEST, "Latest figures")] + [(v, f"As known in {v}: {p}") for v, p in seen.items()]
    items.append(_field("Data edition", _select("edition", "ctl-edition", ed_opts, state.edition), "ctl-edition",
                        hint="See the figures as they stood when a report came out."))
    return html.Form(items, id=FORM_ID, action="/explore", method="get", className="controls",
                     **{"aria-label": "Choose what to show"})
