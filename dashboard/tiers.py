"""The three tiers of a source, in one place: their order and every name the site gives them.

primary: read on the producer's own page; official: restated by a public body; secondary: anyone else (always
flagged). The lowest layer that ranks tiers (the data layer's revision choice) reads this module, so it sits below
dashboard.data; dashboard.model.figure re-exports it.
"""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    """A source's tier. Its value is the slug stored in datasets/ ('primary'), so it compares equal to it."""

    PRIMARY = "primary"
    OFFICIAL = "official"
    SECONDARY = "secondary"

    @property
    def label(self) -> str:
        """'Primary source', 'Official summary', 'Secondary source': the badge beside a figure."""
        return _LABELS[self]

    @property
    def short(self) -> str:
        """'primary', 'official', 'secondary': the tier inside brackets on a printed line."""
        return self.value

    @property
    def rank(self) -> int:
        """Higher is better supported: primary 2, official 1, secondary 0."""
        return _RANKS[self]

    @property
    def checked(self) -> bool:
        """Read at the producer or restated by a public body (not a secondary report)."""
        return self is not Tier.SECONDARY

    @classmethod
    def of(cls, slug: object) -> Tier:
        """The tier named by a slug; anything unknown ranks as secondary (the weakest claim)."""
        try:
            return cls(str(slug))
        except ValueError:
            return cls.SECONDARY


_LABELS = {Tier.PRIMARY: "Primary source", Tier.OFFICIAL: "Official summary", Tier.SECONDARY: "Secondary source"}
_RANKS = {Tier.PRIMARY: 2, Tier.OFFICIAL: 1, Tier.SECONDARY: 0}
TIER_RANK = {t.value: t.rank for t in Tier}  # slug -> rank, for mapping a table column
