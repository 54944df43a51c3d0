"""Definitions come from a table checked against the producer's metadata: early neonatal = under 7 days, late
neonatal = 7 to 27 days (ONS SDG 3.2.2 metadata, computation_definitions), and the indicators say the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dashboard.data.errors import DatasetError
from dashboard.data.metadata import read_definitions

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


def _ons_field(name: str) -> str:
    text = (DATASETS / "ons-sdg" / "meta_3-2-2.md").read_text(encoding="utf-8")
    m = re.search(rf"^{name}: >-\n((?:  .*\n)+)", text, re.MULTILINE)
    assert m, f"{name} not in the ONS metadata"
    return " ".join(m.group(1).split())


def test_the_table_quotes_the_ons_metadata_word_for_word(catalogue):
    defs = {d.anchor: d for d in catalogue.definitions}
    ons = _ons_field("computation_definitions")
    # the ONS words, as written in meta_3-2-2.md (copied here from the file, not from the table)
    assert "Early neonatal - The death of an infant when the age of the infant is under 7 days." in ons
    assert "Late neonatal - The death of an infant when the age of the infant is between 7 and 27 days." in ons
    for anchor in ("neonatal-death", "early-neonatal-death", "late-neonatal-death"):
        assert defs[anchor].quote in ons


def test_early_and_late_neonatal_are_not_both_under_28_days(catalogue):
    defs = {d.anchor: d.words for d in catalogue.definitions}
    assert "before it is 7 days old" in defs["early-neonatal-death"]
    assert "aged 7 to 27 days" in defs["late-neonatal-death"]
    early = catalogue.indicators["early_neonatal_mortality_rate_ons"]
    late = catalogue.indicators["late_neonatal_mortality_rate_ons"]
    assert "under 7 days old" in early.definition and "under 28 days" not in early.definition
    assert "aged 7 to 27 days" in late.definition and "under 28 days" not in late.definition
    assert "under 7 days" in early.base and "7 to 27 days" in late.base


def test_a_definition_whose_quote_is_not_in_its_source_is_refused(tmp_path):
    (tmp_path / "ons-sdg").mkdir()
    (tmp_path / "ons-sdg" / "meta.md").write_text("computation_definitions: >-\n  <p>Early neonatal - The death of an "
                                                 "infant when the age of the infant is under 7 days.</p>\n",
                                                 encoding="utf-8")
    entry = {"term": "Early neonatal death", "anchor": "early-neonatal-death", "words": "Under 28 days.",
             "source": "ons-sdg/meta.md", "field": "computation_definitions",
             "quote": "Early neonatal - The death of an infant when the age of the infant is under 28 days.",
             "checked": "2026-12-07"}
    path = tmp_path / "definitions.yaml"
    path.write_text(yaml.safe_dump({"definitions": [entry]}), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        read_definitions(path)
    assert [(p.column, p.rule) for p in info.value.problems] == [("early-neonatal-death.quote", "definition-quoted")]
    entry["quote"] = "Early neonatal - The death of an infant when the age of the infant is under 7 days."
    path.write_text(yaml.safe_dump({"definitions": [entry]}), encoding="utf-8")
    assert [d.anchor for d in read_definitions(path)] == ["early-neonatal-death"]


def test_the_about_page_lists_the_checked_definitions(store):
    from dashboard.content.about import about

    terms = {t.anchor: t.definition for t in about(store).glossary}
    assert terms["late-neonatal-death"].startswith("The death of a baby born alive, aged 7 to 27 days")
