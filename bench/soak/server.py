"""`kg serve` on the soak's store copy, and the processes whose memory the soak watches.

The embedded setup, as deployed by default: `kg serve` (the gunicorn master, which also supervises the engine),
its gunicorn workers, and the `oxigraph serve` engine it started.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from .corpus import BASE

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    store: Path
    token: str
    workers: int
    env: dict = field(default_factory=dict)

    @property
    def master(self) -> int:
        return self.proc.pid

    def engine_pid(self) -> int | None:
        try:
            return int(json.loads((self.store / "engine.json").read_text())["pid"])
        except (OSError, ValueError, KeyError):
            return None

    def roles(self) -> dict[str, list[int]]:
        """pids by role: the master, the gunicorn workers, the engine (read afresh: either may be restarted)."""
        engine = self.engine_pid()
        kids = children(self.master)
        return {
            "master": [self.master],
            "workers": [p for p in kids if p != engine],
            "engine": [engine] if engine in kids else ([engine] if engine else []),
        }

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(
    store: Path, workers: int | None = None, log: Path | None = None, extra_env: dict | None = None
) -> Server:
    """`kg serve` on the store; returns once it answers and its search index has been built."""
    port = free_port()
    token = "soak-" + secrets.token_hex(8)
    env = {
        **os.environ,
        "KG_BASE_IRI": BASE,
        "KG_STORE": str(store),
        "KG_WRITE_TOKEN": token,
        **(extra_env or {}),
    }
    cmd = [
        str(BIN / "kg"),
        "--store",
        str(store),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    if workers:
        cmd += ["--workers", str(workers)]
    out = open(log, "ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while (
        True
    ):  # up, and the search index built (its first build must not compete with the measurement)
        try:
            if requests.get(url + "/search?q=aldoria&format=json", timeout=600).status_code == 200:
                break
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"kg serve did not start (see {log})")
        time.sleep(0.5)
    n = workers or (2 * (os.cpu_count() or 1) + 1)
    return Server(proc, url, store, token, n, env)


def log_summary(serve_log: Path, engine_log: Path, initial_workers: int) -> dict:
    """What the server's own logs say about the run: 5xx answers by path, tracebacks, worker (re)starts."""
    import re

    access = re.compile(r'"(?:GET|POST|HEAD|PUT|DELETE) (\S+) HTTP/[\d.]+" (\d{3}) ')
    fivexx: dict[str, int] = {}
    statuses: dict[str, int] = {}
    tracebacks = errors = boots = timeouts = 0
    first_error = ""
    try:
        with open(serve_log, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                m = access.search(line)
                if m:
                    path, status = m.group(1), m.group(2)
                    statuses[status] = statuses.get(status, 0) + 1
                    if status.startswith("5"):
                        key = f"{status} {path.split('?')[0]}"
                        fivexx[key] = fivexx.get(key, 0) + 1
                    continue
                if line.startswith("Traceback"):
                    tracebacks += 1
                if "[ERROR]" in line or "[CRITICAL]" in line:
                    errors += 1
                    first_error = first_error or line.strip()[:300]
                if "WORKER TIMEOUT" in line:
                    timeouts += 1
                if "Booting worker" in line:
                    boots += 1
    except OSError:
        pass
    engine_lines = []
    try:
        engine_lines = [
            x
            for x in engine_log.read_text(errors="replace").splitlines()
            if x.strip() and "Listening for requests" not in x
        ]
    except OSError:
        pass
    return {
        "statuses": statuses,
        "5xx": fivexx,
        "tracebacks": tracebacks,
        "errors": errors,
        "first_error": first_error,
        "worker_restarts": max(0, boots - initial_workers),
        "worker_timeouts": timeouts,
        "engine_messages": engine_lines[:5],
        "engine_message_count": len(engine_lines),
    }
