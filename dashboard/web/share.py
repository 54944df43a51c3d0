"""Everything a page needs to leave the site: its links, image and CSV addresses, embed code, citations, and the
Open Graph / Twitter card tags with a 1200x630 card that carries the page's answer (GET /card.png?page=KIND&...).

Every page kind has a card: home, the topic page, the briefing, every Explore view, each /check answer and
/changes. A context processor gives every page of those kinds its og:image (with width, height and alt) and an
og:url that keeps the query that made the page. The card builders are pure apart from the URL builder (absolute
links follow DASHBOARD_PUBLIC_URL or the request: dashboard/web/urls.py); every sentence on a card is written by
dashboard.model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import escape
from urllib.parse import parse_qsl

import flask
from dash import Dash

from dashboard import __version__
from dashboard.charts.card import HEIGHT, WIDTH, Card, render_card_png
from dashboard.config import Settings
from dashboard.content.spec import pages
from dashboard.data.load import Store
from dashboard.explore.state import ViewState, parse
from dashboard.explore.view import View, build_view
from dashboard.exports.csv import slug
from dashboard.model.changes import EditionError, changes, changes_headline
from dashboard.model.check import check, match_headline
from dashboard.model.phrases import MAX_LENGTH
from dashboard.model.words import (
    SOCIAL_CARE_FRAMING,
    SUPPORT_LINE,
    headline,
    social_care_view,
    tier_source_line,
    verdict_short,
    view_citation,
)
from dashboard.web import urls
from dashboard.web.render import SITE_NAME

DESCRIPTION_MAX = 300
EMBED_HEIGHT = 560


def clip(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """At most `limit` characters, cut at a word, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


@dataclass(frozen=True)
class Share:
    path: str               # /explore?<query>: the view, relative
    permalink: str          # the same, absolute
    png: str                # relative links to the files of this view
    svg: str
    csv: str
    embed: str              # absolute (it is pasted into other sites)
    og_image: str           # absolute PNG address for social cards
    file: str               # file-name stem for downloads
    rows: int               # rows in the CSV (= figures in the table)
    embed_code: str
    citations: tuple[str, ...]   # each source's original publication
    cite_view: str
    description: str        # the view's words, clipped for a card


def share_of(view: View, public_url: str | None = None, day: date | None = None) -> Share:
    q = view.query
    permalink = urls.absolute(urls.EXPLORE, q, public_url)
    embed = urls.absolute(urls.EMBED, q, public_url)
    code = (f'<iframe src="{escape(embed)}" title="{escape(view.title)}" width="100%" height="{EMBED_HEIGHT}" '
            f'style="border:0;max-width:100%" loading="lazy"></iframe>')
    return Share(
        path=urls.with_query(urls.EXPLORE, q), permalink=permalink,
        png=urls.with_query(urls.VIEW_IMAGE + ".png", q), svg=urls.with_query(urls.VIEW_IMAGE + ".svg", q),
        csv=urls.with_query(urls.VIEW_CSV, q), embed=embed,
        og_image=card_url("explore", q, public_url), file=slug(view.title),
        rows=len(view.table_df), embed_code=code,
        citations=tuple(dict.fromkeys(s.citation() for s in view.sources)),
        cite_view=view_citation(SITE_NAME, __version__, view.title, permalink, day or date.today()),
        description=clip(view.explanation))


def meta_of(view: View, share: Share) -> dict[str, str]:
    """The base.html context for a view's page: canonical URL, description and the social card."""
    return {"canonical": share.permalink, "og_url": share.permalink, "description": share.description,
            "og_title": view.title, "og_image": share.og_image, "og_image_alt": view_card(view, "Explore").alt,
            "og_image_width": WIDTH, "og_image_height": HEIGHT}


# ---------------------------------------------------------------- social cards

CARD = "/card.png"
MAX_QUERY = 2000
TOPIC_STATE = ViewState(indicator="known_to_social_services_share")
# request path -> card kind
CARD_PAGES = {"/": "home", "/topics/mental-health-and-social-care": "topic", urls.BRIEFING: "briefing",
              urls.EXPLORE: "explore", urls.CHECK: "check", "/changes": "changes"}
KICKERS = {"home": SITE_NAME, "topic": "Mental health and social care", "briefing": "Briefing for commissioners",
           "explore": "Explore", "check": "Check a figure", "changes": "What changed"}


def _footer(base: str) -> str:
    return f"{SITE_NAME} · {base.split('://', 1)[-1]} · an independent presentation of published figures"


