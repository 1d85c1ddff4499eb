"""What the HTTP fuzz tests and the security tests share: a raw HTTP client (bytes on the wire exactly as
generated: no normalisation of `..`, no re-quoting), the checks every answer must pass, and a fingerprint
of the store to prove that a rejected input changed nothing.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

# What must never reach a client: a traceback, a source or temp path, the installed packages' folder.
LEAK = re.compile(
    r"Traceback \(most recent call last\)|File \"|/work/|/tmp/|site-packages|/usr/lib/python|"
    r"\.py\", line \d+|werkzeug\.exceptions|jinja2\.exceptions"
)
KG = "https://w3id.org/kg-news/ontology#"
FINGERPRINT_QUERY = (
    f"SELECT ?g (COUNT(*) AS ?n) (GROUP_CONCAT(DISTINCT STR(?d)) AS ?digest) "
    f"WHERE {{ GRAPH ?g {{ ?s ?p ?o OPTIONAL {{ ?s <{KG}contentDigest> ?d }} }} }} GROUP BY ?g"
)


@dataclass
class Raw:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def raw_request(
    base_url: str,
    method: str,
    target: bytes,
    headers: list[tuple[bytes, bytes]] = (),
    body: bytes | None = None,
    timeout: float = 60,
) -> Raw:
    """One request with the request line and headers exactly as given (Connection: close)."""
    parts = urlsplit(base_url)
    head = [
        method.encode("latin-1") + b" " + target + b" HTTP/1.1",
        b"Host: " + parts.netloc.encode(),
        b"Connection: close",
    ]
    head += [k + b": " + v for k, v in headers]
    if body is not None:
        head.append(b"Content-Length: " + str(len(body)).encode())
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(b"\r\n".join(head) + b"\r\n\r\n" + (body or b""))
        resp = http.client.HTTPResponse(sock, method=method)
        resp.begin()
        data = resp.read() if method != "HEAD" else b""
        return Raw(resp.status, resp.headers, data)


def engine_query_url(server) -> str:
    """The engine's own query endpoint: the fingerprint must not depend on the service under test."""
    if server.kind == "remote":
        return server.env["KG_STORE"]
    info = json.loads((Path(server.store) / "engine.json").read_text())
    return f"http://127.0.0.1:{info['port']}/query"


def engine_address(server) -> str:
    """host:port of the engine: its private address, never to be shown to clients."""
    return urlsplit(engine_query_url(server)).netloc


def fingerprint(server) -> frozenset:
    """Every named graph with its number of triples and its kg:contentDigest, plus the union's size."""
    url = engine_query_url(server)
    r = requests.post(
        url,
        data={"query": FINGERPRINT_QUERY},
        headers={"Accept": "application/sparql-results+json"},
        timeout=60,
    )
    r.raise_for_status()
    rows = {
        (b["g"]["value"], int(b["n"]["value"]), b.get("digest", {}).get("value", ""))
        for b in r.json()["results"]["bindings"]
    }
    total = requests.post(
        url,
        data={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
        timeout=60,
    ).text.split()[1]
    return frozenset(rows | {("<union>", int(total), "")})


def check_answer(
    server, status: int, headers, body: bytes, *, allow_503: bool = True, sent: str = ""
) -> None:
    """The properties every answer has, whatever was sent: no 500, nothing internal, no token.

    `sent`: what the request held (decoded), so that an answer echoing the client's own text is not
    mistaken for a leak."""
    text = body.decode("utf-8", "replace")
    if os.environ.get("KG_FUZZ_LOG"):  # a tally of what the fuzzers saw, for SECURITY.md
        with open(os.environ["KG_FUZZ_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{os.environ.get('PYTEST_CURRENT_TEST', '?').split(' ')[0]}\t{status}\n")
    assert status != 500, f"500 for {sent[:800]!r}:\n{text[:2000]}"
    if status >= 500:
        assert allow_503 and status == 503 and headers.get("Retry-After"), (
            f"{status}:\n{text[:2000]}"
        )
    for m in LEAK.finditer(text):
        assert m.group(0) in sent, (
            f"internal detail {m.group(0)!r} in a {status} answer:\n{text[:2000]}"
        )
    assert engine_address(server) not in text, f"the engine's private address in a {status} answer"
    assert server.token not in text and server.token not in str(dict(headers)), (
        "the write token in an answer"
    )
    for name, value in headers.items():
        assert all(m.group(0) in sent for m in LEAK.finditer(value)), (name, value)
    assert "Set-Cookie" not in headers, "the service keeps no sessions: no cookie, no CSRF surface"


def check_requests(server, resp: requests.Response, **kw) -> None:
    check_answer(server, resp.status_code, resp.headers, resp.content, **kw)


def fuzz_examples(default: int) -> int:
    """KG_FUZZ_SCALE=10 runs ten times as many examples (the `soak` runs do it through their own tests)."""
    return max(1, int(default * float(os.environ.get("KG_FUZZ_SCALE", "1"))))
