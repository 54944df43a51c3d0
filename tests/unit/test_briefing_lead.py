"""The briefing, declared in the page spec and led by the one editorial policy (dashboard.model.editorial).

Expected values are written from the rows, not from the code under test:
- datasets/curated/comparisons.csv line 11: MBRRACE-UK data brief of January 2026, 2022-24, Black against White,
  "nearly three-fold difference", primary; line 13: the same brief, 2022-24, most against least deprived areas,
  "twice that of women living in the least deprived areas", primary.
- datasets/curated/maternal.csv line 130: the newest checked Black vs White rate ratio, 3.7 for 2018-20 (Saving
  Lives 2022, primary); line 123: the newest most vs least deprived ratio, 1.9 for 2021-23 (Saving Lives 2025, read
  on a law firm's page: secondary).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard.content import spec
from dashboard.content.briefing import briefing
from dashboard.content.home import home
from dashboard.data.recommendations import load_recommendations
from dashboard.model.editorial import key_words
from tests.conftest import DATASETS

BRIEF_JAN_2026 = "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"


@pytest.fixture(scope="module")
def recs():
    return load_recommendations(DATASETS)


@pytest.fixture(scope="module")
def brief(store, recs):
    return briefing(store, recs)


@pytest.mark.parametrize("words, key", [
    ("nearly three-fold difference", "nearly three-fold"),                      # comparisons.csv line 11
    ("twice that of women living in the least deprived areas", "twice"),        # line 13
    ("more than twice as high", "more than twice"),                             # line 33
    ("an almost three-fold difference", "almost three-fold"),                   # line 29
    ("over twice those for babies of White ethnicity", "over twice"),           # line 79
    ("statistically unchanged", "statistically unchanged"),                     # no multiple: all the words
])
def test_the_producers_key_words_are_theirs(words, key):
    assert key_words(words) == key


def test_the_band_leads_the_gaps_with_the_producers_words_then_the_number(brief):
    band = {h.label: h for h in brief.band}
    assert list(band) == ["Maternal death rate", "Gap by ethnic group", "Gap by deprivation", "Stillbirth rate"]
    eth, dep = band["Gap by ethnic group"], band["Gap by deprivation"]
    assert (eth.number, eth.period, eth.words) == ("nearly three-fold", "2022-24", True)
    assert (dep.number, dep.period, dep.words) == ("twice", "2022-24", True)
    notes = brief.notes
    assert notes[eth.note - 1].publication == BRIEF_JAN_2026 and notes[eth.note - 1].tier == "primary"
    assert notes[dep.note - 1].publication == BRIEF_JAN_2026 and notes[dep.note - 1].tier == "primary"
    # the number follows, with its own period and tier, and its own source note
    assert eth.detail == "As a number: 3.7 times for 2018-20 (primary)"
    assert notes[eth.detail_note - 1].publication == "Saving Lives, Improving Mothers' Care 2022 (2018-20)"
    assert dep.detail == "As a number: 1.9 times for 2021-23 (secondary)" and dep.detail_flagged
    assert notes[dep.detail_note - 1].publication == "Saving Lives, Improving Mothers' Care 2025 (2021-23)"
    assert "3.7 times" not in {h.number for h in brief.band}


def test_the_gap_finding_says_the_producers_words_first(brief):
    text = next(f.text for f in brief.findings if "Comparing" in f.text)
    eth = text.index('"nearly three-fold difference"')
    assert text.index("2022 to 2024") < eth < text.index("3.7 times for 2018-20")
    dep = text.index('"twice that of women living in the least deprived areas"')
    assert dep < text.index("1.9 times for 2021-23 (secondary)")


def test_the_briefing_and_home_lead_the_gaps_alike(brief, store):
    page = home(store)
    sections = {s.id: s for s in brief.sections}
    for b in page.blocks:
        if b.id.startswith("gap-"):
            assert b.lead and set(b.lead) <= set(sections["inequalities"].sentences), b.id


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "pages.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_briefing_is_data_a_band_and_a_section_move_with_the_spec(store, recs, tmp_path, monkeypatch):
    data = yaml.safe_load(spec.SPEC.read_text(encoding="utf-8"))
    blocks = {b["id"]: b for b in data["briefing"]["blocks"]}
    del blocks["babies"]["band"]
    blocks["late-deaths"]["band"] = "Late deaths from mental-health causes"
    blocks["causes"]["section"] = "mental-health"
    monkeypatch.setattr(spec, "pages", lambda: spec.read(_write(tmp_path, data)))
    monkeypatch.setattr("dashboard.content.briefing.pages", spec.pages)
    b = briefing(store, recs)
    assert [h.label for h in b.band][-1] == "Late deaths from mental-health causes"
    assert b.band[-1].number == "33%" and b.band[-1].period == "2022-24"  # social.csv line 34
    assert [s.id for s in b.sections] == ["headline", "inequalities", "mental-health", "babies"]


def test_a_briefing_section_must_be_declared(tmp_path):
    data = yaml.safe_load(spec.SPEC.read_text(encoding="utf-8"))
    data["briefing"]["blocks"][0]["section"] = "nowhere"
    with pytest.raises(ValueError, match="sections not declared"):
        spec.read(_write(tmp_path, data))