def view_card(view: View, kicker: str, base: str = "") -> Card:
    """A view's answer: the newest figure large (one group), the headline, its source and tier, whether the
    latest difference is real, and the support-not-blame framing and support line where they apply."""
    shown = [f for f in view.figures if f.value is not None]
    if not shown:
        return Card(kicker, view.summary[0] if view.summary else view.title, footer=_footer(base))
    latest = max(shown, key=lambda f: (f.start, f.end))
    one = len({f.group for f in shown}) == 1
    lines = [tier_source_line(latest.source)]
    if view.verdicts:
        lines.insert(0, verdict_short(view.verdicts[0]) + ".")
    keep = [SOCIAL_CARE_FRAMING] if social_care_view(view.caveats) else []
    keep += [SUPPORT_LINE] if view.sensitive else []
    times = " times" if latest.indicator.measure == "ratio" else ""
    return Card(kicker, headline(view.figures), number=latest.short + times if one else "",
                number_note=f"{latest.unit_text}, {latest.period}".lstrip(", ") if one else "",
                lines=tuple(lines), keep=tuple(keep), footer=_footer(base))


def card_of(store: Store, kind: str, query: str, base: str) -> Card | None:
    """The card of a page of this kind opened with this query string (None for a kind with no card)."""
    kicker = KICKERS.get(kind)
    if kicker is None:
        return None
    args = dict(parse_qsl(query, keep_blank_values=False))
    if kind == "check":
        q = (args.get("q") or "").strip()[:MAX_LENGTH]
        result = check(store, q, gaps=pages().home.gaps()) if q else None
        if result is None or not result.matches:
            text = result.message if result is not None and result.message else (
                "Paste a figure or a phrase and see which published figures it could be.")
            return Card(kicker, text, footer=_footer(base))
        m = result.matches[0]
        f = m.figure
        sensitive = [SUPPORT_LINE] if result.sensitive else []
        looked_for = list(result.readings) or [*result.query.periods, *(str(y) for y in result.query.years)]
        return Card(f"{kicker}: {', '.join(looked_for)}", match_headline(m),
                    number=f.short if f is not None else "",
                    number_note=f"{f.unit_text}, {f.period}".lstrip(", ") if f is not None else "",
                    lines=m.sentences[1:3], keep=tuple(sensitive), footer=_footer(base))
    if kind == "changes":
        try:
            c = changes(store, args.get("from") or None, args.get("to") or None)
        except EditionError as exc:
            return Card(kicker, str(exc), footer=_footer(base))
        return Card(f"{kicker}: {c.end.words}", changes_headline(c), lines=c.end.publications[:2],
                    footer=_footer(base))
    if kind == "topic":
        state = TOPIC_STATE
    elif kind == "explore" or (kind == "briefing" and args.get("view")):
        state = parse(query, store)[0]
    else:
        state = ViewState()
    return view_card(build_view(store, state), kicker, base)


def card_url(kind: str, query: str, public_url: str | None) -> str:
    return urls.absolute(CARD, f"page={kind}" + (f"&{query}" if query else ""), public_url)


def register(app: Dash, store: Store, settings: Settings) -> None:
    server = app.server

    @lru_cache(maxsize=256)
    def card(kind: str, query: str, base: str) -> Card | None:
        return card_of(store, kind, query, base)

    @lru_cache(maxsize=64)
    def png(kind: str, query: str, base: str) -> bytes | None:
        c = card(kind, query, base)
        return None if c is None else render_card_png(c)

    def request_query(drop: str = "") -> str:
        raw = flask.request.query_string.decode("utf-8", "replace")[:MAX_QUERY]
        return "&".join(p for p in raw.split("&") if p and not p.startswith(f"{drop}=")) if drop else raw

    @server.context_processor
    def card_meta() -> dict:
        """og:image (a card of this page), its size and alt, and og:url with the query that made the page."""
        kind = CARD_PAGES.get(flask.request.path)
        if kind is None or flask.request.method != "GET":
            return {}
        query = request_query()
        base = urls.base_url(settings.public_url)
        c = card(kind, query, base)
        out = {"og_url": urls.absolute(flask.request.path, query, settings.public_url)}
        if c is not None:
            out.update(og_image=card_url(kind, query, settings.public_url), og_image_alt=c.alt,
                       og_image_width=WIDTH, og_image_height=HEIGHT)
        return out

    @server.get(CARD)
    def card_png() -> flask.Response:
        kind = (flask.request.args.get("page") or "explore").strip()[:20]
        data = png(kind, request_query("page"), urls.base_url(settings.public_url))
        if data is None:
            return flask.Response(f"There is no card for a page called '{kind}'. Cards are made for: "
                                  f"{', '.join(KICKERS)}.\n", status=404, mimetype="text/plain")
        resp = flask.Response(data, mimetype="image/png")
        resp.headers["Cache-Control"] = "public, max-age=3600"
        return resp
