"""Shared fixtures: real stores, real `kg` processes, real HTTP servers on 127.0.0.1.

`live_server` runs the whole web suite twice: on the embedded store (kg serve supervising its own
`oxigraph serve`) and on an external `oxigraph serve` that the fixture starts itself (a remote engine).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from .engines.virtuoso import virtuoso_engine  # noqa: F401  (the session's Virtuoso fixture)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
DATA = Path(__file__).resolve().parent / "data"
BIN = Path(sys.executable).parent
KG = str(BIN / "kg")
OXIGRAPH = str(BIN / "oxigraph") if (BIN / "oxigraph").exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def run_kg(
    *args: str,
    store: str | Path | None = None,
    env: dict | None = None,
    check: bool = False,
    input: bytes | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess:
    """Run the installed `kg` console script, exactly as a user would."""
    cmd = [KG]
    if store is not None:
        cmd += ["--store", str(store)]
    cmd += list(args)
    full_env = {**os.environ, **(env or {})}
    res = subprocess.run(
        cmd, capture_output=True, env=full_env, input=input, timeout=timeout, cwd=ROOT
    )
    if check and res.returncode != 0:
        raise AssertionError(
            f"{cmd} exited {res.returncode}:\n{res.stdout.decode()}\n{res.stderr.decode()}"
        )
    return res


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@dataclass
class ExternalEngine:
    """An `oxigraph serve` we start ourselves: the stand-in for any remote SPARQL 1.1 engine."""

    proc: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return {
            "KG_STORE": f"{self.url}/query",
            "KG_STORE_UPDATE": f"{self.url}/update",
            "KG_STORE_GRAPHS": f"{self.url}/store",
        }

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def start_external_engine(folder: Path, timeout_s: int = 30) -> ExternalEngine:
    port = free_port()
    proc = subprocess.Popen(
        [
            OXIGRAPH,
            "serve",
            "--location",
            str(folder),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
            "--timeout-s",
            str(timeout_s),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc=proc)
    return ExternalEngine(proc, port)


@pytest.fixture
def external_engine(tmp_path: Path):
    engine = start_external_engine(tmp_path / "external")
    yield engine
    engine.stop()


@dataclass
class LiveServer:
    """A real `kg serve` (gunicorn) on 127.0.0.1, with the sample data published."""

    url: str
    kind: str  # "embedded" or "remote"
    store: str
    env: dict[str, str]
    token: str
    proc: subprocess.Popen

    def get(self, path: str, **kw) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 60)
        return requests.get(self.url + path, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        kw.setdefault("timeout", 60)
        return requests.post(self.url + path, **kw)

    def request(self, method: str, path: str, **kw) -> requests.Response:
        kw.setdefault("timeout", 60)
        kw.setdefault("allow_redirects", False)
        return requests.request(method, self.url + path, **kw)

    def kg(self, *args: str, **kw) -> subprocess.CompletedProcess:
        return run_kg(*args, store=self.store, env={**self.env, **kw.pop("env", {})}, **kw)


def sample_inputs() -> list[str]:
    """What the live server publishes: the sample articles, plus the hand-written facts documents."""
    return [str(EXAMPLES), *sorted(str(p) for p in DATA.glob("*.facts.json"))]


def _start_live(
    kind: str, tmp: Path, extra_env: dict[str, str] | None = None, log: Path | None = None
) -> tuple[LiveServer, ExternalEngine | None]:
    """`log`: a file for the server's stdout and stderr (gunicorn's access and error logs)."""
    port = free_port()
    token = "test-token-" + os.urandom(6).hex()
    env = {
        "KG_WRITE_TOKEN": token,
        "KG_BASE_IRI": f"http://127.0.0.1:{port}/",
        "KG_QUERY_TIMEOUT": "5",
        **(extra_env or {}),
    }
    external = None
    if kind == "remote":
        external = start_external_engine(tmp / "external", timeout_s=5)
        env.update(external.env)
        store = external.env["KG_STORE"]
    else:
        store = str(tmp / "store")
    run_kg("ingest", *sample_inputs(), store=store, env=env, check=True)
    proc = subprocess.Popen(
        [KG, "--store", store, "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=log.open("ab") if log else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/", proc=proc, timeout=60)
    return LiveServer(url, kind, store, env, token, proc), external


@pytest.fixture(scope="session", params=["embedded", "remote"])
def live_server(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"live-{request.param}")
    server, external = _start_live(request.param, tmp)
    yield server
    server.proc.terminate()
    try:
        server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.proc.kill()
    if external:
        external.stop()
