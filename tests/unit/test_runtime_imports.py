"""The app runs without the test-only packages: every module of dashboard/ imports with textstat unavailable.

textstat scores the reading ease of generated words in the tests only (tests/plain.py), so it belongs to the test
requirements, not to the app's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_ONLY = ("textstat",)

PROBE = """
import importlib, pkgutil, sys
for name in {blocked!r}:
    sys.modules[name] = None  # 'import textstat' now raises ImportError
import dashboard
for mod in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
    if not mod.name.startswith(("dashboard._datasets", "dashboard._assets")):
        importlib.import_module(mod.name)
print("ok")
"""


def test_every_app_module_imports_without_test_only_packages():
    run = subprocess.run([sys.executable, "-c", PROBE.format(blocked=TEST_ONLY)], check=False, cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]
