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


# ---- every point of a series on one declared base --------------------------------------------------------------

def _with_base_column(folder: Path, bases: dict[int, str], groups: dict[int, str] | None = None,
                      other_bases: dict[str, str] | None = None) -> None:
    """The mini table with a base column (line -> base) and the indicator's other_bases, hashes refreshed."""
    import csv
    import io
    import json

    from dashboard.data.load import update_hashes

    pkg_path = folder / "datapackage.json"
    pkg = json.loads(pkg_path.read_text(encoding="utf-8"))
    pkg["resources"][0]["schema"]["fields"].append({"name": "base", "type": "string"})
    pkg_path.write_text(json.dumps(pkg), encoding="utf-8")
    path = folder / "curated" / "mini.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for i, row in enumerate(rows, start=2):
        row["base"] = bases.get(i, "")
        row["group"] = (groups or {}).get(i, row["group"])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    if other_bases is not None:
        meta_path = folder / "indicators.yaml"
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        meta["maternal_mortality_rate"]["other_bases"] = other_bases
        meta_path.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    update_hashes(folder)


def _problem(folder: Path, rule: str):
    with pytest.raises(DatasetError) as info:
        load_store(folder)
    hits = [p for p in info.value.problems if p.rule == rule]
    assert hits, str(info.value)
    return hits[0]


def test_a_point_on_an_undeclared_base_is_refused_by_file_line_column_and_rule(mini_copy):
    _with_base_column(mini_copy, {3: "excludes-coincidental"})
    p = _problem(mini_copy, "base-declared")
    assert (p.file, p.row, p.column) == ("curated/mini.csv", 3, "base")


def test_a_series_may_not_mix_bases(mini_copy):
    # mini.csv lines 2-5: the overall UK series 2017-19 to 2019-21; line 3 (2018-20) put on another base
    _with_base_column(mini_copy, {3: "excludes-coincidental"},
                      other_bases={"excludes-coincidental": "deaths leaving out coincidental ones"})
    p = _problem(mini_copy, "base-consistent")
    assert (p.file, p.row, p.column) == ("curated/mini.csv", 3, "base")
    assert "line 2" in p.message


def test_a_point_on_another_base_stands_as_a_series_of_its_own(mini_copy):
    _with_base_column(mini_copy, {3: "excludes-coincidental"}, groups={3: "All, coincidental deaths left out"},
                      other_bases={"excludes-coincidental": "deaths leaving out coincidental ones"})
    assert len(load_store(mini_copy).table) > 0


def test_every_indicator_declares_its_base(mini_copy):
    path = mini_copy / "indicators.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    del meta["maternal_mortality_rate"]["base"]
    path.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    assert ("base-declared", "maternal_mortality_rate.base") in _rules(mini_copy)


def test_the_shipped_totals_keep_566_and_611_apart_from_536_and_625(store):
    # maternal.csv: 536 (2018-20) and 625 (2020-22) include the coincidental deaths; 566 (2016-18) = 217 + 349 does
    # not, and 611 (2021-23) does not reconcile with 257 + 27 and the late deaths: each is a series of its own
    t = store.table
    total = t[(t.indicator == "maternal_deaths_all") & (t.breakdown == "overall") & (t.group == "All")]
    assert {(p, int(v)) for p, v in zip(total.period, total.value, strict=True)} >= {("2018-20", 536), ("2020-22", 625)}
    assert not {"2016-18", "2021-23"} & set(total.period)
    apart = t[(t.indicator == "maternal_deaths_all") & t.base.isin(["excludes-coincidental", "unreconciled"])]
    assert sorted((p, int(v)) for p, v in zip(apart.period, apart.value, strict=True)) == [("2016-18", 566),
                                                                                         ("2021-23", 611)]
