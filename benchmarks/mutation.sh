#!/usr/bin/env bash
# Mutation testing of the pure layers (data, statistics, URL state, text and the figure model) against the unit
# tests: a benchmark, not part of CI. Config: [tool.mutmut] in pyproject.toml. Writes the score and the survivors
# to stdout; docs/testing.md records the latest run and why each kept survivor is kept.
#   bash benchmarks/mutation.sh            # all pure layers (about an hour on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -c "import mutmut" 2>/dev/null || .venv/bin/pip install -q "mutmut==3.8.1"
rm -rf mutants
.venv/bin/mutmut run --max-children "$(nproc)" >/dev/null 2>&1 || true
.venv/bin/python benchmarks/mutation_report.py
