#!/usr/bin/env bash
# Set up the app (first time: its system libraries and requirements/app.lock, no test tools) and run it on the
# shipped data at http://127.0.0.1:8050 (arguments go to `dashboard serve`, e.g. --port 8060 or --production).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec .venv/bin/python -m dashboard serve "$@"
