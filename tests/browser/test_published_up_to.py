"""How current the figures are, as a reader sees it: the line sits right under each page's title (next in the
layout and in reading order), takes one line on a desktop and at most three on a 375 px phone, and nothing
scrolls sideways at 320 px on the pages that gained it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import settled, sideways_scroll, viewport

pytestmark = pytest.mark.browser

PAGES = ["/", "/topics/mental-health-and-social-care", "/about", "/data", "/check", "/changes", "/explore"]
PLACE = """
const h1 = document.querySelector('main h1'), line = h1.nextElementSibling;
const a = h1.getBoundingClientRect(), b = line.getBoundingClientRect();
const lh = parseFloat(getComputedStyle(line).lineHeight) || 20;
return {cls: line.className, text: line.textContent, gap: b.top - a.bottom, lines: b.height / lh};
"""


@pytest.mark.parametrize("width,most", [(375, 3.1), (1280, 1.1)])
@pytest.mark.parametrize("path", PAGES)
def test_the_line_sits_under_the_title_and_stays_short(browser, live_url, path, width, most):
    viewport(browser, width)
    browser.get(live_url + path)
    settled(browser)
    got = browser.execute_script(PLACE)
    assert got["cls"] == "as-of" and got["text"].startswith("Figures as published up to January 2026"), got
    assert 0 <= got["gap"] < 24, f"{path}: {got['gap']} px between the title and the line"
    assert got["lines"] <= most, f"{path}: {got['lines']:.1f} lines at {width} px"


@pytest.mark.parametrize("path", ["/about", "/data", "/check", "/changes"])
def test_nothing_scrolls_sideways_at_320px(browser, live_url, path):
    viewport(browser, 320)
    browser.get(live_url + path)
    settled(browser)
    assert sideways_scroll(browser) == 0
