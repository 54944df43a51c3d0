"""In a real browser, every page loads and draws its charts under the Content Security Policy with no violation:
neither a `securitypolicyviolation` event nor a console error."""

from __future__ import annotations

import time

import dash
import pytest

pytestmark = pytest.mark.browser

# Installed by the DevTools protocol before any page script runs (such scripts are not subject to the CSP).
RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || ''));
});
"""
EXTRA_PATHS = ["/about", "/no-such-page", "/explore?ind=maternal_mortality_rate&by=ethnicity"]


def _paths() -> list[str]:
    pages = sorted({p["path"] for p in dash.page_registry.values() if "<" not in p["path"]})
    return list(dict.fromkeys(["/", "/explore", *pages, *EXTRA_PATHS]))


def _settle(driver, timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = driver.execute_script(
            "return document.readyState === 'complete' && !document.querySelector('._dash-loading') &&"
            " !document.querySelector('[data-dash-is-loading=\"true\"]') &&"
            " document.querySelectorAll('.js-plotly-plot').length === document.querySelectorAll('.dash-graph').length")
        if done:
            break
        time.sleep(0.2)
    time.sleep(0.5)


def test_no_csp_violation_on_any_page(dash_duo, app):
    dash_duo.start_server(app)
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    dash_duo.get_logs()  # drop anything logged before the recorder was installed
    seen: dict[str, list] = {}
    for path in _paths():
        driver.get(dash_duo.server_url + path)
        dash_duo.wait_for_element("#react-entry-point main, #react-entry-point", timeout=20)
        _settle(driver)
        violations = driver.execute_script("return window.__cspViolations || null")
        assert violations is not None, f"{path}: the violation recorder did not run"
        logs = [e for e in (dash_duo.get_logs() or []) if "Content Security Policy" in e.get("message", "")
                or "Refused to" in e.get("message", "")]
        seen[path] = violations + [e["message"] for e in logs]
    assert {p: v for p, v in seen.items() if v} == {}


def test_charts_draw_under_the_policy(dash_duo, app):
    """Plotly draws its SVG (it needs inline styles and data: images, which the policy allows)."""
    dash_duo.start_server(app)
    dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=20)
    csp = dash_duo.driver.execute_script(
        "return fetch('/', {cache: 'no-store'}).then(r => r.headers.get('content-security-policy'))")
    assert "frame-ancestors 'none'" in csp
    assert dash_duo.driver.execute_script("return document.querySelectorAll('.js-plotly-plot .main-svg').length") > 0
