"""Explore in Chromium, at 1280 and 375 px: a reader loads neither Dash nor plotly; a change (by keyboard, or made
at once after the first focus) shows the new view in place with focus kept and the address pushed; back restores;
the interactive chart answers a hover with the figure, its interval, count and tier, and its legend hides a group;
all five deprivation quintiles show together; every spelling of a view's address opens it in at most one
redirect; the controls sit beside the chart (above it on a phone); axe finds nothing.

Every wait is a WebDriverWait on a condition with a timeout (a condition that never comes fails the test).
Expected figures are written from datasets/curated/maternal.csv (2022-24: 12.80 per 100,000 maternities, 252
deaths among 1,969,321 maternities, interval 11.27 to 14.48 calculated by this dashboard, primary source)."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import axe_violations, sideways_scroll, viewport

pytestmark = pytest.mark.browser

WAIT = 20
OVERALL = "Women who died during pregnancy or within six weeks"
ETHNICITY = "Women who died during pregnancy or within six weeks, by ethnic group (England)"
DEPRIVATION = "Women who died during pregnancy or within six weeks, by deprivation quintile (England)"
QUINTILES = ["Quintile 1 (least deprived)", "Quintile 2", "Quintile 3", "Quintile 4", "Quintile 5 (most deprived)"]
FILES = "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).length"
PLOT = "return document.querySelector('#explore-graph .js-plotly-plot')"


def wait(drv, condition, message: str):
    return WebDriverWait(drv, WAIT, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)
                         ).until(condition, message)


def title(drv) -> str:
    return drv.execute_script("const h = document.getElementById('explore-title'); return h ? h.textContent : '';")


def focused(drv) -> str:
    return drv.execute_script("return document.activeElement ? document.activeElement.id : ''")


def mark_page(drv) -> None:
    drv.execute_script("window.__samePage = true;")


def same_page(drv) -> bool:
    return bool(drv.execute_script("return window.__samePage === true"))


def console_errors(drv) -> list[str]:
    return [e["message"] for e in drv.get_log("browser") if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def open_controls(drv) -> None:
    """On a phone the controls are folded: open them from the keyboard, as a reader would."""
    if not drv.execute_script("return document.getElementById('explore-controls').open"):
        summary = drv.find_element(By.CSS_SELECTOR, "#explore-controls > summary")
        drv.execute_script("arguments[0].focus()", summary)
        summary.send_keys(Keys.ENTER)
        wait(drv, lambda d: d.execute_script("return document.getElementById('explore-controls').open"),
             "the controls did not open")


def go_live(drv) -> None:
    drv.find_element(By.ID, "explore-live-button").click()
    wait(drv, lambda d: d.execute_script("return document.documentElement.classList.contains('explore-live')"
                                         " && !!document.querySelector('#explore-graph .js-plotly-plot .points path')"),
         "the interactive chart never showed")


@pytest.fixture(params=[1280, 375], ids=["desktop", "phone"])
def width(request, browser):
    viewport(browser, request.param)
    return request.param


def test_reading_loads_neither_dash_nor_plotly(browser, live_url, width):
    browser.get(f"{live_url}/explore")
    assert title(browser) == OVERALL
    assert browser.execute_script(FILES, "_dash-") == 0 and browser.execute_script(FILES, "plotly") == 0
    assert browser.execute_script("return typeof window.DashRenderer") == "undefined"
    assert sideways_scroll(browser) == 0


def test_controls_beside_the_chart_on_desktop_and_above_it_on_a_phone(browser, live_url, width):
    browser.get(f"{live_url}/explore?by=ethnicity")
    box = browser.execute_script(
        "const r = id => document.getElementById(id).getBoundingClientRect();"
        "return {form: r('explore-controls'), chart: r('explore-chart-slot'), title: r('explore-title')};")
    if width >= 1280:
        assert box["form"]["right"] <= box["chart"]["left"] and box["chart"]["top"] < 900
    else:
        assert box["form"]["bottom"] <= box["title"]["top"] and box["form"]["height"] < 80   # folded, one line
        assert box["chart"]["top"] < 900                                                       # on the first screen


def test_keyboard_change_updates_in_place_keeps_focus_and_back_restores(browser, live_url, width):
    browser.get(f"{live_url}/explore")
    mark_page(browser)
    open_controls(browser)
    by = browser.find_element(By.ID, "ctl-by")
    browser.execute_script("arguments[0].focus()", by)
    by.send_keys("Eth")                                   # type-ahead on the closed select: Ethnic group
    wait(browser, lambda d: title(d) == ETHNICITY, "the headline did not change")
    wait(browser, lambda d: d.current_url.endswith("/explore?by=ethnicity"), "the address did not change")
    assert focused(browser) == "ctl-by" and same_page(browser)
    groups = set(browser.execute_script(
        "return [...document.querySelectorAll('#explore-table td[data-label=Group]')].map(td => td.textContent)"))
    assert groups == {"White (inc. not known)", "Asian", "Black", "Mixed/multiple ethnic groups"}  # indicators.yaml
    assert browser.title.startswith(ETHNICITY)
    browser.back()
    wait(browser, lambda d: title(d) == OVERALL, "back did not restore the view")
    assert browser.current_url.endswith("/explore") and same_page(browser)
    assert console_errors(browser) == []


def test_a_change_made_at_once_after_first_focus_is_answered_in_place(browser, live_url, width):
    browser.get(f"{live_url}/explore")
    mark_page(browser)
    # focus and change in the same task: well within 100 ms of the first focus, before anything else has loaded
    browser.execute_script("const s = document.getElementById('ctl-by'); document.getElementById('explore-controls')"
                           ".open = true; s.focus(); s.value = 'deprivation';"
                           "s.dispatchEvent(new Event('change', {bubbles: true}));")
    wait(browser, lambda d: title(d) == DEPRIVATION, "the change was not answered")
    assert same_page(browser), "the page was reloaded"
    assert focused(browser) == "ctl-by"
    assert browser.current_url.endswith("/explore?by=deprivation")


def test_a_change_of_edition_in_place_updates_how_current_the_figures_are(browser, live_url, width):
    browser.get(f"{live_url}/explore")
    mark_page(browser)
    as_of = "return document.querySelector('main p.as-of').textContent"
    assert browser.execute_script(as_of).startswith("Figures as published up to January 2026")
    browser.execute_script("const s = document.getElementById('ctl-edition'); document.getElementById("
                           "'explore-controls').open = true; s.focus(); s.value = '2024-10';"
                           "s.dispatchEvent(new Event('change', {bubbles: true}));")
    # the October 2024 edition's newest publication: Saving Lives, Improving Mothers' Care 2024 (2020-22)
    wait(browser, lambda d: d.execute_script(as_of).startswith("Figures as published up to October 2024"),
         "the line under the title kept the edition the page loaded with")
    assert same_page(browser)


def test_interactive_chart_hover_shows_the_figure_and_the_legend_toggles_a_group(browser, live_url, width):
    browser.get(f"{live_url}/explore")
    go_live(browser)
    assert browser.execute_script(FILES, "plotly-basic") == 1
    assert browser.execute_script(FILES, "package_data/plotly.min.js") == 0      # never the full bundle

    def hovered(drv):
        """Move the mouse onto the latest point (2022-24), as drawn now (the graph may redraw as it settles)."""
        point = drv.find_elements(By.CSS_SELECTOR, "#explore-graph .points path")[-1]
        drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", point)
        ActionChains(drv).move_to_element(point).move_by_offset(1, 0).perform()
        return drv.execute_script(   # the label's lines, as read
            "const h = document.querySelector('#explore-graph .hoverlayer .hovertext');"
            "return h && [...h.querySelectorAll('tspan.line')].map(t => t.textContent).join(' ');")

    hover = WebDriverWait(browser, WAIT, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,)
                          ).until(hovered, "no hover label")
    for part in ("2022-24: 12.80 per 100,000 maternities", "95% CI 11.27 to 14.48",
                 "calculated by this dashboard from the published counts", "252 deaths among 1,969,321 maternities",
                 "Primary source: MBRRACE-UK maternal mortality data brief, January 2026"):
        assert part in hover, (part, hover)
    browser.get(f"{live_url}/explore?by=ethnicity")
    go_live(browser)
    assert browser.execute_script(PLOT + ".data.length") == 4

    def hidden(drv):
        """Click the second group's legend entry (as drawn now) until the graph has settled and answers."""
        if drv.execute_script(PLOT + ".data[1].visible === 'legendonly'"):
            return True
        item = drv.find_elements(By.CSS_SELECTOR, "#explore-graph .legend .traces")[1]
        drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", item)
        ActionChains(drv).move_to_element(item).click().perform()
        return False

    WebDriverWait(browser, WAIT, poll_frequency=1, ignored_exceptions=(StaleElementReferenceException,)
                  ).until(hidden, "the group was not hidden")
    assert browser.execute_script(PLOT + ".data.filter(t => t.visible === 'legendonly').length") == 1
    assert console_errors(browser) == []


