"""The rules for a row of a curated figures table (dashboard.data.validate.check_row), each broken on purpose on a
copy of a real row: datasets/curated/maternal.csv line 102, the 2020-22 maternal mortality rate 13.56 with its 275
deaths and 2,028,543 maternities (Saving Lives, Improving Mothers' Care 2024, as reported by AIMS). Then what the
loader derives for each row (tests/fixtures/mini): row id, edition, printed precision and the interval's kind."""

from __future__ import annotations

import pytest

from dashboard.data.load import load_store
from dashboard.data.schema import vintage_of
from dashboard.data.validate import check_coverage, check_row
from dashboard.model.figure import present
from dashboard.stats import poisson_rate
from tests.conftest import DATASETS, MINI, shipped_row

FILE = "curated/maternal.csv"


@pytest.fixture(scope="module")
def line102() -> dict:
    row = shipped_row(FILE, 102)
    assert (row["period"], row["value"], row["numerator"], row["denominator"]) == ("2020-22", "13.56", "275", "2028543")
    return row


def problems(row, catalogue, **changes):
    return [(p.row, p.column, p.rule, p.message) for p in check_row({**row, **changes}, catalogue, FILE)]


def test_the_real_row_passes(line102, catalogue):
    assert problems(line102, catalogue) == []


@pytest.mark.parametrize(("changes", "column", "rule", "message"), [
    ({"indicator": "nope", "unit": "x"}, "indicator", "indicator-known", "'nope' is not an indicator in indicators.yaml"),
    ({"breakdown": "shoe size"}, "breakdown", "breakdown-known",
     "'shoe size' is not a breakdown of 'maternal_mortality_rate'"),
    ({"unit": "per 1,000 births"}, "unit", "unit-known",
     "unit 'per 1,000 births' differs from the unit of 'maternal_mortality_rate' ('per 100,000 maternities')"),
    ({"locator": " "}, "locator", "sourced", "every figure must name its locator"),
    ({"published_date": None}, "published_date", "sourced", "every figure must name its published date"),
    ({"value": "-1", "numerator": None}, "value", "value-range", "-1 is not a finite, non-negative figure"),
    ({"value": "inf", "numerator": None}, "value", "value-range", "inf is not a finite, non-negative figure"),
    ({"ci_lower": "11.80"}, "ci_upper", "ci-pair", "a confidence interval needs both its limits"),
    ({"ci_upper": "15.10"}, "ci_lower", "ci-pair", "a confidence interval needs both its limits"),
    ({"ci_lower": "13.60", "ci_upper": "15.10"}, "ci_lower", "ci-order",
     "the interval 13.60 to 15.10 does not contain the value 13.56"),
    ({"ci_lower": "11.80", "ci_upper": "13.50"}, "ci_upper", "ci-order",
     "the interval 11.80 to 13.50 does not contain the value 13.56"),
    ({"numerator": "3000000"}, "numerator", "count-order", "numerator 3000000 exceeds denominator 2028543"),
    ({"value": "13.58"}, "value", "rate-consistent",
     "13.58 does not match 275/2028543 x 100,000 = 13.557 (within rounding)"),
])
def test_each_rule_names_line_column_rule_and_message(line102, catalogue, changes, column, rule, message):
    assert problems(line102, catalogue, **changes) == [(102, column, rule, message)]


def test_a_value_within_rounding_of_its_counts_passes_and_an_interval_may_touch_its_value(line102, catalogue):
    assert problems(line102, catalogue, value="13.6") == []      # 13.557 rounds to 13.6 at one decimal place
    assert problems(line102, catalogue, ci_lower="13.56", ci_upper="13.56") == []
    assert problems(line102, catalogue, value="0", numerator=None) == []


def test_a_share_may_not_pass_100_percent(line102, catalogue):
    ind = catalogue.indicators["known_to_social_services_share"]
    row = {**line102, "indicator": ind.id, "unit": ind.unit, "numerator": None, "denominator": None}
    assert problems(row, catalogue, value="100") == []
    assert problems(row, catalogue, value="101") == [(102, "value", "value-range", "101 is more than 100 percent")]


def test_an_indicator_without_rows_is_named(catalogue):
    found = check_coverage(set(catalogue.indicators) - {"maternal_mortality_rate"}, catalogue)
    assert [(p.file, p.row, p.column, p.rule, p.message) for p in found] == [
        ("indicators.yaml", None, "maternal_mortality_rate", "indicator-has-data",
         "indicator 'maternal_mortality_rate' has no rows in any table")]


