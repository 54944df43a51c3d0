"""Safe messaging: words generated text must never use (Samaritans guidance; guidance.md S1, S2, S5)."""

from __future__ import annotations

import re

BANNED = (
    "epidemic", "soaring", "soar", "surge", "surging", "skyrocket", "skyrocketing", "spike", "spiking",
    "explosion", "exploding", "crisis", "shocking", "alarming", "committed suicide", "commit suicide",
    "successful suicide", "failed suicide", "suicide hotspot", "plummet", "plummeting",
)
# Method and location detail must never appear (S1). Broad nouns only: the data model holds none of this.
METHOD_WORDS = ("hanging", "overdose", "poisoning", "jumped", "jumping", "ligature", "railway", "bridge", "cliff")
# Causal wording about social care involvement is not allowed (S5): involvement is an association.
CAUSAL_SOCIAL_CARE = re.compile(r"social (care|services)[^.]{0,40}\b(led to|caused|causes|results? in|drove|drives)\b", re.IGNORECASE)


def problems_in(text: str) -> list[str]:
    """Every safe-messaging problem in a piece of generated text (empty list = safe)."""
    low = text.lower()
    found = [f"banned word '{w}'" for w in BANNED if re.search(rf"\b{re.escape(w)}\b", low)]
    found += [f"method detail '{w}'" for w in METHOD_WORDS if re.search(rf"\b{re.escape(w)}\b", low)]
    if CAUSAL_SOCIAL_CARE.search(text):
        found.append("causal wording about social care involvement")
    return found


def assert_safe(text: str) -> str:
    """Return the text, or raise ValueError: generated text is checked before it is shown."""
    found = problems_in(text)
    if found:
        raise ValueError(f"unsafe generated text ({'; '.join(found)}): {text!r}")
    return text
