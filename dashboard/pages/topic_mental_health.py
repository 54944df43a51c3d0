"""/topics/mental-health-and-social-care: perinatal mental health and social care, told without blame.

Brings together, from datasets/: the share of women who died known to social services (gaps as gaps), maternal
suicide and other psychiatric causes, characteristics with and without children's social care involvement
(De Backer et al. 2025), the study of mothers in acute postpartum psychiatric care (Lever Taylor et al. 2023),
and what the reports and campaigners call for. Safe messaging throughout; the support box is near the top.
"""

from __future__ import annotations

import dash
from dash import html

from dashboard.briefing import recommendations
from dashboard.briefing import topic
from dashboard.briefing.components import facts_table, gaps, permalink, recommendation_list, section_figure
from dashboard.briefing.content import Section
from dashboard.briefing.recommendations import THEMES
from dashboard.components.shell import support_box
from dashboard.data.errors import DatasetError
from dashboard.data.query import LATEST
from dashboard.state import parse
from dashboard.web import context

dash.register_page(__name__, path=topic.PATH, title=f"{topic.TITLE}: UK maternal outcome statistics",
                   description="Published figures on mothers' mental health and social care involvement, with "
                               "sources, told as support, not blame.")


def _section(s: Section) -> html.Section:
    sid = f"topic-{s.key}"
    parts: list = [html.H2(s.title, id=f"{sid}-title"), *[html.P(t) for t in s.sentences]]
    if s.figure is not None:
        parts.append(section_figure(s.figure, sid, s.title, s.figure_summary))
    note = gaps(s.gaps)
    if note is not None:
        parts.append(note)
    parts.append(facts_table(s.facts, f"{s.title}: every figure, with its source", table_id=f"{sid}-table"))
    parts.append(permalink(s.permalink, "Explore these figures"))
    return html.Section(parts, id=sid, className="topic-section", **{"aria-labelledby": f"{sid}-title"})


def _study(st: topic.StudySummary) -> html.Section:
    return html.Section([
        html.H2("Mothers in acute psychiatric care after birth", id="topic-study-title"),
        *[html.P(t) for t in st.sentences],
        facts_table(st.facts, "The study's mothers, with and without children's social care involvement",
                    table_id="topic-study-table"),
        html.P(["Source: ", html.A(st.publication, href=st.url, rel="noopener"), " (abstract)."], className="source"),
    ], id="topic-study", className="topic-section study-box", **{"aria-labelledby": "topic-study-title"})


def _calls(recs: tuple, error: str | None) -> html.Section:
    body: list = [html.H2("What the reports and campaigners call for", id="topic-calls-title"),
                  html.P("Each call is stated in short, in our words, and names the publication it comes from. "
                         "Listing a call does not mean this site endorses it.")]
    if error:
        body.append(html.P(error, className="notice"))
    for theme, label in THEMES.items():
        items = tuple(r for r in recs if r.theme == theme)
        if items:
            body += [html.H3(label), recommendation_list(items)]
    return html.Section(body, id="topic-calls", className="topic-section", **{"aria-labelledby": "topic-calls-title"})


def layout(**query: str) -> html.Div:
    store = context.store()
    settings = context.settings()
    state, notices = parse({k: [v] for k, v in query.items() if k == "edition" and isinstance(v, str)}, store)
    edition = state.edition if state.edition else LATEST
    secs = topic.sections(store, settings.public_url, edition)
    st = topic.study(store, edition)
    try:
        recs, rec_error = recommendations.load(settings.datasets), None
    except DatasetError as exc:
        recs, rec_error = (), f"The list of calls could not be loaded: {exc.problems[0]}"
    contents = [(f"#topic-{s.key}", s.title) for s in secs]
    if st is not None:
        contents.append(("#topic-study", "Mothers in acute psychiatric care after birth"))
    contents.append(("#topic-calls", "What the reports and campaigners call for"))
    return html.Div([
        html.H1(topic.TITLE),
        *[html.P(n, className="notice", role="status") for n in notices],
        html.Div([html.P(t) for t in topic.FRAMING], className="framing"),
        support_box(),
        html.Nav([html.H2("On this page", id="topic-contents-title"),
                  html.Ul([html.Li(html.A(label, href=href)) for href, label in contents])],
                 className="topic-contents", **{"aria-labelledby": "topic-contents-title"}),
        *[_section(s) for s in secs],
        *([_study(st)] if st is not None else []),
        _calls(recs, rec_error),
        html.P("Figures marked 'Reported by' were read on a secondary page that quotes the original publication; "
               "an asterisk on a chart marks the same figures.", className="briefing-note"),
        permalink(f"{settings.public_url}{topic.PATH}", "Link to this page"),
    ], className="topic-page", id="topic-page")
