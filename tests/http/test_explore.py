"""Explore without a browser: the server-rendered page (form and view, no JavaScript), form submissions, the Dash
layout (the same DOM as the server's HTML) and the one callback (canonical URL and view; never raises).

Expected figures are written from datasets/curated/maternal.csv, not computed by the code under test:
- maternal_mortality_rate, 2022-24, UK: 12.80 per 100,000 maternities, 252 deaths among 1,969,321 maternities,
  no published interval (so the dashboard calculates one: 11.27 to 14.48), MBRRACE-UK maternal mortality data brief, January 2026;
- maternal_mortality_rate, 2019-21, Black, England: 37.2, read on Irwin Mitchell (law firm)'s page (secondary).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, unquote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.explore import OUTPUTS, SLOTS

OVERALL_TITLE = "Women who died during pregnancy or within six weeks"
ETHNICITY_TITLE = "Women who died during pregnancy or within six weeks, by ethnic group (England)"
CALLBACK = "/explore/_dash-update-component"


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


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
    row = next(r for r in view.select("details #explore-table tbody tr") if text(r.th) == "2022-24")
    assert "12.80" in text(row) and "11.27 to 14.48 (calculated)" in text(row) and "1,969,321" in text(row)
    sources = text(view.find(id="explore-sources-title").parent)
    assert "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)" in sources and "Primary source" in sources
    assert view.find(id="explore-caveats") is not None
    assert view.find(id="explore-permalink")["href"] == "/explore"


def test_secondary_figures_are_flagged(client):
    view = page(client, "/explore?by=ethnicity").find(id="explore-panel")
    assert text(view.find(id="explore-title")) == ETHNICITY_TITLE
    row = next(r for r in view.select("#explore-table tbody tr") if "Black" in text(r) and text(r.th) == "2019-21")
    assert "37.2 per 100,000 maternities*" in text(row)
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
    ("ind=<script>alert(1)</script>", "We don't have an indicator called '<script>alert(1)</script>'"),
    ("by=postcode", "This indicator has no 'postcode' breakdown"),
    ("from=1800", "'1800' is not a period of this indicator"),
    ("by=ethnicity&groups=Martian|Black", "Some groups in the link don't exist for this breakdown"),
    ("edition=1999-01", "There is no edition '1999-01'"),
    ("measure=" + "x" * 500, None),
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
def test_any_query_string_gives_a_page_and_a_layout(app, raw):
    client = app.server.test_client()
    query = quote(raw, safe="=&|+%")
    assert client.get("/explore?" + query).status_code in (200, 303)
    assert client.get("/explore/_dash-layout?" + query).status_code == 200
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


def test_too_many_groups_shows_the_page_with_a_notice(client):
    groups = "&".join(f"groups={g}" for g in ("Asian", "Black", "Chinese+or+other", "White+%28inc.+not+known%29",
                                              "Mixed%2Fmultiple+ethnic+groups"))
    doc = page(client, f"/explore?prev=by%3Dethnicity&ind=maternal_mortality_rate&by=ethnicity&{groups}&ci=1")
    assert "A chart shows at most 4 groups; the first 4 are shown." in text(doc.find(id="explore-notice"))
    assert doc.find(id="explore-permalink")["href"] == ("/explore?by=ethnicity&groups=Asian|Black|Chinese+or+other|"
                                                        "White+%28inc.+not+known%29")


def test_dash_index_is_never_shown(client):
    resp = client.get("/explore/?by=ethnicity")
    assert resp.status_code == 308 and resp.headers["Location"] == "/explore?by=ethnicity"
    assert client.get("/explore/anything").status_code == 404


# ---------------------------------------------------------------- Dash: the same DOM, one thin callback


class _Serialise(HTMLParser):
    """The element tree of server HTML as (tag, sorted attributes, children), raw chart HTML kept as a string."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list[Any]] = [["#root", [], []]]
        self.raw = 0

    def handle_starttag(self, tag, attrs):
        if self.raw:
            self.raw += 1  # SVG: every start tag has its end tag (empty elements are written <x/>)
            return
        node = [tag, sorted((k, v if v is not None else True) for k, v in attrs), []]
        self.stack[-1][2].append(node)
        if ("class", "chart-pair") in node[1]:
            self.raw = 1
            node[2] = "RAW"
        elif tag not in ("input", "br", "img", "meta", "link", "hr"):
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if not self.raw:
            self.stack[-1][2].append([tag, sorted((k, v if v is not None else True) for k, v in attrs), []])

    def handle_endtag(self, tag):
        if self.raw:
            self.raw -= 1
            return
        if tag not in ("input", "br", "img", "meta", "link", "hr"):
            self.stack.pop()

    def handle_data(self, data):
        if not self.raw:
            kids = self.stack[-1][2]
            if kids and isinstance(kids[-1], str):
                kids[-1] += data
            else:
                kids.append(data)


