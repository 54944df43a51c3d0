"""'Brief me on this view': the link Explore puts in its #briefing-link container.

Explore calls briefing_link(state, store) wherever it builds the view (layout and the callback that writes the
URL) and returns the component as the children of html.Div(id="briefing-link").
"""

from __future__ import annotations

from dash import html

from dashboard.data.load import Store
from dashboard.state import ViewState, to_query


def briefing_href(state: ViewState, store: Store | None = None, pdf: bool = False) -> str:
    q = to_query(state, store)
    return ("/briefing.pdf" if pdf else "/briefing") + "?view=1" + (f"&{q}" if q else "")


def briefing_link(state: ViewState, store: Store | None = None) -> html.P:
    return html.P([
        html.A("Brief me on this view", href=briefing_href(state, store), className="briefing-link"),
        " (a one-page summary to print) or ",
        html.A("download it as a PDF", href=briefing_href(state, store, pdf=True), className="briefing-pdf-link"),
        ".",
    ], className="briefing-links")