# ---- what the loader derives ---------------------------------------------------------------------------------------

def test_each_loaded_row_keeps_its_place_edition_precision_and_the_kind_of_its_interval():
    t = load_store(MINI).table
    got = [(r["row_id"], r["vintage"], r["decimals"], r["ci_lower"], r["ci_upper"], r["ci_method"])
           for r in t.to_dict("records")]
    assert [tuple(x if present(x) else None for x in g) for g in got] == [
        ("curated/mini.csv:2", "2022-11", 2, 7.58, 10.12, "published"),
        ("curated/mini.csv:3", "2022-11", 2, 9.53, 12.40, "published"),
        # 239 deaths in 2,066,997 maternities and no published interval: the exact Poisson interval, computed with
        # the chi-squared form (10.14 to 13.13), rounded to the two decimals the value was printed with
        ("curated/mini.csv:4", "2023-05", 2, 10.14, 13.13, "calculated"),
        ("curated/mini.csv:5", "2023-10", 2, 10.23, 13.23, "published"),
        ("curated/mini.csv:6", "2021-10", 2, None, None, None),
        ("curated/mini.csv:7", "2021-10", 2, None, None, None),
    ]


def test_an_edition_is_the_month_of_publication_or_the_year_alone():
    assert vintage_of("2024-10-10") == "2024-10"
    assert vintage_of("2024-10") == "2024-10"
    assert vintage_of("2019") == "2019-00"


def test_a_rate_from_one_event_in_one_unit_is_allowed_and_no_denominator_is_not():
    assert poisson_rate(1, 1, 100).value == 100
    with pytest.raises(ValueError):
        poisson_rate(1, 0, 100)
    with pytest.raises(ValueError):
        poisson_rate(-1, 10, 100)


def test_a_shown_rate_with_counts_and_no_published_interval_gets_a_calculated_one():
    import pandas as pd

    from dashboard.data.query import _calculate_intervals

    best = pd.DataFrame({
        "indicator": ["maternal_mortality_rate", "maternal_mortality_rate", "maternal_mortality_rate", "share"],
        "ci_lower": [None, 7.58, None, None], "ci_upper": [None, 10.12, None, None],
        "numerator": [239, 191, None, 5], "denominator": [2066997, 2173810, None, 20],
        "ci_method": [None, "published", None, None]})
    out = _calculate_intervals(best, {"maternal_mortality_rate": 100000}, {"maternal_mortality_rate": 2})
    # 239 in 2,066,997: the exact Poisson interval 10.14 to 13.13 (chi-squared form, as in the loader's test)
    assert out.loc[0, ["ci_lower", "ci_upper", "ci_method"]].tolist() == [10.14, 13.13, "calculated"]
    assert out.loc[1, ["ci_lower", "ci_upper", "ci_method"]].tolist() == [7.58, 10.12, "published"]
    assert out.loc[2, ["ci_lower", "ci_method"]].isna().all() and out.loc[3, ["ci_lower", "ci_method"]].isna().all()
    assert best.loc[0, "ci_lower"] is None or pd.isna(best.loc[0, "ci_lower"])  # the input is not changed
    same = best.iloc[[1]]
    assert _calculate_intervals(same, {"maternal_mortality_rate": 100000}, {}) is same


