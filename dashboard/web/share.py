"""Everything a view needs to leave the site: its links, image and CSV addresses, embed code, citations and the
Open Graph / Twitter card tags. Pure apart from the URL builder (absolute links follow DASHBOARD_PUBLIC_URL or the
request: dashboard/web/urls.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from dashboard import __version__
from dashboard.explore.view import View
from dashboard.exports.csv import slug
from dashboard.model.words import view_citation
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
        og_image=urls.absolute(urls.VIEW_IMAGE + ".png", q, public_url), file=slug(view.title),
        rows=len(view.table_df), embed_code=code,
        citations=tuple(dict.fromkeys(s.citation() for s in view.sources)),
        cite_view=view_citation(SITE_NAME, __version__, view.title, permalink, day or date.today()),
        description=clip(view.explanation))


def meta_of(view: View, share: Share) -> dict[str, str]:
    """The base.html context for a view's page: canonical URL, description and the social card."""
    return {"canonical": share.permalink, "description": share.description, "og_title": view.title,
            "og_image": "" if view.empty else share.og_image, "og_image_alt": view.alt_text}
