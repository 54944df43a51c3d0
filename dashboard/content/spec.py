"""The page spec (dashboard/content/pages.yaml), validated: the blocks of each reading page, the question each
answers and the indicators it shows. Pure data; the builders in dashboard.content read it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

SPEC = Path(__file__).with_name("pages.yaml")
Question = Literal["rate", "change", "gap", "causes", "mental-health", "social-care", "babies", "social-care-study",
                   "psychiatric-care-study"]


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

    @model_validator(mode="after")
    def _gap_is_complete(self) -> BlockSpec:
        if self.question == "gap" and not (self.groups and self.ratio_group and self.subject):
            raise ValueError(f"block {self.id}: a gap names its groups, ratio_group and subject")
        return self


class PageSpec(_Strict):
    title: str = Field(min_length=1)
    intro: str = ""
    blocks: tuple[BlockSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> PageSpec:
        ids = [b.id for b in self.blocks]
        if len(ids) != len(set(ids)):
            raise ValueError(f"block ids repeat: {ids}")
        return self

    def block(self, block_id: str) -> BlockSpec | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def gap(self, breakdown: str) -> BlockSpec | None:
        return next((b for b in self.blocks if b.question == "gap" and b.breakdown == breakdown), None)


class Pages(_Strict):
    home: PageSpec
    topic: PageSpec


def read(path: Path = SPEC) -> Pages:
    """Read and validate a page spec (pydantic's ValidationError names every problem)."""
    return Pages.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def pages() -> Pages:
    return read()
