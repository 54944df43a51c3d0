"""`python -m dashboard export OUTDIR` runs the static export of dashboard.publish.site and prints its summary; a
broken link makes the exit status 1. The export itself is replaced here (the whole crawl is in
tests/http/test_exports.py)."""

from __future__ import annotations

from pathlib import Path

from dashboard import cli
from dashboard.publish import site


def test_the_export_command_runs_the_export_and_prints_what_it_wrote(monkeypatch, tmp_path, capsys):
    calls = []

    def export(outdir, progress=True):
        calls.append((outdir, progress))
        return site.Result(Path(outdir), 3, 5, 0.5, 1_200_000, [])

    monkeypatch.setattr(site, "export", export)
    assert cli.main(["export", str(tmp_path), "--quiet"]) == 0
    assert calls == [(str(tmp_path), False)]
    assert capsys.readouterr().out.startswith(f"Exported 3 pages (5 files, 1.2 MB) to {tmp_path} in 0.5 s.")


def test_a_broken_link_fails_the_export_command(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(site, "export", lambda outdir, progress=True: site.Result(
        Path(outdir), 1, 1, 0.1, 10, ["/missing (linked from index.html)"]))
    assert cli.main(["export", str(tmp_path)]) == 1
    assert "Broken link: /missing (linked from index.html)" in capsys.readouterr().out
