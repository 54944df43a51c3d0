"""Answer first, in a browser: the reading pages fit in a few screens, their tables and Explore's keep their shape,
and nothing scrolls sideways on a phone.

Targets: home <= 6,000 px tall at 375 px and <= 4,000 px at 1280 px; the topic page <= 8,000 px at 375 px; at
1280 px no table cell is wider than half its table and no table row is taller than 4 lines of its text; nothing
scrolls sideways at 320 px (Explore: at 320, 375 and 1280 px). Heights are measured with every disclosure closed (as
a page first opens). Explore is measured on four views: the default, ethnic groups (several groups), the social
services view (long secondary-source flags) and all five deprivation quintiles.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import settled, sideways_scroll, viewport

pytestmark = pytest.mark.browser

HOME, TOPIC = "/", "/topics/mental-health-and-social-care"
HEIGHT_TARGETS = [(HOME, 375, 6000), (HOME, 1280, 4000), (TOPIC, 375, 8000)]
QUINTILES = "Quintile 1 (least deprived)|Quintile 2|Quintile 3|Quintile 4|Quintile 5 (most deprived)"
EXPLORE_VIEWS = ["/explore", "/explore?by=ethnicity", "/explore?ind=known_to_social_services_share",
                 f"/explore?by=deprivation&groups={QUINTILES}"]

# The widest cell against its table, and the tallest row against its own line height, over every table on the page
# (tables inside closed disclosures are opened first, so that they are laid out).
TABLE_SHAPE = """
document.querySelectorAll('details').forEach(d => d.open = true);
let worst = {cell: 0, lines: 0, cellAt: '', rowAt: ''};
for (const t of document.querySelectorAll('table')) {
  const tw = t.getBoundingClientRect().width;
  if (!tw) continue;
  for (const row of t.rows) {
    const cs = getComputedStyle(row.cells[0]);
    const lh = parseFloat(cs.lineHeight) || 24;
    const lines = (row.getBoundingClientRect().height - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) / lh;
    if (lines > worst.lines) worst = {...worst, lines: lines, rowAt: (t.id || 'table') + ' row ' + row.rowIndex};
    if (row.cells.length < 2) continue;
    for (const c of row.cells) {
      const share = c.getBoundingClientRect().width / tw;
      if (share > worst.cell) worst = {...worst, cell: share, cellAt: (t.id || 'table') + ' row ' + row.rowIndex + ' col ' + c.cellIndex};
    }
  }
}
return worst;
"""
# How many rows of figures Explore's table shows (so a shape test cannot pass on a missing table).
EXPLORE_ROWS = "return document.querySelectorAll('#explore-table tbody tr').length"


def _open(browser, live_url: str, path: str, width: int) -> None:
    viewport(browser, width)
    browser.get(live_url + path)
    settled(browser)


def height(browser) -> int:
    return int(browser.execute_script("return document.documentElement.scrollHeight"))


@pytest.mark.parametrize(("path", "width", "limit"), HEIGHT_TARGETS)
def test_reading_pages_fit_in_a_few_screens(browser, live_url, path, width, limit):
    _open(browser, live_url, path, width)
    assert height(browser) <= limit, f"{path} is {height(browser)} px tall at {width} px (target {limit})"


@pytest.mark.parametrize("path", [HOME, TOPIC])
def test_no_table_cell_wider_than_half_its_table_and_no_row_taller_than_four_lines(browser, live_url, path):
    _open(browser, live_url, path, 1280)
    worst = browser.execute_script(TABLE_SHAPE)
    assert worst["cell"] <= 0.5, f"{path}: a cell takes {worst['cell']:.0%} of its table ({worst['cellAt']})"
    assert worst["lines"] <= 4.1, f"{path}: a row is {worst['lines']:.1f} lines tall ({worst['rowAt']})"


@pytest.mark.parametrize("path", [HOME, TOPIC])
def test_nothing_scrolls_sideways_at_320px(browser, live_url, path):
    _open(browser, live_url, path, 320)
    assert sideways_scroll(browser) == 0


@pytest.mark.parametrize("path", EXPLORE_VIEWS)
def test_explore_table_keeps_its_shape(browser, live_url, path):
    _open(browser, live_url, path, 1280)
    assert browser.execute_script(EXPLORE_ROWS) >= 4, f"{path}: the table of figures is missing"
    worst = browser.execute_script(TABLE_SHAPE)
    assert worst["cell"] <= 0.5, f"{path}: a cell takes {worst['cell']:.0%} of its table ({worst['cellAt']})"
    assert worst["lines"] <= 4.1, f"{path}: a row is {worst['lines']:.1f} lines tall ({worst['rowAt']})"


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("path", EXPLORE_VIEWS)
def test_explore_scrolls_only_down(browser, live_url, path, width):
    _open(browser, live_url, path, width)
    assert browser.execute_script(EXPLORE_ROWS) >= 4, f"{path}: the table of figures is missing"
    assert sideways_scroll(browser) == 0, f"{path} scrolls {sideways_scroll(browser)} px sideways at {width} px"
