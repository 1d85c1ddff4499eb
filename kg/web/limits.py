"""The concurrency cap on SPARQL queries, shared by every worker process of one server.

Slots are lock files held with flock(2): the kernel releases a slot when its holder dies, so a worker
killed mid-query (gunicorn timeout, OOM) never leaks one, which a counter in shared memory would.
The slot folder is named after the engine's address, so every worker (and every `kg serve` in front
of the same engine) draws from the same pool: the cap protects the engine.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import random
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app


class Busy(Exception):
    """Every slot is taken; says what the client is told (a 503 with Retry-After, kg/web/errors.py)."""

    def __init__(self, title: str, message: str, retry_after: int):
        self.title, self.message, self.retry_after = title, message, retry_after
        super().__init__(message)


class QuerySlots:
    """Each thread opens the slot files once and keeps them open: a flock belongs to the open file
    description, so two threads of one worker still exclude each other, and taking a slot costs one
    flock(2) rather than open + flock + close."""

    def __init__(self, key: str, size: int, title: str, message: str, retry_after: int):
        self.size = max(1, size)
        self.busy = (title, message, retry_after)  # what Busy tells the client
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        self.folder = Path(tempfile.gettempdir()) / f"kg-query-slots-{digest}"
        self.folder.mkdir(mode=0o700, exist_ok=True)
        self._paths = [str(self.folder / f"slot-{n}") for n in range(self.size)]
        self._local = threading.local()

    def _fds(self) -> dict[int, int]:
        local = self._local
        pid = os.getpid()
        if (
            getattr(local, "pid", None) != pid
        ):  # descriptors inherited over a fork share their locks: never reuse
            local.pid, local.fds = pid, _Descriptors()
        return local.fds

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Take a free slot for the duration, or raise Busy at once (callers answer 503, never queue)."""
        release = self.acquire()
        try:
            yield
        finally:
            release()

    def acquire(self) -> Callable[[], None]:
        """Take a free slot (Busy when every one is taken); returns what gives it back, from any thread."""
        fds = self._fds()
        start = random.randrange(self.size)
        for i in range(self.size):
            n = (start + i) % self.size
            if (
                n in fds.held
            ):  # flock(2) on a descriptor that holds the lock succeeds again: skip our own
                continue
            fd = fds.get(n)
            if fd is None:
                fd = fds[n] = os.open(self._paths[n], os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            fds.held.add(n)
            done = threading.Lock()

            def release(
                fd: int = fd, n: int = n, held: set = fds.held, done: threading.Lock = done
            ) -> None:
                if done.acquire(blocking=False):  # once, however many times it is called
                    held.discard(n)
                    fcntl.flock(fd, fcntl.LOCK_UN)  # the kernel also drops it if this process dies

            return release
        raise Busy(*self.busy)


def query_slots() -> QuerySlots:
    """This app's cap on engine queries (KG_MAX_CONCURRENT_QUERIES): /sparql, the named-query API and VoID."""
    return _app_slots(
        "kg.query_slots",
        "",
        "max_concurrent_queries",
        "Too Many Queries",
        "{n} queries are already running; try again in a moment",
        1,
    )


def dump_slots() -> QuerySlots:
    """This app's cap on dumps (KG_MAX_CONCURRENT_DUMPS): each reads the whole store and may wait on disk for
    a slow reader, so a stranger starting dozens would otherwise fill the disk and hold the engine."""
    return _app_slots(
        "kg.dump_slots",
        "dumps|",
        "max_concurrent_dumps",
        "Too Many Dumps",
        "{n} dumps are already being sent from this server (KG_MAX_CONCURRENT_DUMPS); "
        "try again in a minute",
        60,
    )


def _app_slots(
    name: str, prefix: str, setting: str, title: str, message: str, retry_after: int
) -> QuerySlots:
    ext = current_app.extensions
    if name not in ext:
        n = getattr(current_app.config["KG_SETTINGS"], setting)
        ext[name] = QuerySlots(
            prefix + ext["kg.endpoints"].query_url, n, title, message.format(n=n), retry_after
        )
    return ext[name]


class _Descriptors(dict):
    """One thread's open slot files, closed when the thread ends (its thread-local data goes), and which of
    them it holds now."""

    def __init__(self) -> None:
        super().__init__()
        self.held: set[int] = set()

    def __del__(self) -> None:
        for fd in self.values():
            try:
                os.close(fd)
            except OSError:
                pass


# -- the runaway watchdog -------------------------------------------------------------------------
def overrun_file(key: str) -> Path:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"kg-query-slots-{digest}" / "overrun"


def report_overrun(key: str) -> None:
    """A worker saw a query or update pass its deadline: tell the watchdog to check the engine."""
    path = overrun_file(key)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.touch()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_watchdog(
    engine, key: str, busy_share: float = 0.4, grace_s: float = 0.4, sample_s: float = 0.4
) -> None:
    """In the `kg serve` process that owns the embedded engine: restart it when a stopped query runs on.

    After a worker reports an overrun, the engine's CPU is sampled; if it is still working at least
    `busy_share` of a core, the runaway is still in there (Oxigraph's timeout does not reach it) and the
    engine is killed; EmbeddedEngine.watch() starts it again on the same port within a second. Queries in
    flight at that moment fail and are answered 503 with Retry-After; that is the price of getting the CPU back.
    """
    import logging
    import threading
    import time

    log = logging.getLogger("kg.watchdog")
    path = overrun_file(key)

    def loop() -> None:
        seen = path.stat().st_mtime if path.exists() else 0.0
        while True:
            time.sleep(0.1)
            try:
                mtime = path.stat().st_mtime
            except OSError:
                continue
            if mtime <= seen or engine.process is None:
                continue
            seen = mtime
            time.sleep(grace_s)  # an engine that honours its timeout is winding down: let it
            try:
                pid = engine.process.pid
                before = _cpu_seconds(pid)
                time.sleep(sample_s)
                busy = (_cpu_seconds(pid) - before) / sample_s
            except OSError:
                continue
            if busy >= busy_share:
                log.warning(
                    "engine still busy (%.0f%% CPU) after a query passed its time limit: killing it",
                    busy * 100,
                )
                engine.process.kill()

    threading.Thread(target=loop, name="kg-engine-watchdog", daemon=True).start()