def entry_point(html: str) -> str:
    """What the server put inside #explore-dash (the panel), from the page's HTML."""
    start = html.index('<div id="explore-dash">') + len('<div id="explore-dash">')
    return html[start:html.index('</div></div>\n<form class="controls"', start)]


def server_tree(fragment: str) -> list:
    p = _Serialise()
    p.feed(fragment)
    return p.stack[0][2]


ATTR = {"className": "class", "htmlFor": "for"}


def dash_tree(component: Any) -> Any:
    """The element tree Dash renders for the layout JSON (html components and the raw Markdown chart)."""
    if isinstance(component, str):
        return component
    if isinstance(component, list):
        out: list = []
        for c in component:
            t = dash_tree(c)
            if t is None:
                continue
            if isinstance(t, str) and out and isinstance(out[-1], str):
                out[-1] += t
            else:
                out.append(t)
        return out
    ns, typ, props = component["namespace"], component["type"], dict(component["props"])
    if ns == "dash_core_components":
        if typ == "Markdown":
            assert props["dangerously_allow_html"] is True
            return ["div", sorted([("class", props["className"])]), "RAW"]
        return None  # Location and Store render nothing
    children = props.pop("children", None)
    attrs = sorted((ATTR.get(k, k.lower()), v) for k, v in props.items())
    kids = dash_tree(children if isinstance(children, list) else [children] if children is not None else [])
    return [typ.lower(), attrs, kids]


FORM_WITH_NOTICE = ("prev=by%3Dethnicity&ind=maternal_mortality_rate&by=ethnicity&groups=Asian&groups=Black"
                    "&groups=Chinese+or+other&groups=White&groups=Mixed%2Fmultiple+ethnic+groups&ci=1")


@pytest.mark.parametrize("query", ["", "by=ethnicity", "ind=maternal_suicide_rate", "ind=nope&by=x", FORM_WITH_NOTICE])
def test_dash_layout_renders_the_servers_dom(client, query):
    """What React puts in #react-entry-point is what the server sent there (so nothing moves when Dash starts)."""
    html = client.get("/explore" + (f"?{query}" if query else "")).get_data(as_text=True)
    server = server_tree(entry_point(html))
    layout = client.get("/explore/_dash-layout" + (f"?{query}" if query else "")).get_json()
    assert layout["props"]["id"] == "explore-dash"
    assert dash_tree(layout["props"]["children"]) == server


def test_dash_layout_falls_back_to_the_referring_page(client):
    layout = client.get("/explore/_dash-layout", headers={"Referer": "http://localhost/explore?by=ethnicity"}).get_json()
    assert layout["props"]["children"][0]["props"]["search"] == "?by=ethnicity"
    assert ETHNICITY_TITLE in json.dumps(layout)
    other_site = client.get("/explore/_dash-layout", headers={"Referer": "http://evil.example/explore?by=ethnicity"})
    assert ETHNICITY_TITLE not in other_site.get_data(as_text=True)


OUTPUT_KEY = ".." + "...".join(f"{i}.{p}" for i, p in OUTPUTS) + ".."


def callback_body(fields: Any = None, search: Any = "", changed: str = "explore-fields.data") -> dict:
    return {
        "output": OUTPUT_KEY,
        "outputs": [{"id": i, "property": p} for i, p in OUTPUTS],
        "inputs": [{"id": "explore-fields", "property": "data", "value": fields},
                   {"id": "explore-url", "property": "search", "value": search}],
        "changedPropIds": [changed], "parsedChangedPropsIds": [changed], "state": [],
    }


