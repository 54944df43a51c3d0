"""Broken metadata files (indicators.yaml, ambitions.yaml) each give one clear problem with file, entry and rule,
written out here whole."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard.data.errors import DatasetError
from dashboard.data.metadata import read_ambitions, read_indicators, read_yaml
from tests.conftest import DATASETS


def problems_of(fn, path: Path) -> list[tuple]:
    with pytest.raises(DatasetError) as info:
        fn(path)
    return [(p.file, p.row, p.column, p.rule, p.message) for p in info.value.problems]


def write(tmp_path: Path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def indicator() -> dict:
    raw = yaml.safe_load((DATASETS / "indicators.yaml").read_text(encoding="utf-8"))
    return dict(raw["maternal_mortality_rate"])


@pytest.fixture(scope="module")
def ambition() -> dict:
    raw = yaml.safe_load((DATASETS / "ambitions.yaml").read_text(encoding="utf-8"))
    return dict(raw["ambitions"][0])


def test_missing_and_unreadable_yaml(tmp_path):
    assert problems_of(read_yaml, tmp_path / "indicators.yaml") == [
        ("indicators.yaml", None, None, "file-missing", "indicators.yaml is missing")]
    (p,) = problems_of(read_yaml, write(tmp_path, "indicators.yaml", "a: 1\nb: [unclosed\n"))
    assert p[:4] == ("indicators.yaml", 3, None, "yaml") and p[4].startswith("not valid YAML: ")


def test_indicators_must_be_a_mapping_of_mappings(tmp_path, indicator):
    assert problems_of(read_indicators, write(tmp_path, "indicators.yaml", ["a", "b"])) == [
        ("indicators.yaml", None, None, "yaml-shape", "must be a mapping of indicator id to fields")]
    assert problems_of(read_indicators, write(tmp_path, "indicators.yaml", {"x": indicator, "y": "text"})) == [
        ("indicators.yaml", None, "y", "schema-dict_type", "the entry must be a mapping of fields")]


def test_a_variant_of_an_unknown_indicator_is_named(tmp_path, indicator):
    bad = {**indicator, "variant_of": "nope"}
    assert problems_of(read_indicators, write(tmp_path, "indicators.yaml", {"x": bad})) == [
        ("indicators.yaml", None, "x.variant_of", "indicator-variant", "variant_of names unknown indicator 'nope'")]
    assert set(read_indicators(write(tmp_path, "indicators.yaml", {"x": indicator, "y": {**indicator,
                                                                                           "variant_of": "x"}}))) == {
        "x", "y"}


def test_ambitions_file_shape(tmp_path, ambition):
    assert read_ambitions(tmp_path / "none.yaml") == ()
    assert read_ambitions(write(tmp_path, "ambitions.yaml", "")) == ()
    assert problems_of(read_ambitions, write(tmp_path, "ambitions.yaml", {"ambitions": "x"})) == [
        ("ambitions.yaml", None, None, "yaml-shape", "must be a mapping with a list 'ambitions'")]
    assert problems_of(read_ambitions, write(tmp_path, "ambitions.yaml", {"ambitions": [ambition], "extra": 1,
                                                                          "more": 2})) == [
        ("ambitions.yaml", None, "extra", "schema-extra_forbidden", "only 'ambitions' is allowed")]
    assert problems_of(read_ambitions, write(tmp_path, "ambitions.yaml", {"ambitions": [ambition, "x"]})) == [
        ("ambitions.yaml", None, "ambitions[1]", "schema-dict_type", "the entry must be a mapping of fields")]


def test_two_ambitions_with_one_id_are_named_once(tmp_path, ambition):
    found = problems_of(read_ambitions, write(tmp_path, "ambitions.yaml", {"ambitions": [ambition, ambition,
                                                                                         ambition]}))
    assert found == [("ambitions.yaml", None, f"{ambition['id']}.id", "key-unique",
                      f"two ambitions have the id '{ambition['id']}'")]


def test_a_bad_ambition_entry_is_named_by_its_id(tmp_path, ambition):
    bad = {**ambition, "target_year": "soon"}
    (p,) = problems_of(read_ambitions, write(tmp_path, "ambitions.yaml", {"ambitions": [bad]}))
    assert p[0] == "ambitions.yaml" and p[2].startswith(f"{ambition['id']}.target_year")
    nameless = {k: v for k, v in ambition.items() if k != "id"}
    (p,) = problems_of(read_ambitions, write(tmp_path, "ambitions.yaml", {"ambitions": [nameless]}))
    assert p[2].startswith("ambitions[0]")


def test_every_bad_ambition_entry_is_reported(tmp_path, ambition):
    one, two = {**ambition, "target_year": "soon"}, {**ambition, "id": "other", "target_year": "later"}
    found = problems_of(read_ambitions, write(tmp_path, "ambitions.yaml", {"ambitions": [one, two]}))
    assert [p[2].split(".")[0] for p in found] == [ambition["id"], "other"]


def test_two_ambitions_with_one_id_are_named_when_there_are_exactly_two(tmp_path, ambition):
    found = problems_of(read_ambitions, write(tmp_path, "ambitions.yaml", {"ambitions": [ambition, ambition]}))
    assert [(p[2], p[3]) for p in found] == [(f"{ambition['id']}.id", "key-unique")]
