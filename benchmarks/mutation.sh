#!/usr/bin/env bash
# Mutation testing of the pure layers named by the testing issue (data, statistics, URL state, text and the figure
# model) against the unit tests: a benchmark, not part of CI. Config: [tool.mutmut] in pyproject.toml.
# All ~4,900 mutants in scope take about three hours on 2 cores, so by default a stratified random sample is run
# (the same fraction of every module, fixed seed); the report gives the score with its exact 95% interval.
#   bash benchmarks/mutation.sh                  # 20% sample, seed 2026 (about 11 minutes on 2 cores)
#   SAMPLE=1 bash benchmarks/mutation.sh         # every mutant in scope
# docs/testing.md records the latest run and why each kept survivor is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -c "import mutmut" 2>/dev/null || .venv/bin/pip install -q "mutmut==3.8.1"
SAMPLE="${SAMPLE:-0.2}" SEED="${SEED:-2026}"
SCOPE=("dashboard.data.*" "dashboard.stats*" "dashboard.explore.state*" "dashboard.text.*"
       "dashboard.model.figure*" "dashboard.model.compare*" "dashboard.model.words*" "dashboard.model.select*")
rm -rf mutants
# generate every mutant and map tests to functions, running none
.venv/bin/mutmut run --max-children "$(nproc)" "dashboard.no_such_function__mutmut_0" >/dev/null 2>&1 || true
mapfile -t NAMES < <(.venv/bin/python benchmarks/mutation_sample.py "$SAMPLE" "$SEED" "${SCOPE[@]}")
echo "mutation.sh: running ${#NAMES[@]} mutants (sample ${SAMPLE}, seed ${SEED})" >&2
.venv/bin/mutmut run --max-children "$(nproc)" "${NAMES[@]}" >/dev/null 2>&1 || true
.venv/bin/python benchmarks/mutation_report.py
