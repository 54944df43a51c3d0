"""Server HTML to Dash components, so Dash renders exactly the DOM the server sent (one template, two renderers).

React replaces whatever sits inside #react-entry-point when Dash starts. If Dash's layout were written separately
from the Jinja template, the two would drift and the page would jump. Instead the Jinja partial is rendered once
and turned into dash.html components here, element for element, attribute for attribute, text node for text node.

Elements Dash's html library cannot render (inline SVG) travel as raw HTML inside an element whose class is in
RAW_CLASSES: that element becomes a dcc.Markdown with dangerously_allow_html, which renders `<div class=...>`
plus the raw HTML, the same DOM as the server's `<div class=...>` wrapper. The raw content must be one HTML block
for Markdown (it starts with a block tag, and has no blank line): the chart pair is a single line of divs and SVG.

to_dash() raises ValueError for markup it cannot reproduce exactly (an unknown tag or attribute, unbalanced tags),
so a template change that breaks the match fails the tests instead of shifting the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from dash import dcc, html

RAW_CLASSES = frozenset({"chart-pair"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_COMPONENTS: dict[str, type] = {name.lower(): getattr(html, name) for name in html.__all__}
_COMPONENTS.pop("mapel", None)
_COMPONENTS["map"] = html.MapEl
_COMPONENTS.pop("objectel", None)
_COMPONENTS["object"] = html.ObjectEl
_PROPS: dict[type, dict[str, str]] = {}


def _props_of(cls: type) -> dict[str, str]:
    """HTML attribute name (lower case) -> Dash prop name, for one component class."""
    found = _PROPS.get(cls)
    if found is None:
        names = [p for p in cls()._prop_names if p not in ("children", "n_clicks", "n_clicks_timestamp",  # type: ignore[attr-defined]
                                                           "disable_n_clicks", "key")]
        found = {p.lower(): p for p in names if not p.endswith("*")}
        found.update({"class": "className", "for": "htmlFor"})
        _PROPS[cls] = found
    return found


def _style(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        name, _, value = part.partition(":")
        name, value = name.strip(), value.strip()
        if name and value:
            key = name if name.startswith("--") else re.sub(r"-([a-z])", lambda m: m.group(1).upper(), name)
            out[key] = value
    return out


class _Builder(HTMLParser):
    def __init__(self, source: str, raw: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.raw_parts = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[tuple[str, dict[str, Any], list[Any]]] = [("#root", {}, [])]
        self.raw: tuple[str, dict[str, Any], int, int] | None = None  # (tag, props, start offset, depth)
        self.depth = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.raw is not None:
            if tag not in VOID:
                self.depth += 1
            return
        props = self._props(tag, attrs)
        if set(str(dict(attrs).get("class") or "").split()) & RAW_CLASSES:
            start = self._offset() + len(self.get_starttag_text() or "")
            self.raw, self.depth = (tag, props, start, 0), 0
            return
        if tag in VOID:
            self._append(_COMPONENTS[tag](**props))
        else:
            self.stack.append((tag, props, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.raw is not None:
            return
        self._append(_COMPONENTS[tag](**self._props(tag, attrs)) if tag in _COMPONENTS else self._bad(tag))

    def handle_endtag(self, tag: str) -> None:
        if self.raw is not None:
            if self.depth > 0:
                self.depth -= 1
                return
            rtag, props, start, _ = self.raw
            if tag != rtag:
                raise ValueError(f"unbalanced raw element <{rtag}> closed by </{tag}>")
            inner = self.source[start:self._offset()]
            for token, markup in self.raw_parts.items():
                inner = inner.replace(token, markup)
            if "\n\n" in inner or not inner.lstrip().startswith("<div"):
                raise ValueError("raw HTML must be one Markdown HTML block: start with <div>, no blank lines")
            self.raw = None
            if set(props) - {"className", "id", "style"}:
                raise ValueError(f"a raw element may carry only class, id and style: {sorted(props)}")
            self._append(dcc.Markdown(inner, dangerously_allow_html=True, **props))
            return
        if tag in VOID:
            return
        open_tag, props, children = self.stack.pop()
        if open_tag != tag:
            raise ValueError(f"<{open_tag}> closed by </{tag}>: the template must be well formed")
        self._append(_COMPONENTS[tag](children=children or None, **props))

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            return
        children = self.stack[-1][2]
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    def handle_comment(self, data: str) -> None:  # comments are not part of the DOM Dash renders
        if self.raw is None:
            raise ValueError("HTML comments are not reproduced by Dash: leave them out of the template")

    def _append(self, component: Any) -> None:
        self.stack[-1][2].append(component)

    def _bad(self, tag: str) -> Any:
        raise ValueError(f"<{tag}> has no Dash html component")

    def _props(self, tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, Any]:
        cls = _COMPONENTS.get(tag)
        if cls is None:
            self._bad(tag)
        known = _props_of(cls)  # type: ignore[arg-type]
        props: dict[str, Any] = {}
        for name, value in attrs:
            if name.startswith(("data-", "aria-")):
                props[name] = value if value is not None else ""
            elif name == "style":
                props["style"] = _style(value or "")
            elif name in known:
                props[known[name]] = True if value is None else value
            else:
                raise ValueError(f"<{tag} {name}> cannot be rendered by Dash's html.{cls.__name__}")  # type: ignore[union-attr]
        return props


def to_dash(fragment: str, raw: Mapping[str, str] | None = None) -> list[Any]:
    """The components (and text) of an HTML fragment, in order.

    raw: placeholders in the fragment's raw elements and the markup they stand for, so long raw markup (an SVG of
    hundreds of elements) is never parsed, only copied.
    """
    builder = _Builder(fragment, raw or {})
    builder.feed(fragment)
    builder.close()
    if builder.raw is not None or len(builder.stack) != 1:
        raise ValueError("unclosed element in the template")
    return builder.stack[0][2]


def one(fragment: str, raw: Mapping[str, str] | None = None) -> Any:
    """The single element of a fragment (surrounding whitespace ignored)."""
    parts = [p for p in to_dash(fragment, raw) if not (isinstance(p, str) and not p.strip())]
    if len(parts) != 1:
        raise ValueError(f"expected one element, found {len(parts)}")
    return parts[0]
