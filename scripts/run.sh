#!/usr/bin/env bash
# Set up (first time) and run the dashboard on the shipped data at http://127.0.0.1:8050
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m dashboard serve "$@"
