"""Exports: the whole site as static files (crawled for broken links, served by a plain static server) and the data
package's columns."""

from __future__ import annotations

import dataclasses
import functools
import html
import http.server
import io
import re
import threading
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from dashboard.data.schema import EXPORT_COLUMNS
from dashboard.exports.package import COLUMN_DOCS, package_files

LIVE = "https://maternal-stats.example.org"
LINK_ATTRIBUTES = ("href", "src", "srcset", "data-share-image", "poster")


@pytest.fixture(scope="module")
def exported(store, settings, tmp_path_factory) -> tuple[Path, object]:
    from dashboard.publish.site import export

    out = tmp_path_factory.mktemp("site")
    return out, export(out, store, dataclasses.replace(settings, public_url=LIVE), progress=False)


@pytest.fixture(scope="module")
def live(app):
    return app.server.test_client()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def internal_links(doc: BeautifulSoup) -> list[tuple[str, str]]:
    """(attribute, value) of every link that is not absolute, protocol-relative or a fragment of the same page."""
    out = []
    for tag in doc.find_all(True):
        for attr in LINK_ATTRIBUTES:
            value = tag.get(attr)
            if not value:
                continue
            values = [v.strip().split(" ")[0] for v in value.split(",")] if attr == "srcset" else [value]
            out += [(attr, v) for v in values if not re.match(r"^([a-z][a-z0-9+.-]*:|//|#)", v)]
    return out


def target_of(out: Path, page: Path, link: str) -> Path:
    """The file a relative link names, as a static host would serve it (a folder serves its index.html)."""
    path = (page.parent / unquote(link.split("#", 1)[0])).resolve()
    return path / "index.html" if path.is_dir() else path


def test_the_export_has_no_broken_internal_link_and_no_query_string(exported):
    out, result = exported
    assert result.broken == []
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 150
    broken, queries, rooted, anchors = [], [], [], []
    ids: dict[Path, set[str]] = {}
    for page in pages:
        for attr, link in internal_links(soup(page)):
            if "?" in link:
                queries.append(f"{page.relative_to(out)}: {attr}={link}")
            if link.startswith("/"):
                rooted.append(f"{page.relative_to(out)}: {attr}={link}")
                continue
            target = target_of(out, page, link)
            if not target.is_file() or out.resolve() not in target.parents:
                broken.append(f"{page.relative_to(out)}: {attr}={link}")
            elif "#" in link and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {t["id"] for t in soup(target).find_all(id=True)}
                if link.split("#", 1)[1] not in ids[target]:
                    anchors.append(f"{page.relative_to(out)}: {link}")
    assert not broken, broken[:20]
    assert not queries, queries[:20]
    assert not rooted, rooted[:20]
    assert not anchors, anchors[:20]