def test_a_row_becomes_a_figure_with_every_field_and_a_borrowed_count_source(catalogue):
    from dashboard.model.figure import Figure

    row = {"indicator": "maternal_mortality_rate", "period": "2020-22", "breakdown": "overall", "group": "All",
           "geography": "UK", "value": 13.56, "decimals": 2, "ci_lower": None, "ci_upper": None, "ci_method": None,
           "numerator": 275, "denominator": 2028543, "producer": "mbrrace-uk",
           "publication": "Saving Lives, Improving Mothers' Care 2024 (2020-22)", "published_date": "2024-10-10",
           "source_url": "https://www.aims.org.uk/campaigning/item/mbrrace-report-2024", "locator": "para 2",
           "tier": "secondary", "reported_by": "AIMS", "vintage": "2024-10", "row_id": None, "note": None,
           "obs_status": "Normal value", "n_vintages": 3,
           "counts_source_url": "https://www.boyesturner.com/x", "counts_source_publication": "Data brief",
           "counts_tier": "secondary", "counts_reported_by": "Boyes Turner"}
    f = Figure.from_row(row, catalogue.indicators["maternal_mortality_rate"], catalogue.sources)
    assert (f.value, f.decimals, f.ci, f.numerator, f.denominator) == (13.56, 2, None, 275, 2028543)
    assert (f.row_id, f.note, f.obs_status, f.n_vintages, f.vintage) == ("", "", "Normal value", 3, "2024-10")
    s = f.source
    assert (s.producer, s.producer_name, s.locator, s.tier, s.reported_by) == (
        "mbrrace-uk", "MBRRACE-UK", "para 2", "secondary", "AIMS")
    assert s.doi == "" and s.producer_url == "https://www.npeu.ox.ac.uk/mbrrace-uk"
    c = f.counts_source
    assert (c.url, c.publication, c.tier, c.reported_by, c.producer) == (
        "https://www.boyesturner.com/x", "Data brief", "secondary", "Boyes Turner", "mbrrace-uk")
    assert f.ci_source is None
    bare = Figure.from_row({**row, "n_vintages": None, "obs_status": None, "producer": "unknown-body"},
                           catalogue.indicators["maternal_mortality_rate"], catalogue.sources)
    assert (bare.n_vintages, bare.obs_status, bare.source.producer_name, bare.source.reference) == (
        1, None, "unknown-body", "")


def test_an_article_row_carries_its_doi(catalogue):
    from dashboard.model.figure import source_from_row

    pid, producer = next((k, p) for k, p in catalogue.sources.producers.items() if p.doi)
    s = source_from_row({"producer": pid, "publication": "P", "published_date": "2020", "source_url": producer.url,
                         "locator": "Table 1", "tier": "primary", "reported_by": None}, catalogue.sources)
    assert (s.doi, s.reference, s.reported_by) == (producer.doi, producer.citation, None)


def test_tables_are_typed_with_arrow_and_a_fresh_index():
    import pandas as pd

    from dashboard.data.schema import COMPARISON_COLUMNS, COMPARISON_DERIVED, TIDY_COLUMNS, typed, typed_comparisons

    t = typed(pd.DataFrame({"value": ["13.56", None], "numerator": ["275", None], "period": ["2020-22", "2021-23"]},
                           index=[7, 9]))
    assert list(t.columns) == list(TIDY_COLUMNS) and list(t.index) == [0, 1]
    assert (str(t["value"].dtype), str(t["numerator"].dtype), str(t["period"].dtype)) == (
        "double[pyarrow]", "int64[pyarrow]", "string")
    assert t.loc[0, "numerator"] == 275 and pd.isna(t.loc[1, "numerator"])
    c = typed_comparisons(pd.DataFrame({"ratio": ["1.07"], "excludes_covid": ["True"]}, index=[4]))
    assert list(c.columns) == list(COMPARISON_COLUMNS + COMPARISON_DERIVED) and list(c.index) == [0]
    assert bool(c.loc[0, "excludes_covid"]) is True and str(c["excludes_covid"].dtype) == "bool[pyarrow]"
    assert str(c["ratio"].dtype) == "double[pyarrow]"


def test_a_folder_without_comparisons_loads_an_empty_comparisons_table_with_its_columns():
    from dashboard.data.schema import COMPARISON_COLUMNS, COMPARISON_DERIVED

    c = load_store(MINI).comparisons
    assert c.empty and list(c.columns) == list(COMPARISON_COLUMNS + COMPARISON_DERIVED)


def test_problems_in_two_files_are_reported_together(tmp_path):
    import shutil

    from dashboard.data.errors import DatasetError
    from dashboard.data.load import update_hashes

    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS, folder)
    for name, old, new in (("curated/maternal.csv", ",13.56,,,275,", ",13.58,,,275,"),
                           ("curated/comparisons.csv", ",1.07,0.89,1.29,", ",1.40,0.89,1.29,")):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
    update_hashes(folder)
    with pytest.raises(DatasetError) as info:
        load_store(folder)
    assert sorted((p.file, p.row, p.rule) for p in info.value.problems) == [
        ("curated/comparisons.csv", 40, "ci-order"), ("curated/maternal.csv", 102, "rate-consistent")]
