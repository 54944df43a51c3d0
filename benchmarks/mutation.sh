#!/usr/bin/env bash
# Mutation testing of the pure layers named by the testing issue (data, statistics, URL state, text and the figure
# model) against the unit tests: a benchmark, not part of CI. Config: [tool.mutmut] in pyproject.toml. Prints the
# score and the survivors; docs/testing.md records the latest run and why each kept survivor is kept.
#   bash benchmarks/mutation.sh                      # the pure layers (about an hour on 2 cores)
#   bash benchmarks/mutation.sh "dashboard.stats*"   # one module
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -c "import mutmut" 2>/dev/null || .venv/bin/pip install -q "mutmut==3.8.1"
SCOPE=("$@")
if [ ${#SCOPE[@]} -eq 0 ]; then
  SCOPE=("dashboard.data.*" "dashboard.stats*" "dashboard.state*" "dashboard.text.*"
         "dashboard.model.figure*" "dashboard.model.compare*" "dashboard.model.words*" "dashboard.model.select*")
fi
rm -rf mutants
.venv/bin/mutmut run --max-children "$(nproc)" "${SCOPE[@]}" >/dev/null 2>&1 || true
.venv/bin/python benchmarks/mutation_report.py
