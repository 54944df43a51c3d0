"""Explore in Chromium: a reading visitor loads no Dash; the first use of a control loads it; Dash takes over the
server's DOM without moving anything; a change updates the view in place and the address; back restores; before
Dash is ready a change submits the form; axe finds nothing on the page or the embed.

Every wait is a WebDriverWait on a condition with a timeout (a condition that never comes fails the test)."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.conftest import axe_violations, viewport

pytestmark = pytest.mark.browser

WAIT = 20
OVERALL = "Women who died during pregnancy or within six weeks"
ETHNICITY = "Women who died during pregnancy or within six weeks, by ethnic group (England)"
DASH_FILES = "return performance.getEntriesByType('resource').filter(e => e.name.includes('_dash-')).length"
SHIFTS = ("window.__shifts = []; new PerformanceObserver(l => l.getEntries().forEach(e => window.__shifts.push(e.value)))"
          ".observe({type: 'layout-shift', buffered: true});")
# The element tree under a node: tag, attributes (class words normalised), text; compared before and after Dash.
TREE = """
function sig(n) { if (n.nodeType === 3) return n.data; if (n.nodeType !== 1) return null;
  const a = [...n.attributes].map(x => x.name + '=' + (x.name === 'class' ? x.value.trim().split(/\\s+/).join(' ') : x.value)).sort();
  return [n.tagName.toLowerCase(), a, [...n.childNodes].map(sig).filter(x => x !== null)]; }
return JSON.stringify(sig(arguments[0]));
"""


def wait(drv, condition, message: str):
    return WebDriverWait(drv, WAIT).until(condition, message)


def live(drv) -> bool:
    return drv.execute_script("return document.documentElement.classList.contains('explore-live')")


def title(drv) -> str:
    """Read in one script call: React may replace the element between a find and a read."""
    return drv.execute_script("const h = document.getElementById('explore-title'); return h ? h.textContent : '';")


def start_dash(drv) -> None:
    drv.execute_script("document.getElementById('ctl-by').focus()")
    wait(drv, live, "Dash never took over the page")


def console_errors(drv) -> list[str]:
    return [e["message"] for e in drv.get_log("browser") if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def test_reading_costs_no_dash_and_a_control_loads_it(browser, live_url):
    browser.get(f"{live_url}/explore")
    assert title(browser) == OVERALL
    assert browser.execute_script(DASH_FILES) == 0
    assert browser.execute_script("return typeof window.DashRenderer") == "undefined"
    start_dash(browser)
    assert browser.execute_script(DASH_FILES) > 5
    assert console_errors(browser) == []


def test_dash_takes_over_without_moving_anything(browser, live_url):
    browser.get(f"{live_url}/explore?by=ethnicity")
    browser.execute_script(SHIFTS)
    before = browser.execute_script(TREE, browser.find_element(By.ID, "explore-dash"))
    height = browser.execute_script("return document.getElementById('explore-dash').getBoundingClientRect().height")
    start_dash(browser)
    after = browser.execute_script(TREE, browser.find_element(By.ID, "explore-dash"))
    assert json.loads(after) == json.loads(before)
    assert browser.execute_script("return document.getElementById('explore-dash').getBoundingClientRect().height") == height
    assert browser.execute_script("return document.querySelectorAll('#explore-dash').length") == 1
    assert browser.execute_script("return window.__shifts.reduce((a, b) => a + b, 0)") == 0


def test_a_change_updates_the_view_in_place_and_back_restores_it(browser, live_url):
    browser.get(f"{live_url}/explore")
    start_dash(browser)
    browser.execute_script("window.__samePage = true;")
    svg_title = "return document.querySelector('#explore-chart .chart-wide svg title').textContent"
    old_chart = browser.execute_script(svg_title)
    Select(browser.find_element(By.ID, "ctl-by")).select_by_value("ethnicity")
    wait(browser, lambda d: title(d) == ETHNICITY, "the headline did not change")
    wait(browser, lambda d: d.current_url.endswith("/explore?by=ethnicity"), "the address did not change")
    chart = browser.execute_script(svg_title)
    assert chart != old_chart and "ethnic group" in chart
    words = browser.execute_script("return document.getElementById('explore-summary').textContent")
    assert "The chart shows 4 groups. Here is the latest figure for each." in words
    groups = set(browser.execute_script(
        "return [...document.querySelectorAll('#explore-table td[data-label=Group]')].map(td => td.textContent)"))
    assert groups == {"White (inc. not known)", "Asian", "Black", "Mixed/multiple ethnic groups"}  # indicators.yaml
    assert browser.find_elements(By.CSS_SELECTOR, "#ctl-groups input[type=checkbox]")  # the form follows the view
    assert browser.execute_script("return document.activeElement.id") == "ctl-by"
    assert browser.execute_script("return window.__samePage === true"), "the page was reloaded"
    assert browser.title.startswith(ETHNICITY)
    browser.back()
    wait(browser, lambda d: title(d) == OVERALL, "back did not restore the view")
    assert browser.current_url.endswith("/explore")
    assert Select(browser.find_element(By.ID, "ctl-by")).first_selected_option.get_attribute("value") == "overall"
    assert browser.execute_script("return window.__samePage === true"), "back reloaded the page"
    browser.forward()
    wait(browser, lambda d: title(d) == ETHNICITY, "forward did not restore the view")
    assert console_errors(browser) == []


def test_an_update_gives_the_servers_page_and_keeps_live_regions(browser, live_url):
    """After a change, the view is what the server sends for the new address; the live and status regions and
    the table's disclosure are the same elements (so screen readers announce the change, and an open table
    stays open)."""
    browser.get(f"{live_url}/explore")
    start_dash(browser)
    browser.execute_script("window.__kept = ['explore-summary', 'explore-notice', 'explore-table-toggle']"
                           ".map(id => document.getElementById(id));"
                           "document.getElementById('explore-table-toggle').open = true;")
    Select(browser.find_element(By.ID, "ctl-by")).select_by_value("deprivation")
    wait(browser, lambda d: d.current_url.endswith("/explore?by=deprivation"), "the address did not change")
    wait(browser, lambda d: "deprivation" in title(d), "the headline did not change")
    assert browser.execute_script("return window.__kept.every(el => el.isConnected && el === document.getElementById(el.id))")
    assert browser.execute_script("return document.getElementById('explore-table-toggle').open")
    browser.execute_script("document.getElementById('explore-table-toggle').open = false;")
    updated = browser.execute_script(TREE, browser.find_element(By.ID, "explore-dash"))
    browser.get(f"{live_url}/explore?by=deprivation")
    assert json.loads(browser.execute_script(TREE, browser.find_element(By.ID, "explore-dash"))) == json.loads(updated)


def test_before_dash_is_ready_a_change_submits_the_form(browser, live_url):
    browser.get(f"{live_url}/explore")
    browser.execute_script("document.getElementById('explore-scripts').remove(); window.__samePage = true;")
    Select(browser.find_element(By.ID, "ctl-by")).select_by_value("ethnicity")
    wait(browser, lambda d: d.current_url.endswith("/explore?by=ethnicity"), "the form was not submitted")
    wait(browser, lambda d: title(d) == ETHNICITY, "the new page did not show the view")
    assert not browser.execute_script("return window.__samePage === true")
    assert not live(browser)


@pytest.mark.parametrize("width", [1280, 375])
def test_no_axe_violations_before_and_after_dash(browser, live_url, axe_source, width):
    viewport(browser, width)
    browser.get(f"{live_url}/explore?by=ethnicity")
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(browser, axe_source) == []
    start_dash(browser)
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert axe_violations(browser, axe_source) == []
