#!/usr/bin/env bash
# Regenerate the hash locks from requirements/*.in for Python 3.11 on Linux, keeping today's pins where the
# inputs allow (pass --upgrade to take new releases). Needs the test venv (uv is in test.lock).
set -euo pipefail
cd "$(dirname "$0")/../requirements"
uv=../.venv/bin/uv
opts=(--generate-hashes --python-version 3.11.7 --no-header --quiet)
[ "${1:-}" = "--upgrade" ] && opts+=(--upgrade)
"$uv" pip compile "${opts[@]}" pip.in -o pip.lock
"$uv" pip compile "${opts[@]}" app.in -o app.lock
"$uv" pip compile "${opts[@]}" test.in -o test.lock
