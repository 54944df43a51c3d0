"""deploy/: every Kubernetes manifest loads and agrees with the others and with the image (probe path, ports,
selectors, user), and the CDN configuration leaves lifetimes to the app and keeps /metrics inside."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "kubernetes"
NGINX = DEPLOY / "cdn" / "nginx.conf"


def docs() -> list[dict]:
    out = []
    for path in sorted(DEPLOY.rglob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            assert isinstance(doc, dict) and doc.get("apiVersion") and doc.get("kind"), path
            out.append(doc)
    return out


def one(kind: str) -> dict:
    found = [d for d in docs() if d["kind"] == kind]
    assert len(found) == 1, f"{kind}: {len(found)}"
    return found[0]


def containerfile_value(instruction: str) -> str:
    lines = [line.split(None, 1)[1].strip() for line in (ROOT / "Containerfile").read_text().splitlines()
             if line.startswith(instruction + " ")]
    return lines[-1]


@pytest.fixture(scope="module")
def deployment() -> dict:
    return one("Deployment")


@pytest.fixture(scope="module")
def container(deployment) -> dict:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def test_every_manifest_loads_with_a_name():
    kinds = {d["kind"] for d in docs()}
    assert {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"} <= kinds
    assert all(d["metadata"]["name"] == "maternal-dashboard" for d in docs() if d["kind"] != "Kustomization")
    listed = set(one("Kustomization")["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml"}


def test_probes_use_healthz_on_the_container_port(container):
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == "/healthz", probe
        assert get["port"] in ports or get["port"] in ports.values(), probe


def test_the_container_port_is_the_images_port(container):
    env = {e["name"]: e["value"] for e in container.get("env", [])}
    port = container["ports"][0]["containerPort"]
    assert str(port) == env["PORT"] == containerfile_value("EXPOSE")


def test_the_service_reaches_the_pods(deployment, container):
    service = one("Service")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    names = {p["name"]: p["containerPort"] for p in container["ports"]}
    for port in service["spec"]["ports"]:
        target = port["targetPort"]
        assert target in names or target in names.values(), target
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()


def test_resources_and_a_non_root_read_only_container(deployment, container):
    for kind in ("requests", "limits"):
        assert {"cpu", "memory"} <= set(container["resources"][kind]), kind
    pod = deployment["spec"]["template"]["spec"]["securityContext"]
    ctx = container["securityContext"]
    uid = containerfile_value("USER").split(":")[0]
    assert pod["runAsNonRoot"] is True and str(pod["runAsUser"]) == uid != "0"
    assert ctx["allowPrivilegeEscalation"] is False and ctx["capabilities"]["drop"] == ["ALL"]
    if ctx.get("readOnlyRootFilesystem"):  # the image writes its cache and metrics under /tmp: it must be a volume
        mounts = {m["mountPath"] for m in container["volumeMounts"]}
        assert "/tmp" in mounts
        for key in ("DASHBOARD_CACHE", "PROMETHEUS_MULTIPROC_DIR"):
            assert re.search(rf"{key}=/tmp/", (ROOT / "Containerfile").read_text()), key


def test_the_autoscaler_targets_the_deployment(deployment):
    hpa = one("HorizontalPodAutoscaler")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"], target["apiVersion"]) == (
        "Deployment", deployment["metadata"]["name"], deployment["apiVersion"])
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
    assert hpa["spec"]["minReplicas"] >= 2, "one pod cannot survive its own restart"


def test_the_disruption_budget_selects_the_pods(deployment):
    pdb = one("PodDisruptionBudget")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert pdb["spec"].get("maxUnavailable", 0) < one("HorizontalPodAutoscaler")["spec"]["minReplicas"] or \
        pdb["spec"].get("minAvailable", 0) < one("HorizontalPodAutoscaler")["spec"]["minReplicas"]


def test_kustomize_builds_when_kubectl_is_here():
    if not shutil.which("kubectl"):
        return  # the checks above read the same files
    r = subprocess.run(["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    assert {d["kind"] for d in yaml.safe_load_all(r.stdout)} >= {"Deployment", "Service"}


# ---- the CDN ------------------------------------------------------------------------------------------------------

def nginx() -> str:
    return "\n".join(line.split("#", 1)[0] for line in NGINX.read_text(encoding="utf-8").splitlines())


def test_the_cdn_follows_the_apps_cache_headers():
    conf = nginx()
    assert re.search(r"proxy_cache_revalidate\s+on;", conf)        # stale copies revalidated with the ETag
    assert re.search(r"proxy_cache_lock\s+on;", conf)              # one request per URL on a miss
    assert "proxy_cache_valid" not in conf, "lifetimes come from the app's Cache-Control"
    assert not re.search(r"proxy_ignore_headers[^;]*(Cache-Control|Expires|Vary|Set-Cookie)", conf)
    assert re.search(r"proxy_cache_key\s+\$scheme\$host\$request_uri;", conf)  # the query is the view


def test_the_cdn_keeps_metrics_inside_and_never_caches_health():
    conf = nginx()
    metrics = re.search(r"location\s*=\s*/metrics\s*\{([^}]*)\}", conf)
    assert metrics and re.search(r"return\s+40[34];", metrics.group(1))
    health = re.search(r"location\s*=\s*/healthz\s*\{([^}]*)\}", conf)
    assert health and "proxy_cache off;" in health.group(1)


def test_the_cdn_sends_to_the_service_and_forwards_no_client_prefix():
    conf = nginx()
    service = one("Service")
    upstream = re.search(r"upstream\s+\w+\s*\{[^}]*server\s+([\w.-]+):(\d+)", conf)
    assert upstream and upstream.group(1) == service["metadata"]["name"]
    assert int(upstream.group(2)) in {p["port"] for p in service["spec"]["ports"]}
    assert re.search(r'proxy_set_header\s+X-Forwarded-Prefix\s+"";', conf)
    assert re.search(r"proxy_set_header\s+X-Request-ID\s+\$request_id;", conf)


def test_no_machine_path_or_secret_in_deploy():
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "/work/" not in text and "/root/" not in text, path
            assert not re.search(r"(?im)^\s*-?\s*(password|secret|api[_-]?key|token)\s*:", text), path
