"""The page spec (dashboard/content/pages.yaml): validated, every indicator it names is in the catalogue, and the
home and topic pages are built from it (a block added to the spec appears; a broken spec is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from dashboard.content import spec
from dashboard.content.home import home
from dashboard.content.topic import topic
from dashboard.data.recommendations import load_recommendations
from tests.conftest import DATASETS


def test_every_indicator_the_spec_names_is_in_the_catalogue(store):
    pages = spec.read()
    named = {i for page in (pages.home, pages.topic) for b in page.blocks for i in b.indicators}
    assert named and named <= set(store.catalogue.indicators)


def test_the_pages_follow_the_spec_in_order(store):
    pages = spec.read()
    h = home(store)
    assert [h.headline.id, *(b.id for b in h.blocks)] == [b.id for b in pages.home.blocks]
    assert (h.title, h.intro) == (pages.home.title, pages.home.intro)
    assert h.headline.title == pages.home.block("headline").title


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "pages.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_a_broken_spec_is_refused_with_its_reason(tmp_path):
    data = yaml.safe_load(spec.SPEC.read_text(encoding="utf-8"))
    gap = next(b for b in data["home"]["blocks"] if b["question"] == "gap")
    del gap["subject"]
    with pytest.raises(ValidationError, match="names its groups, ratio_group and subject"):
        spec.read(_write(tmp_path, data))
    data = yaml.safe_load(spec.SPEC.read_text(encoding="utf-8"))
    data["home"]["blocks"][0]["question"] = "weather"
    with pytest.raises(ValidationError):
        spec.read(_write(tmp_path, data))
    data = yaml.safe_load(spec.SPEC.read_text(encoding="utf-8"))
    data["home"]["blocks"].append(data["home"]["blocks"][1])
    with pytest.raises(ValidationError, match="block ids repeat"):
        spec.read(_write(tmp_path, data))


def test_adding_a_block_is_data(store, tmp_path, monkeypatch):
    data = yaml.safe_load(spec.SPEC.read_text(encoding="utf-8"))
    data["topic"]["blocks"].insert(0, {"id": "babies-too", "question": "social-care", "title": "Again",
                                       "indicators": ["known_to_social_services_share"], "link": "See it"})
    data["topic"]["blocks"] = [b for b in data["topic"]["blocks"] if b["id"] != "lever-taylor"]
    monkeypatch.setattr(spec, "pages", lambda: spec.read(_write(tmp_path, data)))
    monkeypatch.setattr("dashboard.content.topic.pages", spec.pages)
    blocks = topic(store, load_recommendations(DATASETS)).blocks
    assert [b.id for b in blocks] == ["babies-too", "social-services", "mental-health", "de-backer"]
    assert (blocks[0].title, blocks[0].link_text) == ("Again", "See it")
