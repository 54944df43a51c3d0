"""The Share panel under a chart: image and data downloads, alt text, copy/share, embed code, how to cite.

share_panel(state, view, settings) returns the children of the Explore page's #share-panel container. Every
control is a native link or button; the copy and share buttons are wired by assets/share.js (no callbacks).
"""

from __future__ import annotations

from dash import html

from dashboard import __version__
from dashboard.config import Settings
from dashboard.exports.citation import INDEPENDENCE, cite_dashboard, cite_figure, sources_of
from dashboard.exports.csv import to_csv_bytes
from dashboard.state import ViewState
from dashboard.views import View
from dashboard.web.downloads import VIEW_CSV, VIEW_IMAGE, file_name, permalink, view_url
from dashboard.web.embed import iframe_snippet

MAX_CITED = 4


def _kb(n: int) -> str:
    return f"{max(1, round(n / 1024))} KB"


def _copy_box(box_id: str, label: str, text: str, rows: int, button: str) -> html.Div:
    return html.Div([
        html.Label(label, htmlFor=box_id, className="share-label"),
        html.Textarea(children=text, id=box_id, readOnly=True, rows=rows, className="share-text"),
        html.Button(button, type="button", className="share-button", **{"data-share-action": "copy-text",
                                                                      "data-share-target": box_id}),
    ], className="share-copy")


def citations(view: View, settings: Settings) -> html.Div:
    refs = sources_of(view.table_df)
    figure_items = [html.Li([cite_figure(r).removesuffix(".") + " ", html.A("(open)", href=r.url, rel="noopener",
                                                                             **{"aria-label": f"Open {r.publication}"})])
                    for r in refs[:MAX_CITED]]
    if len(refs) > MAX_CITED:
        figure_items.append(html.Li(f"and {len(refs) - MAX_CITED} more: each figure's publication is named in the "
                                    "table and in the CSV."))
    return html.Div([
        html.H3("How to cite", className="share-heading"),
        html.P("Cite the original publication of the figures:"),
        html.Ul(figure_items, className="share-cite-list"),
        html.P("and this chart:"),
        html.P(cite_dashboard(permalink(settings, view), __version__), className="share-cite", id="share-cite-dashboard"),
        html.P(INDEPENDENCE, className="share-independence"),
    ], className="share-section")


def share_panel(state: ViewState, view: View, settings: Settings) -> list:  # noqa: ARG001 - state kept for the call
    """Children for html.Div(id="share-panel"). Links are relative, so they work behind any host name."""
    link = permalink(settings, view)
    png, svg, csv = (view_url(VIEW_IMAGE + ".png", view), view_url(VIEW_IMAGE + ".svg", view),
                     view_url(VIEW_CSV, view))
    csv_size = len(to_csv_bytes(view.table_df))
    has_figures = view.kind != "empty"
    image_links = [
        html.A("Download image (PNG)", href=png, download=file_name(view, "png"), className="share-link",
               id="share-png"),
        html.A("Download image (SVG, for print)", href=svg, download=file_name(view, "svg"), className="share-link",
               id="share-svg"),
    ] if has_figures else [html.P("There is no image of an empty chart.")]
    return [
        html.H2("Share and download", id="share-title"),
        html.Div([
            html.H3("Image of this chart", className="share-heading"),
            html.P("The image carries the headline, the source, the period, the uncertainty and a link back here."),
            html.Div(image_links, className="share-links"),
            _copy_box("share-alt-text", "Alt text for the image (paste it when you post the image)", view.alt_text, 3,
                      "Copy alt text"),
        ], className="share-section"),
        html.Div([
            html.H3("Data", className="share-heading"),
            html.A(f"Download the data for this chart (CSV, {_kb(csv_size)})", href=csv, download=file_name(view, "csv"),
                   className="share-link", id="share-csv"),
            html.P(["Exactly the figures shown, with confidence intervals, counts, units, edition and sources. ",
                    html.A("All the data (zip)", href="/data/package.zip", className="share-link")]),
        ], className="share-section"),
        html.Div([
            html.H3("Share", className="share-heading"),
            html.Div([
                html.Button("Copy link", type="button", className="share-button", id="share-copy-link",
                            **{"data-share-action": "copy-link", "data-share-url": link}),
                html.Button("Copy image", type="button", className="share-button", id="share-copy-image",
                            disabled=not has_figures,
                            **{"data-share-action": "copy-image", "data-share-image": png}),
                html.Button("Share…", type="button", className="share-button share-native", id="share-native",
                            hidden=True, **{"data-share-action": "native", "data-share-url": link,
                                            "data-share-title": view.title, "data-share-text": view.alt_text,
                                            "data-share-image": png, "data-share-file": file_name(view, "png")}),
            ], className="share-buttons"),
            html.P("", id="share-status", className="share-status", role="status", **{"aria-live": "polite"}),
            _copy_box("share-embed-code", "Embed this chart on your site (HTML)", iframe_snippet(settings, view), 3,
                      "Copy embed code"),
        ], className="share-section"),
        citations(view, settings),
    ]
