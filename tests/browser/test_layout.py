"""Answer first, in a browser: the reading pages fit in a few screens, their tables keep their shape, and nothing
scrolls sideways on a 320 px phone.

Targets: home <= 6,000 px tall at 375 px and <= 4,000 px at 1280 px; the topic page <= 8,000 px at 375 px; at
1280 px no table cell is wider than half its table and no table row is taller than 4 lines of its text. Heights are
measured with every disclosure closed (as a page first opens).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import settled, sideways_scroll, viewport

pytestmark = pytest.mark.browser

HOME, TOPIC = "/", "/topics/mental-health-and-social-care"
HEIGHT_TARGETS = [(HOME, 375, 6000), (HOME, 1280, 4000), (TOPIC, 375, 8000)]

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
