"""Plain English: the reading-ease score every generated text must reach (Flesch, via textstat)."""

from __future__ import annotations

READING_EASE_MIN = 60.0  # Flesch reading ease of every page's generated words (textstat 0.7.8)


def reading_ease(text: str) -> float:
    """Flesch reading ease of a text (higher is easier; 60 and above is plain English)."""
    import textstat  # pinned to 0.7.8: later versions download data at run time

    return float(textstat.flesch_reading_ease(text))
