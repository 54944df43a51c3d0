"""Explore without a browser: the server-rendered page (form and view, no JavaScript), form submissions, the panel
a change is answered with in place, and the Dash app (the interactive chart: its layout and its one callback).

Expected figures are written from datasets/curated/maternal.csv, not computed by the code under test:
- maternal_mortality_rate, 2022-24, UK: 12.80 per 100,000 maternities, 252 deaths among 1,969,321 maternities,
  no published interval (so the dashboard calculates one: 11.27 to 14.48), MBRRACE-UK maternal mortality data brief, January 2026;
- maternal_mortality_rate, 2019-21, Black, England: 37.2, read on Irwin Mitchell (law firm)'s page (secondary).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, unquote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

OVERALL_TITLE = "Women who died during pregnancy or within six weeks"
ETHNICITY_TITLE = "Women who died during pregnancy or within six weeks, by ethnic group (England)"
CALLBACK = "/explore/_dash-update-component"


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    resp = client.get(url)
    assert resp.status_code == status, resp.get_data(as_text=True)[:500]
    return BeautifulSoup(resp.get_data(as_text=True), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


# ---------------------------------------------------------------- the page, with no JavaScript


def test_form_is_a_plain_get_form_of_native_controls(client):
    doc = page(client, "/explore?by=ethnicity")
    form = doc.find("form", id="explore-form")
    assert form["method"] == "get" and form["action"] == "/explore"
    for name in ("ind", "variant", "by", "from", "to", "edition"):
        assert form.find("select", attrs={"name": name}) is not None, name
    boxes = form.find_all("input", attrs={"type": "checkbox", "name": "groups"})
    assert [b["value"] for b in boxes if b.has_attr("checked")] == ["Asian", "Black",
                                                                     "Mixed/multiple ethnic groups",
                                                                     "White (inc. not known)"]
    assert "Chinese or other" in [b["value"] for b in boxes]  # default groups: indicators.yaml
    assert form.find("input", attrs={"type": "radio", "name": "measure", "value": "ratio"}) is not None
    assert form.find("input", attrs={"type": "checkbox", "name": "ci"}).has_attr("checked")
    assert form.find("input", attrs={"type": "hidden", "name": "prev"})["value"] == "by=ethnicity"
    assert form.find("select", attrs={"name": "by"}).find("option", selected=True)["value"] == "ethnicity"
    assert form.find("button", attrs={"type": "submit"}) is not None
    for control in form.find_all(["select", "input"]):
        if control.get("type") != "hidden":  # every control has a label
            assert form.find("label", attrs={"for": control["id"]}) is not None, control["id"]


def test_view_is_in_the_html(client):
    doc = page(client, "/explore")
    view = doc.find(id="explore-panel")
    assert text(view.find(id="explore-title")) == OVERALL_TITLE
    assert view.find(id="explore-notice")["role"] == "status"
    chart = view.find("figure", id="explore-chart")
    assert chart.select(".chart-wide svg") and chart.select(".chart-narrow svg")
    words = view.find(id="explore-summary")
    assert words["aria-live"] == "polite"
    assert ("The figure was 12.80 per 100,000 maternities in 2022-24 (95% confidence interval 11.27 to 14.48), based "
            "on 252 deaths among 1,969,321 maternities. The interval was calculated by this dashboard from the "
            "published counts.") in text(words)
    row = next(r for r in view.select("#explore-table-section #explore-table tbody tr") if text(r.th) == "2022-24")
    assert "12.80" in text(row) and "11.27 to 14.48 (calculated)" in text(row) and "1,969,321" in text(row)
    sources = text(view.find(id="explore-sources-title").parent)
    assert "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)" in sources and "Primary source" in sources
    assert view.find(id="explore-caveats") is not None
    assert view.find(id="explore-permalink")["href"] == "/explore"


def test_secondary_figures_are_flagged(client):
    view = page(client, "/explore?by=ethnicity").find(id="explore-panel")
    assert text(view.find(id="explore-title")) == ETHNICITY_TITLE
    row = next(r for r in view.select("#explore-table tbody tr") if "Black" in text(r) and text(r.th) == "2019-21")
    assert "37.2*" in text(row)   # the unit is written once, in the column heading
    assert text(view.select_one("#explore-table thead th.col-value")) == "Figure (per 100,000 maternities)"
    assert "Reported by Irwin Mitchell (law firm); not checked against the original" in text(row)
    assert "Secondary source" in text(view.find(id="explore-sources-title").parent)


def test_sensitive_view_has_the_support_box(client):
    view = page(client, "/explore?ind=maternal_suicide_rate").find(id="explore-panel")
    assert "116 123" in text(view.find("aside", class_="support-box"))
    assert page(client, "/explore").find("aside", class_="support-box") is None


def test_share_panel(client):
    doc = page(client, "/explore?by=ethnicity")
    share = doc.find(id="share-panel")
    assert share.find(id="share-png")["href"] == "/image/view.png?by=ethnicity"
    assert share.find(id="share-svg")["href"] == "/image/view.svg?by=ethnicity"
    assert share.find(id="share-csv")["href"] == "/download/view.csv?by=ethnicity"
    assert "30 rows" in text(share.find(id="share-csv"))
    assert text(share.find(id="share-alt-text")).startswith("Line chart of women who died during pregnancy")
    assert share.find(id="share-copy-link")["data-share-url"] == "http://localhost/explore?by=ethnicity"
    assert 'src="http://localhost/embed?by=ethnicity"' in share.find(id="share-embed-code").get_text()
    cites = text(share.find("ul", class_="share-cite-list"))
    assert "MBRRACE-UK. Saving Lives, Improving Mothers' Care 2023 (2019-21). 12 October 2023." in cites
    assert "figure as reported by Irwin Mitchell (law firm)" in cites
    assert "http://localhost/explore?by=ethnicity (accessed" in text(share.find(id="share-cite-view"))


def test_open_graph_tags_name_this_view(client):
    doc = page(client, "/explore?by=ethnicity&ci=0")
    meta = {m.get("property") or m.get("name"): m["content"] for m in doc.find_all("meta") if m.get("content")}
    assert meta["og:url"] == "http://localhost/explore?by=ethnicity&ci=0"
    assert meta["og:image"] == "http://localhost/card.png?page=explore&by=ethnicity&ci=0"
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]
    assert meta["og:title"] == ETHNICITY_TITLE
    assert meta["description"].startswith("The chart shows 4 groups. Here is the latest figure for each.")
    assert meta["og:image:alt"].startswith("Explore. Maternal mortality rate, 2019-21")
    assert doc.find("link", rel="canonical")["href"] == meta["og:url"]


def test_absolute_links_follow_the_public_url_setting(store, settings):
    from dataclasses import replace

    from dashboard.app import create_app

    app = create_app(replace(settings, public_url="https://maternal.example.org"), store)
    doc = BeautifulSoup(app.server.test_client().get("/explore?by=ethnicity").get_data(as_text=True), "html.parser")
    assert doc.find("meta", property="og:image")["content"] == "https://maternal.example.org/card.png?page=explore&by=ethnicity"
    assert doc.find(id="explore-permalink").get_text() == "https://maternal.example.org/explore?by=ethnicity"


@pytest.mark.parametrize("query, notice", [
    ("ind=<script>alert(1)</script>", "Indicator: we don't have an indicator called '<script>alert(1)</script>'"),
    ("by=postcode", "Breakdown: this indicator has no 'postcode' breakdown"),
    ("from=1800", "From: '1800' is not a period of this indicator, so the chart starts at the earliest period."),
    ("to=1800", "To: '1800' is not a period of this indicator, so the chart ends at the latest period."),
    ("by=ethnicity&groups=Martian|Black", "Groups: 'Martian' is not a group of this breakdown, so it was left out."),
    ("edition=1999-01", "Data edition: there is no edition '1999-01'"),
])
def test_junk_query_gives_the_nearest_view_with_a_notice(client, query, notice):
    resp = client.get("/explore?" + query)
    assert resp.status_code == 200
    doc = BeautifulSoup(resp.get_data(as_text=True), "html.parser")
    assert doc.find(id="explore-title") is not None
    if notice:
        assert notice in text(doc.find(id="explore-notice"))
    assert "<script>alert" not in resp.get_data(as_text=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_query_string_gives_a_page_and_a_panel(app, raw):
    client = app.server.test_client()
    query = quote(raw, safe="=&|+%")
    assert client.get("/explore?" + query).status_code in (200, 303)
    assert client.get("/explore/_panel?" + query).status_code == 200
    assert app.server.extensions["dashboard_errors"]["count"] == 0


# ---------------------------------------------------------------- the form submitted without JavaScript


def test_submitted_form_goes_to_the_canonical_view(client):
    resp = client.get("/explore?prev=&ind=maternal_mortality_rate&variant=maternal_mortality_rate&by=ethnicity"
                      "&from=&to=&ci=1&edition=latest")
    assert resp.status_code == 303 and resp.headers["Location"] == "/explore?by=ethnicity"


def test_a_new_indicator_resets_groups_and_periods(client):
    resp = client.get("/explore?prev=by%3Dethnicity&ind=maternal_suicide_rate&by=ethnicity&groups=Black"
                      "&from=2015-17&ci=1")
    assert resp.headers["Location"] == "/explore?ind=maternal_suicide_rate"


def test_a_new_breakdown_drops_the_old_groups(client):
    resp = client.get("/explore?prev=by%3Dethnicity&ind=maternal_mortality_rate&by=deprivation&groups=Black&ci=1")
    assert resp.headers["Location"] == "/explore?by=deprivation"


def test_unticking_intervals_and_choosing_groups(client):
    resp = client.get("/explore?prev=by%3Dethnicity&ind=maternal_mortality_rate&by=ethnicity&groups=Black"
                      "&groups=White+%28inc.+not+known%29")
    assert unquote(resp.headers["Location"]).replace("+", " ") == "/explore?by=ethnicity&groups=Black|White (inc. not known)&ci=0"


def test_switching_version_keeps_the_period_range_where_it_is_valid(client):
    # datasets/curated/maternal.csv: the rate excluding COVID-19 deaths is published for 2018-20 to 2020-22 only
    resp = client.get("/explore?prev=from%3D2018-20%26to%3D2020-22&ind=maternal_mortality_rate"
                      "&variant=maternal_mortality_rate_excl_covid&by=overall&from=2018-20&to=2020-22&ci=1")
    assert resp.status_code == 303
    assert resp.headers["Location"] == "/explore?ind=maternal_mortality_rate_excl_covid&from=2018-20&to=2020-22"
    resp = client.get("/explore?prev=from%3D2003-05%26to%3D2020-22&ind=maternal_mortality_rate"
                      "&variant=maternal_mortality_rate_excl_covid&by=overall&from=2003-05&to=2020-22&ci=1")
    assert resp.headers["Location"] == "/explore?ind=maternal_mortality_rate_excl_covid&to=2020-22"


def test_switching_version_keeps_breakdown_and_groups(client):
    # datasets/curated/perinatal.csv: ONS publishes early and late neonatal rates by the same nations
    prev = "ind%3Dneonatal_mortality_rate_ons%26by%3Dnation%26groups%3DWales%7CScotland%26from%3D2010"
    resp = client.get(f"/explore?prev={prev}&ind=neonatal_mortality_rate_ons&variant=early_neonatal_mortality_rate_ons"
                      "&by=nation&groups=Wales&groups=Scotland&from=2010&ci=1")
    assert unquote(resp.headers["Location"]) == ("/explore?ind=early_neonatal_mortality_rate_ons&by=nation"
                                                 "&groups=Wales|Scotland&from=2010")


def test_an_over_long_value_is_ignored_and_the_link_goes_to_the_canonical_view(client):
    resp = client.get("/explore?by=ethnicity&measure=" + "x" * 500)
    assert resp.status_code == 303 and resp.headers["Location"] == "/explore?by=ethnicity"


def test_ticking_the_fifth_ethnic_group_shows_all_five(client):
    # datasets/curated/maternal.csv publishes five ethnic groups; the view showed four (indicators.yaml defaults)
    groups = "&".join(f"groups={g}" for g in ("Asian", "Black", "Chinese+or+other", "Mixed%2Fmultiple+ethnic+groups",
                                              "White+%28inc.+not+known%29"))
    resp = client.get(f"/explore?prev=by%3Dethnicity&ind=maternal_mortality_rate&by=ethnicity&{groups}&ci=1")
    assert resp.status_code == 303
    assert unquote(resp.headers["Location"]) == ("/explore?by=ethnicity&groups=Asian|Black|Chinese+or+other|"
                                                 "Mixed/multiple+ethnic+groups|White+(inc.+not+known)")


def test_a_group_ticked_beyond_the_most_a_view_shows_is_kept_and_the_notice_names_the_one_that_made_way(client):
    # the ONS neonatal table (datasets/curated/perinatal.csv) has nine regions; a chart tells apart six series; the
    # group listed last makes way (the first is the one comparisons are made against)
    shown = ["North East", "North West", "Yorkshire and The Humber", "East Midlands", "West Midlands", "East"]
    prev = quote("ind=neonatal_mortality_rate_ons&by=region&groups=" + "|".join(shown), safe="")
    ticked = "&".join("groups=" + quote(g) for g in [*shown, "London"])
    doc = page(client, f"/explore?prev={prev}&ind=neonatal_mortality_rate_ons&by=region&{ticked}&ci=1")
    assert ("Groups: a chart of this breakdown shows at most 6 groups, so 'East' made way for the one you "
            "ticked.") in text(doc.find(id="explore-notice"))
    href = unquote(doc.find(id="explore-permalink")["href"]).replace("+", " ")
    assert href == ("/explore?ind=neonatal_mortality_rate_ons&by=region&groups=North East|North West|"
                    "Yorkshire and The Humber|East Midlands|West Midlands|London")


def test_dash_index_is_never_shown(client):
    resp = client.get("/explore/?by=ethnicity")
    assert resp.status_code == 308 and resp.headers["Location"] == "/explore?by=ethnicity"
    assert client.get("/explore/anything").status_code == 404


# ---------------------------------------------------------------- the page's layout


def test_controls_come_before_the_view_with_a_skip_link_and_a_section_nav(client):
    doc = page(client, "/explore?by=ethnicity")
    main = doc.find("main")
    skip = main.find("a", href="#explore-form")
    assert text(skip) == "Skip to the controls"
    details = main.find("details", id="explore-controls")
    assert text(details.find("summary")) == "Change what is shown" and details.find("form", id="explore-form")
    ids = [el["id"] for el in main.find_all(id=True) if el["id"] in ("explore-form", "explore-panel", "explore-chart")]
    assert ids == ["explore-form", "explore-panel", "explore-chart"]          # DOM order = tab order = visual order
    nav = doc.find("nav", class_="explore-sections")
    targets = [a["href"] for a in nav.find_all("a")]
    assert targets == ["#explore-chart-area", "#explore-table-section", "#explore-sources-section", "#share-panel"]
    for t in targets:
        assert doc.find(id=t[1:]) is not None, t
    assert doc.find(id="explore-live-button").has_attr("hidden")      # shown by the script, which makes it work


def test_the_table_is_a_section_of_its_own(client):
    doc = page(client, "/explore")
    section = doc.find("section", id="explore-table-section")
    assert text(section.find("h3")) == "The figures as a table" and section.find("table", id="explore-table")


# ---------------------------------------------------------------- a change answered in place


def test_panel_answers_a_change_with_the_canonical_view_rendered_by_the_same_templates(client):
    resp = client.get("/explore/_panel?prev=&ind=maternal_mortality_rate&variant=maternal_mortality_rate"
                      "&by=ethnicity&from=&to=&ci=1&edition=latest")
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    data = resp.get_json()
    assert (data["query"], data["url"]) == ("by=ethnicity", "/explore?by=ethnicity")
    assert data["title"].startswith(ETHNICITY_TITLE)
    page_panel = page(client, "/explore?by=ethnicity").find(id="explore-panel")
    assert BeautifulSoup(data["panel"], "html.parser").find(id="explore-panel") == page_panel
    form = BeautifulSoup(data["form"], "html.parser").find("form", id="explore-form")
    assert form.find("input", attrs={"name": "prev"})["value"] == "by=ethnicity"
    assert form["data-panel"] == "/explore/_panel"


def test_panel_says_what_it_changed(client):
    data = client.get("/explore/_panel?by=ethnicity&from=1800").get_json()
    notice = text(BeautifulSoup(data["panel"], "html.parser").find(id="explore-notice"))
    assert "From: '1800' is not a period of this indicator, so the chart starts at the earliest period." in notice
    assert data["query"] == "by=ethnicity"


# ---------------------------------------------------------------- Dash: the interactive chart


def test_dash_layout_is_the_interactive_chart_only(client):
    resp = client.get("/explore/_dash-layout")
    layout = resp.get_json()
    kinds = [(c["type"], c["props"]["id"]) for c in layout["props"]["children"]]
    assert ("Graph", "explore-graph") in kinds and ("Store", "explore-query") in kinds
    assert len(resp.get_data()) < 2000   # no panel, no HTML carried through Dash


OUTPUT_KEY = "explore-graph.figure"


def callback_body(query: Any, search: Any = None, _changed: Any = None) -> dict:
    """The body Dash's renderer posts when the page tells the chart which view to draw. `search` (an address's
    '?query') stands for the query when given, as the hardening tests pass it."""
    value = search[1:] if isinstance(search, str) and search.startswith("?") else query
    return {"output": OUTPUT_KEY, "outputs": {"id": "explore-graph", "property": "figure"},
            "inputs": [{"id": "explore-query", "property": "data", "value": value}],
            "changedPropIds": ["explore-query.data"], "state": []}


def test_callback_draws_the_views_figure_from_its_chart_spec(client):
    # (another spelling of the view than the hardening tests post, so the response memo never answers for them)
    resp = client.post(CALLBACK, json=callback_body("ci=1&by=ethnicity"))
    assert resp.status_code == 200
    fig = resp.get_json()["response"]["explore-graph"]["figure"]
    # the default groups of indicators.yaml, reference group first
    assert [t["name"] for t in fig["data"]] == ["White (inc. not known)", "Black", "Asian",
                                                "Mixed/multiple ethnic groups"]
    black = fig["data"][1]
    i = black["x"].index(2020.5)   # 2019-21
    assert black["y"][i] == 37.2
    assert "Reported by Irwin Mitchell (law firm); not checked against the original" in " ".join(
        black["customdata"][i].split("<br>"))
    assert len(resp.get_data()) < 20_000


values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=80),
                      lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                      max_leaves=12)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values)
def test_callback_never_raises(app, query):
    client = app.server.test_client()
    resp = client.post(CALLBACK, json=callback_body(query))
    assert resp.status_code == 200
    assert "explore-graph" in resp.get_json()["response"]
    assert app.server.extensions["dashboard_errors"]["count"] == 0


@pytest.mark.parametrize("body", [
    {"output": "explore-graph.figure", "inputs": "x"},
    {"output": "nope", "outputs": [], "inputs": []},
    {"output": "explore-graph.figure", "outputs": {"id": "explore-graph", "property": "figure"},
     "inputs": [{"id": "explore-query", "property": "nope", "value": 1}], "state": []},
    [],
])
def test_malformed_callback_bodies_are_400(client, app, body):
    assert client.post(CALLBACK, json=body).status_code == 400
    assert app.server.extensions["dashboard_errors"]["count"] == 0


def test_plotly_basic_bundle_is_served_when_built(client):
    from dashboard.explore.app import PLOTLY_BASIC

    resp = client.get("/explore/plotly-basic.min.js")
    if PLOTLY_BASIC.is_file():
        assert resp.status_code == 200 and resp.mimetype == "text/javascript"
        scripts = json.loads(page(client, "/explore").find(id="explore-scripts").get_text())
        assert scripts["plotly"] == "/explore/plotly-basic.min.js"
        assert all("/dash_table/" not in s for s in scripts["dash"])
    else:
        assert resp.status_code == 404


def test_callback_resolves_a_changes_form_fields_as_the_panel_does(client):
    fields = "prev=by%3Dethnicity&ind=maternal_mortality_rate&by=deprivation&groups=Black&ci=1"
    fig = client.post(CALLBACK, json=callback_body(fields)).get_json()["response"]["explore-graph"]["figure"]
    # a new breakdown drops the old groups: the default quintiles of indicators.yaml
    assert [t["name"] for t in fig["data"]] == ["Quintile 1 (least deprived)", "Quintile 5 (most deprived)"]
    assert client.get(f"/explore/_panel?{fields}").get_json()["query"] == "by=deprivation"


def test_panel_leaves_out_the_svg_while_the_interactive_chart_stands_in_for_it(client):
    data = client.get("/explore/_panel?by=ethnicity", headers={"X-Explore-Chart": "interactive"}).get_json()
    panel = BeautifulSoup(data["panel"], "html.parser")
    assert data["svg"] is False and panel.select("#explore-chart svg") == []
    assert "Grey area: the COVID-19 pandemic years 2020 and 2021." in text(panel.find(id="explore-chart"))  # the key
    data = client.get("/explore/_panel?by=ethnicity").get_json()
    assert data["svg"] is True and BeautifulSoup(data["panel"], "html.parser").select("#explore-chart .chart-wide svg")


def test_panel_carries_the_interactive_figure_in_the_same_answer(client):
    """While the interactive chart is shown, a change is one round trip: the panel's answer carries the figure the
    chart's callback would draw for the same view."""
    data = client.get("/explore/_panel?by=ethnicity", headers={"X-Explore-Chart": "interactive"}).get_json()
    # (a spelling of the view no other test posts, so the callback's response memo never answers for another test)
    body = callback_body("by=ethnicity&measure=value")
    drawn = client.post(CALLBACK, json=body).get_json()["response"]["explore-graph"]["figure"]
    assert data["figure"] == drawn
    assert [t["name"] for t in data["figure"]["data"]] == ["White (inc. not known)", "Black", "Asian",
                                                           "Mixed/multiple ethnic groups"]
    assert "figure" not in client.get("/explore/_panel?by=ethnicity").get_json()   # the SVG view needs none
