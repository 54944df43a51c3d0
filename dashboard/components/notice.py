"""A visible, announced notice: what was changed to turn a link into a valid view (never an error page)."""

from __future__ import annotations

from dash import html


def notice(messages: list[str] | tuple[str, ...], notice_id: str = "view-notice") -> html.Div:
    """An always-present status region; empty when there is nothing to say, so changes are announced."""
    unique = list(dict.fromkeys(m for m in messages if m))
    if not unique:
        return html.Div(id=notice_id, role="status", className="notice-empty")
    body: list = [html.P(html.Strong("We changed your link to show a view we have."), className="notice-title")]
    body.append(html.Ul([html.Li(m) for m in unique]) if len(unique) > 1 else html.P(unique[0]))
    return html.Div(body, id=notice_id, role="status", className="notice")