def test_the_interactive_chart_follows_a_change(browser, live_url, width):
    browser.get(f"{live_url}/explore")
    go_live(browser)
    mark_page(browser)
    browser.execute_script("const s = document.getElementById('ctl-by'); s.value = 'ethnicity';"
                           "s.dispatchEvent(new Event('change', {bubbles: true}));")
    wait(browser, lambda d: d.execute_script(PLOT + ".data.map(t => t.name).join('|')") ==
         "White (inc. not known)|Black|Asian|Mixed/multiple ethnic groups", "the chart did not follow")
    assert same_page(browser)
    button = browser.find_element(By.ID, "explore-live-button")      # back to the SVG, from the keyboard
    browser.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    wait(browser, lambda d: d.execute_script(
        "const t = document.querySelector('#explore-chart .chart-wide svg title');"
        "return !!t && t.textContent.includes('ethnic group') &&"
        " getComputedStyle(document.querySelector('#explore-chart .chart-pair')).display !== 'none'"),
        "the SVG of the new view did not come back")


def test_all_five_quintiles_show_together(browser, live_url, width):
    browser.get(f"{live_url}/explore?by=deprivation")
    mark_page(browser)
    open_controls(browser)
    for label in ("Quintile 2", "Quintile 3", "Quintile 4"):
        box = browser.find_element(By.XPATH, f"//label[normalize-space()='{label}']/preceding-sibling::input")
        box_id = box.get_attribute("id")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.send_keys(Keys.SPACE)
        wait(browser, lambda d, i=box_id: d.find_element(By.ID, i).is_selected() and focused(d) == i, label)
        wait(browser, lambda d, lab=label: lab.replace(" ", "+") in d.current_url, f"{label} not in the address")
    shown = wait(browser, lambda d: (g := set(d.execute_script(
        "return [...document.querySelectorAll('#explore-table td[data-label=Group]')].map(td => td.textContent)")))
        == set(QUINTILES) and g, "not all five quintiles are shown")
    assert shown == set(QUINTILES) and same_page(browser)
    assert browser.execute_script("return document.getElementById('explore-notice').textContent.trim()") == ""


