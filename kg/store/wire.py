"""The hot path to a plain-HTTP engine: send one SPARQL operation, take its bytes back whole.

Why not `requests` (kg.store's path for streams, https and Digest): it costs several hundred
microseconds a call (pool bookkeeping, header dictionaries, the request written in two sends, a chunked
body decoded one engine chunk at a time), more than half of a small query's budget. This module speaks
HTTP/1.1 itself over one keep-alive connection per worker thread: the request leaves in one send, the
answer is taken with a few large reads and its chunked framing removed in one pass.

Why the whole body before answering: engines start a 200 and then, when the query hits its time limit
or fails half-way, append an error message to the stream (see complete.py). The body is read to its end
(bounded by the byte cap) so that it can be checked before kg's own status is chosen.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from urllib.parse import quote_plus, urlsplit

from .base import Answer, BrokenOff, Failed, QueryTimeout, StoreError, StoreUnavailable, TooLarge
from .base import failure as _failure

RECV = 1 << 18
CONNECT_TIMEOUT = 5.0
TIMEOUT_SLACK = 0.5  # how far past its deadline one read may wait
FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query; charset=utf-8"


def fast_path(url: str) -> bool:
    """Whether this client can speak to the URL (plain http, no credentials in it)."""
    return _target(url) is not None


def send(
    url: str,
    body: bytes,
    content_type: str,
    accept: str,
    deadline_s: float,
    max_bytes: int,
    authorization: str | None = None,
) -> Answer:
    """POST to the engine; the whole answer or an exception (timeout, unavailable, too large, failed).

    Oxigraph answers 500 "Resource temporarily unavailable (os error 11)" when it cannot start the thread
    that enforces its --timeout-s (one per query, alive for the whole timeout: see BENCHMARKS.md); that
    one is retried, twice at most."""
    for _attempt in range(2):
        try:
            return _send_once(url, body, content_type, accept, deadline_s, max_bytes, authorization)
        except StoreError as exc:
            if exc.status != 500 or "os error 11" not in str(exc):
                raise
    return _send_once(url, body, content_type, accept, deadline_s, max_bytes, authorization)


def encode_form(fields: list[tuple[str, str]]) -> bytes:
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in fields).encode("ascii")


def _send_once(
    url: str,
    body: bytes,
    content_type: str,
    accept: str,
    deadline_s: float,
    max_bytes: int,
    authorization: str | None = None,
) -> Answer:
    target = _target(url)
    if target is None:
        raise ValueError(f"not a plain-http engine URL: {url}")
    host, port, path, host_header = target
    auth = f"Authorization: {authorization}\r\n" if authorization else ""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host_header}\r\nAccept: {accept}\r\n{auth}"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    request = head + body
    started = time.monotonic()
    conns = _connections()
    key = (host, port)
    for attempt in range(2):
        conn = conns.pop(key, None)
        reused = conn is not None
        if conn is None:
            conn = _Connection(host, port, url)
        try:
            status, ctype, payload, keep = conn.exchange(request, started, deadline_s, max_bytes)
        except _Stale:
            conn.close()
            if reused and attempt == 0:
                continue  # the engine closed an idle keep-alive connection before reading: send again
            raise StoreUnavailable(
                f"the engine at {url} closed the connection without an answer"
            ) from None
        except BaseException:
            conn.close()  # a half-read answer leaves the connection unusable (and stops a remote engine)
            raise
        if keep:
            conns[key] = conn
        else:
            conn.close()
        break
    if status >= 400:
        raise _failure(status, payload.decode("utf-8", "replace"), url)
    return Answer(status, ctype, payload, conn.cut_at)


# -- the plain-HTTP client ------------------------------------------------------------------------
_targets: dict[str, tuple[str, int, str, str] | None] = {}
_local = threading.local()


def _target(url: str) -> tuple[str, int, str, str] | None:
    """(host, port, path, Host header) of an http:// URL; None for anything the urllib3 path handles."""
    try:
        return _targets[url]
    except KeyError:
        pass
    parts = urlsplit(url)
    found = None
    if parts.scheme == "http" and parts.hostname and not parts.username:
        port = parts.port or 80
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        found = (parts.hostname, port, path, parts.netloc)
    _targets[url] = found
    return found


def _connections() -> dict:
    """This thread's keep-alive connections, one per engine address (never shared across a fork)."""
    pid = os.getpid()
    if getattr(_local, "pid", None) != pid:
        _local.pid, _local.conns = pid, {}
    return _local.conns


class _Stale(Exception):
    """The connection was closed before any byte of an answer arrived."""


