"""The page spec (dashboard/content/pages.yaml), validated: the blocks of each reading page (home, the topic page,
the briefing), the question each answers and the indicators it shows. Pure data; the builders in dashboard.content
read it.

The briefing's blocks say, besides, how the printed page uses them: the label of the block's number in the headline
band (`band`), whether its answer is one of the findings (`finding`), which titled section lists its figures
(`section`, else a section of its own) and which of its figures the print keeps (`print`, `top`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from dashboard.model.editorial import GapQuestion

SPEC = Path(__file__).with_name("pages.yaml")
Question = Literal["rate", "change", "gap", "causes", "mental-health", "social-care", "babies", "social-care-study",
                   "psychiatric-care-study"]
# Which of a block's figures the printed briefing keeps (the web page lists them all): every one; the first and the
# last of a series (the two a verdict compares); the leading figure of each series; the figures of the leading period.
Printed = Literal["all", "ends", "leads", "lead-period"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BlockSpec(_Strict):
    """One block: its anchor, the question it answers, its title, its indicators (the first leads) and its link."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    question: Question
    title: str = Field(min_length=1)
    indicators: tuple[str, ...] = Field(min_length=1)
    link: str = Field(min_length=1)
    chart: bool = False
    breakdown: str = "overall"
    groups: tuple[str, str] | None = None   # a gap: the group compared and the reference group, as comparisons.csv
    ratio_group: str | None = None          # a gap: the same two groups in the ratio indicator ('Black vs White')
    subject: str | None = None              # a gap: the two groups as a sentence names them
    band: str | None = None                 # briefing: the label of the block's number in the headline band
    finding: bool = False                   # briefing: the block's answer is one of the findings
    section: str | None = None              # briefing: the section (in the page's `sections`) listing its figures
    printed: Printed = "all"                # briefing: which of its figures the printed page keeps
    top: int | None = Field(default=None, ge=1)  # at most this many figures (the largest first, where ranked)

    @model_validator(mode="after")
    def _gap_is_complete(self) -> BlockSpec:
        if self.question == "gap" and not (self.groups and self.ratio_group and self.subject):
            raise ValueError(f"block {self.id}: a gap names its groups, ratio_group and subject")
        return self

    @property
    def gap_question(self) -> GapQuestion | None:
        """A gap block as the model's editorial policy takes it (None for a block of another question)."""
        if self.question != "gap" or not (self.groups and self.ratio_group and self.subject):
            return None
        return GapQuestion(self.indicators[0], self.breakdown, self.groups, self.ratio_group, self.subject)


class SectionSpec(_Strict):
    """A titled section of the briefing's figure list that several blocks share."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str = Field(min_length=1)


class PageSpec(_Strict):
    title: str = Field(min_length=1)
    intro: str = ""
    blocks: tuple[BlockSpec, ...] = Field(min_length=1)
    sections: tuple[SectionSpec, ...] = ()
    band_size: int = Field(default=4, ge=1, le=6)  # the numbers the headline band holds (the briefing)

    @model_validator(mode="after")
    def _unique_ids(self) -> PageSpec:
        ids = [b.id for b in self.blocks]
        if len(ids) != len(set(ids)):
            raise ValueError(f"block ids repeat: {ids}")
        named = {s.id for s in self.sections}
        unknown = sorted({b.section for b in self.blocks if b.section and b.section not in named})
        if unknown:
            raise ValueError(f"sections not declared in the page's sections: {unknown}")
        return self

    def section_of(self, block: BlockSpec) -> SectionSpec:
        """The section that lists a block's figures: the one it names, else a section of its own."""
        return next((s for s in self.sections if s.id == block.section), SectionSpec(id=block.id, title=block.title))

    def block(self, block_id: str) -> BlockSpec | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def gap(self, breakdown: str) -> BlockSpec | None:
        return next((b for b in self.blocks if b.question == "gap" and b.breakdown == breakdown), None)

    def gaps(self) -> tuple[GapQuestion, ...]:
        """The gaps this page answers, as the model's editorial policy takes them (the checker names the same lead
        for a pasted ratio as the page does)."""
        return tuple(q for b in self.blocks if (q := b.gap_question) is not None)


class Pages(_Strict):
    home: PageSpec
    topic: PageSpec
    briefing: PageSpec


def read(path: Path = SPEC) -> Pages:
    """Read and validate a page spec (pydantic's ValidationError names every problem)."""
    return Pages.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def pages() -> Pages:
    return read()
