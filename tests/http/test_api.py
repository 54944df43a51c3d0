"""The JSON API: shapes, CORS, read-only methods, clear 4xx JSON errors, ETag/304, and a fuzz of query strings.

Expected values are read from the data files (datasets/curated/*.csv, indicators.yaml), not from the code under
test: maternal_mortality_rate 2022-24 = 12.8 (MBRRACE-UK data brief Jan 2026, 252 deaths); 2020-22 was 13.41 in
January 2024 and 13.56 from October 2024; MBRRACE-UK's 2018-20 against 2017-19 rate ratio 1.24 (1.02 to 1.51) is
significant.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data.schema import EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
INDICATORS = sorted(yaml.safe_load((ROOT / "datasets" / "indicators.yaml").read_text(encoding="utf-8")))
COMPARISONS = list(csv.DictReader((ROOT / "datasets" / "curated" / "comparisons.csv").open(encoding="utf-8")))
FUZZ = int(float(os.environ.get("API_FUZZ_EXAMPLES", "400")))


def get(client, path: str, **kw):
    r = client.get(path, **kw)
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    return r


# ---- shapes ---------------------------------------------------------------------------------------------------

def test_figures_of_the_overall_rate_have_value_period_and_source(client):
    r = get(client, "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall")
    assert r.status_code == 200 and r.mimetype == "application/json"
    body = r.get_json()
    assert body["columns"] == list(EXPORT_COLUMNS)
    assert body["count"] == len(body["data"]) > 10
    for row in body["data"]:
        assert list(row) == list(EXPORT_COLUMNS)
        assert row["value"] is not None and row["period"] and row["source_url"].startswith("http")
    by_period = {row["period"]: row for row in body["data"]}
    latest = by_period["2022-24"]
    assert (latest["value"], latest["numerator"], latest["tier"]) == (12.8, 252, "primary")
    assert latest["publication"] == "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)"
    assert by_period["2020-22"]["value"] == 13.56
    assert body["links"]["csv"] == "/data/latest/maternal_mortality_rate.csv"


def test_figures_as_known_at_an_edition(client):
    body = get(client, "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall&edition=2024-01").get_json()
    periods = {row["period"]: row["value"] for row in body["data"]}
    assert periods["2020-22"] == 13.41 and "2021-23" not in periods
    assert body["edition"] == "2024-01"


def test_figures_filter_by_repeated_group_and_period(client):
    q = urlencode([("indicator", "maternal_mortality_rate"), ("breakdown", "overall"), ("period", "2020-22"),
                   ("period", "2022-24")])
    body = get(client, f"/api/v1/figures?{q}").get_json()
    assert sorted(row["period"] for row in body["data"]) == ["2020-22", "2022-24"]


def test_indicators_metadata(client):
    body = get(client, "/api/v1/indicators").get_json()
    assert sorted(d["id"] for d in body["data"]) == INDICATORS
    one = get(client, "/api/v1/indicators?indicator=maternal_mortality_rate").get_json()["data"][0]
    assert one["unit"] == "per 100,000 maternities" and one["period_type"] == "rolling-3-year"
    assert "ethnicity" in [b["id"] for b in one["breakdowns"]]
    assert {"csv", "parquet", "json", "explore", "figures"} <= set(one["links"])
    assert one["licences"][0]["name"] == "OGL-UK-3.0"


def test_statements_give_the_verdict_in_the_sources_words(client):
    body = get(client, "/api/v1/statements?from=2017-19&to=2018-20").get_json()
    assert body["view"]["query"] == "from=2017-19&to=2018-20"
    assert body["summary"] and all(isinstance(s, str) for s in body["summary"])
    (v,) = body["verdicts"]
    assert (v["kind"], v["a"], v["b"]) == ("periods", "2018-20", "2017-19")
    assert (v["method"], v["significance"], v["direction"], v["ratio"]) == ("source", "significant", "higher", 1.24)
    assert v["interval"] == {"lower": 1.02, "upper": 1.51, "kind": "published"}
    assert v["words"] == "a 24% increase"
    assert v["source"]["publication"] == "Saving Lives, Improving Mothers' Care 2022 (2018-20)"
    assert v["sentence"] in body["summary"]


def test_statements_of_a_view_by_group(client):
    q = "by=ethnicity&groups=" + quote("White (inc. not known)|Asian", safe="|")
    body = get(client, f"/api/v1/statements?{q}").get_json()
    assert body["view"]["breakdown"] == "ethnicity"
    assert body["verdicts"] and {v["kind"] for v in body["verdicts"]} == {"groups"}
    assert all(v["method"] in ("source", "calculated", "none") for v in body["verdicts"])


def test_comparisons_are_the_published_table(client):
    body = get(client, "/api/v1/comparisons").get_json()
    assert body["count"] == len(COMPARISONS) == len(body["data"])
    assert {row["words"] for row in body["data"]} == {row["words"] for row in COMPARISONS}
    assert "vintage" in body["columns"]


def test_index_lists_the_endpoints(client):
    body = get(client, "/api/v1/").get_json()
    assert set(body["endpoints"]) == {f"/api/v1/{x}" for x in
                                      ("figures", "indicators", "statements", "comparisons", "editions")}


# ---- errors ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_only_get_is_allowed(client, method):
    r = client.open("/api/v1/figures", method=method, data=b"{}")
    assert r.status_code == 405 and r.mimetype == "application/json"
    assert r.get_json()["error"] == "method-not-allowed"
    assert "GET" in r.headers["Allow"] and r.headers["Access-Control-Allow-Origin"] == "*"


def test_preflight_is_answered(client):
    r = client.open("/api/v1/figures", method="OPTIONS", headers={"Origin": "https://example.org",
                                                                  "Access-Control-Request-Method": "GET"})
    assert r.status_code in (200, 204)
    assert r.headers["Access-Control-Allow-Origin"] == "*" and "GET" in r.headers["Access-Control-Allow-Methods"]


def test_unknown_indicator_lists_the_known_ones(client):
    r = get(client, "/api/v1/figures?indicator=maternal_mortality")
    body = r.get_json()
    assert r.status_code == 400 and body["error"] == "unknown-indicator"
    assert body["known"] == INDICATORS and "maternal_mortality" in body["message"]


def test_unknown_edition_and_parameters(client):
    body = get(client, "/api/v1/figures?edition=2031-01").get_json()
    assert body["error"] == "unknown-edition" and "2024-10" in body["known"] and "latest" in body["known"]
    body = get(client, "/api/v1/figures?indicater=x").get_json()
    assert body["error"] == "unknown-parameter" and "indicator" in body["allowed"]
    body = get(client, "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=colour").get_json()
    assert body["error"] == "unknown-breakdown" and "ethnicity" in body["known"]
    body = get(client, "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall&period=1990-92").get_json()
    assert body["error"] == "unknown-period" and "2022-24" in body["known"]
    body = get(client, "/api/v1/statements?groups=Martians").get_json()
    assert body["error"] == "invalid-view" and "nearest" in body


@pytest.mark.parametrize("query, code", [
    ("indicator=" + "a" * 201, "value-too-long"),
    ("&".join(f"group=g{i}" for i in range(40)), "too-many-parameters"),
    ("indicator=a&indicator=b", "repeated-parameter"),
    ("x=" + "y" * 3000, "query-too-long"),
])
def test_bad_queries_get_a_clear_400(client, query, code):
    r = get(client, f"/api/v1/figures?{query}")
    assert r.status_code == 400 and r.get_json()["error"] == code and r.headers["Cache-Control"] == "no-store"


def test_unknown_endpoint_is_json_404(client):
    r = get(client, "/api/v1/nothing")
    assert r.status_code == 404 and r.get_json()["error"] == "not-found"


# ---- caching --------------------------------------------------------------------------------------------------

def test_etag_and_not_modified(client):
    url = "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=overall"
    r = get(client, url)
    etag = r.headers["ETag"]
    # its links follow the Host (no public URL is set here): cacheable, but only by the reader's own cache
    assert r.headers["Cache-Control"].startswith("private, max-age=") and "Host" in r.vary
    again = get(client, url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = get(client, "/api/v1/figures?indicator=maternal_mortality_rate&breakdown=ethnicity")
    assert other.headers["ETag"] != etag
    assert get(client, url, headers={"If-None-Match": '"stale"'}).status_code == 200


# ---- fuzz -----------------------------------------------------------------------------------------------------

ENDPOINTS = ["figures", "indicators", "statements", "comparisons", "editions", "", "nope"]
KEYS = ["indicator", "breakdown", "group", "period", "edition", "ind", "by", "groups", "from", "to", "measure",
        "ci", "x", "", "indicator[]", "%00"]
VALUES = st.one_of(
    st.sampled_from(INDICATORS + ["overall", "ethnicity", "age", "All", "Black", "2020-22", "2022-24", "2023",
                                  "latest", "2024-10", "2018-00", "ratio", "value", "0", "1", "White (inc. not known)|Black"]),
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from("%&=?#+;|-_.0123456789abcXYZ\u00e9\u202e\x00"), max_size=250),
)


@settings(max_examples=FUZZ, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(ENDPOINTS), pairs=st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=6),
       raw=st.booleans())
def test_api_query_strings_never_fail(client, app, endpoint, pairs, raw):
    if raw:
        query = "&".join(f"{k}={v}" for k, v in pairs)
    else:
        query = urlencode(pairs)
    path = f"/api/v1/{endpoint}"
    r = client.get(path, query_string=query)
    assert r.status_code < 500, (path, query, r.data[:200])
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    if r.status_code != 308:
        body = r.get_json()
        assert isinstance(body, dict)
        if r.status_code >= 400:
            assert body["error"] and body["message"] and body["status"] == r.status_code
    assert app.server.extensions["dashboard_errors"]["count"] == 0


# ---- the lead: what the pages lead with, through the one editorial policy -----------------------------------

@pytest.mark.parametrize("query, block", [("by=ethnicity", "gap-ethnicity"), ("by=deprivation&measure=ratio",
                                                                                "gap-deprivation"), ("", "headline")])
def test_the_statements_lead_is_the_home_pages_lead(client, store, query, block):
    import html as html_lib

    from dashboard.content.home import home

    lead = get(client, f"/api/v1/statements?{query}").get_json()["lead"]
    page = home(store)
    shown = next(b for b in [page.headline, *page.blocks] if b.id == block)
    assert (lead["block"], lead["sentences"], lead["real"]) == (block, list(shown.lead), shown.real)
    assert [s["publication"] for s in lead["sources"]] == [s.publication for s in shown.lead_sources]
    home_html = html_lib.unescape(client.get("/").get_data(as_text=True))
    assert all(s in home_html for s in lead["sentences"])


def test_the_gap_lead_is_the_producers_words_for_the_latest_period(client):
    # comparisons.csv line 11 (MBRRACE-UK data brief, January 2026, 2022-24, primary); maternal.csv line 130 (3.7
    # for 2018-20, Saving Lives 2022, primary) follows it
    lead = get(client, "/api/v1/statements?by=ethnicity").get_json()["lead"]
    assert lead["question"] == "gap"
    first = lead["sentences"][0]
    assert 'words for 2022 to 2024 are "nearly three-fold difference"' in first
    assert first.index("nearly three-fold") < first.index("3.7 times for 2018-20")
    assert (lead["sources"][0]["publication"], lead["sources"][0]["tier"]) == (
        "MBRRACE-UK maternal mortality data brief, January 2026 (2022-24)", "primary")
    dep = get(client, "/api/v1/statements?by=deprivation").get_json()["lead"]
    assert '"twice that of women living in the least deprived areas"' in dep["sentences"][0]
    # a view no page block answers has no lead
    assert get(client, "/api/v1/statements?ind=maternal_suicide_rate").get_json()["lead"] is None
