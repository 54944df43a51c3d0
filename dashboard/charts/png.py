"""Charts as PNG: the standalone SVG (dashboard.charts.svg) rasterised by cairosvg.

Why cairosvg: it renders SVG in-process with the cairo library, so a PNG costs a function call: no browser, no
Chromium or kaleido process to start, keep alive and time out, and no request from the server to itself. It reads
only the SVG it is given (unsafe=False: no external files or URLs are fetched). It needs the system cairo library
(libcairo2 on Debian) and finds fonts through fontconfig: install an Arial-metric font (fonts-liberation) so the
text fits the layout, which is measured with Arial's widths.
"""

from __future__ import annotations

import cairosvg

from dashboard.charts.spec import Chart
from dashboard.charts.svg import render_svg


def render_png(chart: Chart, width: int = 1200, scale: float = 1) -> bytes:
    """PNG bytes of the chart laid out at `width` CSS px, rasterised at `scale` (the image is width * scale px).

    For a social card, lay out at about 600 px and use scale=2: the text stays readable when the image is shown
    at phone width.
    """
    svg = render_svg(chart, width, standalone=True, id_prefix="png")
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, unsafe=False)
