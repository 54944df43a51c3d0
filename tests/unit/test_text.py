"""Generated text: banned words, causal wording, reading ease of every view's words, the glossary.

(The sentences themselves are the model's: dashboard.model.words, tested through the pages in test_content.py.)"""

from __future__ import annotations

import pytest

from dashboard.data.query import breakdowns
from dashboard.state import parse
from dashboard.text.glossary import GLOSSARY
from dashboard.text.plain import READING_EASE_MIN, reading_ease
from dashboard.text.safety import BANNED, assert_safe, problems_in
from dashboard.views import build_view


@pytest.mark.parametrize("word", ["epidemic", "soaring", "surge", "committed suicide", "skyrocketing"])
def test_banned_words_are_caught(word):
    assert problems_in(f"Deaths are {word} this year.")
    with pytest.raises(ValueError):
        assert_safe(f"The {word} continues.")


def test_causal_social_care_wording_is_caught():
    assert problems_in("Involvement with social services led to more deaths.")


@pytest.fixture(scope="module")
def all_views(store):
    out = []
    for ind in store.catalogue.indicators:
        for by in breakdowns(store, ind):
            for measure in ("value", "ratio"):
                state, _ = parse(f"ind={ind}&by={by}&measure={measure}", store)
                out.append(build_view(store, state))
    return out


def test_every_explanation_is_safe_plain_and_says_something(all_views):
    worst = (100.0, "")
    for view in all_views:
        text = view.explanation
        assert text, view.query
        assert problems_in(text) == [], view.query
        for word in BANNED:
            assert word not in text.lower()
        score = reading_ease(text)
        worst = min(worst, (score, view.query))
        assert score >= READING_EASE_MIN, (view.query, score, text)


def test_sensitive_views_never_use_method_detail(all_views):
    for view in all_views:
        if view.sensitive:
            assert problems_in(" ".join([view.title, view.subtitle, view.alt_text, *view.summary])) == []


def test_glossary_terms_are_defined_in_plain_english():
    terms = {g.term.lower() for g in GLOSSARY}
    for needed in ("maternities", "direct death", "indirect death", "coincidental death", "late death",
                   "deprivation quintile", "confidence interval", "rolling three-year period"):
        assert any(needed in t for t in terms), needed
    for g in GLOSSARY:
        assert problems_in(g.definition) == []
        assert reading_ease(g.definition) >= 50, (g.term, reading_ease(g.definition))
