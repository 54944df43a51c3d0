"""The worker count follows a container's CPU limit (cgroup v2 cpu.max, v1 CFS quota), read from fake files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import serve
from dashboard.web import cpus


def v2(root: Path, cpu_max: str | None, nested: str | None = None, nested_max: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    if cpu_max is not None:
        (root / "cpu.max").write_text(cpu_max + "\n")
    proc = root.parent / "proc-self-cgroup"
    proc.write_text(f"0::{nested or '/'}\n")
    if nested:
        folder = root / nested.lstrip("/")
        folder.mkdir(parents=True)
        if nested_max is not None:
            (folder / "cpu.max").write_text(nested_max + "\n")
    return proc


def v1(root: Path, quota: str, period: str = "100000", folder: str = "cpu,cpuacct") -> Path:
    d = root / folder
    d.mkdir(parents=True)
    (d / "cpu.cfs_quota_us").write_text(quota + "\n")
    (d / "cpu.cfs_period_us").write_text(period + "\n")
    return root / "no-proc-file"


@pytest.mark.parametrize("text,expected", [("200000 100000", 2.0), ("150000 100000", 1.5), ("50000 100000", 0.5),
                                           ("max 100000", None), ("", None), ("junk", None), ("-1 100000", None),
                                           ("100000 0", None)])
def test_parse_cpu_max(text, expected):
    assert cpus.parse_cpu_max(text) == expected


@pytest.mark.parametrize("cpu_max,usable,expected", [
    ("200000 100000", 64, 2),    # 2 CPUs on a 64-core host
    ("150000 100000", 64, 2),    # 1.5 rounds up
    ("50000 100000", 64, 1),     # half a CPU is still one worker's CPU
    ("max 100000", 8, 8),        # no limit: the usable CPUs
    ("400000 100000", 2, 2),     # a limit above the host's cores: the cores
])
def test_cgroup_v2_limit(tmp_path, cpu_max, usable, expected):
    root = tmp_path / "cgroup"
    proc = v2(root, cpu_max)
    assert cpus.available_cpus(root, proc, usable=usable) == expected


def test_cgroup_v2_nested_takes_the_tightest_limit(tmp_path):
    root = tmp_path / "cgroup"
    proc = v2(root, "800000 100000", nested="/kubepods/pod1/ctr", nested_max="300000 100000")
    assert cpus.cgroup_cpu_limit(root, proc) == 3.0
    assert cpus.available_cpus(root, proc, usable=16) == 3


def test_cgroup_v1_quota(tmp_path):
    assert cpus.available_cpus(tmp_path, v1(tmp_path, "250000"), usable=32) == 3
    other = tmp_path / "b"
    assert cpus.available_cpus(other, v1(other, "-1"), usable=6) == 6   # -1: no limit
    third = tmp_path / "c"
    assert cpus.available_cpus(third, v1(third, "100000", folder="cpu"), usable=6) == 1


def test_no_cgroup_falls_back_to_the_usable_cpus(tmp_path):
    assert cpus.cgroup_cpu_limit(tmp_path / "none", tmp_path / "none") is None
    assert cpus.available_cpus(tmp_path / "none", tmp_path / "none", usable=5) == 5
    assert cpus.usable_cpus() >= 1


def test_default_workers_follow_the_limit(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(serve, "available_cpus", lambda: 2)
    assert serve.default_workers() == 5
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert serve.default_workers() == 3
