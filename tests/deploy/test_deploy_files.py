"""The shipped deployment files: every rendered HAProxy configuration passes HAProxy's own
check, and the Dockerfile and Kubernetes example carry the same settings (they cannot be run
here: no container engine or registry)."""

from __future__ import annotations

import re
import subprocess

import pytest

from deploy.classroom import (
    AFFINITY_COOKIE,
    REPLICA_ENV,
    ROOT,
    SECRET_ENV,
    haproxy_binary,
    render_config,
)

DEPLOY = ROOT / "deploy"


@pytest.mark.parametrize("n", [1, 2, 4])
def test_rendered_haproxy_config_is_valid(tmp_path, n: int) -> None:
    replicas = [(f"r{i + 1}", 9000 + i) for i in range(n)]
    text = render_config("127.0.0.1:8999", replicas)
    for name, port in replicas:
        assert f"server {name} 127.0.0.1:{port} cookie {name}" in text
    assert "@" not in text.replace('"SameSite=Lax"', "")  # every placeholder filled
    path = tmp_path / "haproxy.cfg"
    path.write_text(text)
    check = subprocess.run([haproxy_binary(), "-c", "-f", str(path)], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_haproxy_config_has_stickiness_websockets_and_health_checks() -> None:
    text = render_config("127.0.0.1:8999", [("r1", 9001)])
    assert f"cookie {AFFINITY_COOKIE} insert" in text
    assert "option httpchk GET /_stcore/health" in text
    assert "option redispatch" in text
    assert re.search(r"timeout tunnel\s+\d+h", text)  # idle websockets stay open
    assert "path_end /_stcore/stream" in text


def test_dockerfile_copies_what_the_app_needs() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    copied = re.findall(r"^COPY (\S+)", text, flags=re.MULTILINE)
    for src in copied:
        assert (ROOT / src).exists(), src
    imported = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert {"core", "ui"} <= imported <= set(copied) | {"deploy", "tests", "benchmarks",
                                                         "scripts"}
    assert "/_stcore/health" in text and SECRET_ENV in text
    assert '"--server.address", "0.0.0.0"' in text


def test_kubernetes_example_has_the_same_settings() -> None:
    text = (DEPLOY / "kubernetes" / "course.yaml").read_text()
    assert text.count("path: /_stcore/health") == 2  # readiness and liveness
    assert f"session-cookie-name: \"{AFFINITY_COOKIE}\"" in text
    assert 'affinity: "cookie"' in text
    assert SECRET_ENV in text and REPLICA_ENV in text
    assert "kind: Deployment" in text and "kind: Service" in text and "kind: Ingress" in text
