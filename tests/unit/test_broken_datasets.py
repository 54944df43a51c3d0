"""Broken dataset folders are rejected with ONE clear error naming file, line, column and rule; nothing loads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.cli import main as cli_main
from dashboard.data.errors import DatasetError
from dashboard.data.load import load_store, update_hashes

CSV = "curated/mini.csv"


def _rows(folder: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((folder / CSV).read_text(encoding="utf-8"))))


def _write(folder: Path, rows: list[dict[str, str]], fields: list[str] | None = None) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields or list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (folder / CSV).write_text(buf.getvalue(), encoding="utf-8")
    update_hashes(folder)


def _edit(folder: Path, line: int, **changes: str) -> None:
    rows = _rows(folder)
    rows[line - 2].update(changes)
    _write(folder, rows)


def _problems(folder: Path):
    with pytest.raises(DatasetError) as info:
        load_store(folder)
    return info.value.problems, str(info.value)


def _one(folder: Path, rule: str, line: int | None = None, column: str | None = None):
    problems, message = _problems(folder)
    hits = [p for p in problems if p.rule == rule]
    assert hits, f"expected rule {rule}, got: {message}"
    p = hits[0]
    if line is not None:
        assert p.row == line, message
    if column is not None:
        assert p.column == column, message
    assert p.file in message and (line is None or f"line {line}" in message)
    return p


def _at(folder: Path, line: int, column: str) -> None:
    """Some problem names this line and column (which rule catches it, schema or domain, does not matter)."""
    problems, message = _problems(folder)
    assert any(p.row == line and p.column == column for p in problems), message


def test_the_fixture_itself_is_valid(mini_copy):
    assert len(load_store(mini_copy).table) == 6


def test_non_numeric_value(mini_copy):
    _edit(mini_copy, 3, value="ten")
    _one(mini_copy, "type-error", 3, "value")


def test_inverted_confidence_interval(mini_copy):
    _edit(mini_copy, 2, ci_lower="10.12", ci_upper="7.58")
    p = _one(mini_copy, "ci-order", 2)
    assert "does not contain" in p.message


def test_one_sided_confidence_interval(mini_copy):
    _edit(mini_copy, 2, ci_upper="")
    _one(mini_copy, "ci-pair", 2, "ci_upper")


def test_duplicate_key(mini_copy):
    rows = _rows(mini_copy)
    _write(mini_copy, rows + [dict(rows[0], value="8.80")])
    problems, message = _problems(mini_copy)
    assert any(p.rule in ("primary-key", "key-unique") for p in problems), message


def test_unknown_indicator(mini_copy):
    _edit(mini_copy, 4, indicator="made_up_rate")
    p = _one(mini_copy, "indicator-known", 4, "indicator")
    assert "made_up_rate" in p.message


def test_unknown_breakdown(mini_copy):
    _edit(mini_copy, 6, breakdown="religion")
    _one(mini_copy, "breakdown-known", 6, "breakdown")


def test_missing_source(mini_copy):
    _edit(mini_copy, 3, source_url="")
    _at(mini_copy, 3, "source_url")


def test_missing_locator(mini_copy):
    _edit(mini_copy, 3, locator="")
    _at(mini_copy, 3, "locator")


def test_secondary_figure_must_name_who_quoted_it(mini_copy):
    _edit(mini_copy, 4, reported_by="")
    _one(mini_copy, "secondary-named", 4, "reported_by")


def test_primary_figure_must_be_read_on_its_producers_pages(mini_copy):
    _edit(mini_copy, 2, source_url="https://www.example-law-firm.co.uk/news/maternal-deaths")
    _one(mini_copy, "primary-on-producer-page", 2, "tier")


def test_official_figure_must_be_read_on_a_public_bodys_page(mini_copy):
    _edit(mini_copy, 2, tier="official", reported_by="A charity")
    _one(mini_copy, "official-on-public-body-page", 2, "tier")


def test_weak_copies_are_refused_whatever_the_tier(mini_copy):
    _edit(mini_copy, 4, source_url="http://47.251.13.51:8081/40661818")
    _one(mini_copy, "no-weak-copy", 4, "source_url")


def test_unknown_producer(mini_copy):
    _edit(mini_copy, 2, producer="someone")
    _one(mini_copy, "producer-known", 2, "producer")


def test_unknown_unit(mini_copy):
    _edit(mini_copy, 2, unit="per 1,000 maternities")
    _one(mini_copy, "unit-known", 2, "unit")


def test_bad_period_format(mini_copy):
    _edit(mini_copy, 2, period="2017/19")
    _at(mini_copy, 2, "period")


def test_rolling_period_that_is_not_three_years(mini_copy):
    _edit(mini_copy, 2, period="2017-20")
    _one(mini_copy, "period-format", 2, "period")


def test_rate_inconsistent_with_counts(mini_copy):
    _edit(mini_copy, 3, value="12.90")  # 229 / 2,101,829 x 100,000 = 10.90
    p = _one(mini_copy, "rate-consistent", 3, "value")
    assert "229/2101829" in p.message


def test_missing_column(mini_copy):
    rows = _rows(mini_copy)
    fields = [f for f in rows[0] if f != "unit"]
    _write(mini_copy, [{k: v for k, v in r.items() if k != "unit"} for r in rows], fields)
    problems, message = _problems(mini_copy)
    assert any("unit" in str(p) or p.rule in ("missing-label", "incorrect-label") for p in problems), message


def test_extra_column(mini_copy):
    rows = [dict(r, colour="red") for r in _rows(mini_copy)]
    _write(mini_copy, rows)
    problems, message = _problems(mini_copy)
    assert any(p.rule == "extra-label" for p in problems), message


def test_empty_file(mini_copy):
    (mini_copy / CSV).write_text("", encoding="utf-8")
    update_hashes(mini_copy)
    _one(mini_copy, "file-empty")


def test_byte_order_mark(mini_copy):
    data = (mini_copy / CSV).read_bytes()
    (mini_copy / CSV).write_bytes(b"\xef\xbb\xbf" + data)
    update_hashes(mini_copy)
    _one(mini_copy, "encoding-bom", 1)


def test_not_utf8(mini_copy):
    text = (mini_copy / CSV).read_text(encoding="utf-8").replace("Black", "Bl\u00e4ck")
    (mini_copy / CSV).write_bytes(text.encode("latin-1"))
    update_hashes(mini_copy)
    p = _one(mini_copy, "encoding-utf8")
    assert p.row == 6


def test_file_changed_without_refreshing_its_hash(mini_copy):
    path = mini_copy / CSV
    path.write_text(path.read_text(encoding="utf-8").replace("8.79", "8.78"), encoding="utf-8")
    p = _one(mini_copy, "hash")
    assert "python -m dashboard package" in p.message


def test_missing_file(mini_copy):
    (mini_copy / CSV).unlink()
    _one(mini_copy, "file-missing")


def test_broken_indicator_metadata(mini_copy):
    (mini_copy / "indicators.yaml").write_text("maternal_mortality_rate: [unclosed\n", encoding="utf-8")
    _one(mini_copy, "yaml")


def test_indicator_metadata_missing_a_field(mini_copy):
    path = mini_copy / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  unit: per 100,000 maternities\n", ""), encoding="utf-8")
    _one(mini_copy, "schema-missing", column="maternal_mortality_rate.unit")


def test_indicator_metadata_with_an_unknown_field_or_a_wrong_type(mini_copy):
    path = mini_copy / "indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  decimals: 2\n", "  decimals: two\n  colour: red\n"),
                    encoding="utf-8")
    problems, _ = _problems(mini_copy)
    assert {(p.rule, p.column) for p in problems} == {("schema-int_parsing", "maternal_mortality_rate.decimals"),
                                                      ("schema-extra_forbidden", "maternal_mortality_rate.colour")}


def test_sources_metadata_is_validated(mini_copy):
    path = mini_copy / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("producers:", "producer:", 1), encoding="utf-8")
    rules = {p.rule for p in _problems(mini_copy)[0]}
    assert rules == {"schema-missing", "schema-extra_forbidden"}


def test_all_problems_are_reported_together(mini_copy):
    rows = _rows(mini_copy)
    rows[0]["ci_lower"], rows[0]["ci_upper"] = "10.12", "7.58"
    rows[1]["unit"] = "per cent"
    _write(mini_copy, rows)
    problems, _ = _problems(mini_copy)
    assert {p.rule for p in problems} >= {"ci-order", "unit-known"}


def test_cli_validate_exits_non_zero_and_lists_problems(mini_copy, capsys):
    assert cli_main(["validate", str(mini_copy)]) == 0
    _edit(mini_copy, 2, ci_lower="10.12", ci_upper="7.58")
    assert cli_main(["validate", str(mini_copy)]) == 1
    err = capsys.readouterr().err
    assert "curated/mini.csv, line 2" in err and "ci-order" in err
