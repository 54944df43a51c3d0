#!/usr/bin/env bash
# Set up (first time: requirements/test.lock and the browser and PDF tools) and run ruff and the whole test suite,
# browser tests included. Fails if no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export DASHBOARD_CACHE="${DASHBOARD_CACHE:-$(mktemp -d)}"
echo "test.sh: ruff check" >&2
.venv/bin/python -m ruff check dashboard tests benchmarks tools
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "test.sh: no tests were collected" >&2
  exit 1
fi
exit "$rc"
