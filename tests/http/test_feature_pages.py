"""The check and changes pages: server-rendered answers, clear messages for bad input, never a 5xx."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def text(resp) -> str:
    return " ".join(BeautifulSoup(resp.data, "html.parser").get_text(" ").split())


def test_check_page_names_the_figure_and_its_report_without_javascript(client):
    r = client.get("/check?q=13.56")
    assert r.status_code == 200
    words = text(r)
    assert "Maternal mortality rate, 2020-22" in words
    # curated/maternal.csv line 102: 13.56, Saving Lives, Improving Mothers' Care 2024 (2020-22), published 2024-10-10
    assert "First published in Saving Lives, Improving Mothers' Care 2024 (2020-22), 10 October 2024." in words
    soup = BeautifulSoup(r.data, "html.parser")
    form = soup.find("form", attrs={"action": "/check"})
    assert form["method"] == "get" and form.find("input", attrs={"name": "q"})["value"] == "13.56"
    assert not soup.find_all("script")


def test_figure_cards_link_to_the_check(client):
    r = client.get("/check?q=black+women")
    links = [a["href"] for a in BeautifulSoup(r.data, "html.parser").find_all("a", href=True)]
    assert any(h.startswith("/check?q=") for h in links)


@pytest.mark.parametrize("q, message", [
    ("", None), ("x" * 500, "too long"), ("9" * 40, "more than 12 digits"), ("no numbers", "could not find a number"),
    ("13.57", "No published figure in this dashboard matches 13.57"),
])
def test_check_messages(client, q, message):
    r = client.get("/check?" + urlencode({"q": q}))
    assert r.status_code == 200
    if message:
        assert message in text(r)


def test_changes_default_and_unknown_edition(client):
    r = client.get("/changes")
    assert r.status_code == 200 and "January 2026" in text(r) and "2022-24" in text(r)
    r = client.get("/changes?from=1066-10")
    assert r.status_code == 404 and "There is no edition '1066-10'" in text(r)
    r = client.get("/changes?from=2024-10&to=2024-10")
    assert r.status_code == 400 and "two different editions" in text(r)
    r = client.get("/changes?from=2024-01&to=2024-10")
    assert "was revised to 13.56" in text(r)
    assert "/explore?edition=2024-10" in r.data.decode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/check", "/changes", "/data/latest/", "/data"]),
       pairs=st.lists(st.tuples(st.sampled_from(["q", "from", "to", "x"]),
                                st.one_of(st.text(max_size=60), st.sampled_from(["2024-10", "2026-01", "13.56"]))),
                      max_size=4))
def test_pages_never_fail(client, app, path, pairs):
    r = client.get(path, query_string=urlencode(pairs))
    assert r.status_code < 500
    assert app.server.extensions["dashboard_errors"]["count"] == 0


def test_check_answers_a_pasted_ratio_with_what_the_home_page_leads_with(client):
    # comparisons.csv line 11: "nearly three-fold difference", 2022-24, MBRRACE-UK data brief of January 2026
    words = text(client.get("/check?q=3.7+times"))
    assert "Black vs White, 2018-20" in words
    assert "MBRRACE-UK's own words for 2022 to 2024 are \"nearly three-fold difference\"" in words
