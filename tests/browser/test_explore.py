"""Explore in a real browser: controls change chart, table and text together; permalinks; broken links."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import Select

pytestmark = pytest.mark.browser


def _wait_chart(dash_duo):
    dash_duo.wait_for_element("#explore-chart .main-svg", timeout=20)


def _trace_names(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelector('#explore-chart .js-plotly-plot')._fullData).map(t => t.name)")


def test_changing_breakdown_to_ethnicity_changes_chart_table_text_and_url(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/explore")
    _wait_chart(dash_duo)
    assert "All" in _trace_names(dash_duo)
    before_summary = dash_duo.find_element("#explore-summary").text
    Select(dash_duo.find_element("#ctl-by")).select_by_value("ethnicity")
    dash_duo.wait_for_contains_text("#explore-title", "ethnic group", timeout=20)
    dash_duo.wait_for_contains_text("#explore-summary", "Black", timeout=20)
    assert dash_duo.find_element("#explore-summary").text != before_summary
    assert "by=ethnicity" in dash_duo.driver.current_url
    names = _trace_names(dash_duo)
    assert "Black" in names and "All" not in names
    table_text = dash_duo.driver.execute_script("return document.querySelector('#explore-table').textContent")
    assert "Black" in table_text and "White (inc. not known)" in table_text
    assert dash_duo.find_element("#explore-summary").get_attribute("aria-live") == "polite"
    # keyboard focus comes back to the control that was used, after the page re-renders
    dash_duo.driver.execute_script("document.getElementById('ctl-by').focus()")
    Select(dash_duo.find_element("#ctl-by")).select_by_value("deprivation")
    dash_duo.wait_for_contains_text("#explore-title", "deprivation", timeout=20)
    dash_duo.wait_for_element("#ctl-by:focus", timeout=10)
    dash_duo.driver.back()
    dash_duo.wait_for_contains_text("#explore-title", "ethnic group", timeout=20)
    # a group toggle: remove Asian
    dash_duo.find_element("button[data-value='Asian']").click()
    dash_duo.wait_for_element("button[data-value='Asian'][aria-pressed='false']", timeout=20)
    assert "Asian" not in _trace_names(dash_duo)
    assert "groups=" in dash_duo.driver.current_url
    # back goes to the previous view
    dash_duo.driver.back()
    dash_duo.wait_for_element("button[data-value='Asian'][aria-pressed='true']", timeout=20)
    assert dash_duo.get_logs() == []


def test_permalink_opens_the_same_view(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/explore?by=ethnicity&groups=Black|Asian&from=2015-17&ci=0")
    _wait_chart(dash_duo)
    dash_duo.wait_for_contains_text("#explore-title", "ethnic group", timeout=20)
    assert set(_trace_names(dash_duo)) == {"Black", "Asian"}
    assert Select(dash_duo.find_element("#ctl-from")).first_selected_option.get_attribute("value") == "2015-17"
    assert dash_duo.find_element("#ctl-ci").get_attribute("aria-pressed") == "false"
    periods = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#explore-table tbody tr td:nth-child(2)')).map(td => td.textContent)")
    assert periods and min(periods) == "2015-17"
    link = dash_duo.find_element("#explore-permalink").get_attribute("href")
    assert "groups=Black|Asian" in link.replace("%7C", "|") and "ci=0" in link
    assert dash_duo.find_element("#explore-notice").text == ""


def test_broken_link_shows_the_nearest_view_and_a_notice(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/explore?ind=<script>&by=shoe&from=1066&measure=vibes")
    _wait_chart(dash_duo)
    dash_duo.wait_for_contains_text("#explore-notice", "We changed your link", timeout=20)
    notice = dash_duo.find_element("#explore-notice")
    assert notice.get_attribute("role") == "status"
    assert "maternal mortality rate" in notice.text
    assert "Women who died" in dash_duo.find_element("#explore-title").text
    assert dash_duo.get_logs() == []
