"""The Open SDG loader reads the ONS files as published."""

import pandas as pd

from dashboard.data.opensdg import read_opensdg

MAPPING = {
    "indicator_columns": ["Series"], "indicators": {"Maternal mortality rate": "mmr"},
    "geography_column": "Country", "default_geography": "UK",
    "breakdown_columns": {"Ethnicity": "ethnicity", "Age": "age"},
    "units": {"Rate per 100,000 maternities": "per 100,000 maternities"},
    "producer": "ons", "publication": "P", "published_date": "2023-03-21", "source_url": "https://x",
    "locator": "f.csv, line {line}", "first_published": {"2018-20": "2023-03-20"},
}


def frame(rows):
    cols = ["Year", "Series", "Age", "Country", "Ethnicity", "Observation status", "Units", "Value"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


def test_total_breakdown_geography_and_locator():
    rows, problems = read_opensdg(frame([
        ["2018-20", "Maternal mortality rate", "", "", "", "Normal value", "Rate per 100,000 maternities", "10.9"],
        ["2018-20", "Maternal mortality rate", "", "England", "Black", "Normal value", "Rate per 100,000 maternities", "33.99"],
    ]), MAPPING, "f.csv")
    assert not problems
    assert (rows[0]["breakdown"], rows[0]["group"], rows[0]["geography"]) == ("overall", "All", "UK")
    assert (rows[1]["breakdown"], rows[1]["group"], rows[1]["geography"]) == ("ethnicity", "Black", "England")
    assert rows[1]["locator"] == "f.csv, line 3"
    assert (rows[0]["producer"], rows[0]["tier"], rows[0]["published_date"]) == ("ons", "primary", "2023-03-20")


def test_unknown_series_unit_and_crosstab_are_problems():
    _, problems = read_opensdg(frame([
        ["2018-20", "Other series", "", "", "", "", "Rate per 100,000 maternities", "1"],
        ["2018-20", "Maternal mortality rate", "", "", "", "", "Percent", "1"],
        ["2018-20", "Maternal mortality rate", "20 to 24", "", "Black", "", "Rate per 100,000 maternities", "1"],
    ]), MAPPING, "f.csv")
    assert [(p.file, p.row, p.column, p.rule, p.message) for p in problems] == [
        ("f.csv", 2, "Series", "opensdg-series", "series 'Other series' has no indicator in the mapping"),
        ("f.csv", 3, "Units", "unit-unknown", "unit 'Percent' is not in the mapping"),
        ("f.csv", 4, "Age", "opensdg-crosstab", ("a cross-tabulation (Ethnicity and Age) cannot be shown as one "
                                                "breakdown")),  # named in the mapping's order
    ]


def test_a_column_outside_the_mapping_stops_the_file_at_its_header():
    raw = frame([["2018-20", "Maternal mortality rate", "", "", "", "", "Rate per 100,000 maternities", "1"]])
    rows, problems = read_opensdg(raw.assign(Region="x"), MAPPING, "f.csv")
    assert rows == [] and [(p.row, p.column, p.rule, p.message) for p in problems] == [
        (1, "Region", "opensdg-column", "column 'Region' is not in the resource's _opensdg mapping")]


def test_a_nation_without_a_breakdown_needs_the_nation_breakdown_in_the_mapping():
    raw = frame([["2018-20", "Maternal mortality rate", "", "Wales", "", "Normal value", "Rate per 100,000 maternities",
                  "9.1"]])
    rows, problems = read_opensdg(raw, MAPPING, "f.csv")
    assert rows == [] and [(p.row, p.column, p.rule, p.message) for p in problems] == [
        (2, "Country", "opensdg-geography", "a geography without a breakdown and no nation_breakdown in the mapping")]
    rows, problems = read_opensdg(raw, {**MAPPING, "nation_breakdown": "country"}, "f.csv")
    assert not problems
    assert {k: rows[0][k] for k in ("breakdown", "group", "geography", "value", "obs_status", "note", "_line")} == {
        "breakdown": "country", "group": "Wales", "geography": "Wales", "value": "9.1", "obs_status": "Normal value",
        "note": None, "_line": 2}


def test_suppressed_value_is_a_gap_with_a_note():
    rows, problems = read_opensdg(frame([
        ["2019", "Maternal mortality rate", "", "", "", "Missing value; suppressed", "Rate per 100,000 maternities", ""],
    ]), MAPPING, "f.csv")
    assert not problems and rows[0]["value"] is None and "Suppressed" in rows[0]["note"]
    assert rows[0]["published_date"] == "2023-03-21"  # a period with no first-published date takes the file's
