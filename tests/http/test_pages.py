"""Pages without a browser: layouts and callbacks called directly, and the app over in-process HTTP."""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest
from dash import no_update

from dashboard.state import parse


def walk(component: Any) -> Iterator[Any]:
    if component is None or isinstance(component, (str, int, float)):
        return
    if isinstance(component, (list, tuple)):
        for c in component:
            yield from walk(c)
        return
    yield component
    yield from walk(getattr(component, "children", None))


def by_id(layout: Any, cid: str) -> Any:
    for c in walk(layout):
        if getattr(c, "id", None) == cid:
            return c
    raise KeyError(cid)


def text_of(component: Any) -> str:
    parts = []
    for c in walk(component):
        ch = getattr(c, "children", None)
        if isinstance(ch, str):
            parts.append(ch)
        elif isinstance(ch, (list, tuple)):
            parts += [x for x in ch if isinstance(x, str)]
    return " ".join(parts)


@pytest.fixture(scope="module")
def pages(app):
    """The page modules as Dash pages imported them (importing dashboard.pages.* again would register twice)."""
    import sys

    return tuple(sys.modules[f"pages.{name}"] for name in ("explore", "home", "about"))


def test_explore_default_layout_has_chart_table_text_share_and_briefing(pages):
    explore, _, _ = pages
    page = explore.layout()
    assert by_id(page, "explore-chart").figure is not None
    assert "Women who died" in text_of(by_id(page, "explore-title"))
    summary = by_id(page, "explore-summary")
    assert getattr(summary, "aria-live") == "polite" and "100,000" in text_of(summary)
    assert by_id(page, "explore-table") is not None
    share = text_of(by_id(page, "share-panel"))
    for words in ("Download image (PNG)", "Download the data for this chart (CSV", "Copy link", "How to cite"):
        assert words in share, words
    assert "Brief me on this view" in text_of(by_id(page, "briefing-link"))
    assert by_id(page, "explore-nav").refresh == "callback-nav"
    assert by_id(page, "explore-notice").children is None


def test_explore_junk_query_gives_notice_not_error(pages):
    explore, _, _ = pages
    page = explore.layout(ind="<script>alert(1)</script>", by="x" * 500, groups=["a", "b"], **{"from": "1800"})
    notice = by_id(page, "explore-notice")
    assert notice.role == "status" and "We changed your link" in text_of(notice)
    assert "Women who died" in text_of(by_id(page, "explore-title"))


def test_sensitive_view_has_support_box_and_association_caveat(pages):
    explore, _, _ = pages
    page = explore.layout(ind="known_to_social_services_share")
    classes = [getattr(c, "className", "") for c in walk(page)]
    assert "support-box" in classes
    assert "association, not a cause" in text_of(by_id(page, "explore-caveats"))


def test_secondary_figures_are_flagged_by_name(pages):
    explore, _, _ = pages
    page = explore.layout(by="ethnicity")
    assert "Irwin Mitchell" in text_of(by_id(page, "explore-secondary"))


def test_form_query_resets_what_depends_on_the_changed_control(pages, store):
    explore, _, _ = pages
    fields = {"ind": ["maternal_mortality_rate"], "by": ["ethnicity"], "groups": ["Black", "Asian"],
              "from": ["2003-05"], "ci": ["1"]}
    q = explore.form_query(fields, "by", store)
    assert "by=ethnicity" in q and "groups" not in q and "from" not in q
    q = explore.form_query(fields, "groups", store)
    assert "groups=Black|Asian" in q
    q = explore.form_query({**fields, "ind": ["stillbirth_rate"]}, "ind", store)
    assert q == "ind=stillbirth_rate"
    q = explore.form_query({"ind": ["maternal_mortality_rate"]}, "ci", store)
    assert q == "ci=0"
    q = explore.form_query({"ind": ["maternal_mortality_rate"], "variant": ["maternal_mortality_rate_excl_covid"], "ci": ["1"]},
                           "variant", store)
    assert q == "ind=maternal_mortality_rate_excl_covid"