def post(client, body: dict) -> dict:
    resp = client.post(CALLBACK, json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return resp.get_json()["response"]


def test_callback_returns_the_canonical_url_view_and_form(client, app):
    fields = {"prev": [""], "ind": ["maternal_mortality_rate"], "variant": ["maternal_mortality_rate"],
              "by": ["ethnicity"], "from": [""], "to": [""], "ci": ["1"], "edition": ["latest"]}
    out = post(client, callback_body({"fields": fields, "t": 1}))
    assert out["explore-url"]["search"] == "?by=ethnicity"
    assert out["explore-title"]["children"] == [ETHNICITY_TITLE]
    form = out["explore-form-html"]["data"]
    assert form["query"] == "by=ethnicity" and 'name="groups" value="Black"' in form["form"]
    assert form["title"].startswith(ETHNICITY_TITLE)
    assert app.server.extensions["dashboard_errors"]["count"] == 0


def test_back_and_forward_rerender_from_the_address(client):
    out = post(client, callback_body(None, "?ind=maternal_suicide_rate", changed="explore-url.search"))
    assert "explore-url" not in out  # the address is already right: nothing is pushed
    assert "116 123" in json.dumps(out["explore-about"]["children"])  # the support box of a sensitive view
    assert out["explore-form-html"]["data"]["query"] == "ind=maternal_suicide_rate"


def find(tree: Any, cid: str) -> Any:
    """The node of a server tree with this id."""
    nodes = [tree]
    while nodes:
        node = nodes.pop()
        if isinstance(node, list) and len(node) == 3 and isinstance(node[0], str) and isinstance(node[1], list):
            if ("id", cid) in node[1]:
                return node
            nodes.extend(node[2] if isinstance(node[2], list) else [])
        elif isinstance(node, list):
            nodes.extend(node)
    raise KeyError(cid)


@pytest.mark.parametrize("query", ["by=deprivation", "ind=maternal_suicide_rate", "ind=nope"])
def test_callback_fills_each_part_of_the_panel_as_the_server_does(client, query):
    """Each part the callback fills gets the children the page has for the same view."""
    out = post(client, callback_body(None, f"?{query}", changed="explore-url.search"))
    server = server_tree(entry_point(client.get(f"/explore?{query}").get_data(as_text=True)))
    for slot in SLOTS:
        children = out[slot]["children"]
        got = dash_tree(children if isinstance(children, list) else [children])
        assert got == find(server, slot)[2], slot


values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=80),
                      lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                      max_leaves=12)
names = st.sampled_from(["prev", "ind", "variant", "by", "groups", "from", "to", "measure", "ci", "edition"]) | st.text(max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(values, st.dictionaries(names, values, max_size=10),
                 st.fixed_dictionaries({"fields": st.dictionaries(names, st.lists(st.text(max_size=60), max_size=5) | values)})),
       st.one_of(st.none(), st.text(max_size=120)))
def test_callback_never_raises(app, fields, search):
    client = app.server.test_client()
    changed = "explore-fields.data" if search is None else "explore-url.search"
    resp = client.post(CALLBACK, json=callback_body(fields, search, changed))
    assert resp.status_code == 200
    out = resp.get_json()["response"]
    search_out = out.get("explore-url", {}).get("search")
    assert search_out is None or re.fullmatch(r"(\?[^\s#]*)?", search_out)
    assert app.server.extensions["dashboard_errors"]["count"] == 0


@pytest.mark.parametrize("body", [
    {"output": OUTPUT_KEY, "inputs": "x"},
    {"output": "nope", "outputs": [], "inputs": []},
    {"output": OUTPUT_KEY, "outputs": [],
     "inputs": [{"id": "explore-fields", "property": "nope", "value": 1}], "state": []},
    [],
])
def test_malformed_callback_bodies_are_400(client, app, body):
    assert client.post(CALLBACK, json=body).status_code == 400
    assert app.server.extensions["dashboard_errors"]["count"] == 0
