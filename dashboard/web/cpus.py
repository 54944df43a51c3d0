"""How many CPUs this process may really use: a container's CPU limit, not the host's core count.

A container limited to 2 CPUs on a 64-core host still sees 64 cores in os.cpu_count(); sizing gunicorn from that
starts 129 workers that fight over 2 CPUs. The limit is read from the cgroup the process is in:
- cgroup v2: `cpu.max` ("QUOTA PERIOD", or "max PERIOD" for none) in the process's cgroup and each parent up to
  the mount (the tightest one wins);
- cgroup v1: `cpu.cfs_quota_us` / `cpu.cfs_period_us` (quota -1 for none) in the cpu controller's folder;
then rounded up to whole CPUs and capped by the CPUs the process may run on (its affinity set, else
os.cpu_count()). Pure functions over a folder, so tests point them at fake files.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_SELF_CGROUP = Path("/proc/self/cgroup")
V1_FOLDERS = ("cpu,cpuacct", "cpuacct,cpu", "cpu")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None


def parse_cpu_max(text: str | None) -> float | None:
    """'200000 100000' -> 2.0; 'max 100000' (no limit), '' or anything malformed -> None."""
    parts = (text or "").split()
    if len(parts) not in (1, 2) or parts[0] == "max":
        return None
    try:
        quota = int(parts[0])
        period = int(parts[1]) if len(parts) == 2 else 100000
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def parse_cfs(quota: str | None, period: str | None) -> float | None:
    """cgroup v1: quota and period in microseconds; a quota of -1 means no limit."""
    try:
        q, p = int(quota or ""), int(period or "")
    except ValueError:
        return None
    return q / p if q > 0 and p > 0 else None


def v2_cgroup_path(proc_self_cgroup: str | None) -> str:
    """The unified (v2) cgroup path from /proc/self/cgroup ('0::/a/b' -> '/a/b'); '/' when there is none."""
    for line in (proc_self_cgroup or "").splitlines():
        if line.startswith("0::"):
            return line[3:].strip() or "/"
    return "/"


def cgroup_cpu_limit(root: Path = CGROUP_ROOT, proc_self_cgroup: Path = PROC_SELF_CGROUP) -> float | None:
    """The CPU limit (in CPUs, possibly fractional) of this process's cgroup, or None when there is none."""
    if (root / "cgroup.controllers").is_file():  # cgroup v2
        folder = root / v2_cgroup_path(_read(proc_self_cgroup)).lstrip("/")
        if not folder.is_dir():
            folder = root  # a container's own namespace: its cgroup is the mount itself
        limits = []
        while True:
            limit = parse_cpu_max(_read(folder / "cpu.max"))
            if limit is not None:
                limits.append(limit)
            if folder == root or root not in folder.parents:
                break
            folder = folder.parent
        return min(limits) if limits else None
    for name in V1_FOLDERS:
        folder = root / name
        if folder.is_dir():
            return parse_cfs(_read(folder / "cpu.cfs_quota_us"), _read(folder / "cpu.cfs_period_us"))
    return None


def usable_cpus() -> int:
    """The CPUs the scheduler lets this process run on (affinity), else os.cpu_count(), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def available_cpus(root: Path = CGROUP_ROOT, proc_self_cgroup: Path = PROC_SELF_CGROUP,
                   usable: int | None = None) -> int:
    """Whole CPUs available: the cgroup limit rounded up, never more than the usable CPUs, at least 1."""
    cap = usable if usable is not None else usable_cpus()
    limit = cgroup_cpu_limit(root, proc_self_cgroup)
    if limit is None:
        return max(1, cap)
    return max(1, min(cap, math.ceil(limit)))