@pytest.mark.parametrize("query", ["by=deprivation&groups=Quintile+2|Quintile+4",
                                   "by=deprivation&groups=Quintile+2%7CQuintile+4",
                                   "by=deprivation&groups=Quintile+2&groups=Quintile+4"])
def test_every_spelling_of_an_address_opens_the_view_in_at_most_one_redirect(browser, live_url, query):
    for route in ("/explore", "/image/view.svg"):   # the CSV downloads: tests/http/test_explore_urls.py walks it
        browser.get(f"{live_url}{route}?{query}")
        redirects = browser.execute_script("return performance.getEntriesByType('navigation')[0].redirectCount")
        assert redirects <= 1, (route, query)
        if route == "/explore":
            assert title(browser) == DEPRIVATION
            groups = set(browser.execute_script(
                "return [...document.querySelectorAll('#explore-table td[data-label=Group]')].map(t => t.textContent)"))
            assert groups == {"Quintile 2", "Quintile 4"}


def test_no_axe_violations_before_and_after_the_interactive_chart(browser, live_url, axe_source, width):
    browser.get(f"{live_url}/explore?by=ethnicity")
    assert axe_violations(browser, axe_source) == []
    browser.get(f"{live_url}/explore?by=ethnicity")
    go_live(browser)
    assert axe_violations(browser, axe_source) == []
