"""The provenance rules (dashboard.data.validate.provenance_problems, dashboard.data.metadata): which address counts
as a producer's own page, a public body's page or a weak copy, and what each tier must name. Addresses are those of
datasets/sources.yaml (MBRRACE-UK on npeu.ox.ac.uk; ONS's file pinned to commit 90952eb; HQIP as an official body)."""

from __future__ import annotations

import pytest

from dashboard.data.metadata import on_domain
from dashboard.data.validate import _period_problem, check_rows, provenance_problems

ONS_FILE = "github.com/ONSdigital/sdg-data/blob/90952eb20f005e6ce38725e3206fe868850115d8"


def rules(catalogue, **row):
    return provenance_problems({"producer": "mbrrace-uk", **row}, catalogue)


def test_a_primary_figure_is_read_on_the_producers_own_page_and_names_no_reporter(catalogue):
    assert rules(catalogue, source_url="https://www.npeu.ox.ac.uk/mbrrace-uk/reports", tier="primary") == []
    assert rules(catalogue, source_url="https://www.npeu.ox.ac.uk/mbrrace-uk/reports", tier="primary",
                 reported_by="HQIP") == [
        ("reported_by", "primary-not-reported", "a primary figure is read at its producer: leave reported_by empty")]
    (col, rule, msg), = rules(catalogue, source_url="https://www.aims.org.uk/x", tier="primary", reported_by=" ")
    assert (col, rule) == ("tier", "primary-on-producer-page")
    assert msg.startswith("a primary figure must be read on MBRRACE-UK's own pages (npeu.ox.ac.uk, ")
    assert msg.endswith(", not on https://www.aims.org.uk/x")


def test_an_official_summary_is_read_on_a_public_bodys_page_and_names_it(catalogue):
    assert rules(catalogue, source_url="https://www.hqip.org.uk/resource/x", tier="official", reported_by="HQIP") == []
    assert rules(catalogue, source_url="https://www.hqip.org.uk/resource/x", tier="official") == [
        ("reported_by", "official-named", "an official summary must name the body that restated it")]
    assert rules(catalogue, source_url="https://www.aims.org.uk/x", tier="official", reported_by="AIMS") == [
        ("tier", "official-on-public-body-page", ("an official summary must be read on a public body's page "
                                                 "(sources.yaml: official), not on https://www.aims.org.uk/x"))]


def test_a_secondary_figure_names_who_quoted_it_and_an_unknown_producer_is_named(catalogue):
    assert rules(catalogue, source_url="https://www.aims.org.uk/x", tier="secondary", reported_by="AIMS") == []
    assert rules(catalogue, source_url="https://www.aims.org.uk/x", tier="secondary") == [
        ("reported_by", "secondary-named", "a secondary figure must name the source that quoted it")]
    assert provenance_problems({"producer": "nobody", "source_url": "https://x.org/", "tier": "secondary",
                                "reported_by": "X"}, catalogue) == [
        ("producer", "producer-known", "'nobody' is not a producer in sources.yaml")]


@pytest.mark.parametrize(("url", "why"), [
    ("http://129.67.1.2/mbrrace/report.pdf", "a bare IP-address host, not a durable address"),
    ("https://www-npeu-ox-ac-uk.ezproxy.example.ac.uk/x", "a university proxy that the public cannot open"),
    ("https://www.scribd.com/document/1", "a document-sharing copy"),
    ("https://github.com/ONSdigital/sdg-data/blob/develop/data/indicator_3-1-1.csv",
     "a file on a moving branch (pin it to a commit)"),
    ("https://example.org/view?u=ezproxy", "a university proxy that the public cannot open"),  # the query counts
])
def test_weak_copies_are_refused_whatever_the_tier(catalogue, url, why):
    assert ("source_url", "no-weak-copy", (f"{url} is {why}; cite the original, or give its address in "
            "canonical_url and keep the row secondary")) in rules(catalogue, source_url=url, tier="secondary",
                                                                  reported_by="X")


def test_a_figure_read_on_a_weak_copy_names_the_original_and_is_secondary(catalogue):
    copy, doi = "https://www.ai-bt.com/si.php?db=pubmed&id=32010991", "https://doi.org/10.1111/ppe.12640"
    assert rules(catalogue, source_url=copy, canonical_url=doi, tier="secondary", reported_by="X") == []
    assert ("tier", "weak-copy-secondary", (f"{copy} is an unofficial mirror (the original is known): a figure read "
            "there is secondary")) in rules(catalogue, source_url=copy, canonical_url=doi, tier="primary")
    assert ("canonical_url", "no-weak-copy", ("https://www.scribd.com/document/1 is a document-sharing copy: name the "
            "original")) in rules(catalogue, source_url=copy, canonical_url="https://www.scribd.com/document/1",
                                 tier="secondary", reported_by="X")


def test_a_domain_with_a_path_is_a_prefix_and_a_bare_domain_covers_its_subdomains():
    assert on_domain(f"https://{ONS_FILE}/data/indicator_3-1-1.csv", ONS_FILE)
    assert on_domain(f"https://{ONS_FILE}/", ONS_FILE + "/")
    assert on_domain(f"https://{ONS_FILE}", ONS_FILE)
    assert not on_domain(f"https://{ONS_FILE}0/x", ONS_FILE)
    assert not on_domain("https://github.com/ONSdigital/sdg-data/blob/develop/x.csv", ONS_FILE)
    assert on_domain("https://www.npeu.ox.ac.uk/mbrrace-uk", "npeu.ox.ac.uk")
    assert on_domain("https://NPEU.ox.ac.uk:443/", "npeu.ox.ac.uk")
    assert not on_domain("https://notnpeu.ox.ac.uk/", "npeu.ox.ac.uk")


def test_period_shapes():
    assert _period_problem("2020-22", "rolling-3-year") is None
    assert _period_problem("2020-23", "rolling-3-year") == "'2020-23' is not a three-year period"
    assert _period_problem("2099-01", "rolling-3-year") is None  # crosses a century
    assert _period_problem("2020", "rolling-3-year") == "'2020' is not a period of the form YYYY-YY"
    assert _period_problem("2020", "year") is None
    assert _period_problem("2020-21", "year") == "'2020-21' is not a year (YYYY)"
    assert _period_problem("2013-17", "span") is None
    assert _period_problem("2019-19", "span") == "'2019-19' ends before it starts"


def test_a_duplicate_figure_is_named_once_at_its_second_line(catalogue, monkeypatch):
    from dashboard.data import validate

    monkeypatch.setattr(validate, "check_row", lambda r, c, f: [])  # only the duplicate rule is under test here
    row = {"indicator": "maternal_mortality_rate", "period": "2020-22", "breakdown": "overall", "group": "All",
           "geography": "UK", "publication": "P", "_line": 7}
    seen = [(p.row, p.column, p.rule, p.message)
            for p in check_rows([row, {**row, "_line": 8}, {**row, "_line": 9}], catalogue, "curated/x.csv")]
    assert seen == [(8, "group", "key-unique",
                     ("duplicate figure for maternal_mortality_rate / 2020-22 / overall / All / UK from the same "
                     "publication"))]
    assert check_rows([row, {**row, "publication": "Q", "_line": 8}], catalogue, "curated/x.csv") == []
