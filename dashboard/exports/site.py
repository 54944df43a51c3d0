"""The static copy of the site: its addresses, and how its pages are rewritten to work from files.

The export itself (`python -m dashboard export OUTDIR`, dashboard.publish.site) asks the site's own routes for
every page through Flask's test client, so the copy is the site and cannot drift from it. It starts from the pages in the navigation and What changed, and follows every internal
link it finds in a page (href, src, srcset, the share panel's image address and the page's social card): the
topic page, the briefing and its PDF, About with the accessibility statement, the data catalogue and every file
under /data/ (each edition's CSV, Parquet and JSON, the data package), the API answers the catalogue links to,
every Check page a page links to (with an index of them on the copy's Check page), every Explore view a page
links to with its images, CSV and embed, and each page's social card. It writes robots.txt (the site's own) and a
sitemap.xml of the copy's pages.

Addresses with a query string become files (the static host cannot read a query):
    /explore?by=ethnicity          -> explore/by-ethnicity-<hash>/index.html
    /image/view.png?by=ethnicity   -> image/view/by-ethnicity-<hash>.png
    /api/v1/figures?indicator=x    -> api/v1/figures/indicator-x-<hash>.json
(<hash>: the first 8 hex digits of the SHA-256 of the query string as linked). A page without a query is
<path>/index.html; versioned assets (/assets/style.css?v=...) are written once under their own name. Every internal
link in every page is rewritten to the relative address of its file, so the copy works from any folder of any host.

What needs a server: the Explore and Check forms answer new queries. In the copy they open the live site (the
absolute address, DASHBOARD_PUBLIC_URL), and a line above each form says so; Explore's script, which talks to the
server, is left out (every view reads without it). Absolute links (canonical, permalinks in the share panel and in
images) point at the live site, as on the site itself, except two that assume the copy is served at that address:
each page's social card (og:image, twitter:image: the card's file in the copy) and sitemap.xml.
Nothing is written outside OUTDIR.

The address scheme and the rewriting are pure functions, here below the web layer: /sitemap.xml
(dashboard/web/sitemap.py) uses them too. The crawl that drives the app sits above the web layer, in
dashboard/publish/site.py.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote, unquote, unquote_plus, urlsplit
from xml.sax.saxutils import escape as xml_escape

SEEDS = ("/", "/explore", "/topics/mental-health-and-social-care", "/briefing", "/data", "/check", "/about",
         "/changes")
CHECK = "/check"
EXPLORE = "/explore"
EMBED = "/embed"
SERVER_FORMS = (EXPLORE, CHECK)   # GET forms whose answers need the server
EXTENSIONS = {"text/html": ".html", "application/json": ".json", "text/csv": ".csv", "text/plain": ".txt",
              "application/xml": ".xml", "text/xml": ".xml", "application/pdf": ".pdf", "application/zip": ".zip",
              "image/png": ".png", "image/svg+xml": ".svg", "text/css": ".css",
              "application/vnd.apache.parquet": ".parquet", "text/javascript": ".js",
              "application/javascript": ".js"}
SLUG_CHARS = 48

# attribute="/internal..." anywhere in a tag (Jinja always writes double quotes)
ATTRIBUTE = re.compile(r'(?P<name>[\w:-]+)="(?P<value>/(?!/)[^"]*)"')
SRCSET = re.compile(r'srcset="(?P<value>[^"]*)"')
SERVER_SCRIPTS = re.compile(r'<script id="(?:explore-scripts|_dash-config)"[^>]*>.*?</script>\n?'
                            r'|<script src="[^"]*/explore\.js[^"]*"[^>]*></script>\n?', re.DOTALL)
META_IMAGE = re.compile(r'(?P<head><meta (?:property="og:image"|name="twitter:image") content=")(?P<value>[^"]*)"')
FORM = re.compile(r'<form\b[^>]*\baction="(?P<action>[^"]*)"[^>]*>')
CHECK_FORM_END = re.compile(r'(<form class="check-form".*?</form>\n?)', re.DOTALL)


def notice(made: str, live: str) -> str:
    """The line above a form in the copy (HTML): what the copy cannot do, and a link to the live site."""
    link = f'<a href="{html.escape(live)}/">{html.escape(live)}</a>'
    return (f"This is a copy of the site made on {html.escape(made)}. It cannot answer new choices: this form opens "
            f"them on the live site, {link}.")


CHECK_INDEX_TITLE = "Figures checked in this copy"


# ---- addresses --------------------------------------------------------------------------------------------------

def split(url: str) -> tuple[str, str, str]:
    """'/a/b?q=1#x' -> ('/a/b', 'q=1', 'x')."""
    parts = urlsplit(url)
    return parts.path or "/", parts.query, parts.fragment


def key_of(path: str, query: str) -> str:
    """The crawl's key for an address: versioned assets without their fingerprint, so each is written once."""
    if path.startswith("/assets/"):
        return path
    return path + (f"?{query}" if query else "")


def slug(query: str) -> str:
    """A readable, unique folder or file name for a query string: 'by=ethnicity' -> 'by-ethnicity-<8 hex>'."""
    words = re.sub(r"[^a-z0-9]+", "-", unquote_plus(query).lower()).strip("-")[:SLUG_CHARS].strip("-")
    digest = hashlib.sha256(query.encode("utf-8")).hexdigest()[:8]
    return f"{words}-{digest}" if words else digest


