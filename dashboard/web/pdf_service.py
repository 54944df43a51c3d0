"""The production server's PDF maker: one process at the lowest CPU priority that lays out the server's PDFs one at a
time and keeps each on disk, so a flood of PDF requests costs the workers no CPU and each PDF is made once per
server, not once per worker.

Laying out a briefing costs 1.5 to 2.4 s of CPU. Made in the workers, a flood of new addresses took the cores the
pages need even with a limit on how many were made at once. Here a worker only renders the briefing's HTML (a few
milliseconds) and hands it over a Unix socket to this process, forked from the master before the workers and
niced to 19, so any page request takes the CPU first. The PDF is written into DASHBOARD_CACHE/pdf under a hash of
its key (data hash, canonical query, day, site address), where every worker finds it, also after a restart with the
same data on the same day. The worker waits for it at most WAIT_S seconds; past that the request gets the busy page
(503, Retry-After) and the PDF, still made, is there for the next one. Notices never reach a PDF: only canonical
addresses are made (dashboard.web.pages).

    service = PdfService(assets, cache_dir() / "pdf").start()   # in the master, before the fork
    pdf_bytes = service.make(key, html, compact_html, base_url)    # in a worker thread
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import os
import signal
import socket
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path

from dashboard.cache import prune_oldest, write_whole
from dashboard.web.pdf_layout import PdfUnavailable, make_pdf

log = logging.getLogger(__name__)

WAIT_S = 20.0        # how long a request waits for its PDF before it is told to try again
MAX_FILES = 400      # PDFs kept on disk (60 to 120 KB each); the oldest go first
NICE = 19
_PR_SET_PDEATHSIG = 1


class PdfBusy(Exception):
    """The PDF maker did not finish this PDF in time (it goes on, and keeps it on disk)."""


def file_name(key: tuple) -> str:
    """The disk name of a PDF: a hash of its whole key (the key's parts are all strings)."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest() + ".pdf"


def code_stamp(*folders: Path) -> str:
    """A fingerprint of the code and assets a PDF is made with (every file's path, size and modification time), so a
    PDF kept on disk by an older version of the site is never served by a newer one."""
    digest = hashlib.sha256()
    for folder in folders:
        for f in sorted(folder.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                st = f.stat()
                digest.update(f"{f.relative_to(folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


class PdfService:
    def __init__(self, assets: Path, folder: Path, wait_s: float = WAIT_S, max_files: int = MAX_FILES,
                 stamp: str = "") -> None:
        self.assets = assets
        self.stamp = stamp  # code_stamp(): part of every PDF's disk name
        self.folder = folder
        self.wait_s = wait_s
        self.max_files = max_files
        self.pid: int | None = None
        self._dir = tempfile.mkdtemp(prefix="dashboard-pdf-")  # mode 0700: only this user can reach the socket
        self.address = os.path.join(self._dir, "socket")

    # --- in the master -------------------------------------------------------------------------------------------
    def start(self) -> PdfService:
        self.folder.mkdir(parents=True, exist_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.address)
        listener.listen(64)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; measured by the tests through its answers
            try:
                self._child(listener)
            finally:
                os._exit(0)  # never back into the master's code (gunicorn's loop, atexit handlers)
        listener.close()
        self.pid = pid
        return self

    def stop(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = None
        with contextlib.suppress(OSError):
            os.unlink(self.address)
        with contextlib.suppress(OSError):
            os.rmdir(self._dir)

    def name(self, key: tuple) -> str:
        return file_name((self.stamp, *key))

    # --- in a worker ---------------------------------------------------------------------------------------------
    def stored(self, key: tuple) -> bytes | None:
        try:
            return (self.folder / self.name(key)).read_bytes()
        except OSError:
            return None

    def make(self, key: tuple, html: str, compact_html: str, base_url: str) -> bytes:
        """The PDF of `key`, from disk or made by the service. Raises PdfBusy after wait_s, PdfUnavailable when it
        cannot be made."""
        hit = self.stored(key)
        if hit is not None:
            return hit
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(self.address)
        except OSError as exc:
            sock.close()
            raise PdfUnavailable(f"the PDF maker does not answer: {exc}") from exc
        with Connection(sock.detach()) as conn:
            for part in (self.name(key), html, compact_html, base_url):
                conn.send_bytes(part.encode("utf-8"))
            if not conn.poll(self.wait_s):
                raise PdfBusy("the PDF is still being made")
            try:
                answer = conn.recv_bytes()
            except (EOFError, OSError) as exc:
                raise PdfUnavailable(f"the PDF maker stopped: {exc}") from exc
        if answer[:1] != b"+":
            raise PdfUnavailable(answer[1:].decode("utf-8", "replace"))
        return answer[1:]

    # --- the service process -------------------------------------------------------------------------------------
    def _child(self, listener: socket.socket) -> None:  # pragma: no cover - runs in the forked process
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with contextlib.suppress(Exception):  # Linux: stop when the master stops, however it stops
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        os.nice(NICE)
        parent = os.getppid()
        listener.settimeout(5.0)
        while True:
            try:
                sock, _ = listener.accept()
            except TimeoutError:
                if os.getppid() != parent:
                    return
                continue
            sock.settimeout(None)
            with Connection(sock.detach()) as conn:
                try:
                    name, html, compact, base = (conn.recv_bytes().decode("utf-8") for _ in range(4))
                except (EOFError, OSError):
                    continue
                with contextlib.suppress(OSError):  # the worker may have stopped waiting: the PDF is kept anyway
                    conn.send_bytes(self._one(name, html, compact, base))

    def _one(self, name: str, html: str, compact: str, base: str) -> bytes:  # pragma: no cover - in the child
        path = self.folder / os.path.basename(name)
        try:
            return b"+" + path.read_bytes()  # made meanwhile for another worker
        except OSError:
            pass
        try:
            data = make_pdf(self.assets, lambda c: compact if c else html, base)
        except PdfUnavailable as exc:
            log.error("the briefing PDF could not be made: %s", exc)
            return b"-" + str(exc).encode("utf-8")
        except Exception as exc:  # a bug of ours: said to the worker, which logs it and answers its 503 page
            log.exception("the briefing PDF could not be made")
            return b"-" + f"{type(exc).__name__}: {exc}".encode()
        try:
            write_whole(path, data)  # whole or not at all, for the workers reading it
        except OSError as exc:
            log.warning("a PDF could not be kept on disk: %s", exc)
        else:
            prune_oldest(self.folder, "*.pdf", self.max_files)
        return b"+" + data
