"""The static export: the whole site, frozen, for any static host (no Python needed to serve it).

    python -m dashboard export OUTDIR

It drives the app (dashboard.app) through Flask's test client, asking the site's own routes for every page, so the
copy is the site and cannot drift from it; that is why it sits above the web layer. What it follows, how addresses
become files and how pages are rewritten: dashboard.exports.site. Nothing is written outside OUTDIR.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote_plus, urlsplit

from dashboard.app import create_app
from dashboard.config import Settings
from dashboard.data.load import Store, load_store
from dashboard.exports.site import (
    CHECK,
    EMBED,
    EXPLORE,
    SEEDS,
    check_index,
    file_for,
    freeze_forms,
    key_of,
    links,
    page_location,
    rewrite,
    sitemap_xml,
    split,
)
from dashboard.model.figure import date_words
from dashboard.web import urls


@dataclass
class Result:
    outdir: Path
    pages: int
    files: int
    seconds: float
    bytes: int = 0
    broken: list[str] = field(default_factory=list)


class Progress:
    """A plain progress line on stderr (a line every 100 files when stderr is not a terminal)."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.done, self.stream, self.enabled = 0, stream or sys.stderr, enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, label: str, waiting: int) -> None:
        self.done += 1
        if not self.enabled or not (self.tty or self.done % 100 == 0):
            return
        line = f"{self.done} written, {waiting} to go: {label[:60]}"
        self.stream.write(("\r" + line.ljust(100)) if self.tty else line + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")


def summary(result: Result, public_url: str | None) -> str:
    """What the command line prints after an export."""
    done = (f"Exported {result.pages} pages ({result.files} files, {result.bytes / 1e6:.1f} MB) to {result.outdir} in "
            f"{result.seconds:.1f} s. Serve the folder with any static host, e.g. "
            f"python -m http.server --directory {result.outdir}")
    lines = [done]
    if not public_url:
        lines.append("DASHBOARD_PUBLIC_URL is not set: links to the live site (forms, permalinks, sitemap) use "
                     "the local address of a development server.")
    lines += [f"Broken link: {b}" for b in result.broken]
    return "\n".join(lines)


def _write(path: Path, data: bytes | str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(raw)
    return len(raw)


def export(outdir: str | Path, store: Store | None = None, settings: Settings | None = None,
           progress: bool = True, stream: TextIO | None = None) -> Result:
    """Write the whole site into outdir (files of an earlier copy are overwritten, never deleted)."""
    t0 = time.perf_counter()
    out = Path(outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    settings = settings or Settings.from_env()
    store = store or load_store(settings.datasets)  # no cache folder: write nothing outside OUTDIR
    live = urls.base_url(settings.public_url)
    made = date_words(date.today().isoformat())
    client = create_app(settings, store).server.test_client()
    bar = Progress(stream, progress)

    files: dict[str, str] = {}         # crawl key -> file
    pages: dict[str, str] = {}         # file -> HTML still to rewrite
    checks: list[tuple[str, str]] = []  # (query words, address) of every Check page
    broken: list[str] = []
    queue: deque[str] = deque(SEEDS)
    queued = set(SEEDS)
    size = 0

    def visit(url: str) -> None:
        nonlocal size
        path, query, _ = split(url)
        resp = client.get(url, base_url=live)
        if resp.status_code in (301, 302, 303, 307, 308):
            follow(resp.headers["Location"], url)
            return
        if resp.status_code != 200:
            broken.append(f"{url} ({resp.status_code})")
            return
        mime = resp.mimetype or "application/octet-stream"
        file = file_for(path, query, mime)
        files[key_of(path, query)] = file
        if mime == "text/html":
            text = resp.get_data(as_text=True)
            pages[file] = text
            found = links(text, live)
            if path == EXPLORE:
                found.append(EMBED + (f"?{query}" if query else ""))
            if path == CHECK and query:
                checks.append((" ".join(unquote_plus(v) for k, v in _pairs(query) if k == "q"), url))
            for link in found:
                p, q, _ = split(link)
                k = key_of(p, q)
                if k not in queued and k not in files:
                    queued.add(k)
                    queue.append(link)
        else:
            size += _write(out / file, resp.get_data())
        bar.step(url, len(queue))

    redirects: dict[str, str] = {}

    def follow(location: str, source: str) -> None:
        target = urlsplit(location)
        url = target.path + (f"?{target.query}" if target.query else "")
        key = key_of(*split(url)[:2])
        redirects[key_of(*split(source)[:2])] = key
        if key not in queued and key not in files:
            queued.add(key)
            visit(url)

    while queue:
        visit(queue.popleft())

    def file_of(key: str) -> str | None:
        return files.get(redirects.get(key, key))

    checks.sort()
    for file, text in pages.items():
        text = freeze_forms(text, made, live)
        if file == file_for(CHECK, "", "text/html"):
            text = check_index(text, checks)
        text, missing = rewrite(text, file, file_of, live)
        broken.extend(f"{m} (linked from {file})" for m in missing)
        size += _write(out / file, text)
    size += _write(out / "robots.txt", client.get("/robots.txt", base_url=live).get_data())
    listed = sorted(f for f in pages if not f.startswith(EMBED.strip("/") + "/"))
    size += _write(out / "sitemap.xml", sitemap_xml(page_location(live, f) for f in listed))
    bar.end()
    return Result(out, len(pages), len(files) + 2, time.perf_counter() - t0, size, sorted(set(broken)))


def _pairs(query: str) -> list[tuple[str, str]]:
    return [(k, v) for k, _, v in (p.partition("=") for p in query.split("&"))]
