"""The static export's addresses: how a URL with a query becomes a file, and how links in a page are rewritten to
the files (dashboard.exports.site; the whole export is crawled in tests/http/test_exports.py)."""

from __future__ import annotations

import hashlib

from dashboard.exports.site import check_index, file_for, freeze_forms, links, relative, rewrite, sitemap_xml


def h8(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()[:8]


def test_pages_become_folders_with_an_index():
    assert file_for("/", "", "text/html") == "index.html"
    assert file_for("/about", "", "text/html") == "about/index.html"
    assert file_for("/data/2024-10/", "", "text/html") == "data/2024-10/index.html"
    assert file_for("/explore", "by=ethnicity&measure=ratio", "text/html") == \
        f"explore/by-ethnicity-measure-ratio-{h8('by=ethnicity&measure=ratio')}/index.html"
    assert file_for("/check", "q=12.80+2022-24", "text/html") == f"check/q-12-80-2022-24-{h8('q=12.80+2022-24')}/index.html"


def test_files_keep_their_extension_and_queries_become_names():
    assert file_for("/data/latest/figures.csv", "", "text/csv") == "data/latest/figures.csv"
    assert file_for("/briefing.pdf", "", "application/pdf") == "briefing.pdf"
    assert file_for("/image/view.png", "by=ethnicity", "image/png") == f"image/view/by-ethnicity-{h8('by=ethnicity')}.png"
    assert file_for("/api/v1/figures", "indicator=x", "application/json") == f"api/v1/figures/indicator-x-{h8('indicator=x')}.json"
    assert file_for("/api/v1/", "", "application/json") == "api/v1/index.json"
    assert file_for("/assets/style.css", "v=0123456789", "text/css") == "assets/style.css"


def test_two_queries_never_share_a_file():
    a = file_for("/explore", "groups=A%2FB", "text/html")
    b = file_for("/explore", "groups=A+B", "text/html")
    assert a != b and a.startswith("explore/groups-a-b-") and b.startswith("explore/groups-a-b-")


def test_links_are_internal_attribute_values_and_srcset_entries_not_form_actions():
    page = ('<a href="/explore?by=ethnicity&amp;measure=ratio#chart">x</a><a href="https://example.org/x">y</a>'
            '<img src="/image/view.png?by=age" srcset="/a.png 1x, /b.png 2x"><a href="//cdn.example.org/z">z</a>'
            '<form action="/check" method="get"></form><button data-share-image="/image/view.png?by=age"></button>')
    assert links(page) == ["/explore?by=ethnicity&measure=ratio", "/image/view.png?by=age",
                           "/image/view.png?by=age", "/a.png", "/b.png"]


def test_rewrite_points_links_at_files_relative_to_the_page_and_forms_at_the_live_site():
    files = {"/explore?by=ethnicity&measure=ratio": "explore/by-ethnicity-measure-ratio-1/index.html",
             "/": "index.html", "/assets/style.css": "assets/style.css"}
    page = ('<link href="/assets/style.css?v=abc"><a href="/">home</a>'
            '<a href="/explore?by=ethnicity&amp;measure=ratio#chart">x</a><a href="/nowhere">n</a>'
            '<form action="/explore" method="get"></form>')
    out, missing = rewrite(page, "explore/other/index.html", files.get, "https://stats.example.org")
    assert out == ('<link href="../../assets/style.css"><a href="../../index.html">home</a>'
                   '<a href="../by-ethnicity-measure-ratio-1/index.html#chart">x</a><a href="/nowhere">n</a>'
                   '<form action="https://stats.example.org/explore" method="get"></form>')
    assert missing == ["/nowhere"]
    assert relative("index.html", "index.html") == "index.html"


def test_forms_that_need_the_server_say_so_and_the_server_script_is_left_out():
    page = ('<main><form class="controls" id="explore-form" method="get" action="/explore"></form></main>'
            '<script id="explore-scripts" type="application/json">["/explore/_dash-component-suites/x.js"]</script>\n'
            '<script src="/assets/share.js?v=1" defer></script>\n<script src="/assets/explore.js?v=2" defer></script>\n')
    out = freeze_forms(page, "7 December 2026", "https://stats.example.org")
    assert '<p class="notice static-copy-notice">This is a copy of the site made on 7 December 2026. It cannot answer ' \
           'new choices: this form opens them on the live site, <a href="https://stats.example.org/">' \
           'https://stats.example.org</a>.</p>\n<form class="controls"' in out
    assert "explore.js" not in out and "explore-scripts" not in out and "share.js" in out
    other = '<form class="x" action="/somewhere"></form>'
    assert freeze_forms(other, "today", "https://s.example.org") == other


def test_check_index_lists_every_check_page_after_the_form():
    page = '<form class="check-form" method="get" action="/check">\n</form>\n<section>Try an example</section>'
    out = check_index(page, [("12.80 2022-24", "/check?q=12.80+2022-24")])
    assert out.index("</form>") < out.index("Figures checked in this copy") < out.index("Try an example")
    assert '<a href="/check?q=12.80+2022-24">12.80 2022-24</a>' in out


def test_sitemap_is_escaped_xml():
    xml = sitemap_xml(["https://s.example.org/explore/a-1/", "https://s.example.org/?a=1&b=2"])
    assert "<loc>https://s.example.org/?a=1&amp;b=2</loc>" in xml and xml.startswith('<?xml version="1.0"')


def test_the_social_card_is_followed_and_points_at_its_file_at_the_public_address():
    page = ('<meta property="og:image" content="https://s.example.org/card.png?page=explore&amp;by=age">\n'
            '<meta name="twitter:image" content="https://other.example.org/card.png?page=home">')
    assert links(page, "https://s.example.org") == ["/card.png?page=explore&by=age"]
    files = {"/card.png?page=explore&by=age": "card/page-explore-by-age-1.png"}
    out, missing = rewrite(page, "explore/x/index.html", files.get, "https://s.example.org")
    assert out == ('<meta property="og:image" content="https://s.example.org/card/page-explore-by-age-1.png">\n'
                   '<meta name="twitter:image" content="https://other.example.org/card.png?page=home">')
    assert missing == []
