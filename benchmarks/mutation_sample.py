"""Pick a stratified random sample of the mutants mutmut generated (mutants/ in the repository root), for
benchmarks/mutation.sh: the same fraction of every module in scope, with a fixed seed so a run can be repeated.

    .venv/bin/python benchmarks/mutation_sample.py FRACTION SEED PATTERN [PATTERN ...]   # prints mutant names

Sampling mutants is a standard way to estimate a mutation score when running all of them costs too much; the
report gives the score with its exact 95% interval over the sample.
"""

from __future__ import annotations

import collections
import fnmatch
import math
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_of(name: str) -> str:
    return name.split(".x")[0] if ".x" in name else name.rsplit(".", 1)[0]


def results() -> list[tuple[str, str]]:
    """(mutant name, status) for every mutant mutmut generated, e.g. ('dashboard.stats.x_rate_ratio__mutmut_3',
    'killed'); shared with mutation_report.py."""
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "mutmut"), "results", "--all", "true"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    pairs = (line.strip().rpartition(": ") for line in out.splitlines())
    return [(name, state.strip()) for name, _, state in pairs if name]


def main(argv: list[str]) -> int:
    fraction, seed, patterns = float(argv[0]), int(argv[1]), argv[2:]
    names = sorted(name for name, _ in results())
    by_module: dict[str, list[str]] = collections.defaultdict(list)
    for n in names:
        if any(fnmatch.fnmatch(n, p) for p in patterns):
            by_module[module_of(n)].append(n)
    rng = random.Random(seed)
    for module in sorted(by_module):
        pool = by_module[module]
        for n in sorted(rng.sample(pool, max(1, math.ceil(len(pool) * fraction)))):
            print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
