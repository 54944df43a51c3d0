"""/robots.txt and /sitemap.xml: crawlers read every page, and stay off the files made on request.

- robots.txt: every page may be indexed; images, view downloads, the API, PDFs, the data files and Dash's endpoints
  are disallowed (they are made on request or are large, and every page links to them for its readers). The same
  rules hold for the static export, whose files keep these prefixes and extensions.
- sitemap.xml: every page in the navigation, What changed, and every page those link to (each edition's data page,
  the Explore views and Check answers they link to, each at its canonical address), as absolute addresses. Found by reading the pages themselves
  through the app, so the list cannot drift from the links on the site; found once per process (the data are
  read-only), then written with the site's address.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import urlsplit

import flask
from dash import Dash

from dashboard.config import Settings
from dashboard.data.load import Store
from dashboard.exports.site import SEEDS, links, sitemap_xml, split
from dashboard.web import urls

DISALLOW = ("/image/", "/download/", "/api/", "/explore/_dash-", "/*.pdf$", "/data/*.csv$", "/data/*.parquet$",
            "/data/*.json$", "/data/*.zip$")
NOT_PAGES = ("/image/", "/download/", "/api/", "/assets/", "/embed", "/explore/_", "/_dash")
FILE = re.compile(r"/[^/]*\.[a-z0-9]+$")


def robots_txt(base: str) -> str:
    rules = "".join(f"Disallow: {d}\n" for d in DISALLOW)
    return f"User-agent: *\n{rules}Allow: /\n\nSitemap: {base}/sitemap.xml\n"


def is_page(url: str) -> bool:
    path = split(url)[0]
    return not path.startswith(NOT_PAGES) and not FILE.search(path)


def site_pages(client: flask.testing.FlaskClient, base: str) -> list[str]:
    """The navigation pages and What changed, then every page they link to (addresses relative to the site)."""
    found = list(SEEDS)
    for seed in SEEDS:
        resp = client.get(seed, base_url=base)
        if resp.status_code == 200 and resp.mimetype == "text/html":
            found += [u for u in links(resp.get_data(as_text=True)) if is_page(u)]
    return [u for u in dict.fromkeys(canonical(client, base, u) for u in dict.fromkeys(found)) if u]


def canonical(client: flask.testing.FlaskClient, base: str, url: str) -> str | None:
    """The address a page answers at: a link to a non-canonical view is listed as the view it redirects to."""
    resp = client.get(url, base_url=base)
    if resp.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(resp.headers["Location"])
        return target.path + (f"?{target.query}" if target.query else "")
    return url if resp.status_code == 200 else None


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server
    pages: dict[str, list[str]] = {}  # data hash -> the pages (relative addresses: the same for every host)
    lock = threading.Lock()

    @server.get("/robots.txt")
    def robots() -> flask.Response:
        return flask.Response(robots_txt(urls.base_url(settings.public_url)), mimetype="text/plain")

    @server.get("/sitemap.xml")
    def sitemap() -> flask.Response:
        with lock:
            found = pages.get(store.content_hash)
        if found is None:
            found = site_pages(server.test_client(), urls.base_url(settings.public_url))
            with lock:
                pages[store.content_hash] = found
        base = urls.base_url(settings.public_url)
        return flask.Response(sitemap_xml(base + url for url in found), mimetype="application/xml")
