"""The embedded store: an `oxigraph serve` process on 127.0.0.1, supervised by whoever opened the folder first.

Why a process and not pyoxigraph in ours: a runaway query can be stopped by killing the process and
restarting it (pyoxigraph 0.5 cannot cancel a query, and Oxigraph's own `--timeout-s` misses some; see
`_spawn`), and one process owning the on-disk store lets `kg ingest` write while `kg serve` serves: a
second `kg` process finds the running engine in `engine.json` and joins it.
"""

from __future__ import annotations

import ctypes
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from .base import StoreError

ENGINE_FILE = "engine.json"
LOCK_FILE = "engine.lock"
LOG_FILE = "engine.log"
DB_DIR = "oxigraph"
START_TIMEOUT = 60.0


class EngineError(StoreError):
    """The embedded engine could not be started or joined."""


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise EngineError("the 'oxigraph' server is not installed (pip install oxigraph)")
    return found


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Runs in a child: when the process that started it dies (even by kill -9), the child gets `sig`.

    (Linux's PR_SET_PDEATHSIG; strictly, when the starting *thread* ends: start children from a thread that
    lives as long as they should.)"""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, sig)  # PR_SET_PDEATHSIG
    except OSError:  # pragma: no cover - not Linux
        pass


def _die_with_parent() -> None:
    """Runs in the engine's process: if the supervising process dies, the engine is stopped too."""
    die_with_parent(signal.SIGTERM)
    os.setpgrp()  # a Ctrl-C in the terminal goes to us, and we stop the engine cleanly


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover
        return True
    return True


class EmbeddedEngine:
    def __init__(
        self, folder: str | Path, query_timeout: float = 30.0, union_default_graph: bool = True
    ):
        self.folder = Path(folder).resolve()
        self.query_timeout = query_timeout
        self.union_default_graph = union_default_graph
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.owned = False

    # -- endpoints ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def graphs_url(self) -> str:
        return f"{self.base_url}/store"

    # -- life cycle --------------------------------------------------------------------------
    def __enter__(self) -> EmbeddedEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise EngineError(f"store path {self.folder} exists and is not a folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / LOCK_FILE, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one starter at a time per folder
            if self._join_running():
                return
            self._spawn()

    def _join_running(self) -> bool:
        info_path = self.folder / ENGINE_FILE
        try:
            info = json.loads(info_path.read_text())
        except (OSError, ValueError):
            return False
        if not _alive(int(info.get("pid", 0))):
            info_path.unlink(missing_ok=True)
            return False
        self.port = int(info["port"])
        if self._answers():
            self.owned = False
            return True
        return False

    def _spawn(self, port: int | None = None) -> None:
        # No --timeout-s: Oxigraph 0.5 starts one thread per query that sleeps for the whole timeout, and
        # under load those threads exhaust the kernel's memory maps (os error 11; see BENCHMARKS.md). It also
        # only checks the deadline between result rows. kg enforces the deadline itself: clients give up and
        # close the connection (Oxigraph stops at its next write), and `kg serve`'s watchdog restarts an
        # engine still busy with a runaway (kg/web/limits.py).
        cmd = [oxigraph_binary(), "serve", "--location", str(self.folder / DB_DIR)]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        for _attempt in range(3):
            self.port = port or _free_port()
            log = open(self.folder / LOG_FILE, "ab")
            self._log_offset = log.tell()  # this run's reason is what it writes from here on
            self.process = subprocess.Popen(
                [*cmd, "--bind", f"127.0.0.1:{self.port}"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
            log.close()
            if self._wait_ready():
                self.owned = True
                (self.folder / ENGINE_FILE).write_text(
                    json.dumps({"pid": self.process.pid, "port": self.port, "owner": os.getpid()})
                )
                return
            if "Address already in use" not in self._log_tail():
                break
        raise EngineError(
            f"the embedded store in {self.folder} did not start: {self._log_tail() or self._no_output()}"
        )

    def _no_output(self) -> str:
        """When the engine could not even write its log, the disk is the usual suspect: say so."""
        free = shutil.disk_usage(self.folder).free
        if free < (1 << 20):
            return (
                f"No space left on device ({free:,} bytes free on the disk holding {self.folder})"
            )
        return "it exited without a word (see the engine log)"

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                return False
            if self._answers():
                return True
            time.sleep(0.05)
        self._terminate()
        return False

    def _answers(self) -> bool:
        try:
            r = requests.get(
                self.query_url,
                params={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=2,
            )
            return r.status_code == 200
        except requests.RequestException:
            return False

    def _log_tail(self) -> str:
        """The engine's own reason: its last 'Error: …' line (a Rust backtrace follows it), else its last line."""
        try:
            with open(self.folder / LOG_FILE, "rb") as fh:
                fh.seek(getattr(self, "_log_offset", 0))
                lines = fh.read().decode(errors="replace").strip().splitlines()
        except OSError:
            return ""
        errors = [line for line in lines if line.startswith("Error")]
        return (errors or lines or [""])[-1][:300]

    def watch(self, interval: float = 1.0) -> threading.Thread:
        """Restart the engine on the same port if it dies, so that clients recover without a restart."""

        def loop() -> None:
            while self.owned:
                time.sleep(interval)
                if self.owned and self.process is not None and self.process.poll() is not None:
                    print(
                        f"kg: the engine exited ({self.process.returncode}); restarting it on port {self.port}",
                        file=sys.stderr,
                    )
                    try:
                        with open(self.folder / LOCK_FILE, "w") as lock:
                            fcntl.flock(lock, fcntl.LOCK_EX)
                            self._spawn(self.port)
                    except EngineError as exc:
                        print(f"kg: {exc}", file=sys.stderr)

        thread = threading.Thread(target=loop, name="kg-engine-watchdog", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        if not self.owned:
            return
        self.owned = False  # first, so the watchdog does not bring it back
        self._terminate()
        info_path = self.folder / ENGINE_FILE
        try:
            if json.loads(info_path.read_text()).get("owner") == os.getpid():
                info_path.unlink()
        except (OSError, ValueError):
            pass

    def _terminate(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - engine hung
            self.process.kill()
            self.process.wait()
