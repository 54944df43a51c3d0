"""Results kept on disk between runs (dashboard.cache.DiskMemo), and the edition comparisons kept with it: read
back only for the same key (the data's hash is part of it) and the same code fingerprint; a damaged file is made
again, never a crash."""

from __future__ import annotations

import dataclasses
import os

import pytest

from dashboard.cache import DiskMemo
from dashboard.model import changes as changes_module
from dashboard.model.changes import changes, keep_on_disk


class Made:
    """Counts how often the value had to be made."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_kept_value_is_read_back_without_being_made(tmp_path):
    make = Made({"a": 1})
    assert DiskMemo(tmp_path, "code-1").get_or_make(("k", "data-1"), dict, make) == {"a": 1}
    again = DiskMemo(tmp_path, "code-1")  # a restart: a new process, the same folder
    assert again.get_or_make(("k", "data-1"), dict, make) == {"a": 1}
    assert (make.calls, again.hits) == (1, 1)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_a_damaged_file_is_made_again_and_replaced(tmp_path, damage):
    memo = DiskMemo(tmp_path, "code-1")
    memo.set(("k",), {"a": 1})
    memo.path(("k",)).write_bytes(damage)
    make = Made({"a": 2})
    assert memo.get_or_make(("k",), dict, make) == {"a": 2}
    assert make.calls == 1
    assert DiskMemo(tmp_path, "code-1").get(("k",), dict) == {"a": 2}


def test_another_code_fingerprint_is_not_read(tmp_path):
    DiskMemo(tmp_path, "code-1").set(("k",), {"a": 1})
    newer = DiskMemo(tmp_path, "code-2")
    assert newer.get(("k",), dict) is None
    # even a file of the old code found under the new code's name is refused
    newer.path(("k",)).write_bytes(DiskMemo(tmp_path, "code-1").path(("k",)).read_bytes())
    assert newer.get(("k",), dict) is None


def test_another_key_is_not_read_even_under_its_name(tmp_path):
    memo = DiskMemo(tmp_path, "code-1")
    memo.set(("k", "data-1"), {"a": 1})
    assert memo.get(("k", "data-2"), dict) is None
    memo.path(("k", "data-2")).write_bytes(memo.path(("k", "data-1")).read_bytes())
    assert memo.get(("k", "data-2"), dict) is None


def test_a_value_of_another_kind_is_not_read(tmp_path):
    memo = DiskMemo(tmp_path, "code-1")
    memo.set(("k",), ["a list"])
    assert memo.get(("k",), dict) is None


def test_an_unwritable_folder_only_costs_speed(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    make = Made({"a": 1})
    assert DiskMemo(blocked / "memo", "code-1").get_or_make(("k",), dict, make) == {"a": 1}
    assert not list(tmp_path.glob("**/*.tmp"))


def test_the_oldest_files_go_beyond_the_budget(tmp_path):
    memo = DiskMemo(tmp_path, "code-1", max_files=3)
    for i in range(5):
        memo.set((i,), {"i": i})
        os.utime(memo.path((i,)), ns=(i * 10**9, i * 10**9))
    assert len(list(tmp_path.glob("*.pickle"))) == 3
    assert [memo.get((i,), dict) is not None for i in range(5)] == [False, False, True, True, True]


# ---------------------------------------------------------------- the edition comparisons

PAIR = ("2024-01", "2024-10")  # 2020-22 revised from 13.41 to 13.56 (curated/maternal.csv)


@pytest.fixture
def kept(tmp_path):
    memo = DiskMemo(tmp_path, "code-1")
    keep_on_disk(memo)
    yield memo
    keep_on_disk(None)


def test_a_comparison_read_back_equals_the_one_made(store, kept):
    made = changes(store, *PAIR)
    assert kept.hits == 0 and kept.path(("changes", store.content_hash, *PAIR)).is_file()
    changes.cache_clear()  # a restart
    read = changes(store, *PAIR)
    assert kept.hits == 1
    assert read is not made and read == made
    rev = next(r for r in read.revisions if r.new.indicator.id == "maternal_mortality_rate")
    assert (rev.old.number, rev.new.number) == ("13.41", "13.56")


def test_a_comparison_of_other_data_is_made_afresh(store, kept, monkeypatch):
    changes(store, *PAIR)
    changes.cache_clear()
    other = dataclasses.replace(store, content_hash=store.content_hash + "-other")
    calls = []
    real = changes_module._changes
    monkeypatch.setattr(changes_module, "_changes", lambda *a: calls.append(a) or real(*a))
    changes(other, *PAIR)
    assert kept.hits == 0 and len(calls) == 1


def test_a_comparison_kept_by_other_code_is_made_afresh(store, kept, tmp_path):
    changes(store, *PAIR)
    keep_on_disk(newer := DiskMemo(tmp_path, "code-2"))
    changes(store, *PAIR)
    assert newer.hits == 0 and len(list(tmp_path.glob("*.pickle"))) == 2


def test_an_unknown_edition_keeps_nothing(store, kept, tmp_path):
    from dashboard.model.changes import EditionError

    with pytest.raises(EditionError):
        changes(store, "1999-01", "2024-10")
    assert not list(tmp_path.glob("*.pickle"))


def test_the_server_keeps_comparisons_under_the_code_fingerprint(tmp_path):
    from pathlib import Path

    import dashboard
    from dashboard.serve import keep_comparisons
    from dashboard.web.pdf_service import code_stamp

    keep_comparisons(tmp_path)
    try:
        memo = changes_module._disk
        assert memo is not None and memo.folder == tmp_path / "changes"
        assert memo.stamp == code_stamp(Path(dashboard.__file__).resolve().parent)
    finally:
        keep_on_disk(None)

