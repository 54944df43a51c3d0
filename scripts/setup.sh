#!/usr/bin/env bash
# Set up what the app (default) or the app and its tests (`setup.sh test`) need, idempotently, on Debian with
# Python 3.11 and its stock pip:
# - app: Pango (WeasyPrint makes the PDF briefing), cairo (cairosvg makes PNG images) and fonts; a virtualenv
#   .venv with the hash-locked packages of requirements/app.lock. Needs root only if those libraries are missing.
# - test: also Debian's chromium + chromedriver (browser tests), poppler-utils (PDF checks), nodejs + npm
#   (axe-core accessibility checks) and wrk (load test); requirements/test.lock; the npm tools from their locks.
# The venv first gets the pip pinned in requirements/pip.lock, so a new release of any locked package (or an old
# pip on the machine) cannot change what is installed: every package, dependencies included, is listed with its
# hashes in the lock and installed with --no-deps, then `pip check` proves the set is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"
case "$mode" in app|test) ;; *) echo "usage: scripts/setup.sh [app|test]" >&2; exit 2 ;; esac
export DEBIAN_FRONTEND=noninteractive
started=$(date +%s)

has_lib() { { ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q "$1"; }
need=()
has_lib 'libpango-1.0.so' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
has_lib 'libcairo.so.2' || need+=(libcairo2)
fc-list 2>/dev/null | grep -qi 'dejavu\|liberation' || need+=(fontconfig fonts-dejavu-core fonts-liberation)
if [ "$mode" = test ]; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v chromedriver >/dev/null || need+=(chromium-driver)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  command -v wrk >/dev/null || need+=(wrk)
  command -v npm >/dev/null || need+=(nodejs npm)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "setup: installing ${need[*]} with apt-get" >&2
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages first (as root): apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
pip=(.venv/bin/python -m pip --disable-pip-version-check)
stamp=.venv/.installed-locks
lock_id() { sha256sum "requirements/$1.lock" | cut -d' ' -f1; }
installed() { grep -qx "$1:$(lock_id "$1")" "$stamp" 2>/dev/null; }
if ! installed "$mode" && ! { [ "$mode" = app ] && installed test; }; then
  "${pip[@]}" install -qq --require-hashes --no-deps -r requirements/pip.lock
  "${pip[@]}" install -qq --require-hashes --no-deps -r "requirements/$mode.lock"
  "${pip[@]}" check >&2
  { echo "app:$(lock_id app)"; [ "$mode" = test ] && echo "test:$(lock_id test)"; } > "$stamp"
fi

# npm packages, pinned by their lock files and never committed: the app's plotly.js basic bundle (Explore's
# interactive chart), and for the tests axe-core. Benchmark-only tools (tools/bench: lighthouse) are installed by
# benchmarks/run.py itself.
npm_dirs=()
if command -v npm >/dev/null; then npm_dirs+=(tools/plotly); fi   # without npm, the chart loads plotly's full bundle
if [ "$mode" = test ]; then npm_dirs+=(tools/axe); fi
for dir in "${npm_dirs[@]}"; do
  if [ ! -d "$dir/node_modules" ]; then
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
done
echo "setup ($mode): ready in $(( $(date +%s) - started )) s" >&2
