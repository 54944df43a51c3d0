"""How many examples a hypothesis test draws: its full budget normally, a handful while mutmut runs it against a
mutant (MUTANT_UNDER_TEST is set), where the question is only whether the mutant breaks it at all."""

from __future__ import annotations

import os

UNDER_MUTATION = bool(os.environ.get("MUTANT_UNDER_TEST"))


def examples(n: int) -> int:
    return min(n, 12) if UNDER_MUTATION else n
