"""Self-contained chart images: the view's figure with headline, subtitle, source, permalink, date and support.

compose() is pure (figure in, figure out). render() turns a figure into PNG or SVG bytes with kaleido on the
system Chromium, through ONE long-lived renderer per process (dashboard/exports/renderer.py: started lazily, so each
gunicorn worker starts its own after the fork, with a hard timeout per render), never a browser per image and never
a Chrome download.
"""

from __future__ import annotations

import atexit
import copy
import textwrap
import warnings
from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.theme import FONT, TEXT
from dashboard.exports.citation import DASHBOARD_NAME, source_lines
from dashboard.exports.renderer import Renderer
from dashboard.text.safety import assert_safe

Format = Literal["png", "svg"]
WIDTH, HEIGHT, PNG_SCALE = 1100, 720, 2
SUPPORT_LINE = ("If this topic affects you, you can talk to Samaritans, free, any time, on 116 123. "
                "Your GP, midwife or health visitor can help.")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}
_LINE_PX = 19


@dataclass(frozen=True)
class ImageText:
    """Everything written around the chart (all generated from the data, all checked by assert_safe)."""

    headline: str
    subtitle: str
    sources: tuple[str, ...]
    permalink: str
    day: date
    sensitive: bool
    ci_note: str

    @classmethod
    def for_view(cls, view, permalink: str, day: date | None = None, show_ci: bool = True) -> "ImageText":
        table: pd.DataFrame = view.table_df
        has_ci = bool(len(table)) and bool(table["ci_lower"].notna().any())
        if not has_ci:
            ci_note = "No confidence intervals were published for these figures."
        elif show_ci:
            ci_note = ("The shaded bands and the bars through the points show 95% confidence intervals, "
                       "where they were published or could be calculated.")
        else:
            ci_note = "95% confidence intervals are hidden in this view; they are in the CSV at the link below."
        if len(table) and (table["quality"] == "secondary").any():
            ci_note += " Some figures were read on secondary sources (named below)."
        return cls(headline=assert_safe(view.title), subtitle=assert_safe(view.subtitle),
                   sources=tuple(source_lines(table)), permalink=permalink, day=day or date.today(),
                   sensitive=bool(view.sensitive), ci_note=ci_note)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


def _esc(text: str) -> str:
    """Plotly text is a small HTML subset: keep user text literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def footer_lines(t: ImageText) -> list[tuple[str, dict]]:
    """(text, font) lines under the chart, top to bottom."""
    small = {"size": 14, "color": TEXT, "family": FONT}
    lines: list[tuple[str, dict]] = [(line, small) for line in _wrap(t.ci_note, 130)]
    for src in t.sources:
        lines += [(line, small) for line in _wrap(src, 130)]
    lines.append((f"View online: {t.permalink}", small))
    lines.append((f"{DASHBOARD_NAME}, an independent presentation of published figures. "
                  f"Image made {t.day.strftime('%-d %B %Y')}.", {**small, "color": "#505a5f"}))
    return lines


def compose(fig: go.Figure, t: ImageText, width: int = WIDTH) -> go.Figure:
    """A copy of the chart that stands on its own: two titles above, source and link below."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    head = _wrap(t.headline, 70)
    sub = _wrap(t.subtitle, 110)
    feet = footer_lines(t)
    top = 64 + 31 * len(head) + 26 * len(sub)
    bottom = 90 + _LINE_PX * len(feet) + (30 + 22 * len(_wrap(SUPPORT_LINE, 110)) if t.sensitive else 0)
    chart_height = 430
    height = top + chart_height + bottom
    # Plotly anchors a multi-line title by its first line: put that line's baseline 46 px from the top.
    title = "<br>".join(f"<b>{_esc(h)}</b>" for h in head) + "".join(
        f"<br><span style='font-size:16px'>{_esc(s)}</span>" for s in sub)
    out.update_layout(
        width=width, height=height, paper_bgcolor="white", plot_bgcolor="white",
        title={"text": title, "x": 0.01, "xanchor": "left", "xref": "container", "y": 1 - 46 / height,
               "yanchor": "bottom", "yref": "container", "font": {"size": 24, "family": FONT, "color": TEXT}},
        margin={**(out.layout.margin.to_plotly_json() if out.layout.margin else {}), "t": top, "b": bottom},
    )
    # Below the x-axis title, placed in pixels from the bottom of the plot area.
    offset = 70
    for text, font in feet:
        out.add_annotation(text=_esc(text), x=0, xref="paper", xanchor="left", y=0, yref="paper", yanchor="top",
                           yshift=-offset, showarrow=False, align="left", font=font)
        offset += _LINE_PX
    if t.sensitive:
        support = _wrap(SUPPORT_LINE, 110)
        out.add_annotation(text="<br>".join(_esc(s) for s in support), x=0, xref="paper", xanchor="left", y=0,
                           yref="paper", yanchor="top", yshift=-(offset + 8), showarrow=False, align="left",
                           font={"size": 15, "color": TEXT, "family": FONT}, bordercolor="#12436D", borderwidth=2,
                           borderpad=6, bgcolor="#f3f2f1")
    return out


# --------------------------------------------------------------------------- rendering (one kaleido server)

_RENDERER = Renderer()
atexit.register(_RENDERER.stop)


def stop() -> None:
    """Stop this process's renderer (it restarts on the next render)."""
    _RENDERER.stop()


def render(fig: go.Figure, fmt: Format) -> bytes:
    """PNG or SVG bytes of a composed figure. Thread-safe; one render at a time per process.

    Raises RenderError (never hangs) when Chromium cannot render it in time.
    """
    if fmt not in MEDIA_TYPES:
        raise ValueError(f"unknown image format {fmt!r}")
    opts = {"format": fmt, "width": fig.layout.width or WIDTH, "height": fig.layout.height or HEIGHT,
            "scale": PNG_SCALE if fmt == "png" else 1}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _RENDERER.render(fig, opts)
