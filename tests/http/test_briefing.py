"""The one-page briefing: built from datasets/ rows only, safe wording, attributed recommendations, the print
stylesheet, the /briefing page and the /briefing.pdf route (a real PDF from the system Chromium)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import urllib.request
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import yaml

from dashboard.briefing import content, pdf, recommendations
from dashboard.briefing.facts import Fact, number
from dashboard.briefing.link import briefing_href, briefing_link
from dashboard.briefing.view import build_view_briefing
from dashboard.data.errors import DatasetError
from dashboard.data.load import Store, load_store, update_hashes
from dashboard.state import ViewState
from dashboard.text.safety import METHOD_WORDS, problems_in
from dashboard.web import context

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
PRINT_CSS = ROOT / "assets" / "print.css"
URL = "http://dash.test"
TODAY = date(2026, 11, 23)


def texts(component) -> list[str]:
    """Every string in a Dash component tree (children and text-bearing props)."""
    out: list[str] = []

    def walk(node) -> None:
        if node is None:
            return
        if isinstance(node, str):
            out.append(node)
            return
        if isinstance(node, (int, float)):
            out.append(str(node))
            return
        if isinstance(node, (list, tuple)):
            for n in node:
                walk(n)
            return
        for prop in ("aria-label", "title", "alt"):
            v = getattr(node, prop, None) if not prop.startswith("aria") else node.to_plotly_json()["props"].get(prop)
            if isinstance(v, str):
                out.append(v)
        walk(getattr(node, "children", None))

    walk(component)
    return out


def components(component, kind: str | None = None) -> list:
    found = []

    def walk(node) -> None:
        if isinstance(node, (list, tuple)):
            for n in node:
                walk(n)
            return
        if not hasattr(node, "to_plotly_json"):
            return
        if kind is None or type(node).__name__ == kind:
            found.append(node)
        walk(getattr(node, "children", None))

    walk(component)
    return found


def page_layout(path: str):
    """The layout function of a registered page (pages are imported by Dash, never by the tests: importing them
    again under another module name would register the path twice)."""
    import dash

    return next(p for p in dash.page_registry.values() if p["path"] == path)["layout"]


def store_row(store: Store, row_id: str) -> dict:
    t = store.table[store.table["row_id"] == row_id]
    assert len(t) == 1, row_id
    return t.iloc[0].to_dict()


def assert_fact_from_store(store: Store, f: Fact) -> None:
    row = store_row(store, f.row_id)
    ind = store.catalogue.indicator(row["indicator"])
    assert f.raw_value == pytest.approx(float(row["value"]))
    shown = f"{float(row['value']):,.{ind.decimals}f}" if ind.measure == "rate" else number(row["value"], ind.decimals)
    assert f.value.startswith(shown), (f.value, shown)
    assert f.period == row["period"]
    assert f.source.publication == row["publication"] and f.source.url == row["source_url"]
    if row["quality"] == "secondary":
        assert f.source.flag == f"Reported by {row['quality_source']}"
    else:
        assert f.source.flag is None


@pytest.fixture(scope="module")
def recs():
    return recommendations.load(DATASETS)


@pytest.fixture(scope="module")
def briefing(store, recs):
    return content.build_briefing(store, recs, URL, today=TODAY)


# ---- content ---------------------------------------------------------------------------------------------

def test_briefing_has_every_section_with_figures_and_permalinks(briefing):
    keys = [s.key for s in briefing.sections]
    assert keys == ["mortality", "inequalities", "causes", "late", "social", "perinatal"]
    for s in briefing.sections:
        assert s.facts, s.key
        assert s.permalink.startswith(f"{URL}/explore")
    assert briefing.permalink == f"{URL}/briefing"
    assert briefing.made_on == "2026-11-23"
    assert re.fullmatch(r"\d{4}-\d{2}", briefing.edition)
    assert briefing.newest_publication
    assert briefing.sensitive  # mental health and social care sections


def test_every_briefing_figure_is_a_store_row(store, briefing):
    for f in briefing.facts:
        assert_fact_from_store(store, f)


def test_latest_rate_is_the_newest_period_with_its_interval_and_count(store, briefing):
    mort = briefing.sections[0]
    latest = mort.facts[0]
    rows = store.table[(store.table["indicator"] == "maternal_mortality_rate") & (store.table["breakdown"] == "overall")]
    newest = max(rows["period"], key=lambda p: int(p[:4]))
    assert latest.period == newest
    assert latest.ci.startswith("95% CI")
    assert "deaths among" in latest.count
    # what changed: never a rise or a fall without a published test
    change = mort.sentences[1]
    assert "statistically significant" in change or "do not describe it as a rise or a fall" in change


def test_no_change_is_called_a_rise_or_fall_without_a_test(briefing):
    for s in briefing.sections:
        for text in s.sentences:
            if re.search(r"\b(rise|rose|fall|fell|increase|decrease)\b", text, re.I):
                assert ("statistically significant" in text or "do not describe it as a rise or a fall" in text
                        or "higher than in" in text), text


def test_ratios_say_whether_they_are_significant(briefing):
    ineq = next(s for s in briefing.sections if s.key == "inequalities")
    for f in ineq.facts:
        assert ("statistically significant" in f.significance.lower()) or "significance is not known" in f.significance


def test_secondary_figures_are_flagged(store, briefing):
    flagged = [f for f in briefing.facts if store_row(store, f.row_id)["quality"] == "secondary"]
    assert flagged, "the shipped data has secondary figures in the briefing"
    assert all(f.source.flag and f.source.flag.startswith("Reported by ") for f in flagged)


def test_social_services_gaps_are_named_not_filled(briefing):
    social = next(s for s in briefing.sections if s.key == "social")
    periods = [f.period for f in social.facts if f.indicator == "known_to_social_services_share"]
    gap_text = " ".join(social.gaps)
    for missing in ("2014-16", "2015-17"):
        assert missing not in periods and missing in gap_text
    assert any("association, not a cause" in t for t in social.sentences)


def test_all_briefing_text_is_safe(briefing):
    for text in content.all_text(briefing):
        assert problems_in(text) == [], text
        low = text.lower()
        assert not any(re.search(rf"\b{w}\b", low) for w in METHOD_WORDS), text


# ---- recommendations ---------------------------------------------------------------------------------------

def test_recommendations_are_attributed_and_cover_the_themes(recs):
    assert {r.theme for r in recs} >= {"training", "trauma_informed_care", "think_family", "recording", "joint_work"}
    for r in recs:
        assert r.url.startswith("https://") and r.publication and r.locator and r.by
        assert problems_in(r.text) == []
        assert not re.search(r"\d", r.text)
    assert 3 <= len(recommendations.for_briefing(recs)) <= 6


@pytest.mark.parametrize("mutate, where", [
    (lambda e: e.pop("url"), "think_family.url"),
    (lambda e: e.update(text="Deaths soared by 20 percent."), "think_family.text"),
    (lambda e: e.update(theme="other"), "think_family.theme"),
])
def test_a_broken_recommendation_names_file_and_entry(tmp_path, mutate, where):
    raw = yaml.safe_load((DATASETS / "recommendations.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in raw["recommendations"] if e["id"] == "think_family")
    mutate(entry)
    (tmp_path / "recommendations.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        recommendations.load(tmp_path)
    message = str(err.value)
    assert "recommendations.yaml" in message and where in message


def test_recommendations_file_that_is_not_yaml_is_a_clear_error(tmp_path):
    (tmp_path / "recommendations.yaml").write_text("recommendations: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="recommendations.yaml"):
        recommendations.load(tmp_path)


# ---- a changed dataset value changes the briefing ------------------------------------------------------------

def tampered_copy(tmp_path: Path, file: str, indicator: str, period: str, breakdown: str, old: str, new: str) -> Path:
    dest = tmp_path / "datasets"
    shutil.copytree(DATASETS, dest)
    path = dest / "curated" / file
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    mask = (df["indicator"] == indicator) & (df["period"] == period) & (df["breakdown"] == breakdown) & (df["value"] == old)
    assert mask.sum() >= 1
    df.loc[mask, "value"] = new
    df.to_csv(path, index=False, lineterminator="\n")
    update_hashes(dest)
    return dest


def test_changing_a_dataset_value_changes_the_briefing(tmp_path, recs):
    dest = tampered_copy(tmp_path, "social.csv", "late_deaths_mental_health_share", "2022-24", "overall", "33", "31")
    changed = load_store(dest)
    b = content.build_briefing(changed, recommendations.load(dest), URL, today=TODAY)
    late = next(s for s in b.sections if s.key == "late")
    assert any("31 in every 100" in t for t in late.sentences)
    assert not any("33 in every 100" in t for t in late.sentences)
    assert any(f.value == "31%" for f in late.facts)


def test_changing_a_dataset_value_changes_the_briefing_page(tmp_path, app, store, settings):
    dest = tampered_copy(tmp_path, "social.csv", "known_to_social_services_share", "2020-22", "overall", "22", "23")
    changed = load_store(dest)
    try:
        context.install(changed, replace(settings, datasets=dest))
        text = " ".join(texts(page_layout("/briefing")()))
    finally:
        context.install(store, settings)
    assert "23 in 2020 to 2022" in text
    assert "22 in 2020 to 2022" not in text


# ---- the page and the link ------------------------------------------------------------------------------------

def test_briefing_page_states_edition_permalinks_sources_and_support(app, store):
    layout = page_layout("/briefing")()
    text = " ".join(texts(layout))
    assert "Data edition:" in text and "Briefing made on" in text
    assert "Permalink of this briefing" in text and "Open this in Explore" in text
    assert "116 123" in text  # support box: the briefing shows suicide and social care figures
    assert "What the reports recommend" in text
    for t in texts(layout):
        assert problems_in(t) == [], t
    links = [a.href for a in components(layout, "A")]
    assert "/briefing.pdf" in links
    assert any(h.startswith("https://") for h in links)
    ids = [c.id for c in components(layout) if getattr(c, "id", None)]
    assert len(ids) == len(set(ids)), "duplicate ids on the page"
    for f in content.build_briefing(store, recommendations.load(DATASETS), "x").facts:
        assert f.row_id in {c.to_plotly_json()["props"].get("data-row-id") for c in components(layout, "Tr")}


def test_view_briefing_uses_the_selection(app, store):
    layout = page_layout("/briefing")(view="1", ind="known_to_social_services_share")
    text = " ".join(texts(layout))
    assert "116 123" in text  # a sensitive indicator
    assert "/briefing.pdf?view=1&ind=known_to_social_services_share" in [a.href for a in components(layout, "A")]
    b = build_view_briefing(store, ViewState(indicator="known_to_social_services_share"), URL, TODAY)
    for f in b.facts:
        assert_fact_from_store(store, f)
    assert {f.period for f in b.facts} >= {"2012-14", "2020-22"}


def test_junk_query_gives_a_notice_not_an_error(app):
    text = " ".join(texts(page_layout("/briefing")(view="1", ind="<script>", edition="1900-01")))
    assert "We don't have an indicator called" in text


def test_briefing_link_for_explore():
    state = ViewState(indicator="known_to_social_services_share")
    assert briefing_href(state) == "/briefing?view=1&ind=known_to_social_services_share"
    assert briefing_href(state, pdf=True) == "/briefing.pdf?view=1&ind=known_to_social_services_share"
    hrefs = [a.href for a in components(briefing_link(state), "A")]
    assert hrefs == [briefing_href(state), briefing_href(state, pdf=True)]


# ---- print stylesheet -----------------------------------------------------------------------------------------

def _print_rules() -> list[tuple[str, str]]:
    css = re.sub(r"/\*.*?\*/", "", PRINT_CSS.read_text(encoding="utf-8"), flags=re.S)
    body = css[css.index("@media print"):]
    return [(sel.strip(), decl) for sel, decl in re.findall(r"([^{}]+)\{([^{}]*)\}", body)]


def test_print_stylesheet_hides_navigation_and_is_a4():
    css = PRINT_CSS.read_text(encoding="utf-8")
    assert css.strip().startswith("/*") and "@media print" in css
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    hidden = [sel for sel, decl in _print_rules() if re.search(r"display:\s*none", decl)]
    selectors = " ".join(hidden)
    for needed in ("nav", ".site-header", ".skip-link", ".briefing-actions"):
        assert needed in selectors, needed


# ---- the PDF route --------------------------------------------------------------------------------------------

def test_pdf_failure_gives_a_clear_page_not_a_500(app, monkeypatch):
    from dashboard.web import briefing_routes

    def broken(url, cache_key="", timeout=None):
        raise pdf.PdfError("The briefing did not finish drawing within 30 seconds.")

    monkeypatch.setattr(briefing_routes, "render_pdf", broken)
    resp = app.server.test_client().get("/briefing.pdf?ind=%3Cscript%3E&groups=" + "x" * 5000)
    assert resp.status_code == 503
    body = resp.get_data(as_text=True)
    assert "The PDF could not be made" in body and "did not finish drawing" in body
    assert 'href="/briefing?view=1"' in body  # junk dropped: the nearest valid view
    assert "Traceback" not in body and "<script>" not in body


def test_canonical_query_keeps_only_a_valid_view(store):
    from dashboard.web.briefing_routes import canonical_query

    assert canonical_query("", store) == ""
    assert canonical_query("edition=nonsense", store) == ""
    assert canonical_query("ind=known_to_social_services_share&x=1", store) == "view=1&ind=known_to_social_services_share"
    assert canonical_query("ind=%00%ff", store) == "view=1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(app):
    from werkzeug.serving import make_server

    port = _free_port()
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def _pdf_text(data: bytes, tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return text, info


needs_chromium = pytest.mark.skipif(not pdf.available() or not shutil.which("pdftotext"),
                                    reason="needs /usr/bin/chromium, chromedriver and poppler-utils")


@needs_chromium
@pytest.mark.slow
def test_pdf_is_one_a4_page_with_headline_figures_and_sources(live_server, store, tmp_path):
    pdf.clear_cache()
    with urllib.request.urlopen(f"{live_server}/briefing.pdf", timeout=120) as resp:
        assert resp.status == 200 and resp.headers["Content-Type"] == "application/pdf"
        data = resp.read()
    assert data.startswith(b"%PDF")
    text, info = _pdf_text(data, tmp_path)
    flat = " ".join(text.split())
    assert re.search(r"Pages:\s+1\b", info), info
    assert "(A4)" in info
    b = content.build_briefing(store, recommendations.load(DATASETS), "x")
    latest = b.sections[0].facts[0]
    assert latest.value in flat and latest.ci.split(" (")[0] in flat
    for s in b.sections:
        assert s.title in flat
        headline = s.facts[0]
        assert headline.value in flat, headline
        assert " ".join(headline.source.publication.split()) in flat, headline.source.publication
    assert "Data edition:" in flat and b.edition_words in flat
    assert "Samaritans" in flat and "116 123" in flat
    assert "What the reports recommend" in flat
    assert "http://127.0.0.1:8050/explore" in flat  # permalinks are printed
    assert "Reported by" in flat
    for t in (flat,):
        assert problems_in(t) == []


@needs_chromium
@pytest.mark.slow
def test_view_pdf_holds_the_view_figures(live_server, store, tmp_path):
    with urllib.request.urlopen(f"{live_server}/briefing.pdf?ind=known_to_social_services_share", timeout=120) as resp:
        data = resp.read()
    text, info = _pdf_text(data, tmp_path)
    flat = " ".join(text.split())
    assert "Pages:" in info
    b = build_view_briefing(store, ViewState(indicator="known_to_social_services_share"), "x")
    for f in b.facts:
        assert f.value in flat
    assert "116 123" in flat
