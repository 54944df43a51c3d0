"""The text generator: significance wording, small numbers, banned words and reading ease."""

from __future__ import annotations

import pytest

from dashboard.data.query import breakdowns
from dashboard.state import parse
from dashboard.text.explain import (
    READING_EASE_MIN,
    change_sentences,
    inequality_sentences,
    reading_ease,
    significance,
    small_count_sentence,
    split_comparison,
)
from dashboard.text.glossary import GLOSSARY
from dashboard.text.safety import BANNED, assert_safe, problems_in
from dashboard.views import build_view

RISE_FALL = ("rise", "rose", "fall", "fell", "increase", "decrease", "higher", "lower", "up ", "down ")


def test_significant_published_ratio_is_called_an_increase():
    text = " ".join(change_sentences("2018-20", "2017-19", 1.24, 1.02, 1.51, "published"))
    assert "statistically significant increase" in text
    assert "1.24" in text and "1.02 to 1.51" in text
    assert "2017 to 2019" in text and "2018 to 2020" in text


def test_non_significant_change_is_never_called_a_rise_or_fall():
    text = " ".join(change_sentences("2019-21", "2018-20", 1.07, 0.89, 1.29, "published",
                                     "Not statistically significant (p=0.4631)."))
    assert "no statistically significant change" in text
    first = text.split(".")[0].lower()
    assert not any(w in first for w in RISE_FALL)


def test_significant_decrease_wording():
    text = " ".join(change_sentences("2012-14", "2009-11", 0.7, 0.55, 0.9, "computed"))
    assert "statistically significant decrease" in text
    assert "worked out this test from the published counts" in text


def test_no_test_says_so_plainly():
    text = " ".join(change_sentences("2022-24", "2021-23", None, None, None, None, noun="figure"))
    assert "gives no test" in text and "cannot say" in text
    assert not any(w in text.lower() for w in ("increase", "decrease", " rise", " fall"))


def test_source_words_win_over_interval():
    assert significance(1.39, 0.55, 2.93, "Not statistically significant (p=0.395).") == "not significant"
    assert significance(2.0, 1.1, 3.7) == "significant"
    assert significance(2.0, None, None) is None
    assert significance(0.5, 0.3, 0.8) == "significant"


def test_inequality_sentence_with_and_without_interval():
    with_ci = " ".join(inequality_sentences("Black", "White", "2022-24", 2.5, 1.6, 3.9))
    assert "2.50 times" in with_ci and "1.60 to 3.90" in with_ci and "is statistically significant" in with_ci
    without = " ".join(inequality_sentences("Black", "White", "2018-20", 3.7, None, None))
    assert "cannot say if the gap is statistically significant" in without


def test_split_comparison():
    assert split_comparison("Black vs White") == ("Black", "White")
    assert split_comparison("All") == ("All", "")


def test_small_count_caveat():
    assert small_count_sentence(None) is None
    assert small_count_sentence(25) is None
    assert "fewer than 20" in small_count_sentence(7)


@pytest.mark.parametrize("word", ["epidemic", "soaring", "surge", "committed suicide", "skyrocketing"])
def test_banned_words_are_caught(word):
    assert problems_in(f"Deaths are {word} this year.")
    with pytest.raises(ValueError):
        assert_safe(f"The {word} continues.")


def test_causal_social_care_wording_is_caught():
    assert problems_in("Involvement with social services led to more deaths.")


def test_generated_sentences_pass_reading_ease():
    for sentences in (change_sentences("2018-20", "2017-19", 1.24, 1.02, 1.51, "published"),
                      change_sentences("2022-24", "2021-23", None, None, None, None),
                      inequality_sentences("Black", "White", "2022-24", 2.5, 1.6, 3.9)):
        assert reading_ease(" ".join(sentences)) >= READING_EASE_MIN


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
