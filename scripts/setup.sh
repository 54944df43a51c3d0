#!/usr/bin/env bash
# Set up everything the app and its tests need on a fresh Debian machine (Python 3.11, root), idempotently:
# - the app's system libraries: Pango (WeasyPrint makes the PDF briefing) and cairo (cairosvg makes PNG images);
# - for the tests: Debian's chromium + chromedriver (browser tests), poppler-utils (PDF checks), nodejs + npm
#   (axe-core accessibility checks), wrk (load test);
# - a virtualenv with hash-locked Python packages, and the npm tools (axe-core) from their lock files.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v wrk >/dev/null || need+=(wrk)
command -v npm >/dev/null || need+=(nodejs npm)
ldconfig -p | grep 'libpango-1.0.so' >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep 'libcairo.so.2' >/dev/null || need+=(libcairo2)
fc-list 2>/dev/null | grep -i 'dejavu\|liberation' >/dev/null || need+=(fonts-dejavu-core fonts-liberation)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${need[*]} with apt-get" >&2
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages first: ${need[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
lock_stamp=.venv/.lock-sha256
want=$(sha256sum requirements/test.lock | cut -d' ' -f1)
if [ "$(cat "$lock_stamp" 2>/dev/null)" != "$want" ]; then
  # (grep drops pip's notes about this machine's optional local package mirrors)
  .venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/test.lock \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  echo "$want" > "$lock_stamp"
fi

# npm packages the app and tests use (plotly.js basic bundle, axe-core), pinned by their lock files and never committed. Benchmark-only tools
# (tools/bench: lighthouse) are installed by benchmarks/run.py itself.
for dir in tools/plotly tools/axe; do
  if [ ! -d "$dir/node_modules" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
done
