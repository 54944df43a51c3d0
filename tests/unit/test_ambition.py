"""Progress against a national ambition: the schema of ambitions.yaml, the sentence, the reference line.

Expected sentences are written by hand from the data files: maternal_mortality_rate 2022-24 = 12.80 and
2009-11 = 10.63 (datasets/ons-sdg/indicator_3-1-1.csv, curated/maternal.csv); MBRRACE-UK's January 2026 data
brief says 2022-24 was "20% higher" than 2009-11 (curated/comparisons.csv); half of 10.63 is 5.315.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from dashboard.data.catalogue import read_catalogue
from dashboard.data.errors import DatasetError
from dashboard.data.load import Store
from dashboard.data.metadata import Ambition, read_ambitions
from dashboard.explore.state import ViewState
from dashboard.explore.view import build_view
from dashboard.model.ambition import progress

ROOT = Path(__file__).resolve().parents[2]
STATEMENT = {
    "producer": "mbrrace-uk", "publication": "A statement of the ambition", "published_date": "2017-11-28",
    "source_url": "https://www.npeu.ox.ac.uk/mbrrace-uk", "locator": "para 5", "tier": "primary", "reported_by": "",
}
MATERNAL = {
    "id": "halve-maternal-deaths-2025", "indicator": "maternal_mortality_rate", "geography": "England",
    "words": "halve rates of maternal deaths by 2025", "reduction_percent": 50, "target_year": 2025,
    "originally_target_year": 2030, "set_by": "Department of Health and Social Care", "announced": "2015-11-13",
    "statement": STATEMENT,
    "baseline": {"period": "2009-11", "value": 10.63, "producer": "ons",
                 "publication": "ONS UK SDG data, indicator 3.1.1", "published_date": "2019-01-03",
                 "source_url": "https://github.com/ONSdigital/sdg-data/blob/90952eb20f005e6ce38725e3206fe868850115d8/data/indicator_3-1-1.csv",
                 "locator": "line 8", "tier": "primary", "reported_by": ""},
    "target_value": None, "note": "",
}
STILLBIRTH = {**MATERNAL, "id": "halve-stillbirths-2025", "indicator": "stillbirth_rate",
              "words": "halve the 2010 rate of stillbirths by 2025",
              "baseline": {**MATERNAL["baseline"], "period": "2010", "value": 5.1}}


def with_ambitions(store: Store, *entries: dict) -> Store:
    amb = tuple(Ambition.model_validate(e) for e in entries)
    return dataclasses.replace(store, catalogue=dataclasses.replace(store.catalogue, ambitions=amb))


# ---- the sentence ---------------------------------------------------------------------------------------------

def test_progress_sentence_uses_the_published_difference_and_a_calculated_target(store):
    p = progress(with_ambitions(store, MATERNAL), "maternal_mortality_rate")
    assert p is not None and p.comparable
    assert p.sentences[0] == ("2022-24 was 12.80 per 100,000 maternities, 20% above 2009-11 (10.63); "
                              "the ambition was to halve it to about 5.3 by 2025.")
    assert p.sentences[1] == ("The 20% is MBRRACE-UK's own figure (MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)); the "
                              "target of about 5.3 was calculated by this dashboard as half of the 2009-11 figure.")
    assert p.sentences[2] == ("Set by: Department of Health and Social Care, for England, in 2015 (first with 2030 as "
                              "the target year). The figures here are for the UK.")
    assert p.change is not None and p.change.published
    assert p.ref is not None and p.ref.value == pytest.approx(5.315)
    assert p.ref.label == "Ambition for 2025: about 5.3 (calculated)"
    assert p.statement.publication == "A statement of the ambition"


def test_difference_is_calculated_and_labelled_when_no_comparison_was_published(store):
    # As known in January 2024 the latest figure was 13.41 (2020-22); no published comparison with 2009-11 then.
    p = progress(with_ambitions(store, MATERNAL), "maternal_mortality_rate", edition="2024-01")
    assert p is not None
    assert p.sentences[0] == ("2020-22 was 13.41 per 100,000 maternities, 26% above 2009-11 (10.63); "
                              "the ambition was to halve it to about 5.3 by 2025.")
    assert p.sentences[1].startswith("The 26% was calculated by this dashboard from the two published rates;")


def test_a_printed_target_is_not_labelled_calculated(store):
    p = progress(with_ambitions(store, {**MATERNAL, "target_value": 5.3}), "maternal_mortality_rate")
    assert p is not None and p.target_published
    assert p.sentences[0].endswith("the ambition was to halve it to 5.3 by 2025.")
    assert "target of 5.3 is printed by the source" in p.sentences[1]
    assert p.ref is not None and p.ref.label == "Ambition for 2025: 5.3"


def test_a_baseline_of_another_measure_is_stated_but_not_drawn_or_compared(store):
    p = progress(with_ambitions(store, STILLBIRTH), "stillbirth_rate")
    assert p is not None and not p.comparable and p.ref is None and p.change is None
    assert p.sentences[0] == ("The ambition was to halve the 2010 rate of stillbirths by 2025: from 5.1 in 2010 "
                              "(England) to about 2.6 (calculated by this dashboard).")
    assert "different measure" in p.sentences[1]


def test_no_ambition_before_it_was_stated_and_none_for_other_indicators(store):
    s = with_ambitions(store, MATERNAL)
    assert progress(s, "maternal_mortality_rate", edition="2016-12") is None
    assert progress(s, "maternal_suicide_rate") is None


# ---- the view -------------------------------------------------------------------------------------------------

def test_explore_view_of_the_overall_rate_carries_the_line_and_the_sentence(store):
    s = with_ambitions(store, MATERNAL)
    v = build_view(s, ViewState())
    assert v.ambition is not None
    assert [r.label for r in v.chart.refs] == ["Ambition for 2025: about 5.3 (calculated)"]
    assert "2022-24 was 12.80 per 100,000 maternities, 20% above 2009-11 (10.63); the ambition was to halve it to " \
           "about 5.3 by 2025." in v.summary
    assert "A statement of the ambition" in [src.publication for src in v.sources]
    by_group = build_view(s, ViewState(breakdown="ethnicity"))
    assert by_group.ambition is None and not by_group.chart.refs


# ---- the file -------------------------------------------------------------------------------------------------

def test_missing_file_means_no_ambitions(tmp_path):
    assert read_ambitions(tmp_path / "ambitions.yaml") == ()


def test_malformed_entry_names_file_entry_and_field(tmp_path):
    bad = {**MATERNAL, "reduction_percent": "half"}
    (tmp_path / "ambitions.yaml").write_text(yaml.safe_dump({"ambitions": [bad]}), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_ambitions(tmp_path / "ambitions.yaml")
    p = info.value.problems[0]
    assert (p.file, p.column) == ("ambitions.yaml", "halve-maternal-deaths-2025.reduction_percent")
    assert "ambitions.yaml" in str(info.value) and "reduction_percent" in str(info.value)


def test_unknown_field_and_unknown_indicator_are_errors(tmp_path):
    folder = tmp_path / "datasets"
    folder.mkdir()
    for name in ("datapackage.json", "indicators.yaml", "sources.yaml"):
        shutil.copy(ROOT / "datasets" / name, folder / name)
    (folder / "ambitions.yaml").write_text(yaml.safe_dump({"ambitions": [{**MATERNAL, "targt": 1}]}), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_catalogue(folder)
    assert any(p.column == "halve-maternal-deaths-2025.targt" for p in info.value.problems), str(info.value)
    (folder / "ambitions.yaml").write_text(yaml.safe_dump({"ambitions": [{**MATERNAL, "indicator": "nope"}]}),
                                           encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_catalogue(folder)
    assert [(p.column, p.rule) for p in info.value.problems] == [("halve-maternal-deaths-2025.indicator",
                                                                 "indicator-known")]


def test_yaml_dates_are_read_as_written(tmp_path):
    text = yaml.safe_dump({"ambitions": [MATERNAL]}).replace("'2015-11-13'", "2015-11-13")
    (tmp_path / "ambitions.yaml").write_text(text, encoding="utf-8")
    (a,) = read_ambitions(tmp_path / "ambitions.yaml")
    assert a.announced == "2015-11-13"


def test_the_shipped_ambitions_file_loads():
    cat = read_catalogue(ROOT / "datasets")
    assert cat.ambition("maternal_mortality_rate") is not None
