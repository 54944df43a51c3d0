"""Standalone HTML for one view (the embed page and the static export's pages): pure string builders.

No inline script: the figure travels as a JSON data block and a small external script draws it, so the pages
work under the app's Content-Security-Policy (script-src 'self') and from a static host.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from dashboard.exports.citation import DASHBOARD_NAME, INDEPENDENCE, cite_dashboard, cite_figure, sources_of
from dashboard.exports.image import SUPPORT_LINE
from dashboard.text.numbers import fmt

# Draws the figure in #chart from the JSON block #figure-data; fills the frame when body has class "fill".
DRAW_JS = """(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("figure-data");
    var gd = document.getElementById("chart");
    if (!data || !gd || !window.Plotly) { return; }
    var fig = JSON.parse(data.textContent);
    var layout = fig.layout || {};
    delete layout.width;
    layout.autosize = true;
    if (document.body.classList.contains("fill")) { delete layout.height; }
    window.Plotly.newPlot(gd, fig.data || [], layout,
      {displayModeBar: false, responsive: true, scrollZoom: false, doubleClick: false, showTips: false});
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
"""

BASE_CSS = """
html{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff;line-height:1.45}
body{margin:0;padding:12px 16px;max-width:1100px}
a{color:#1d70b8}a:visited{color:#4c2c92}a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
h1{font-size:1.5rem;margin:.2em 0}.subtitle{margin:.2em 0 .6em;color:#383f43}
.source,.small{font-size:.9rem}.support{border:2px solid #12436D;background:#f3f2f1;padding:8px 12px;margin:12px 0}
table{border-collapse:collapse;font-size:.9rem;min-width:100%}th,td{border-bottom:1px solid #b1b4b6;padding:6px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}caption{text-align:left;font-weight:bold;padding:6px 0}
.table-wrap{overflow-x:auto}.flag{font-weight:bold;color:#801650}
.downloads a{display:inline-block;min-height:24px;padding:4px 0;margin-right:1em}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
#chart{width:100%;min-height:320px}
body.fill{display:flex;flex-direction:column;height:100vh;box-sizing:border-box;padding:8px;max-width:none}
body.fill h1{font-size:1.05rem}body.fill .subtitle{font-size:.85rem}
body.fill #chart{flex:1 1 auto;min-height:160px}body.fill .source{font-size:.8rem;margin:.3em 0 0}
"""


def figure_json(view) -> str:
    """The figure as JSON, safe inside a <script type="application/json"> block."""
    return view.figure.to_json().replace("</", "<\\/")


def _cell(v, decimals: int = 0) -> str:
    if v is None or pd.isna(v):
        return "–"
    return fmt(float(v), decimals) if decimals else f"{int(v):,}"


def table_html(view) -> str:
    """The accessible table of exactly the figures shown (same columns as the app's table)."""
    ind = view.shown
    head = ["Group", "Period", f"Value ({ind.unit})", "95% CI", "Count", "Denominator", "Source"]
    rows = []
    for r in view.table_df.to_dict("records"):
        ci = (f"{_cell(r['ci_lower'], ind.decimals)} to {_cell(r['ci_upper'], ind.decimals)}"
              if pd.notna(r["ci_lower"]) else "not published")
        if pd.notna(r["ci_lower"]) and str(r.get("ci_method") or "").startswith("computed"):
            ci += " (calculated)"
        value = _cell(r["value"], ind.decimals) if pd.notna(r["value"]) else escape(str(r.get("note") or "–"))
        src = f'<a href="{escape(str(r["source_url"]))}" rel="noopener">{escape(str(r["publication"]))}</a> ({escape(str(r["locator"]))})'
        if r["quality"] == "secondary":
            src += f' <strong class="flag">Reported by {escape(str(r["quality_source"]))}</strong>'
        rows.append(f'<tr><th scope="row">{escape(str(r["group"]))}</th><td>{escape(str(r["period"]))}</td>'
                    f'<td class="num">{value}</td><td class="num">{ci}</td><td class="num">{_cell(r["numerator"])}</td>'
                    f'<td class="num">{_cell(r["denominator"])}</td><td>{src}</td></tr>')
    th = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    return (f'<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(view.table_caption)}">'
            f'<table><caption>{escape(view.table_caption)}</caption><thead><tr>{th}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _doc(title: str, body: str, scripts: list[str], css_href: str | None, body_class: str = "") -> str:
    css = f'<link rel="stylesheet" href="{escape(css_href)}">' if css_href else f"<style>{BASE_CSS}</style>"
    js = "".join(f'<script src="{escape(s)}" defer></script>' for s in scripts)
    cls = f' class="{body_class}"' if body_class else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title>{css}{js}</head><body{cls}>{body}</body></html>\n")


def _chart(view) -> str:
    return (f'<div id="chart" role="img" aria-label="{escape(view.alt_text)}"></div>'
            f'<script type="application/json" id="figure-data">{figure_json(view)}</script>')


def _source_lines(view) -> str:
    return "<br>".join(escape(line.rstrip(".")) for line in view.source_lines[:2]) + (
        f" and {len(view.source_lines) - 2} more" if len(view.source_lines) > 2 else "")


def embed_page(view, permalink: str, plotly_src: str, draw_src: str) -> str:
    """The chart, its source and a link back; nothing else. Fills and follows the size of its frame."""
    body = (f"<h1>{escape(view.title)}</h1><p class=\"subtitle\">{escape(view.subtitle)}</p>"
            f'<p class="visually-hidden">{escape(view.explanation)}</p>'
            f"{_chart(view)}"
            f'<p class="source">{_source_lines(view)}. '
            f'<a href="{escape(permalink)}" target="_blank" rel="noopener">See the figures, the table and the '
            f"uncertainty on {escape(DASHBOARD_NAME)}</a> (opens a new tab)."
            + (f" {escape(SUPPORT_LINE)}" if view.sensitive else "") + "</p>")
    return _doc(f"{view.title} – {DASHBOARD_NAME}", body, [plotly_src, draw_src], None, "fill")


def static_page(view, permalink: str, root: str, files: dict[str, tuple[str, int]], version: str) -> str:
    """A static page for one view. files: label -> (relative href, bytes). root: relative path to the site root."""
    summary = "".join(f"<p>{escape(s)}</p>" for s in view.summary)
    caveats = "".join(f"<li>{escape(c)}</li>" for c in view.caveats)
    downloads = "".join(f'<a href="{escape(href)}" download>{escape(label)} ({max(1, round(size / 1024))} KB)</a>'
                        for label, (href, size) in files.items())
    cites = "".join(f"<li>{escape(cite_figure(ref))}</li>" for ref in sources_of(view.table_df)[:5])
    support = (f'<aside class="support" aria-label="Support"><p>{escape(SUPPORT_LINE)}</p></aside>'
               if view.sensitive else "")
    body = (f'<p class="small"><a href="{root}index.html">All charts</a></p><main>'
            f"<h1>{escape(view.title)}</h1><p class=\"subtitle\">{escape(view.subtitle)}</p>{support}"
            f'<div class="summary">{summary}</div>{_chart(view)}'
            f"<h2>The figures</h2>{table_html(view)}"
            f'<p class="source">{"<br>".join(escape(s) for s in view.source_lines)}</p>'
            + (f"<h2>Things to know</h2><ul>{caveats}</ul>" if caveats else "")
            + f'<h2>Download</h2><p class="downloads">{downloads}</p>'
            f"<h2>How to cite</h2><p>The figures:</p><ul>{cites}</ul><p>This chart:</p>"
            f"<p>{escape(cite_dashboard(permalink, version))}</p><p>{escape(INDEPENDENCE)}</p>"
            f'<p class="small"><a href="{escape(permalink)}">Open this view in the live dashboard</a></p></main>')
    return _doc(f"{view.title} – {DASHBOARD_NAME}", body,
                [f"{root}assets/plotly.min.js", f"{root}assets/draw.js"], f"{root}assets/site.css")


def index_page(entries: list[tuple[str, str, str, bool]], version: str, generated: str) -> str:
    """entries: (topic, title, relative href, sensitive)."""
    by_topic: dict[str, list[str]] = {}
    for topic, title, href, sensitive in entries:
        mark = " (mental health or suicide: support information on the page)" if sensitive else ""
        by_topic.setdefault(topic, []).append(f'<li><a href="{escape(href)}">{escape(title)}</a>{escape(mark)}</li>')
    sections = "".join(f"<h2>{escape(t.replace('-', ' ').capitalize())}</h2><ul>{''.join(items)}</ul>"
                       for t, items in by_topic.items())
    body = (f"<main><h1>{escape(DASHBOARD_NAME)}</h1>"
            f"<p>Published figures with their sources and uncertainty: {len(entries)} charts, each with its table, "
            f'images and data. <a href="data/package.zip">Download all the data (zip)</a>.</p>'
            f"<p>{escape(INDEPENDENCE)}</p>{sections}"
            f'<p class="small">Static export of version {escape(version)}, made {escape(generated)}.</p></main>')
    return _doc(DASHBOARD_NAME, body, [], "assets/site.css")
