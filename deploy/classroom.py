"""Serve the course to a class: N Streamlit replicas behind HAProxy on one port.

    .venv/bin/python deploy/classroom.py [--port 8501] [--address 0.0.0.0] [--replicas N]

(`make classroom` runs this after installing HAProxy.) One Python process uses about one core
(the interpreter lock), so a class is served by one replica per core (default: the cores this
process may run on), each on a loopback port, with HAProxy in front (deploy/haproxy.cfg.in):
cookie stickiness, websockets on /_stcore/stream, health checks on /_stcore/health. All
replicas share one `server.cookieSecret` (a fresh random one per start, passed in the
environment, never on a command line), so the XSRF cookie a browser got from one replica is
valid on another after a failover. A replica that exits is started again (its learners are
moved to another replica meanwhile and told so by the page, see ui/replica.py).

The `Classroom` class is also what tests/deploy drives (2 replicas on loopback).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "haproxy.cfg.in"
REPLICA_ENV = "CLASSROOM_REPLICA"  # the replica's name, shown in the sidebar (ui/replica.py)
SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"  # Streamlit reads server.cookieSecret from it
AFFINITY_COOKIE = "classroom_replica"  # as in haproxy.cfg.in


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def default_replicas() -> int:
    """One replica per core this process may use."""
    return max(len(os.sched_getaffinity(0)), 1)


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists()
                                         else None)
    if found is None:
        raise RuntimeError("haproxy is not installed: `make classroom` installs it "
                           "(apt-get install haproxy)")
    return found


def render_config(bind: str, replicas: list[tuple[str, int]]) -> str:
    """The HAProxy configuration for replicas [(name, loopback port), ...] behind `bind`."""
    servers = "\n".join(f"    server {name} 127.0.0.1:{port} cookie {name}"
                        for name, port in replicas)
    return TEMPLATE.read_text().replace("@BIND@", bind).replace("@SERVERS@", servers)


def wait_healthy(url: str, timeout_s: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    """Poll `url` until it answers 200 (or raise after timeout_s, or when `proc` exits)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s")


def stop(proc: subprocess.Popen, timeout_s: float = 10.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Replica:
    name: str
    port: int
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Classroom:
    """N replicas and the balancer; `start()`, `stop_replica(name)`, `stop()`."""

    replicas: int = field(default_factory=default_replicas)
    port: int = 8501
    address: str = "127.0.0.1"
    quiet: bool = True  # replicas' and haproxy's errors to /dev/null (tests, benchmarks)
    members: list[Replica] = field(default_factory=list)
    balancer: subprocess.Popen | None = None
    secret: str = field(default_factory=lambda: secrets.token_hex(32))
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="classroom-")))

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.address in ("0.0.0.0", "") else self.address
        return f"http://{host}:{self.port}"

    def start(self) -> Classroom:
        self.members = [Replica(f"r{i + 1}", free_port()) for i in range(self.replicas)]
        try:
            for rep in self.members:
                self._launch(rep)
            for rep in self.members:
                wait_healthy(f"{rep.url}/_stcore/health", proc=rep.proc)
            config = self.workdir / "haproxy.cfg"
            config.write_text(render_config(f"{self.address}:{self.port}",
                                            [(r.name, r.port) for r in self.members]))
            subprocess.run([haproxy_binary(), "-c", "-q", "-f", str(config)], check=True)
            self.balancer = subprocess.Popen([haproxy_binary(), "-db", "-f", str(config)],
                                             **self._output())
            wait_healthy(f"{self.url}/_stcore/health", proc=self.balancer)
        except BaseException:
            self.stop()
            raise
        return self

    def _output(self) -> dict:
        """Replicas' own "You can now view..." lines would name loopback ports nobody should
        open: stdout always goes; errors stay on the terminal unless quiet."""
        return {"stdout": subprocess.DEVNULL,
                "stderr": subprocess.DEVNULL if self.quiet else None}

    def _launch(self, rep: Replica) -> None:
        env = {**os.environ, SECRET_ENV: self.secret, REPLICA_ENV: rep.name,
               "PYTHONUNBUFFERED": "1"}
        rep.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(rep.port)],
            cwd=ROOT, env=env, **self._output())

    def replica(self, name: str) -> Replica:
        return next(r for r in self.members if r.name == name)

    def stop_replica(self, name: str) -> None:
        """Stop one replica (its learners' pages reconnect through the balancer)."""
        rep = self.replica(name)
        if rep.proc is not None:
            stop(rep.proc)

    def restart_exited(self) -> list[str]:
        """Start again every replica whose process has exited; returns their names."""
        restarted = []
        for rep in self.members:
            if rep.proc is not None and rep.proc.poll() is not None:
                self._launch(rep)
                restarted.append(rep.name)
        return restarted

    def stop(self) -> None:
        if self.balancer is not None:
            stop(self.balancer)
        for rep in self.members:
            if rep.proc is not None:
                stop(rep.proc)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Classroom:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8501, help="the balancer's port (default 8501)")
    ap.add_argument("--address", default="0.0.0.0",
                    help="the balancer's address (default 0.0.0.0: reachable by the class; "
                         "127.0.0.1 for this machine only)")
    ap.add_argument("--replicas", type=int, default=default_replicas(),
                    help="Streamlit processes (default: one per core)")
    args = ap.parse_args()
    room = Classroom(replicas=args.replicas, port=args.port, address=args.address,
                     quiet=False)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    room.start()
    print(f"\nThe class opens http://<this machine's address>:{args.port} "
          f"({args.replicas} replicas behind HAProxy; Ctrl-C stops them all)\n", flush=True)
    try:
        while room.balancer.poll() is None:
            for name in room.restart_exited():
                print(f"replica {name} exited: started again", flush=True)
            time.sleep(1.0)
        print("haproxy exited", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        room.stop()


if __name__ == "__main__":
    main()
