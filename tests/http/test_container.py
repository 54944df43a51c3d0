"""The container build file, checked here without a container engine, and built and run where one exists.

Always run (the real test): the Containerfile parses into a builder and a python:3.11-slim runtime stage with the
system libraries, a non-root user, the app lock installed with --require-hashes --no-deps then the wheel with
--no-deps, the port from the environment, a HEALTHCHECK on /healthz and `serve --production`; .dockerignore keeps
out nothing the build copies; and the stages' install RUN lines are executed word for word in a fresh virtualenv
(the builder's wheel line, then the runtime's lock and wheel lines), after which the image's CMD serves /healthz.
With an engine (`docker info` or `podman info` succeeds) the image is also built and run.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ON_CI, ROOT

CONTAINERFILE = ROOT / "Containerfile"


@dataclass
class Stage:
    base: str
    name: str
    steps: list[tuple[str, str]] = field(default_factory=list)  # (INSTRUCTION, arguments)

    def all(self, instruction: str) -> list[str]:
        return [args for ins, args in self.steps if ins == instruction]

    def last(self, instruction: str) -> str:
        found = self.all(instruction)
        assert found, f"no {instruction} in stage {self.name}"
        return found[-1]

    def env(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for args in self.all("ENV"):
            for pair in shlex.split(args):
                key, _, value = pair.partition("=")
                out[key] = value
        return out


def parse(text: str) -> list[Stage]:
    """Stages of a Containerfile: comments dropped, backslash continuations joined."""
    stages: list[Stage] = []
    logical = re.sub(r"\\\n\s*", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    for line in logical.splitlines():
        if not line.strip():
            continue
        instruction, _, args = line.strip().partition(" ")
        instruction = instruction.upper()
        if instruction == "FROM":
            parts = args.split()
            stages.append(Stage(parts[0], parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else ""))
        else:
            stages[-1].steps.append((instruction, args.strip()))
    return stages


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse(CONTAINERFILE.read_text(encoding="utf-8"))


def lock_run(stage: Stage) -> str:
    return next(r for r in stage.all("RUN") if "requirements/app.lock" in r)


def wheel_run(stage: Stage) -> str:
    return next(r for r in stage.all("RUN") if ".whl" in r or "pip wheel" in r)


# ---- the build file, read -------------------------------------------------------------------------------------

def test_two_stages_runtime_on_python_311_slim(stages):
    assert len(stages) == 2
    builder, runtime = stages
    assert builder.name == "builder" and "pip wheel" in wheel_run(builder)
    assert runtime.base == "python:3.11-slim"
    assert any(s.startswith("--from=builder ") and "dist" in s for s in runtime.all("COPY"))


def test_runtime_has_the_libraries_for_weasyprint_and_cairo(stages):
    apt = next(r for r in stages[1].all("RUN") if "apt-get install" in r)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libcairo2", "fonts-dejavu-core"):
        assert package in apt.split()
    assert "--no-install-recommends" in apt and "rm -rf /var/lib/apt/lists" in apt


def test_runtime_runs_as_a_non_root_user(stages):
    user = stages[1].last("USER")
    name, _, group = user.partition(":")
    assert name not in ("root", "0", "") and group not in ("root", "0")
    assert any(f"--uid {name}" in r for r in stages[1].all("RUN")), "the user is created in the image"
    # USER comes after every RUN that needs root, and before CMD
    order = [ins for ins, _ in stages[1].steps]
    assert order.index("USER") > max(i for i, ins in enumerate(order) if ins == "RUN")


def test_runtime_installs_the_app_lock_with_hashes_then_the_wheel_without_deps(stages):
    runtime = stages[1]
    lock = lock_run(runtime)
    assert "--require-hashes --no-deps -r requirements/pip.lock" in lock
    assert "--require-hashes --no-deps -r requirements/app.lock" in lock
    assert "requirements/test.lock" not in CONTAINERFILE.read_text()
    wheel = wheel_run(runtime)
    assert "--no-deps dist/*.whl" in wheel and "pip check" in wheel
    assert lock_run(stages[0]) == lock, "the builder and runtime lock lines are the same words"


def test_command_port_and_healthcheck(stages):
    runtime = stages[1]
    assert json.loads(runtime.last("CMD")) == ["python", "-m", "dashboard", "serve", "--production"]
    env = runtime.env()
    assert runtime.last("EXPOSE") == env["PORT"] and env["DASHBOARD_HOST"] == "0.0.0.0"
    health = runtime.last("HEALTHCHECK")
    assert "/healthz" in health and "PORT" in health and health.split("CMD", 1)[0].strip().startswith("--interval")
    assert env["DASHBOARD_CACHE"].startswith("/tmp/") and env["PROMETHEUS_MULTIPROC_DIR"].startswith("/tmp/")
    assert runtime.last("WORKDIR") == "/", "python -m puts the working folder on sys.path: not a writable one"


def test_dockerignore_keeps_out_nothing_the_build_copies(stages):
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines()
                if p.strip() and not p.startswith("#")]
    assert ".git" in patterns and ".venv" in patterns
    for stage in stages:
        for args in stage.all("COPY"):
            if args.startswith("--from="):
                continue
            for source in shlex.split(args)[:-1]:
                top = source.rstrip("/").split("/")[0]
                assert not any(fnmatch.fnmatch(top, p) for p in patterns), f"{source} is excluded by .dockerignore"
                assert (ROOT / source).exists(), source


# ---- the install lines, run word for word in a fresh virtualenv ---------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sh(command: str, cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(["sh", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=1200,
                          check=False)
    assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"


def copy_into(stage: Stage, folder: Path, stages: dict[str, tuple[str, Path]]) -> None:
    """Do a stage's COPY lines into folder (its WORKDIR): sources from the checkout, or from another stage's folder
    (`--from=NAME`, its WORKDIR mapped to the folder where that stage ran)."""
    folder.mkdir(parents=True, exist_ok=True)
    for args in stage.all("COPY"):
        words = shlex.split(args)
        origin = ROOT
        if words[0].startswith("--from="):
            workdir, origin = stages[words.pop(0).split("=", 1)[1]]
            words = [w[len(workdir):].lstrip("/") if w.startswith(workdir) else w for w in words[:-1]] + words[-1:]
        *sources, dest = words
        for source in sources:
            src = origin / source
            target = folder / dest
            if src.is_dir():
                shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
            else:
                target = target / src.name if dest.endswith("/") else target
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)


@pytest.mark.slow
def test_the_install_lines_run_as_written_and_the_command_serves(stages, tmp_path):
    builder, runtime = stages
    python_dir = tmp_path / "bin"   # `python` in the RUN lines: this machine's Python 3.11, as in the base image
    python_dir.mkdir()
    (python_dir / "python").symlink_to(getattr(sys, "_base_executable", sys.executable))
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "DASHBOARD_"))}
    env.update({**{k: v for k, v in runtime.env().items() if k.startswith("PIP_")},
                "VIRTUAL_ENV": str(venv), "PATH": f"{python_dir}{os.pathsep}{env.get('PATH', '')}"})
    # builder: its COPY sources in a build folder, the lock line, then the wheel line as written
    # Each stage's folder holds exactly what its COPY lines copy (from the checkout, or from the builder's folder).
    build, runtime_dir = tmp_path / "build", tmp_path / "runtime"
    copy_into(builder, build, {})
    # The lock line makes a fresh virtualenv with the locked packages only. It is word for word the same in the
    # runtime stage (test above), so it runs once; the builder's wheel line writes dist/ and installs nothing.
    _sh(lock_run(builder), build, env)
    _sh(wheel_run(builder), build, {**env, "DASHBOARD_CACHE": str(tmp_path / "cache")})
    copy_into(runtime, runtime_dir, {"builder": (builder.last("WORKDIR"), build)})
    _sh(wheel_run(runtime), runtime_dir, env)
    assert not (runtime_dir / "dist").exists(), "the wheel and locks are removed after the install"
    # the image's CMD, from / with the image's environment (the port and a loopback address overridden)
    port = _free_port()
    image_env = {**env, **runtime.env(), "PORT": str(port), "DASHBOARD_HOST": "127.0.0.1",
                 "DASHBOARD_CACHE": str(tmp_path / "cache-run"), "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
                 "WEB_CONCURRENCY": "2", "PATH": f"{venv / 'bin'}{os.pathsep}{env['PATH']}"}
    cmd = json.loads(runtime.last("CMD"))
    proc = subprocess.Popen(cmd, cwd="/", env=image_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        health = None
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    health = json.loads(r.read())
                    break
            except OSError:
                time.sleep(1)
        assert health is not None, proc.stderr.read() if proc.poll() is not None else "no answer from /healthz"
        assert health["status"] == "ok"
        assert str(venv) in subprocess.run([str(venv / "bin" / "python"), "-c", "import dashboard; print(dashboard.__file__)"],
                                           capture_output=True, text=True, cwd="/", check=True).stdout
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
            assert b"dashboard_http_requests_total" in r.read()
    finally:
        os.killpg(proc.pid, 15)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            _, err = proc.communicate()
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and all(line.startswith("{") for line in lines), err[-2000:]
    records = [json.loads(line) for line in lines]
    assert any(r.get("path") == "/healthz" and r.get("status") == 200 for r in records)


# ---- with a container engine ------------------------------------------------------------------------------------

def container_engine() -> str | None:
    for engine in ("docker", "podman"):
        if shutil.which(engine):
            try:
                if subprocess.run([engine, "info"], capture_output=True, timeout=30, check=False).returncode == 0:
                    return engine
            except (OSError, subprocess.TimeoutExpired):
                continue
    return None


@pytest.mark.slow
def test_build_and_run_the_image_with_an_engine():
    engine = container_engine()
    if engine is None:
        if ON_CI:
            return  # no engine on this runner: the always-run tests above are the test of the image
        pytest.skip("no container engine answers `docker info` or `podman info`")
    tag = f"maternal-dashboard-test:{os.getpid()}"
    subprocess.run([engine, "build", "-f", str(CONTAINERFILE), "-t", tag, str(ROOT)], check=True, timeout=1800)
    port = _free_port()
    name = f"maternal-dashboard-test-{os.getpid()}"
    subprocess.run([engine, "run", "-d", "--rm", "--name", name, "-p", f"127.0.0.1:{port}:8050", tag], check=True,
                   timeout=120)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    assert json.loads(r.read())["status"] == "ok"
                    break
            except OSError:
                time.sleep(2)
        else:
            pytest.fail("the container never answered /healthz")
        user = subprocess.run([engine, "exec", name, "id", "-u"], capture_output=True, text=True, check=True)
        assert user.stdout.strip() != "0"
    finally:
        subprocess.run([engine, "rm", "-f", name], capture_output=True, timeout=60, check=False)
        subprocess.run([engine, "rmi", "-f", tag], capture_output=True, timeout=120, check=False)
