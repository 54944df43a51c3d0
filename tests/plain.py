"""Plain English: the reading-ease score every generated text must reach (Flesch, via textstat).

Part of the tests: only the tests score the words, so the app itself does not need textstat.
"""

from __future__ import annotations

import textstat  # pinned to 0.7.8 in the test requirements: later versions download data at run time

READING_EASE_MIN = 60.0  # Flesch reading ease of every page's generated words (textstat 0.7.8)


def reading_ease(text: str) -> float:
    """Flesch reading ease of a text (higher is easier; 60 and above is plain English)."""
    return float(textstat.flesch_reading_ease(text))
