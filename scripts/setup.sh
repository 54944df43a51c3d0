#!/usr/bin/env bash
# Set up everything the app and its tests need on a fresh Debian machine (Python 3.11, root), idempotently:
# Debian's chromium + chromedriver (browser tests, image and PDF export), poppler-utils (PDF text checks),
# wrk (load test), a virtualenv with hash-locked Python packages, and npm tools for accessibility checks.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v wrk >/dev/null || need+=(wrk)
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

# npm packages the app and tests use (axe-core; the plotly.js partial bundle), pinned by their lock files and
# never committed. Benchmark-only tools (tools/bench: lighthouse) are installed by benchmarks/run.py itself.
if command -v npm >/dev/null; then
  for dir in tools/axe tools/plotly-basic; do
    if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
      npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
    fi
  done
fi