class _Connection:
    def __init__(self, host: str, port: int, url: str):
        try:
            self.sock = socket.create_connection((host, port), timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise StoreUnavailable(f"the engine at {url} does not answer: {exc}") from exc
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.url = url

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def exchange(self, request: bytes, started: float, deadline_s: float, max_bytes: int):
        """Send one request, read its whole answer: (status, content type, body, keep-alive)."""
        sock = self.sock
        try:
            if sock.gettimeout() != deadline_s:
                sock.settimeout(deadline_s)
            sock.sendall(request)
        except OSError as exc:
            raise _Stale() from exc
        buf = bytearray()
        # the head
        while True:
            chunk = self._recv(started, deadline_s)
            if not chunk:
                if not buf:
                    raise _Stale()
                raise BrokenOff("the engine broke off its answer before its headers")
            buf += chunk
            end = buf.find(b"\r\n\r\n")
            if end != -1:
                break
            if len(buf) > 1 << 20:
                raise Failed("the engine sent an endless header")
        lines = bytes(buf[:end]).decode("latin-1").split("\r\n")
        del buf[: end + 4]
        version, _, rest = lines[0].partition(" ")
        try:
            status = int(rest[:3])
        except ValueError:
            raise Failed(f"the engine answered garbage: {lines[0][:100]!r}") from None
        ctype, length, chunked = "application/octet-stream", None, False
        self.cut_at = None
        keep = version == "HTTP/1.1"
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-type":
                ctype = value.strip()
            elif name == "content-length":
                length = int(value.strip())
            elif name == "transfer-encoding":
                chunked = "chunked" in value.lower()
            elif name == "x-sparql-maxrows":  # Virtuoso: the answer was cut at its ResultSetMaxRows
                self.cut_at = int(value.strip() or 0) or None
            elif name == "connection":
                v = value.strip().lower()
                keep = "close" not in v and (keep or "keep-alive" in v)
        if status in (204, 304) or 100 <= status < 200:
            return status, ctype, b"", keep
        if chunked:
            return status, ctype, self._read_chunked(buf, started, deadline_s, max_bytes), keep
        if length is not None:
            if length > max_bytes:
                raise _too_large(max_bytes)
            while len(buf) < length:
                chunk = self._recv(started, deadline_s)
                if not chunk:
                    raise BrokenOff("the engine broke off its answer")
                buf += chunk
            return status, ctype, bytes(buf[:length]), keep
        while True:  # delimited by the end of the connection
            chunk = self._recv(started, deadline_s)
            if not chunk:
                return status, ctype, bytes(buf), False
            buf += chunk
            if len(buf) > max_bytes:
                raise _too_large(max_bytes)

    def _recv(self, started: float, deadline_s: float) -> bytes:
        left = deadline_s - (time.monotonic() - started)
        if left <= 0:
            raise QueryTimeout(f"the query ran past {deadline_s:.0f} s and was abandoned")
        if self.sock.gettimeout() > left + TIMEOUT_SLACK:
            self.sock.settimeout(
                left
            )  # a syscall that drops the GIL: only once the deadline comes near
        try:
            return self.sock.recv(RECV)
        except TimeoutError as exc:
            raise QueryTimeout(f"the engine did not answer within {deadline_s:.0f} s") from exc
        except OSError as exc:
            raise BrokenOff(f"the engine broke off its answer: {exc}") from exc

    def _read_chunked(
        self, buf: bytearray, started: float, deadline_s: float, max_bytes: int
    ) -> bytes:
        """Read until the last chunk, then strip the framing in one pass over the buffer."""
        out: list[bytes] = []
        size = 0
        pos = 0
        while True:
            eol = buf.find(b"\r\n", pos)
            if eol == -1:
                chunk = self._more(started, deadline_s)
                if pos:
                    del buf[:pos]
                    pos = 0
                buf += chunk
                continue
            try:
                n = int(bytes(buf[pos:eol]).split(b";", 1)[0], 16)
            except ValueError:
                raise Failed("the engine sent a malformed chunk") from None
            if n == 0:
                while buf.find(b"\r\n\r\n", eol) == -1:  # trailers, if any, end with an empty line
                    buf += self._more(started, deadline_s)
                return b"".join(out)
            if size + n > max_bytes:
                raise _too_large(max_bytes)
            start, stop = eol + 2, eol + 2 + n
            while len(buf) < stop + 2:
                if pos:
                    del buf[:pos]
                    start, stop, eol, pos = start - pos, stop - pos, eol - pos, 0
                buf += self._more(started, deadline_s)
            out.append(bytes(buf[start:stop]))
            size += n
            pos = stop + 2

    def _more(self, started: float, deadline_s: float) -> bytes:
        chunk = self._recv(started, deadline_s)
        if not chunk:
            raise BrokenOff("the engine broke off its answer")
        return chunk


def _too_large(max_bytes: int) -> TooLarge:
    return TooLarge(f"the result is larger than {max_bytes} bytes; narrow the query or add a LIMIT")