def file_for(path: str, query: str, mimetype: str) -> str:
    """The file (relative to OUTDIR, '/'-separated) that holds the answer to path?query of this media type."""
    path = unquote(path)
    if path.startswith("/assets/"):
        query = ""
    base = path.strip("/")
    if mimetype == "text/html":
        folder = "/".join(p for p in (base, slug(query) if query else "") if p)
        return f"{folder}/index.html" if folder else "index.html"
    last = base.rsplit("/", 1)[-1]
    stem, dot, ext = last.rpartition(".")
    if dot and stem and not path.endswith("/"):
        suffix, stem_path = "." + ext, base[: -len(ext) - 1]
    else:
        suffix, stem_path = EXTENSIONS.get(mimetype, ".bin"), (base + "/index" if path.endswith("/") else base)
    if query:
        return f"{stem_path}/{slug(query)}{suffix}"
    return f"{stem_path}{suffix}"


def relative(target: str, here: str) -> str:
    """The href from the file `here` to the file `target` (both relative to OUTDIR)."""
    rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return quote(rel, safe="/-._~")


def links(page: str, live: str | None = None) -> list[str]:
    """Every internal address a page refers to (attribute values starting with one '/', srcset entries, and its
    social card when it is at the live address), unescaped, in order, without fragments. Form actions are not
    links."""
    out: list[str] = []
    if live:
        for m in META_IMAGE.finditer(page):
            value = html.unescape(m.group("value"))
            if value.startswith(live + "/"):
                out.append(value[len(live):])
    for m in ATTRIBUTE.finditer(page):
        if m.group("name") not in ("action", "srcset"):
            out.append(html.unescape(m.group("value")).split("#", 1)[0])
    for m in SRCSET.finditer(page):
        for item in html.unescape(m.group("value")).split(","):
            url = item.strip().split(" ", 1)[0]
            if url.startswith("/") and not url.startswith("//"):
                out.append(url.split("#", 1)[0])
    return [u for u in out if u]


def rewrite(page: str, here: str, file_of: Callable[[str], str | None], live: str) -> tuple[str, list[str]]:
    """The page with every internal link pointing at its file in the copy, and every form's action at the live
    site. Returns the page and the addresses that have no file (broken links)."""
    missing: list[str] = []

    def target(value: str) -> str | None:
        url, _, frag = html.unescape(value).partition("#")
        if not url:
            return None
        path, query, _ = split(url)
        found = file_of(key_of(path, query))
        if found is None:
            missing.append(url)
            return None
        return html.escape(relative(found, here)) + (f"#{html.escape(frag)}" if frag else "")

    def attribute(m: re.Match) -> str:
        name, value = m.group("name"), m.group("value")
        if name == "srcset":
            return m.group(0)
        if name == "action":
            return f'{name}="{html.escape(live + html.unescape(value))}"'
        new = target(value)
        return m.group(0) if new is None else f'{name}="{new}"'

    def srcset(m: re.Match) -> str:
        items = []
        for item in html.unescape(m.group("value")).split(","):
            url, _, size = item.strip().partition(" ")
            new = target(url) if url.startswith("/") and not url.startswith("//") else None
            items.append(" ".join(p for p in (html.unescape(new) if new else url, size) if p))
        return f'srcset="{html.escape(", ".join(items))}"'

    def card(m: re.Match) -> str:
        value = html.unescape(m.group("value"))
        if not value.startswith(live + "/"):
            return m.group(0)
        path, query, _ = split(value[len(live):])
        found = file_of(key_of(path, query))
        if found is None:
            missing.append(value)
            return m.group(0)
        return f'{m.group("head")}{html.escape(live)}/{quote(found, safe="/-._~")}"'

    page = ATTRIBUTE.sub(attribute, page)
    page = SRCSET.sub(srcset, page)
    page = META_IMAGE.sub(card, page)
    return page, missing


def freeze_forms(page: str, made: str, live: str) -> str:
    """Leave out Explore's server script and put the notice above each form that needs the server."""
    page = SERVER_SCRIPTS.sub("", page)

    def note(m: re.Match) -> str:
        if split(html.unescape(m.group("action")))[0] not in SERVER_FORMS:
            return m.group(0)
        return f'<p class="notice static-copy-notice">{notice(made, live)}</p>\n{m.group(0)}'

    return FORM.sub(note, page)


def check_index(page: str, checks: list[tuple[str, str]]) -> str:
    """The copy's Check page with the list of every Check page in the copy after its form."""
    if not checks:
        return page
    items = "".join(f'<li><a href="{html.escape(url)}">{html.escape(q)}</a></li>' for q, url in checks)
    section = (f'<section class="check-examples" aria-labelledby="static-checks-title">\n<h2 id="static-checks-title">'
               f'{CHECK_INDEX_TITLE}</h2>\n<ul class="link-list">{items}</ul>\n</section>\n')
    return CHECK_FORM_END.sub(lambda m: m.group(1) + section, page, count=1)


def sitemap_xml(locations: Iterable[str]) -> str:
    body = "".join(f"<url><loc>{xml_escape(loc)}</loc></url>\n" for loc in locations)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}</urlset>\n")


def page_location(base: str, file: str) -> str:
    """The address of a page of the copy served at base: folders for index pages."""
    folder = file.removesuffix("index.html")
    return f"{base}/{quote(folder, safe='/-._~')}"
