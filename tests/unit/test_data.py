"""The shipped data loads, validates and is fully sourced; the vintage rule picks the right row."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from dashboard.data.query import LATEST, Selection, editions, history, resolved, series
from tests.conftest import DATASETS, ROOT

SHARED_ONS = Path(__file__).resolve().parents[3] / "shared" / "data" / "published" / "ons-sdg"


def test_real_data_loads_every_table(store):
    assert {r.name for r in store.catalogue.resources} == {"ons_sdg_3_1_1", "ons_sdg_3_2_2", "maternal", "perinatal",
                                                           "social", "comparisons"}
    files = set(store.table["row_id"].str.split(":").str[0]) | set(store.comparisons["row_id"].str.split(":").str[0])
    assert files == {r.path for r in store.catalogue.resources}
    assert len(store.table) > 2500


def test_every_figure_names_producer_publication_url_locator_and_tier(store):
    for t in (store.table, store.comparisons):
        for col in ("producer", "publication", "source_url", "locator", "published_date", "tier"):
            assert t[col].notna().all() and (t[col].str.strip() != "").all(), col
        assert t["source_url"].str.match(r"^https?://").all()
        restated = t[t["tier"] != "primary"]
        assert len(restated) > 0 and restated["reported_by"].notna().all()


# The producers' own domains, written out here (not read from sources.yaml): a primary row anywhere else is a bug.
PRODUCER_DOMAINS = {
    "mbrrace-uk": ("npeu.ox.ac.uk", "ndph.ox.ac.uk", "medsci.ox.ac.uk", "www.ox.ac.uk", "timms.le.ac.uk", "le.ac.uk"),
    "ons": ("github.com/ONSdigital/sdg-data/blob/90952eb20f005e6ce38725e3206fe868850115d8/", "ons.gov.uk",
            "sdgdata.gov.uk"),
    # an article's pages: its DOI, its publisher, and its authors' own institutions' records of it (one rule for
    # every article: Knight 2020's Birmingham record as De Backer 2025's Oxford record)
    "knight-2020": ("doi.org/10.1111/ppe.12640", "onlinelibrary.wiley.com/doi/10.1111/ppe.12640",
                    "pmc.ncbi.nlm.nih.gov/articles/PMC7383891", "ncbi.nlm.nih.gov/pmc/articles/PMC7383891",
                    "research.birmingham.ac.uk/en/publications/a-national-population-based-cohort-study"),
    "de-backer-2025": ("doi.org/10.1136/bmjmed-2025-001464", "bmjmedicine.bmj.com/content/4/1/e001464",
                       "pubmed.ncbi.nlm.nih.gov/40661818", "www.medsci.ox.ac.uk/research/publications/2130336",
                       "www.npeu.ox.ac.uk/news/2743-support-not-blame-study"),
    "lever-taylor-2023": ("doi.org/10.1155/2023/6165407", "onlinelibrary.wiley.com/doi/10.1155/2023/6165407",
                          "www.hindawi.com/journals/hsc/2023/6165407"),
}
WEAK_COPY = re.compile(r"^https?://(\d+\.\d+\.\d+\.\d+|[^/]*ezproxy|[^/]*(vdocuments\.mx|yumpu\.com|scribd\.com|"
                       r"ai-bt\.com|r\.arson\.gg|limitlesscommunitycare\.org))|/blob/(main|master|develop)/|[?&]ijkey=")


def _on(url: str, domains: tuple[str, ...]) -> bool:
    rest = re.sub(r"^https?://", "", url).lower()
    host = rest.split("/")[0]
    return any(rest.startswith(d.lower()) if "/" in d else (host == d or host.endswith("." + d)) for d in domains)


def test_every_primary_row_was_read_on_its_producers_own_pages(store):
    for t in (store.table, store.comparisons):
        primary = t[t["tier"] == "primary"].drop_duplicates(["producer", "source_url"])
        for producer, url in primary[["producer", "source_url"]].itertuples(index=False):
            if producer in PRODUCER_DOMAINS:
                assert _on(url, PRODUCER_DOMAINS[producer]), (producer, url)
            else:  # a producer added since: at least never a news, charity or law-firm site
                assert not re.search(r"(news|bbc|guardian|law|solicitor|charity|blog)", url), (producer, url)


def test_a_row_read_on_a_weak_copy_says_so_names_the_original_and_stays_secondary(store):
    # source_url is the page actually read; when that was a weak copy (maternal.csv lines 113-122: Knight et al.'s
    # age ratios, read on ai-bt.com), the original's address is in canonical_url and the row is secondary
    for t in (store.table, store.comparisons):
        weak = t[t["source_url"].str.contains(WEAK_COPY)]
        assert (weak["tier"] == "secondary").all(), weak["source_url"].tolist()
        assert weak["canonical_url"].notna().all(), weak["source_url"].tolist()
        assert not weak["canonical_url"].dropna().str.contains(WEAK_COPY).any()
    weak = store.table[store.table["source_url"].str.contains(WEAK_COPY)]
    assert set(weak["producer"]) == {"knight-2020"} and len(weak) == 9


def test_ons_files_are_shipped_byte_for_byte_and_match_their_hashes(store):
    pkg = json.loads((DATASETS / "datapackage.json").read_text())
    for res in pkg["resources"]:
        digest = "sha256:" + hashlib.sha256((DATASETS / res["path"]).read_bytes()).hexdigest()
        assert res["hash"] == digest, res["path"]
    for name in ("indicator_3-1-1.csv", "indicator_3-2-2.csv"):
        shipped = (DATASETS / "ons-sdg" / name).read_bytes()
        assert shipped.startswith(b"Year,Series,")
        if SHARED_ONS.is_dir():
            assert shipped == (SHARED_ONS / name).read_bytes()


def test_every_indicator_has_data_and_every_row_a_known_indicator(store):
    assert set(store.table["indicator"]) == set(store.catalogue.indicators)


def test_headline_series_2009_11_to_2022_24_is_complete(store):
    df = series(store, Selection("maternal_mortality_rate", "overall", period_from="2009-11"))
    periods = df["period"].tolist()
    assert periods[0] == "2009-11" and periods[-1] == "2022-24" and len(periods) == 14
    latest = df.iloc[-1]
    assert latest["value"] == 12.80 and latest["numerator"] == 252 and latest["denominator"] == 1969321


def test_latest_vintage_wins_and_history_is_kept(store):
    df = series(store, Selection("maternal_mortality_rate", "overall", period_from="2019-21", period_to="2021-23"))
    got = dict(zip(df["period"], df["value"]))
    assert got == {"2019-21": 11.66, "2020-22": 13.56, "2021-23": 12.82}
    trail = history(store, "maternal_mortality_rate", "2020-22")
    assert {13.41, 13.56} <= set(trail["value"])
    assert trail["vintage"].is_monotonic_increasing


def test_an_earlier_edition_shows_the_figures_as_then_published(store):
    jan24 = series(store, Selection("maternal_mortality_rate", "overall", period_from="2020-22", edition="2024-01"))
    assert jan24.iloc[-1]["period"] == "2020-22" and jan24.iloc[-1]["value"] == 13.41
    assert editions(store, "maternal_mortality_rate")[0][0] == "2026-01"  # newest first


def test_a_restated_older_value_is_not_a_new_revision(store):
    # 2020-22: 13.41 (January 2024), revised to 13.56 (October 2024). A January 2025 release quoting 13.41 as its
    # comparison point does not make 13.41 current again: every edition from October 2024 shows 13.56.
    for edition in ("2024-10", "2025-01", "2025-03", "2025-09", LATEST):
        row = series(store, Selection("maternal_mortality_rate", "overall", period_from="2020-22",
                                      period_to="2020-22", edition=edition)).iloc[0]
        assert row["value"] == 13.56, edition


def test_calculated_intervals_have_counts_and_are_labelled(store):
    t = resolved(store, LATEST)
    calculated = t[t["ci_method"] == "calculated"]
    assert len(calculated) > 0 and calculated["numerator"].notna().all() and calculated["denominator"].notna().all()
    assert (calculated["ci_lower"] <= calculated["value"]).all() and (calculated["value"] <= calculated["ci_upper"]).all()
    assert set(t["ci_method"].dropna()) == {"published", "calculated"}


def test_the_table_is_arrow_backed(store):
    assert str(store.table["value"].dtype) == "double[pyarrow]"
    assert str(store.table["numerator"].dtype) == "int64[pyarrow]"


def test_ons_suppressed_and_low_reliability_rows_are_kept_as_flagged_gaps(store):
    t = store.table[store.table["indicator"].str.endswith("_ons")]
    assert t["value"].isna().any()
    assert t.loc[t["value"].isna(), "note"].notna().all()
    assert (t["obs_status"] == "Low reliability").any()


def test_the_provenance_report_in_docs_is_current(store):
    """docs/provenance.md is exactly what `python -m dashboard sources` writes for the shipped data."""
    from dashboard.provenance import report

    assert (ROOT / "docs" / "provenance.md").read_text(encoding="utf-8") == report(store), \
        "run: python -m dashboard sources --write docs/provenance.md"


def test_the_provenance_report_names_every_headline_tier(store):
    from dashboard.provenance import report

    text = report(store)
    assert "| Home | The maternal death rate | 12.80 per 100,000 maternities | 2022-24 | primary |" in text
    assert "## Still secondary (shown by default)" in text
