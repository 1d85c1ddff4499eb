"""The engine client's fast path (kg/store/wire.py) against an engine that misbehaves on a real socket:
an answer broken off half-way is the engine gone (503, retry), garbage is a bad gateway (502); what
reaches the client says so.

Found by a clean-clone run: the runaway watchdog restarted the embedded engine while another query was being
answered, and that query's client got `502 Store Error: … Connection reset by peer` instead of a 503.
"""

from __future__ import annotations

import socket
import struct
import threading

import pytest

from kg.config import Settings
from kg.store import target_for, wire
from kg.store.base import BrokenOff, Failed, StoreUnavailable
from kg.web import Endpoints, create_app


def send_query(url: str, sparql: str, accept: str, deadline: float, max_bytes: int):
    return wire.send(url, sparql.encode(), wire.DIRECT_QUERY, accept, deadline, max_bytes)


HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n"
)


class _OneShotEngine:
    """Accepts connections on 127.0.0.1, reads a request, writes `reply`, then closes or resets."""

    def __init__(self, reply: bytes, reset: bool):
        self.reply, self.reset = reply, reset
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.recv(65536)
            conn.sendall(self.reply)
            if self.reset:  # SO_LINGER 0: close() sends a RST, as a killed process's socket does
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize("reset", [True, False], ids=["reset", "closed"])
def test_an_answer_broken_off_half_way_is_the_engine_gone(reset):
    engine = _OneShotEngine(HEAD + b'20\r\n{"head":{"vars":["s"]},"results"', reset)
    try:
        with pytest.raises(BrokenOff) as caught:
            send_query(
                engine.url, "SELECT * { ?s ?p ?o }", "application/sparql-results+json", 5, 1 << 20
            )
        assert isinstance(caught.value, StoreUnavailable)
    finally:
        engine.close()


def test_garbage_from_the_engine_is_a_failure_not_an_outage():
    engine = _OneShotEngine(HEAD + b"zz\r\nnot a chunk\r\n", reset=False)
    try:
        with pytest.raises(Failed) as caught:
            send_query(
                engine.url, "SELECT * { ?s ?p ?o }", "application/sparql-results+json", 5, 1 << 20
            )
        assert not isinstance(caught.value, StoreUnavailable)
    finally:
        engine.close()


def test_the_client_of_a_broken_off_answer_is_told_to_retry(tmp_path):
    engine = _OneShotEngine(HEAD + b'20\r\n{"head":{"vars":["s"]},"results"', reset=True)
    try:
        settings = Settings.from_env(store=engine.url, base_iri="http://127.0.0.1:8080/")
        app = create_app(settings, Endpoints(target_for(settings)))
        for path in ("/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D", "/page/person/anyone"):
            r = app.test_client().get(path)
            assert r.status_code == 503 and r.headers["Retry-After"], (
                path,
                r.status_code,
                r.data[:200],
            )
            assert b"127.0.0.1" not in r.data  # the engine's address is for the log
    finally:
        engine.close()
