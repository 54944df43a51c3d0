"""Rules that keep a series honest about what it holds: values known for a gap but uncitable only explain the gap."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard.data.errors import DatasetError
from dashboard.data.load import load_store

UNCITED = {"period": "2020-22", "value_text": "13.6", "restated_by": "Someone", "where": "a newsletter (2024)",
           "why_uncited": "read only on a copy", "read_on": "https://example.org/copy", "checked": "2026-12-07"}


def _with_uncited(folder: Path, **changes: str) -> None:
    path = folder / "indicators.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta["maternal_mortality_rate"]["uncited"] = [{**UNCITED, **changes}]
    path.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")


def _rules(folder: Path) -> list[tuple[str, str | None]]:
    with pytest.raises(DatasetError) as info:
        load_store(folder)
    return [(p.rule, p.column) for p in info.value.problems]


def test_an_uncited_value_for_a_real_gap_loads(mini_copy):
    _with_uncited(mini_copy)  # mini.csv has 2017-19 to 2019-21: 2020-22 is not in it
    ind = load_store(mini_copy).catalogue.indicators["maternal_mortality_rate"]
    assert [(u.period, u.restated_by) for u in ind.uncited] == [("2020-22", "Someone")]


def test_an_uncited_value_may_not_sit_beside_a_row_for_the_same_period(mini_copy):
    _with_uncited(mini_copy, period="2018-20")  # mini.csv line 3: 10.90 for 2018-20
    assert ("uncited-is-a-gap", "maternal_mortality_rate.uncited[0].period") in _rules(mini_copy)


def test_an_uncited_value_needs_a_period_of_its_series_kind_and_a_checked_date(mini_copy):
    _with_uncited(mini_copy, period="2020")
    assert ("period-format", "maternal_mortality_rate.uncited[0].period") in _rules(mini_copy)
    _with_uncited(mini_copy, checked="December 2026")
    assert any(rule.startswith("schema-") and col == "maternal_mortality_rate.uncited.0.checked"
               for rule, col in _rules(mini_copy))
