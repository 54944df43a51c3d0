"""Every headline number on the home page and the briefing checked against a golden list written by hand from the
sources (tests/fixtures/golden_headlines.csv: value, period, source URL and the place on the page, read on stored
copies of the cited pages, checked 2026-12-07), not against the data files or anything generated from them: a
number changed in the data, even with its hashes and the provenance report regenerated, fails here."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.content.briefing import briefing
from dashboard.content.home import home
from dashboard.data.recommendations import load_recommendations

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden_headlines.csv"
ROWS = list(csv.DictReader(GOLDEN.open(encoding="utf-8")))


def key(r) -> tuple[str, str, str, str]:
    return (r["indicator"], r["breakdown"], r["group"], r["period"])


@pytest.fixture(scope="module")
def shown(store, settings):
    """The figures the home page and the printed briefing show, by (indicator, breakdown, group, period)."""
    on_home = {(f.indicator.id, f.breakdown, f.group, f.period): f for f in home(store).figures}
    b = briefing(store, load_recommendations(settings.datasets), "latest")
    on_briefing = {(ln.figure.indicator.id, ln.figure.breakdown, ln.figure.group, ln.figure.period): ln.figure
                   for sec in b.sections for ln in sec.lines if ln.printed}
    return {"home": on_home, "briefing": on_briefing}


def test_the_golden_list_is_complete():
    assert len(ROWS) >= 7 and all(r["source_url"].startswith("https://") and r["locator"] for r in ROWS)


@pytest.mark.parametrize("page", ["home", "briefing"])
@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['indicator']}-{r['group']}-{r['period']}")
def test_each_headline_number_is_the_published_one(shown, page, row):
    f = shown[page].get(key(row))
    assert f is not None, f"{page} no longer shows {key(row)}"
    assert f.number == row["value"], (page, key(row), f.number)
    assert f.source.url == row["source_url"], (page, key(row))
    if row["numerator"]:
        assert f.numerator == int(row["numerator"]), (page, key(row))


@pytest.mark.parametrize("path", ["/", "/briefing"])
def test_the_pages_print_the_golden_numbers(app, path):
    text = app.server.test_client().get(path).get_data(as_text=True)
    for row in ROWS:
        assert row["value"] in text, (path, key(row))
