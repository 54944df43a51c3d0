"""Breakage that once passed the whole suite, each now held by a test: a rate chart's value axis must start at zero;
the checker says "exactly" only for the number as published; every checker heading names its period; every source
object in every API answer carries its `source_url`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup

from dashboard.charts.svg import render_svg
from dashboard.explore.state import parse
from dashboard.explore.view import build_view
from dashboard.model.check import check

NUMBER = re.compile(r"-?\d+(?:\.\d+)?%?")
QUERIES = ["13.56", "12.8", "12.82", "8.79", "22%", "229", "one in five", "11.66", "3.22", "10.9", "35.1"]


def rate_views(store) -> list[tuple[str, str]]:
    out = []
    for ind, meta in store.catalogue.indicators.items():
        if meta.measure != "rate":
            continue
        found = set(store.table.loc[store.table["indicator"] == ind, "breakdown"])
        out += [(ind, by) for by in ["overall", *meta.breakdowns] if by in found]
    return out


def test_every_rate_chart_starts_its_value_axis_at_zero(store):
    views = rate_views(store)
    assert len(views) >= 14
    for ind, by in views:
        view = build_view(store, parse(f"ind={ind}&by={by}", store)[0])
        if view.empty:
            continue
        for width, narrow in ((720, False), (360, True)):
            svg = render_svg(view.chart, width, narrow=narrow, id_prefix="t")
            texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
            ticks = [float(t.rstrip("%").replace(",", "")) for t in texts if NUMBER.fullmatch(t.replace(",", ""))]
            assert ticks, (ind, by)
            assert min(ticks) == 0, (ind, by, width, sorted(ticks)[:3])


def typed(q: str) -> float | None:
    """The number as typed, read by hand: '22%' is 22, '12.8' is 12.8; words are no number."""
    return float(q.rstrip("%")) if NUMBER.fullmatch(q) else None


@pytest.mark.parametrize("q", QUERIES)
def test_the_checker_says_exactly_only_for_the_number_as_published(store, client, q):
    result = check(store, q)
    exact = 0
    for m in result.matches:
        if m.figure is None:
            continue
        said_exactly = "exactly" in m.how_words
        is_exact = typed(q) is not None and m.how != "its count" and m.figure.value == typed(q)
        assert said_exactly == is_exact, (q, m.figure.period, m.figure.value, m.how_words)
        exact += said_exactly
    page = client.get("/check", query_string={"q": q}).get_data(as_text=True)
    assert page.count("exactly the published number") == exact, q


def test_near_numbers_are_never_exactly(store):
    # 12.82 (2021-23) is published; 12.8 is the 2022-24 rate (maternal.csv): one is exact, the other only rounds
    by_period = {m.figure.period: m.how for m in check(store, "12.8").matches if m.figure}
    assert by_period.get("2022-24") == "exactly" and by_period.get("2021-23") == "rounds to the figure"
    assert all(m.how != "exactly" for m in check(store, "one in five").matches)


@pytest.mark.parametrize("q", QUERIES)
def test_every_checker_heading_names_its_period(store, client, q):
    soup = BeautifulSoup(client.get("/check", query_string={"q": q}).get_data(as_text=True), "html.parser")
    headings = [h.get_text(" ", strip=True) for h in soup.select("h2.check-title")]
    result = check(store, q)
    assert len(headings) == len(result.matches)
    for heading, m in zip(headings, result.matches, strict=True):
        periods = [m.figure.period] if m.figure else re.findall(r"\d{4}(?:-\d{2})?", m.pair)
        assert periods and all(p in heading for p in periods), (q, heading)


# ---- the API: every source object carries its source_url ------------------------------------------------------

SOURCE_KEYS = {"publication", "source_url", "tier"}
API = ["/api/v1/", "/api/v1/indicators", "/api/v1/editions", "/api/v1/comparisons?indicator=maternal_mortality_rate",
       "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall", "/api/v1/statements",
       "/api/v1/statements?ind=maternal_mortality_rate&by=ethnicity", "/api/v1/statements?ind=stillbirth_rate",
       "/api/v1/statements?ind=known_to_social_services_share", "/api/v1/statements?ind=maternal_mortality_rate&by=deprivation&measure=ratio",
       "/api/v1/indicators?indicator=maternal_mortality_rate"]


def source_objects(node: Any, key: str = "") -> list[dict]:
    """Every object the API gives as a source: under a key naming a source, or any object naming a publication."""
    found = []
    if isinstance(node, dict):
        if key in ("source", "sources") or ("publication" in node and "tier" in node):
            found.append(node)
        for k, v in node.items():
            found += source_objects(v, k)
    elif isinstance(node, list):
        for v in node:
            found += source_objects(v, key)
    return found


def test_every_source_object_in_every_api_answer_carries_its_source_url(client):
    total = 0
    for path in API:
        resp = client.get(path)
        assert resp.status_code == 200, path
        for obj in source_objects(resp.get_json()):
            if "publication" in obj and "tier" in obj and "period" in obj:
                continue  # a figure row (its own source columns are checked by the figures schema)
            missing = SOURCE_KEYS - set(obj)
            assert not missing, (path, missing, sorted(obj)[:8])
            assert re.match(r"https?://", obj["source_url"]), (path, obj["source_url"])
            total += 1
    assert total >= 20  # the walk found the nested sources (figures, statements, verdicts)


def test_every_figure_row_in_the_api_names_its_source_url(client):
    rows = client.get("/api/v1/figures?indicator=maternal_mortality_rate").get_json()["data"]
    assert rows and all(re.match(r"https?://", r["source_url"]) for r in rows)
