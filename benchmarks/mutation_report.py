"""Summarise a mutmut run (mutants/ in the repository root): killed / survived / other, per module, and the
survivors, as Markdown for docs/testing.md."""

from __future__ import annotations

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.mutation_sample import module_of, results


def main() -> int:
    status: collections.Counter[str] = collections.Counter()
    per_module: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    survivors = []
    for name, state in results():
        if state == "no tests":  # a mutant no unit test even runs is as alive as one that survives them
            state = "survived"
        if state == "not checked":  # outside the scope of this run
            status[state] += 1
            continue
        status[state] += 1
        per_module[module_of(name)][state] += 1
        if state == "survived":
            survivors.append(name)
    judged = status["killed"] + status["survived"]
    score = status["killed"] / judged if judged else 0.0
    others = {k: v for k, v in status.items() if k not in ("killed", "survived", "not checked")}
    print(f"Mutants run: {judged + sum(others.values())}; killed {status['killed']}, survived {status['survived']}, "
          f"other {sum(others.values())} ({', '.join(f'{k} {v}' for k, v in others.items()) or 'none'}); "
          f"{status['not checked']} generated outside this run's scope.")
    from scipy.stats import binomtest

    ci = binomtest(status["killed"], judged).proportion_ci(0.95, method="exact") if judged else None
    print(f"Score (killed / (killed + survived)): {score:.1%}" +
          (f" (exact 95% interval {ci.low:.1%} to {ci.high:.1%}, for a sample of the mutants)" if ci else "") + "\n")
    print("| module | killed | survived | score |\n|---|---|---|---|")
    for module in sorted(per_module):
        c = per_module[module]
        j = c["killed"] + c["survived"]
        print(f"| `{module}` | {c['killed']} | {c['survived']} | {c['killed'] / j:.0%} |" if j else
              f"| `{module}` | 0 | 0 | - |")
    print("\nSurvivors:\n")
    for s in survivors:
        print(f"- `{s}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
