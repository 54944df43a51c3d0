"""Time the full static export (every page of the site, every file under /data/, the views, images and embeds).

    .venv/bin/python benchmarks/export_bench.py [OUTDIR]

Writes into OUTDIR (default: a temporary folder, removed afterwards) and prints the timings. Not a test:
the result goes into docs/sharing.md by hand.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.config import Settings
from dashboard.data.load import load_store
from dashboard.publish import site


def main(argv: list[str]) -> int:
    settings = Settings.from_env()
    t0 = time.perf_counter()
    store = load_store(settings.datasets)
    t_load = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        out = Path(argv[0]) if argv else Path(tmp) / "site"
        cpu = time.process_time()
        result = site.export(out, store, settings, progress=False)
        cpu = time.process_time() - cpu
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        n_files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"load and validate data: {t_load:.1f} s")
    print(f"static export: {result.pages} pages, {n_files} files, {size / 1e6:.1f} MB in {result.seconds:.1f} s "
          f"({cpu:.1f} s of CPU); broken links: {len(result.broken)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
