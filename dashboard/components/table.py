"""The accessible HTML table of exactly the figures a chart shows."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.data.catalogue import Indicator
from dashboard.text.numbers import fmt


def _cell(v, decimals: int = 0) -> str:
    if v is None or pd.isna(v):
        return "–"
    return fmt(float(v), decimals) if decimals else f"{int(v):,}"


def figures_table(df: pd.DataFrame, ind: Indicator, caption: str, table_id: str | None = None) -> html.Table:
    head = ["Group", "Period", f"Value ({ind.unit})", "95% CI", "Count", "Denominator", "Source"]
    rows = []
    for r in df.to_dict("records"):
        ci = (f"{_cell(r['ci_lower'], ind.decimals)} to {_cell(r['ci_upper'], ind.decimals)}"
              if pd.notna(r["ci_lower"]) else "not published")
        if pd.notna(r["ci_lower"]) and str(r.get("ci_method") or "").startswith("computed"):
            ci += " (calculated)"
        source = [html.A(r["publication"], href=r["source_url"], rel="noopener")]
        source.append(f" ({r['locator']})")
        if r["quality"] == "secondary":
            source += [" ", html.Strong(f"Reported by {r['quality_source']}", className="flag-secondary")]
        value = _cell(r["value"], ind.decimals) if pd.notna(r["value"]) else (r.get("note") or "–")
        rows.append(html.Tr([html.Th(r["group"], scope="row"), html.Td(r["period"]), html.Td(value, className="num"),
                             html.Td(ci, className="num"), html.Td(_cell(r["numerator"]), className="num"),
                             html.Td(_cell(r["denominator"]), className="num"), html.Td(source)]))
    return html.Div(html.Table([html.Caption(caption), html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                                html.Tbody(rows)], id=table_id, className="figures"),
                    className="table-wrap", tabIndex=0, role="region", **{"aria-label": caption})
