"""The topic page 'Perinatal mental health and social care': every figure from datasets/, secondary figures
flagged, gaps named, support not blame, safe messaging on all text and in the charts' images."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from dashboard.briefing import topic
from dashboard.text.safety import CAUSAL_SOCIAL_CARE, METHOD_WORDS, problems_in
from dashboard.web import context
from tests.http.test_briefing import (assert_fact_from_store, components, page_layout, store_row, tampered_copy,
                                 texts)

from dashboard.data.load import load_store

URL = "http://dash.test"


@pytest.fixture(scope="module")
def sections(store):
    return topic.sections(store, URL)


@pytest.fixture(scope="module")
def layout(app):
    return page_layout(topic.PATH)()


def test_page_is_in_the_site_navigation():
    from dashboard.components.shell import NAV

    assert (topic.PATH, "Mental health and social care") in NAV
    assert ("/briefing", "Briefing") in NAV


def test_page_has_each_part_of_the_topic(layout):
    text = " ".join(texts(layout))
    for heading in ("Women who died who were known to social services", "Suicide and other mental-health-related causes",
                    "Women who died, with and without children's social care involvement",
                    "Mothers in acute psychiatric care after birth", "What the reports and campaigners call for"):
        assert heading in text
    assert "support, not blame" in text
    assert "association, not a cause" in text
    assert "116 123" in text and "perinatal mental health services" in text and "bereavement" in text
    assert len([c for c in components(layout, "Aside") if "support-box" in (c.className or "")]) == 1


def test_every_figure_on_the_page_is_a_store_row(store, sections, layout):
    facts = [f for s in sections for f in s.facts] + list(topic.study(store).facts)
    assert len(facts) > 40
    for f in facts:
        assert_fact_from_store(store, f)
    shown = {c.to_plotly_json()["props"].get("data-row-id") for c in components(layout, "Tr")}
    assert {f.row_id for f in facts} <= shown


def test_secondary_figures_are_visibly_flagged(store, layout):
    rows = [c for c in components(layout, "Tr") if c.to_plotly_json()["props"].get("data-row-id")]
    secondary = 0
    for tr in rows:
        row = store_row(store, tr.to_plotly_json()["props"]["data-row-id"])
        flags = [s for s in components(tr, "Strong") if "flag-secondary" in (s.className or "")]
        if row["quality"] == "secondary":
            secondary += 1
            assert flags and flags[0].children == f"Reported by {row['quality_source']}"
        else:
            assert not flags
    assert secondary >= 5


def test_social_services_series_shows_gaps_as_gaps(sections):
    social = next(s for s in sections if s.key == "social")
    trace = social.figure.data[0]
    axis = list(trace.x)
    assert axis[0] == "2012-14" and axis[-1] == "2020-22"
    assert len(axis) == 9  # every three-year period from 2012-14 to 2020-22
    values = dict(zip(axis, trace.y))
    assert values["2014-16"] is None and values["2019-21"] is None
    assert trace.connectgaps is False
    assert "2014-16" in " ".join(social.gaps)
    # figures worded on another base are listed apart, not joined to the series
    assert all(p in {"2012-14", "2013-15", "2016-18", "2020-22"} for p in axis if values[p] is not None)


def test_characteristics_compare_with_and_without_involvement(store, sections):
    inv = next(s for s in sections if s.key == "involvement")
    names = {t.name for t in inv.figure.data}
    assert names == {"With involvement", "Without involvement"}
    with_, without = inv.figure.data
    assert list(with_.y) == list(without.y)  # the chart shows only characteristics published for both groups
    assert any("Domestic abuse" in y for y in with_.y)
    ratios = [f for f in inv.facts if f.indicator == "csc_rate_ratio"]
    assert ratios and all("statistically significant" in f.significance.lower() for f in ratios)


def test_study_of_278_mothers_comes_from_the_rows(store):
    st = topic.study(store)
    rows = store.table[store.table["indicator"] == "acute_postpartum_dyads"]
    for v in rows["value"]:
        assert f"{int(v)}" in st.sentences[0]
    text = " ".join(st.sentences)
    for factor in ("deprivation", "trauma", "domestic abuse", "diagnoses", "psychiatric admissions"):
        assert factor in text
    assert "less satisfied" in text and "not met" in text
    assert st.url.startswith("https://")


def test_charts_carry_source_and_support_in_the_image(sections):
    for s in sections:
        if s.figure is None:
            continue
        notes = " ".join(a.text for a in s.figure.layout.annotations)
        assert "Source:" in notes
        assert "116 123" in notes
        assert s.figure_summary


def test_all_topic_text_is_safe_and_never_causal(layout, store, sections):
    all_text = texts(layout) + topic.all_text(sections, topic.study(store))
    for s in sections:
        if s.figure is not None:
            all_text += [a.text for a in s.figure.layout.annotations] + [str(t) for tr in s.figure.data for t in (tr.text or ())]
    assert len(all_text) > 100
    for t in all_text:
        assert problems_in(t) == [], t
        low = t.lower()
        assert not any(re.search(rf"\b{w}\b", low) for w in METHOD_WORDS), t
        assert not CAUSAL_SOCIAL_CARE.search(t), t


def test_calls_are_attributed(layout):
    items = [li for li in components(layout, "Li") if li.to_plotly_json()["props"].get("data-recommendation")]
    assert len(items) >= 8
    for li in items:
        links = components(li, "A")
        assert links and links[0].href.startswith("https://")


def test_changing_a_dataset_value_changes_the_topic_page(tmp_path, app, store, settings):
    dest = tampered_copy(tmp_path, "social.csv", "csc_characteristic_share", "2014-22", "with_csc_involvement",
                         "65", "64")
    changed = load_store(dest)
    try:
        context.install(changed, replace(settings, datasets=dest))
        text = " ".join(texts(page_layout(topic.PATH)()))
    finally:
        context.install(store, settings)
    assert "64% of women with involvement" in text
    assert "65% of women with involvement" not in text


def test_edition_in_the_link_is_honoured_and_junk_is_explained(app):
    text = " ".join(texts(page_layout(topic.PATH)(edition="2023-10")))
    assert "2022-24" not in text  # figures published after the edition are not shown
    junk = " ".join(texts(page_layout(topic.PATH)(edition="not-an-edition")))
    assert "so the latest figures are shown" in junk
