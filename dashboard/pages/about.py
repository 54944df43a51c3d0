"""About the data: what the figures are, definitions (#definitions), sources and licences, how to cite, support (#support)."""

from __future__ import annotations

import dash
from dash import dcc, html

from dashboard import __version__
from dashboard.components.shell import support_box
from dashboard.data.query import editions
from dashboard.text.glossary import GLOSSARY
from dashboard.web import context

dash.register_page(__name__, path="/about", title="About the data - UK maternal outcome statistics",
                   description="Definitions, sources, licences and how to cite the figures.")


def definitions() -> html.Section:
    items: list = []
    for t in GLOSSARY:
        items += [html.Dt(t.term, id=f"term-{t.anchor}"), html.Dd(t.definition)]
    return html.Section([html.H2("Definitions", id="definitions-title"), html.Dl(items, className="glossary")],
                        id="definitions", **{"aria-labelledby": "definitions-title"})


def sources() -> html.Section:
    store = context.store()
    pkg = store.catalogue.package
    src = [html.Li(html.A(s.get("title", s.get("path")), href=s.get("path"), rel="noopener")) for s in pkg.get("sources", [])]
    lic = [html.Li(html.A(x.get("title", x.get("name")), href=x.get("path"), rel="noopener")) for x in pkg.get("licenses", [])]
    latest = editions(store)[0] if editions(store) else None
    return html.Section([
        html.H2("Sources and licences", id="sources-title"),
        html.P("Every figure is a published figure. Each row of every table names its publication, links to the page "
               "it was read on and says where on that page. Nothing is estimated by this site, except exact "
               "confidence intervals and tests worked out from published counts, which are labelled as such."),
        html.P("Some figures could only be read on a page that quoted the report, such as a charity or a news "
               "story. Those figures carry a visible flag that names the page."),
        html.H3("Sources"), html.Ul(src),
        html.H3("Licences"), html.Ul(lic),
        html.P("Figures from the Office for National Statistics are Crown copyright, reused under the Open "
               "Government Licence v3.0. MBRRACE-UK figures are quoted from their public reports and data briefs."),
        html.P(f"The newest publication in the data is: {latest[1]} ({latest[0]})." if latest else ""),
    ], id="sources", **{"aria-labelledby": "sources-title"})


def citing() -> html.Section:
    url = context.settings().public_url
    return html.Section([
        html.H2("How to cite", id="cite-title"),
        html.P("Cite the original publication of a figure, not this site. The table under each chart names it and "
               "links to it, and MBRRACE-UK reports say how they should be cited."),
        html.P("To cite this site as well, you can write:"),
        html.Blockquote(f"UK maternal outcome statistics: an independent presentation of published figures, version "
                        f"{__version__}. {url}/ (accessed on the date you looked).", className="citation"),
        html.P("Every view in Explore has its own link, which reopens exactly the same chart."),
    ], id="cite", **{"aria-labelledby": "cite-title"})


def layout(**_query: str) -> html.Div:
    return html.Div([
        html.H1("About the data"),
        html.P("This site brings together published UK figures on women who died during or after pregnancy, and on "
               "babies who died around birth. It is an independent presentation of published figures. It is not a "
               "product of MBRRACE-UK or the Office for National Statistics.", className="intro"),
        html.P("Every number is a woman or a baby who died. The confidential enquiries review each death so that "
               "care can get better. This site shows their figures with how sure we can be of them."),
        definitions(),
        sources(),
        citing(),
        html.Section([html.H2("Get support", id="support-heading"), support_box(),
                      html.P(["Read more about the figures in ", dcc.Link("Explore", href=dash.get_relative_path("/explore")),
                              "."])], id="support", **{"aria-labelledby": "support-heading"}),
    ])
