"""axe-core (npm 4.14.1, injected into Chromium) finds no WCAG 2.2 A/AA violations on the reading pages and Explore.

No rule is disabled: offenders are fixed in the app instead (native selects and toggle buttons rather than
Dash 4's Dropdown/Checklist, lang="en" on <html>).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE_DIR = Path(__file__).resolve().parents[2] / "tools" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.is_file():
        npm = shutil.which("npm")
        if not npm:
            pytest.skip("npm is not installed, so axe-core cannot be installed")
        subprocess.run([npm, "ci", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund"], check=True,
                       capture_output=True, timeout=300)
    return AXE_JS.read_text(encoding="utf-8")


def _run_axe(dash_duo, source: str) -> list[dict]:
    drv = dash_duo.driver
    drv.execute_script(source)
    drv.set_script_timeout(60)
    result = drv.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(done).catch(e => done({error: String(e)}));", TAGS)
    assert "error" not in result, result
    assert result["testEngine"]["version"] == "4.14.1"
    return result["violations"]


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
                     for v in violations)


PAGES = [
    ("/", "#trend-chart svg"),
    ("/explore", "#explore-chart .main-svg"),
    ("/explore?by=ethnicity", "#explore-chart .main-svg"),
    ("/explore?by=ethnicity&measure=ratio&from=2018-20&to=2018-20", "#explore-chart .main-svg"),
    ("/explore?ind=known_to_social_services_share", "#explore-chart .main-svg"),
    ("/explore?ind=nonsense&from=1066", "#explore-notice"),
    ("/about", "#definitions"),
    ("/briefing", "#headline .facts"),
    ("/briefing?edition=2030-13", ".notice"),
    ("/briefing?view=1&ind=known_to_social_services_share", "#view-chart svg"),
    ("/briefing?view=1&ind=csc_rate_ratio&by=comparison", "#view-chart svg"),
    ("/topics/mental-health-and-social-care", "#social-services-chart-1 svg"),
    ("/no-such-page", "main h1"),
]


@pytest.mark.parametrize("path, ready", PAGES)
def test_no_axe_violations(dash_duo, app, axe_source, path, ready):
    dash_duo.start_server(app, navigate=False)  # "/" is a plain page now, with no Dash entry point
    base = dash_duo.server.url.rstrip("/")
    if path.startswith("/explore"):
        dash_duo.wait_for_page(url=base + path)
    else:  # the reading pages are plain HTML: no Dash entry point to wait for
        dash_duo.driver.get(base + path)
    dash_duo.wait_for_element(ready, timeout=20)
    dash_duo.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = _run_axe(dash_duo, axe_source)
    assert violations == [], _describe(violations)
