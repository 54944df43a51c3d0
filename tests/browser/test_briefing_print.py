"""In Chromium: axe-core finds no WCAG 2.2 A/AA violations on the briefing and the topic page, and the print
stylesheet hides the navigation when the page is printed."""

from __future__ import annotations

import pytest

from tests.browser.test_axe import _describe, _run_axe, axe_source  # noqa: F401  (fixture reused)

pytestmark = pytest.mark.browser

PAGES = [
    ("/briefing", "#briefing-mortality-chart .main-svg"),
    ("/briefing?view=1&ind=known_to_social_services_share", "#briefing-view-chart .main-svg"),
    ("/topics/mental-health-and-social-care", "#topic-involvement-chart .main-svg"),
]


@pytest.mark.parametrize("path, ready", PAGES)
def test_no_axe_violations_on_briefing_and_topic(dash_duo, app, axe_source, path, ready):  # noqa: F811
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=dash_duo.server_url + path)
    dash_duo.wait_for_element(ready, timeout=20)
    dash_duo.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = _run_axe(dash_duo, axe_source)
    assert violations == [], _describe(violations)
    assert dash_duo.get_logs() == []


def test_print_media_hides_navigation_and_shows_the_printed_figures(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/briefing")
    dash_duo.wait_for_element("#briefing-mortality-chart .main-svg", timeout=20)
    drv = dash_duo.driver
    display = "return getComputedStyle(document.querySelector(arguments[0])).display"
    assert drv.execute_script(display, ".site-header nav") != "none"  # on screen
    drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for hidden in (".site-header", ".site-header nav", ".skip-link", ".briefing-actions", ".site-footer"):
            assert drv.execute_script(display, hidden) == "none", hidden
        assert drv.execute_script(display, "#briefing-mortality .fact-lines") == "block"
    finally:
        drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
