"""Generated text: banned words, causal wording, and plain English (Flesch reading ease >= READING_EASE_MIN, via
textstat) for every Explore view's summary and every reading page's words (home, topic, briefings, About).

The rule is checked per piece a reader reads in one go: a view's summary, a block or briefing section of a page,
the briefings of every edition. A piece below the line is fixed in the model's wording (dashboard.model.words,
views.py), never by lowering the line. Not scored, but checked for safety: the recommendations (the reports' own
calls, datasets/recommendations.yaml) and the worded significance labels beside each figure ("Change from 2021-23:
not statistically significant (the source's test)"), whose fixed terms the section's sentences explain.
(The sentences themselves are the model's and are tested with fixed expected values in test_content.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.content.briefing import briefing, view_briefing
from dashboard.content.home import home
from dashboard.content.topic import topic
from dashboard.data.query import breakdowns, editions
from dashboard.data.recommendations import load_recommendations
from dashboard.explore.state import parse
from dashboard.explore.view import build_view
from dashboard.text.glossary import GLOSSARY
from dashboard.text.safety import BANNED, METHOD_WORDS, assert_safe, problems_in
from tests.plain import READING_EASE_MIN, reading_ease

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


@pytest.mark.parametrize("word", ["epidemic", "soaring", "surge", "committed suicide", "skyrocketing"])
def test_banned_words_are_caught(word):
    assert problems_in(f"Deaths are {word} this year.")
    with pytest.raises(ValueError):
        assert_safe(f"The {word} continues.")


def test_causal_social_care_wording_is_caught():
    assert problems_in("Involvement with social services led to more deaths.")


@pytest.fixture(scope="module")
def all_views(store):
    """Every Explore view: each indicator x each of its breakdowns x each measure."""
    out = []
    for ind in store.catalogue.indicators:
        for by in breakdowns(store, ind):
            for measure in ("value", "ratio"):
                state, _ = parse(f"ind={ind}&by={by}&measure={measure}", store)
                out.append(build_view(store, state))
    return out


@pytest.fixture(scope="module")
def recs():
    return load_recommendations(DATASETS)


@pytest.fixture(scope="module")
def pieces(store, recs):
    """Every reading page's generated words, as (page, piece, text) per block or section."""
    out: list[tuple[str, str, str]] = []
    h = home(store)
    for b in ([h.headline] if h.headline else []) + list(h.blocks):
        out.append(("home", b.id, " ".join(b.sentences)))
    out.append(("home", "trend", " ".join(h.trend_words)))
    if h.ambition is not None:
        out.append(("home", "ambition", " ".join(h.ambition.sentences)))
    t = topic(store, recs)
    out.append(("topic", "framing", " ".join(t.framing + (t.teenage,))))
    out += [("topic", b.id, " ".join(b.sentences)) for b in t.blocks]
    months = sorted({v[:7] for v, _ in editions(store)})
    for edition in ["latest", *months]:
        b = briefing(store, recs, edition)
        out += [(f"briefing {edition}", s.id, " ".join(s.sentences)) for s in b.sections]
    for q in ("", "ind=neonatal_mortality_rate_ons&by=nation"):
        vb = view_briefing(store, parse(q, store)[0])
        out.append((f"view briefing {q}", "summary", " ".join(vb.view.summary + ((vb.cut,) if vb.cut else ()))))
    out += [("about", t.term, t.definition) for t in GLOSSARY]
    return [p for p in out if p[2]]


def test_every_explanation_is_safe_plain_and_says_something(all_views):
    for view in all_views:
        text = view.explanation
        assert text, view.query
        assert problems_in(text) == [], view.query
        for word in BANNED:
            assert word not in text.lower()
        score = reading_ease(text)
        assert score >= READING_EASE_MIN, (view.query, score, text)


def test_the_ambitions_words_are_part_of_every_view_that_shows_it(all_views):
    """Progress against the national ambition (dashboard.model.ambition) is in the summary the checks above read."""
    with_aim = [v for v in all_views if v.ambition is not None]
    assert {v.indicator.id for v in with_aim} >= {"maternal_mortality_rate"}
    for v in with_aim:
        assert set(v.ambition.sentences) <= set(v.summary), v.query


def test_every_reading_page_reads_plainly(pieces):
    for page, piece, text in pieces:
        score = reading_ease(text)
        assert score >= READING_EASE_MIN, (page, piece, round(score, 1), text)


def test_every_reading_page_is_safe(store, recs, pieces):
    texts = [text for _, _, text in pieces] + [r.text for r in recs]
    texts += list(home(store).sentences) + list(topic(store, recs).sentences) + list(briefing(store, recs).sentences)
    for text in texts:
        assert problems_in(text) == [], text
        assert not any(w in text.lower().split() for w in METHOD_WORDS), text


def test_sensitive_views_never_use_method_detail(all_views):
    for view in all_views:
        if view.sensitive:
            assert problems_in(" ".join([view.title, view.subtitle, view.alt_text, *view.summary])) == []


def test_glossary_terms_are_defined(pieces):
    terms = {g.term.lower() for g in GLOSSARY}
    for needed in ("maternities", "direct death", "indirect death", "coincidental death", "late death",
                   "deprivation quintile", "confidence interval", "rolling three-year period", "primary source",
                   "official summary", "calculated interval", "published comparison"):
        assert any(needed in t for t in terms), needed
