"""Clients the wrk mix cannot play: whole-dataset dumps, a slow dump reader, and a latency probe.

- DumpLoop downloads a dump every so often (rotating through .nt, .nq.gz, .ttl), reads it to the end and
  checks it is whole: the chunked stream ends properly and it has at least as many lines as the corpus.
- SlowClient requests /dump.nt on a socket with a 4 KiB receive buffer and reads it at a few KB/s for a
  while (a thread of one worker, and the engine's stream, stay held all that time), then reads the rest at
  full speed and checks that the dump is complete.
- Probe times one entity page and one SPARQL lookup every second for the whole run, so latencies while the
  slow client is connected can be compared with those before and after.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.parse
import zlib
from dataclasses import dataclass, field

import requests

from .background import Background


@dataclass
class DumpLoop(Background):
    url: str
    min_lines: int
    every: float = 60.0
    paths: tuple[str, ...] = ("/dump.nt", "/dump.nq.gz", "/dump.ttl")
    results: list[dict] = field(default_factory=list)

    thread_name = "soak-dumps"

    def _loop(self) -> None:
        n = 0
        while not self._stop.wait(0 if n == 0 else self.every):
            path = self.paths[n % len(self.paths)]
            n += 1
            self.results.append(self.one(path))

    def one(self, path: str) -> dict:
        began = time.monotonic()
        out = {
            "t": began - self._t0,
            "path": path,
            "status": 0,
            "bytes": 0,
            "lines": 0,
            "ok": False,
            "error": "",
        }
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS) if path.endswith(".gz") else None
        last = b""
        try:
            with requests.get(self.url + path, stream=True, timeout=(10, 120)) as r:
                out["status"] = r.status_code
                for chunk in r.iter_content(1 << 16):
                    out["bytes"] += len(chunk)
                    data = unzip.decompress(chunk) if unzip else chunk
                    out["lines"] += data.count(b"\n")
                    if data:
                        last = data[-64:]
                if unzip:
                    tail = unzip.flush()
                    out["lines"] += tail.count(b"\n")
                    last = (last + tail)[-64:]
            out["ok"] = (
                out["status"] == 200 and out["lines"] >= self.min_lines and last.endswith(b" .\n")
            )
            if not out["ok"]:
                out["error"] = f"HTTP {out['status']}, {out['lines']:,} lines, ends {last[-20:]!r}"
        except (requests.RequestException, zlib.error) as exc:
            out["error"] = f"{type(exc).__name__}: {exc}"[:300]
        out["seconds"] = time.monotonic() - began
        return out


@dataclass
class SlowClient:
    """Reads `path` at `rate` bytes/s for `seconds`, then drains the rest quickly and checks completeness."""

    host: str
    port: int
    min_lines: int
    rate: int = 4096
    seconds: float = 120.0
    path: str = "/dump.nt"
    result: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, name="soak-slow-client", daemon=True)

    def start(self, t0: float, after: float = 0.0) -> SlowClient:
        self._t0, self._after = t0, after
        self._thread.start()
        return self

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        time.sleep(self._after)
        r = self.result
        try:
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(120)
            s.connect((self.host, self.port))
            s.sendall(
                f"GET {self.path} HTTP/1.1\r\nHost: {self.host}\r\nConnection: close\r\n\r\n".encode()
            )
            r["start"] = time.monotonic() - self._t0
            got = bytearray()
            step = max(1, self.rate // 4)
            deadline = time.monotonic() + self.seconds
            while time.monotonic() < deadline:
                d = s.recv(step)
                if not d:
                    break
                got += d
                time.sleep(0.25)
            r["slow_end"] = time.monotonic() - self._t0
            r["slow_bytes"] = len(got)
            r["slow_rate"] = len(got) / max(1e-9, r["slow_end"] - r["start"])
            while True:  # the rest, at full speed: was the dump kept whole while we dawdled?
                d = s.recv(1 << 20)
                if not d:
                    break
                got += d
            s.close()
            r["end"] = time.monotonic() - self._t0
            head, _, body = bytes(got).partition(b"\r\n\r\n")
            r["status"] = int(head.split(b" ", 2)[1]) if head else 0
            chunked = b"transfer-encoding: chunked" in head.lower()
            payload, complete = dechunk(body) if chunked else (body, True)
            r["bytes"] = len(payload)
            r["lines"] = payload.count(b"\n")
            r["complete"] = (
                complete
                and r["status"] == 200
                and r["lines"] >= self.min_lines
                and payload.endswith(b" .\n")
            )
        except OSError as exc:
            r["error"] = f"{type(exc).__name__}: {exc}"


def dechunk(body: bytes) -> tuple[bytes, bool]:
    """HTTP/1.1 chunked body -> (payload, whether the terminating zero-length chunk arrived)."""
    out, i = [], 0
    while True:
        eol = body.find(b"\r\n", i)
        if eol < 0:
            return b"".join(out), False
        size = int(body[i:eol].split(b";")[0] or b"0", 16)
        if size == 0:
            return b"".join(out), True
        start = eol + 2
        if start + size > len(body):
            out.append(body[start:])
            return b"".join(out), False
        out.append(body[start : start + size])
        i = start + size + 2


@dataclass
class Probe(Background):
    """One entity page and one SPARQL lookup, timed, every `every` seconds."""

    url: str
    page: str
    query: str
    every: float = 1.0
    results: list[tuple[float, str, int, float]] = field(
        default_factory=list
    )  # (t, kind, status, seconds)

    thread_name = "soak-probe"

    def _loop(self) -> None:
        s = requests.Session()
        lookup = "/sparql?" + urllib.parse.urlencode({"query": self.query})
        while not self._stop.wait(self.every):
            for kind, path, accept in (
                ("page", self.page, "text/html"),
                ("sparql", lookup, "application/sparql-results+json"),
            ):
                began = time.monotonic()
                try:
                    status = s.get(
                        self.url + path, headers={"Accept": accept}, timeout=60
                    ).status_code
                except requests.RequestException:
                    status = 0
                self.results.append((began - self._t0, kind, status, time.monotonic() - began))