def test_the_export_holds_every_page_of_the_site(exported, live):
    out, _ = exported
    assert soup(out / "index.html").find("h1").get_text(" ", strip=True) == \
        soup_of(live.get("/")).find("h1").get_text(" ", strip=True)
    topic = (out / "topics" / "mental-health-and-social-care" / "index.html").read_text()
    assert "116 123" in topic  # the support signposting travels with the topic page
    assert (out / "briefing" / "index.html").is_file() and (out / "briefing.pdf").read_bytes()[:5] == b"%PDF-"
    assert soup(out / "about" / "index.html").find(id="accessibility") is not None
    assert (out / "changes" / "index.html").is_file()
    assert zipfile.is_zipfile(out / "data" / "package.zip")
    data = pd.read_csv(out / "data" / "latest" / "figures.csv", dtype=str, keep_default_na=False)
    assert list(data.columns) == list(EXPORT_COLUMNS)
    # every page and file the live data page links to (editions, tables in every format) is in the copy
    from dashboard.exports.site import file_for

    for href in [a["href"] for a in soup_of(live.get("/data")).find_all("a", href=True)]:
        if href.startswith("/data/"):
            path, _, query = href.partition("?")
            kind = "text/html" if path.endswith("/") else "application/octet-stream"  # files keep their extension
            assert (out / file_for(path, query, kind)).is_file(), href
    # every Explore view the live home page links to, with its embed, image and CSV
    views = [a["href"] for a in soup_of(live.get("/")).find_all("a", href=True) if a["href"].startswith("/explore")]
    assert len(views) >= 6
    for href in views:
        query = href.partition("?")[2]
        page = out / file_for("/explore", query, "text/html")
        assert page.is_file(), href
        assert (out / file_for("/embed", query, "text/html")).is_file(), href
    ethnicity = out / file_for("/explore", "by=ethnicity&measure=ratio", "text/html")
    png = soup(ethnicity).find(id="share-png")["href"]
    assert target_of(out, ethnicity, png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # each page's social card is in the copy, named at the public address the copy is served at
    for page in (out / "index.html", ethnicity, out / "check" / "index.html"):
        card = soup(page).find("meta", property="og:image")["content"]
        assert card.startswith(f"{LIVE}/") and "?" not in card, card
        assert (out / unquote(card.removeprefix(f"{LIVE}/"))).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # every Check answer the site links to is in the copy, and the copy's Check page lists them
    linked = sorted({a["href"] for page in ("/", "/check", "/topics/mental-health-and-social-care")
                     for a in soup_of(live.get(page)).find_all("a", href=True) if a["href"].startswith("/check?")})
    listed = [a["href"] for a in soup(out / "check" / "index.html").select("#static-checks-title + ul a")]
    assert len(linked) >= 6 and len(listed) >= len(linked)
    for href in linked:
        check_page = out / file_for("/check", html.unescape(href).partition("?")[2], "text/html")
        assert check_page.is_file(), href
        assert str(check_page.relative_to(out / "check")) in listed, href
    sitemap = (out / "sitemap.xml").read_text()
    for loc in ("/", "/about/", "/topics/mental-health-and-social-care/", "/check/", "/changes/", "/data/"):
        assert f"<loc>{LIVE}{loc}</loc>" in sitemap, loc
    assert f"<loc>{LIVE}/{ethnicity.parent.relative_to(out)}/</loc>" in sitemap and "/embed/" not in sitemap
    robots = (out / "robots.txt").read_text()
    assert robots == live.get("/robots.txt", base_url=LIVE).get_data(as_text=True)
    assert "Disallow: /image/" in robots and f"Sitemap: {LIVE}/sitemap.xml" in robots


def test_forms_in_the_copy_say_they_need_the_live_site(exported):
    out, _ = exported
    doc = soup(out / "explore" / "index.html")
    form = doc.find("form", id="explore-form")
    assert form["action"] == f"{LIVE}/explore"
    notice = form.find_previous_sibling("p")
    assert "cannot answer new choices" in notice.get_text() and notice.find("a")["href"] == f"{LIVE}/"
    assert not [s for s in doc.find_all("script", src=True) if "explore.js" in s["src"]]
    check = soup(out / "check" / "index.html").find("form", class_="check-form")
    assert check["action"] == f"{LIVE}/check" and "cannot answer" in check.find_previous_sibling("p").get_text()


def soup_of(resp) -> BeautifulSoup:
    assert resp.status_code == 200
    return BeautifulSoup(resp.get_data(as_text=True), "html.parser")


def test_a_plain_static_server_serves_the_export(exported):
    out, _ = exported
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        def get(url: str) -> tuple[int, str, bytes]:
            with urllib.request.urlopen(url, timeout=10) as resp:
                return resp.status, resp.headers.get_content_type(), resp.read()

        status, kind, body = get(root)
        assert status == 200 and kind == "text/html"
        home = BeautifulSoup(body.decode(), "html.parser")
        view = next(a["href"] for a in home.find_all("a", href=True) if a["href"].startswith("explore/"))
        status, kind, body = get(urllib.parse.urljoin(root, view))
        page = BeautifulSoup(body.decode(), "html.parser")
        assert status == 200 and kind == "text/html" and page.find("h1")
        css = next(x["href"] for x in page.find_all("link", href=True) if x["href"].endswith("style.css"))
        assert get(urllib.parse.urljoin(urllib.parse.urljoin(root, view), css))[1] == "text/css"
        png = page.find(id="share-png")["href"]
        assert get(urllib.parse.urljoin(urllib.parse.urljoin(root, view), png))[1] == "image/png"
        assert get(root + "about/")[0] == 200 and get(root + "briefing.pdf")[1] == "application/pdf"
        assert get(root + "data/latest/figures.csv")[2].startswith(b"indicator")
    finally:
        server.shutdown()
        server.server_close()


def test_package_documents_every_public_column(store):
    assert set(EXPORT_COLUMNS) <= set(COLUMN_DOCS)
    files = package_files(store, "https://example.org")
    figures = pd.read_csv(io.BytesIO(files["data/figures.csv"]), dtype=str, keep_default_na=False)
    assert list(figures.columns) == list(EXPORT_COLUMNS)
    assert set(figures["tier"]) <= {"primary", "official", "secondary"}
    readme = files["README.md"].decode()
    assert "https://example.org/data/package.zip" in readme and "| `reported_by` |" in readme
    assert zipfile.is_zipfile(io.BytesIO(__import__("dashboard.exports.package", fromlist=["zip_bytes"])
                                         .zip_bytes(files)))
