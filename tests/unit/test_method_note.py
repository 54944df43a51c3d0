"""/about says how intervals and p-values are calculated here, and why a calculated p differs from a printed one."""

from __future__ import annotations

from dashboard.content.about import about


def test_the_method_note_gives_the_methods_and_the_2019_21_example(store):
    text = " ".join(about(store).method)
    assert "exact (Garwood) Poisson method" in text and "exact conditional test" in text
    # 191 / 2,173,810 maternities: 8.79 (7.58 to 10.12), as MBRRACE-UK published it (BMJ news, 11 Nov 2022)
    assert "191 deaths among 2,173,810 maternities give 8.79 per 100,000 (7.58 to 10.12)" in text
    # NPEU data brief, October 2023: 'rate ratio (RR) 1.07, 95% CI 0.89-1.29, p=0.4631'; the exact conditional test
    # of 241/2,066,997 against 229/2,101,829 gives 0.489 (scipy binomtest, December 2026 audit)
    assert "the exact test gives p = 0.489" in text and "printed p = 0.4631" in text
    assert "not statistically significant" in text


def test_the_about_page_links_the_method_note(app):
    html = app.server.test_client().get("/about").get_data(as_text=True)
    assert 'href="#method"' in html and 'id="method"' in html and "p = 0.4631" in html
