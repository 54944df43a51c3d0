"""Install as a user would: the wheel, with only its declared dependencies, in a fresh virtualenv, served on a random
port. datasets/ and assets/ travel inside the wheel; the PDF briefing needs no browser; absolute links follow the
address the server was reached on.

The virtualenv is made by uv (fast, and its cache is shared between runs); versions are constrained to the lock
file's, so the test checks what we declare, not whatever PyPI has newest today.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "dashboard").rglob("__init__.py")}
    assert found <= listed, f"add to pyproject.toml [tool.setuptools] packages: {sorted(found - listed)}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.status, r.read()


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtualenv made as the README and the Containerfile make it: the stock venv and pip, the pinned pip
    of requirements/pip.lock, the app's hash lock with --no-deps, then the wheel; `pip check` proves it complete."""
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "uv", "build", "--wheel", "-q", "-o", str(tmp / "dist"), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    wheel = next((tmp / "dist").glob("*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, timeout=120)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "install", "-qq"]
    for step in (["--require-hashes", "--no-deps", "-r", str(ROOT / "requirements" / "pip.lock")],
                 ["--require-hashes", "--no-deps", "-r", str(ROOT / "requirements" / "app.lock")],
                 ["--no-deps", str(wheel)]):
        done = subprocess.run(pip + step, check=False, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-2000:]
    check = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "check"],
                           check=False, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    return venv


@pytest.mark.slow
def test_the_installed_wheel_serves_its_own_data_a_pdf_and_links_to_its_own_address(installed, tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DASHBOARD_", "PYTHON"))}
    env["DASHBOARD_CACHE"] = str(tmp_path / "cache")
    proc = subprocess.Popen([str(installed / "bin" / "maternal-dashboard"), "serve", "--port", str(port)], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, home = _get(base + "/")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the installed app did not start: {proc.stderr.read().decode()[-2000:]}")
                time.sleep(0.25)
        page = home.decode()
        assert status == 200 and "per 100,000 maternities" in page
        assert f'<meta property="og:url" content="{base}/"' in page  # the address it was reached on
        status, pdf = _get(base + "/briefing.pdf")
        assert status == 200 and pdf.startswith(b"%PDF")
        (tmp_path / "b.pdf").write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(tmp_path / "b.pdf")], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+1\n", info) and "595.276 x 841.89" in info  # one A4 page
        status, png = _get(base + "/image/view.png?by=ethnicity")
        assert status == 200 and png.startswith(b"\x89PNG")
        status, explore = _get(base + "/explore?by=ethnicity")
        assert f"{base}/explore?by=ethnicity" in explore.decode()  # permalink, embed code and citation
        site = subprocess.run([str(installed / "bin" / "python"), "-c",
                               "import dashboard.config as c; print(c.datasets_dir())"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout.strip()
        assert site.startswith(str(installed)) and site.endswith("_datasets")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
