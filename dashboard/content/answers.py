"""The block that answers one question of the page spec, built by the builder of that question.

Home, the briefing and the API's statements build their blocks here, so a question is answered the same way
wherever it is asked (what leads is chosen by dashboard.model.editorial inside the builders). Pure: store in,
Block out; None when the store has nothing to show for the question.
"""

from __future__ import annotations

from dashboard.content.common import (
    Block,
    Change,
    babies_block,
    causes_block,
    change,
    change_block,
    gap_block,
    headline_block,
    late_deaths_block,
    social_services_block,
)
from dashboard.content.spec import BlockSpec, PageSpec, pages
from dashboard.data.load import Store
from dashboard.data.query import LATEST

CAUSES_TOP = 4  # the causes a block lists when its spec sets no `top`


def build(store: Store, spec: BlockSpec, edition: str = LATEST, ch: Change | None = None) -> Block | None:
    """The block a spec entry declares (`ch`: the rate's change, when the caller has it already)."""
    q = spec.question
    if q in ("rate", "change"):
        ch = ch if ch is not None else change(store, edition)
        return headline_block(store, ch, edition) if q == "rate" else change_block(store, ch, edition)
    if q == "gap":
        return gap_block(store, spec.breakdown, edition)
    if q == "causes":
        return causes_block(store, edition, top=spec.top or CAUSES_TOP)
    builders = {"mental-health": late_deaths_block, "social-care": social_services_block, "babies": babies_block}
    return builders[q](store, edition) if q in builders else None


def question_of(page: PageSpec, indicator: str, breakdown: str) -> BlockSpec | None:
    """The block of a page that answers for a view of this indicator and breakdown (a published ratio counts as its
    rate); None when no block of the page does."""
    names = {indicator, indicator.removesuffix("_ratio")}
    return next((b for b in page.blocks if b.breakdown == breakdown and names & set(b.indicators)), None)


def lead_of(store: Store, indicator: str, breakdown: str, edition: str = LATEST) -> tuple[BlockSpec, Block] | None:
    """The home page's answer to the question a view of this indicator and breakdown asks: its spec and its block,
    whose `lead`, `real` and `lead_sources` are what the page leads with."""
    spec = question_of(pages().home, indicator, breakdown)
    block = build(store, spec, edition) if spec is not None else None
    return (spec, block) if spec is not None and block is not None else None


__all__ = ["CAUSES_TOP", "build", "lead_of", "question_of"]
