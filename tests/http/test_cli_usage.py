"""The command line as a newcomer meets it: --version, the program's real name in --help, and one clear line with
exit status 2 (never a traceback, never an empty CSV) for a value it does not know, a bad port or a cache folder it
cannot write."""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import tomllib

import pytest

from dashboard import cli
from tests.conftest import DATASETS, ROOT


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, check=False)


def one_clear_line(r: subprocess.CompletedProcess) -> str:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.endswith("\n") and r.stderr.count("\n") == 1, r.stderr
    return r.stderr


@pytest.fixture
def data(settings, monkeypatch, capsys):
    """`dashboard data ...` in this process (the data from the test run's cache): (exit status, stdout, stderr)."""
    monkeypatch.setenv("DASHBOARD_CACHE", str(settings.cache))

    def call(*args: str) -> tuple[int, str, str]:
        status = cli.main(["data", *args])
        out, err = capsys.readouterr()
        return status, out, err
    return call


def in_process_line(result: tuple[int, str, str]) -> str:
    status, out, err = result
    assert status == 2 and out == "" and err.count("\n") == 1, result
    return err


def curated(column: str, **where: str) -> set[str]:
    """Values of a column in the curated tables, read straight from the CSV files."""
    found = set()
    for path in (DATASETS / "curated").glob("*.csv"):
        with path.open(encoding="utf-8") as f:
            found |= {row[column] for row in csv.DictReader(f)
                      if column in row and all(row.get(k) == v for k, v in where.items())}
    return found


def test_version_is_the_package_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    r = run("--version")
    assert r.returncode == 0 and r.stdout == f"python -m dashboard {version}\n"


def test_help_names_the_program_as_it_is_run():
    r = run("--help")
    assert r.returncode == 0 and r.stdout.startswith("usage: python -m dashboard ")
    assert "usage: dashboard" not in r.stdout
    script = ("import sys; sys.argv[0] = '/opt/venv/bin/maternal-dashboard'; from dashboard.cli import main; "
              "sys.exit(main(['data', '--help']))")
    r = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                       check=False)
    assert r.returncode == 0 and r.stdout.startswith("usage: maternal-dashboard data ")


def test_prog_name():
    assert cli.prog_name("/usr/local/bin/maternal-dashboard") == "maternal-dashboard"
    assert cli.prog_name("/repo/dashboard/__main__.py") == "python -m dashboard"


def test_unknown_breakdown_names_it_and_lists_the_known_ones(tmp_path):
    r = run("data", "--indicator", "stillbirth_rate", "--breakdown", "ethnicty",
            env={"DASHBOARD_CACHE": str(tmp_path)})  # once as a real process: the exit status and streams
    line = one_clear_line(r)
    assert "Unknown breakdown 'ethnicty'" in line and "stillbirth_rate" in line
    known = curated("breakdown", indicator="stillbirth_rate")
    assert {"overall", "ethnicity"} <= known
    listed = set(line.split("Known breakdowns: ")[1].strip().split(", "))
    assert known <= listed


def test_unknown_breakdown_without_an_indicator(data):
    line = in_process_line(data("--breakdown", "nope"))
    assert "Unknown breakdown 'nope'." in line and "deprivation" in line and "ethnicity" in line


def test_unknown_edition_names_it_and_lists_the_known_ones(data):
    line = in_process_line(data("--edition", "2031-02"))
    assert "Unknown edition '2031-02'" in line
    months = {d[:7] for d in curated("published_date")}
    assert "2024-10" in months and "2024-10" in line and "latest" in line


def test_unknown_indicator_is_one_line(data):
    line = in_process_line(data("--indicator", "nope"))
    assert "Unknown indicator 'nope'" in line and "stillbirth_rate" in line


def test_a_known_edition_still_prints_its_figures(data):
    status, out, _ = data("--indicator", "maternal_mortality_rate", "--breakdown", "overall", "--edition", "2024-01")
    assert status == 0 and "2020-22" in out


@pytest.mark.parametrize("port", ["0", "70000", "abc", "-5", ""])
def test_a_bad_port_is_one_line(port):
    line = one_clear_line(run("serve", "--port", port))
    assert "port" in line and "1 to 65535" in line


def test_a_bad_port_from_the_environment_is_one_line():
    line = one_clear_line(run("serve", env={"PORT": "http"}))
    assert "1 to 65535" in line


def test_a_port_in_use_is_one_line():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        line = one_clear_line(run("serve", "--port", str(port)))
    assert f"127.0.0.1:{port}" in line and "in use" in line


def test_an_unknown_host_is_one_line():
    line = one_clear_line(run("serve", "--host", "no-such-host.invalid", "--port", "8050"))
    assert "no-such-host.invalid" in line


def test_an_unwritable_cache_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = one_clear_line(run("serve", "--port", str(free_port()), env={"DASHBOARD_CACHE": str(blocker / "cache")}))
    assert "cache folder" in line and str(blocker / "cache") in line and "DASHBOARD_CACHE" in line


def test_an_unknown_command_or_option_is_one_line():
    assert "invalid choice: 'bogus'" in one_clear_line(run("bogus"))
    assert "--nope" in one_clear_line(run("data", "--nope"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