def test_on_form_change_callback_returns_the_canonical_url(pages):
    explore, _, _ = pages
    href = explore.on_form_change({"fields": {"ind": ["maternal_mortality_rate"], "by": ["deprivation"], "ci": ["1"]},
                                   "changed": "by"})
    assert href == "/explore?by=deprivation"
    assert explore.on_form_change(None) is no_update
    assert explore.on_form_change({"fields": "junk"}) is no_update
    assert explore.on_form_change({"fields": {"ind": ["nope"], "ci": ["1"]}, "changed": "ind"}) == "/explore"


def test_home_story_blocks_link_to_explore(pages, store):
    _, home, _ = pages
    page = home.layout()
    links = {getattr(c, "id", None): c.href for c in walk(page) if getattr(c, "href", None)
             and str(getattr(c, "id", "")).endswith("-link")}
    for block in ("change", "gap-ethnicity", "gap-deprivation", "causes", "late", "social", "perinatal"):
        href = links[f"{block}-link"]
        assert href.startswith("/explore")
        _, notices = parse(href.partition("?")[2], store)
        assert notices == [], (block, href, notices)
    assert "12.80" in text_of(page)
    assert "no test" in text_of(by_id(page, "story-change"))
    assert "association, not a cause" in text_of(by_id(page, "story-social"))


def test_about_has_definitions_and_support_anchors(pages):
    _, _, about = pages
    page = about.layout()
    assert "Maternities" in text_of(by_id(page, "definitions"))
    assert "Samaritans" in text_of(by_id(page, "support"))
    assert by_id(page, "cite") is not None


def _router_post(client, search: str):
    payload = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/explore"},
                   {"id": "_pages_location", "property": "search", "value": search}],
        "changedPropIds": ["_pages_location.search"],
        "state": [],
    }
    return client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")


@pytest.mark.parametrize("search", ["", "?by=ethnicity&measure=ratio", "?ind=%3Cscript%3E&from=99999&ci=zzz",
                                    "?groups=" + "|".join(["x"] * 300), "?%ff%fe=%00"])
def test_http_explore_never_500(app, search):
    client = app.server.test_client()
    page = client.get("/explore" + search)
    assert page.status_code == 200 and b'<html lang="en">' in page.data
    resp = _router_post(client, search)
    assert resp.status_code == 200, resp.data[:300]
    body = resp.get_data(as_text=True)
    assert "explore-chart" in body and "explore-notice" in body


def test_http_form_callback(app):
    client = app.server.test_client()
    payload = {
        "output": "explore-nav.href",
        "outputs": {"id": "explore-nav", "property": "href"},
        "inputs": [{"id": "explore-form-data", "property": "data",
                    "value": {"fields": {"by": ["ethnicity"], "ci": ["1"]}, "changed": "by"}}],
        "changedPropIds": ["explore-form-data.data"],
        "state": [],
    }
    resp = client.post("/_dash-update-component", data=json.dumps(payload), content_type="application/json")
    assert resp.status_code == 200
    assert json.loads(resp.get_data(as_text=True))["response"]["explore-nav"]["href"] == "/explore?by=ethnicity"


def test_home_story_text_is_safe_and_plain(pages, store):
    from dashboard.text.explain import READING_EASE_MIN, reading_ease
    from dashboard.text.safety import problems_in

    _, home, _ = pages
    blocks = home.story_blocks(store)
    assert {b.block_id for b in blocks} >= {"change", "gap-ethnicity", "gap-deprivation", "causes", "late", "social",
                                           "perinatal"}
    for b in blocks:
        text = " ".join(b.sentences)
        assert problems_in(text) == [], b.block_id
        assert reading_ease(text) >= READING_EASE_MIN, (b.block_id, text)
        assert b.sources
