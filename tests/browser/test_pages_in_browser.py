"""Every kind of page in Debian Chromium: axe-core 4.14.1 finds no WCAG 2.2 A/AA or best-practice violation at 1280
and 375 px, nothing scrolls sideways at 320 px, and nothing breaks the Content Security Policy (no
`securitypolicyviolation` event, no console error). No axe rule is disabled: offenders are fixed in the app.
One server and one browser for the module (tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, describe, settled, sideways_scroll, viewport

pytestmark = pytest.mark.browser

PAGES = [
    "/", "/topics/mental-health-and-social-care", "/briefing", "/briefing?edition=2030-13",
    "/briefing?view=1&ind=known_to_social_services_share", "/about", "/explore", "/explore?by=ethnicity",
    "/explore?by=ethnicity&measure=ratio&from=2018-20&to=2018-20", "/explore?ind=known_to_social_services_share",
    "/explore?ind=nonsense&from=1066", "/embed?by=ethnicity", "/check", "/check?q=13.56", "/check?q=one+in+five",
    "/check?q=" + "9" * 30, "/data", "/data/latest/", "/changes", "/changes?from=2024-01&to=2024-10",
    "/no-such-page",
]
# Installed through the DevTools protocol before any page script runs (such scripts are not subject to the CSP).
RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def page(browser, live_url):
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})

    def open_(path: str, width: int) -> None:
        viewport(browser, width)
        browser.get(live_url + path)
        settled(browser)
    return open_


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(page, browser, axe_source, path, width):
    page(path, width)
    violations = axe_violations(browser, axe_source)
    assert violations == [], f"{path} at {width}px:\n{describe(violations)}"


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_at_320px_and_nothing_breaks_the_policy(page, browser, path):
    browser.get_log("browser")  # drop what earlier pages logged
    page(path, 320)
    assert sideways_scroll(browser) == 0, f"{path} scrolls sideways at 320 px"
    assert browser.execute_script("return window.__csp") == [], path
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"
              and "favicon" not in e["message"] and "404" not in e["message"]]
    assert errors == [], f"{path}: {errors}"
