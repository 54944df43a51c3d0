"""In a real browser, the first page shows the headline chart and the latest figure with its source."""

import pytest

pytestmark = pytest.mark.browser


def test_home_renders_chart_latest_figure_and_source(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_element(".js-plotly-plot .main-svg", timeout=20)
    dash_duo.wait_for_contains_text("main", "12.80", timeout=10)
    text = dash_duo.find_element("main").text
    assert "per 100,000 maternities" in text
    assert "2022-24" in text
    assert "Source:" in text
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "en"
    assert dash_duo.get_logs() == []
