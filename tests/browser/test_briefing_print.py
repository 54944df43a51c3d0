"""In Chromium: the print stylesheet hides the navigation when the briefing is printed.

(axe-core checks of the briefing and topic pages run with the others in test_axe.py.)"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


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
