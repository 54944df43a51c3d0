"""Self-contained chart images of a view: the chart with its headline, subtitle, interval key, sources (with their
tier), permalink, date and, on sensitive views, the support line, as SVG or PNG. Pure: no browser, no network.

The SVG renderer (dashboard.charts.svg, standalone) draws the titles, the chart, the key of what it drew (intervals
published or calculated by this dashboard, * for a secondary source) and the chart's notes; this module writes the
notes. PNG is the same SVG rasterised by cairosvg (dashboard.charts.png), laid out at 600 px and drawn at 2x, so it
stays readable when a phone shows a shared image at its width.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from dashboard.charts.png import render_png
from dashboard.charts.spec import Chart
from dashboard.charts.svg import render_svg
from dashboard.content import answers
from dashboard.content.spec import pages
from dashboard.data.load import Store
from dashboard.explore.view import View
from dashboard.model.editorial import gap_sentences
from dashboard.model.figure import Source
from dashboard.model.words import (
    CI_HIDDEN,
    SOCIAL_CARE_FRAMING,
    SUPPORT_LINE,
    headline,
    made_line,
    more_sources_line,
    no_interval_line,
    social_care_view,
    tier_source_line,
)
from dashboard.text.safety import assert_safe

Format = Literal["png", "svg"]
MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
SVG_WIDTH = 800
PNG_WIDTH, PNG_SCALE = 600, 2
MAX_SOURCES = 3


@dataclass(frozen=True)
class Lead:
    """What an image of a gap leads with: the pages' answer in its brief form (each statement with its tier) and
    the publications it quotes, which the notes then name first."""
    sentences: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.sentences)


def image_notes(view: View, permalink: str, site_name: str, day: date, lead: Lead = Lead()) -> tuple[str, ...]:
    notes: list[str] = []
    if not view.state.ci and any(f.ci is not None for f in view.figures):
        notes.append(CI_HIDDEN)
    if bare := no_interval_line(view.figures):
        notes.append(bare)
    if social_care_view(view.caveats):
        notes.append(SOCIAL_CARE_FRAMING)
    quoted = {s.publication for s in lead.sources}
    shown = [s for s in view.sources if s.publication not in quoted]
    notes += [tier_source_line(s) for s in (*lead.sources, *shown[:MAX_SOURCES])]
    if len(shown) > MAX_SOURCES:
        notes.append(more_sources_line(len(shown) - MAX_SOURCES))
    notes.append(f"View online: {permalink}")
    notes.append(made_line(site_name, day))
    if view.sensitive:
        notes.append(SUPPORT_LINE)
    return tuple(assert_safe(n) for n in notes)


def gap_lead(store: Store, view: View) -> Lead:
    """The pages' answer for a view of a gap between groups, through the one editorial policy (the producer's words
    for the latest period, the number following), in the brief form whose publications the notes name; an empty
    Lead for any other view."""
    spec = answers.question_of(pages().home, view.indicator.id, view.state.breakdown)
    q = spec.gap_question if spec is not None else None
    answer = q.answer(store, view.state.edition) if q is not None else None
    if q is None or answer is None:
        return Lead()
    return Lead(gap_sentences(answer, q.subject, brief=True), answer.sources)


def image_title(view: View, lead: Lead = Lead()) -> tuple[str, str]:
    """(headline, subtitle) of an image: the key number in words first (or the pages' answer, for a gap), then what
    the chart shows."""
    if lead:
        return assert_safe(" ".join(lead.sentences)), assert_safe(f"{view.chart.title}. {view.chart.subtitle}.")
    words = headline(view.figures)
    if not words:
        return assert_safe(view.chart.title), assert_safe(view.chart.subtitle)
    return words, assert_safe(f"{view.chart.title}. {view.chart.subtitle}.")


def image_chart(view: View, permalink: str, site_name: str, day: date, lead: Lead = Lead()) -> Chart:
    """The view's chart with everything an image needs to stand on its own: the headline with its number, the
    value of the first and latest point of each line, the notes (tiers, sources, permalink, date, support)."""
    title, subtitle = image_title(view, lead)
    return replace(view.chart, title=title, subtitle=subtitle, value_labels=True,
                   notes=image_notes(view, permalink, site_name, day, lead))


def render(chart: Chart, fmt: Format) -> bytes:
    if fmt == "svg":
        return render_svg(chart, SVG_WIDTH, standalone=True, id_prefix="img").encode("utf-8")
    if fmt == "png":
        return render_png(chart, PNG_WIDTH, scale=PNG_SCALE)
    raise ValueError(f"unknown image format {fmt!r}")
