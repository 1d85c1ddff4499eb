"""A remote engine that demands credentials: every path to it (ingest, /sparql, pages, data documents, the
named-query API, search, dumps, VoID, /health) must send them, and a server without them must say so
without blaming the client.

The engine is a real `oxigraph serve` behind a small authenticating proxy on 127.0.0.1 that counts what
it lets through and what it refuses: the test can then tell which requests came without credentials.
"""

from __future__ import annotations

import base64
import http.client
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from .conftest import KG, ROOT, free_port, run_kg, sample_inputs, wait_http

USER, PASSWORD = "editor", "s3cret"
EXPECTED = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-authorization",
}


class AuthProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, engine_port: int):
        self.engine_port = engine_port
        self.allowed = self.refused = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _any(self) -> None:
        server: AuthProxy = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("Authorization") != EXPECTED:
            with server.lock:
                server.refused += 1
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="engine"')
            self.send_header("Content-Length", "12")
            self.end_headers()
            self.wfile.write(b"unauthorized")
            return
        with server.lock:
            server.allowed += 1
        conn = http.client.HTTPConnection("127.0.0.1", server.engine_port, timeout=60)
        headers = {
            k: v
            for k, v in self.headers.items()
            if k.lower() not in HOP_BY_HOP | {"authorization", "host"}
        }
        conn.request(self.command, self.path, body=body or None, headers=headers)
        resp = conn.getresponse()
        payload = resp.read()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in HOP_BY_HOP | {"content-length"}:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        conn.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any


@pytest.fixture
def guarded_engine(external_engine):
    proxy = AuthProxy(external_engine.port)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    yield proxy
    proxy.shutdown()
    proxy.server_close()


def _engine_env(proxy: AuthProxy, tmp_path: Path, credentials: bool = True) -> dict[str, str]:
    env = {
        "KG_STORE": f"{proxy.url}/query",
        "KG_STORE_UPDATE": f"{proxy.url}/update",
        "KG_STORE_GRAPHS": f"{proxy.url}/store",
        "KG_CACHE_DIR": str(tmp_path / "cache"),
    }
    return {**env, "KG_STORE_USER": USER, "KG_STORE_PASSWORD": PASSWORD} if credentials else env


def _serve(env: dict, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """`kg serve` on the guarded engine; its base IRI is its own address unless `env` names one."""
    port = port or free_port()
    env = {"KG_BASE_IRI": f"http://127.0.0.1:{port}/", **env}
    proc = subprocess.Popen(
        [KG, "--store", env["KG_STORE"], "serve", "--port", str(port), "--workers", "1"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/", proc=proc, timeout=60)
    except BaseException:
        _stop(proc)
        raise
    return proc, url


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_every_path_to_a_guarded_engine_sends_the_credentials(
    guarded_engine: AuthProxy, tmp_path: Path
):
    env = _engine_env(guarded_engine, tmp_path)
    run_kg(
        "ingest", *sample_inputs(), env={**env, "KG_BASE_IRI": "http://127.0.0.1:8080/"}, check=True
    )
    assert guarded_engine.allowed > 0 and guarded_engine.refused == 0

    proc, url = _serve(env)
    try:
        person = requests.get(
            url + "/sparql",
            params={
                "query": "SELECT ?p WHERE { ?p a <http://schema.org/Person> } ORDER BY ?p LIMIT 1",
                "format": "csv",
            },
            timeout=30,
        ).text.split()[1]
        local = person.split("/id/", 1)[1]
        # the pages ask the engine for IRIs under the server's base: use what was published, as a client would
        paths = [
            f"/page/{local}",
            f"/data/{local}.ttl",
            f"/id/{local}",
            "/search?q=a&format=json",
            "/api/entities-without-wikidata?format=json",
            "/dump.nt",
            "/.well-known/void",
            "/health",
            "/sparql?query=ASK%7B%7D",
        ]
        seen = {}
        for path in paths:
            r = requests.get(url + path, timeout=60, allow_redirects=False)
            seen[path] = r.status_code
        # /page, /data and /id look the thing up under this server's own base IRI, which differs from the
        # one ingested under: a 404 there is an answer from the engine (with credentials), not a failure
        assert all(code in (200, 303, 404) for code in seen.values()), seen
        assert seen["/dump.nt"] == seen["/health"] == seen["/sparql?query=ASK%7B%7D"] == 200, seen
        assert seen["/api/entities-without-wikidata?format=json"] == 200, seen
        assert guarded_engine.refused == 0, (
            f"{guarded_engine.refused} requests reached the engine without credentials"
        )
    finally:
        _stop(proc)


def test_pages_of_a_guarded_engine_are_served_with_the_credentials(
    guarded_engine: AuthProxy, tmp_path: Path
):
    """Ingested under the base the server serves, so entity pages and data documents really come from the engine."""
    port = free_port()
    env = {**_engine_env(guarded_engine, tmp_path), "KG_BASE_IRI": f"http://127.0.0.1:{port}/"}
    run_kg("ingest", *sample_inputs(), env=env, check=True)
    proc, url = _serve(env, port)
    try:
        person = requests.get(
            url + "/sparql",
            params={
                "query": "SELECT ?p WHERE { ?p a <http://schema.org/Person> } ORDER BY ?p LIMIT 1",
                "format": "csv",
            },
            timeout=30,
        ).text.split()[1]
        local = person[len(url) + len("/id/") :]
        page = requests.get(f"{url}/page/{local}", timeout=60)
        assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
        data = requests.get(f"{url}/data/{local}.ttl", timeout=60)
        assert data.status_code == 200 and person in data.text
        assert (
            requests.get(f"{url}/id/{local}", timeout=60, allow_redirects=False).status_code == 303
        )
        assert guarded_engine.refused == 0
    finally:
        _stop(proc)


def test_without_credentials_the_server_blames_itself_not_the_client(
    guarded_engine: AuthProxy, tmp_path: Path
):
    base = guarded_engine.url
    env = _engine_env(guarded_engine, tmp_path, credentials=False)
    # `kg serve` probes the engine first (issue 12): it does not start, and says why in one line
    port = free_port()
    refused = subprocess.run(
        [KG, "--store", env["KG_STORE"], "serve", "--port", str(port)],
        env={**os.environ, "KG_BASE_IRI": f"http://127.0.0.1:{port}/", **env},
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    err = refused.stderr.decode()
    assert refused.returncode == 2 and "not serving" in err and "KG_STORE_USER" in err, err
    # an engine that starts refusing once kg serves (the same app, in process)
    from kg.config import Settings
    from kg.web import Endpoints, create_app

    settings = Settings(store=env["KG_STORE"], base_iri="http://kg.test/", cache_dir=str(tmp_path))
    client = create_app(
        settings, Endpoints(env["KG_STORE"], env["KG_STORE_UPDATE"], env["KG_STORE_GRAPHS"], 10)
    ).test_client()
    for path in (
        "/sparql?query=ASK%7B%7D",
        "/page/person/anyone",
        "/api/entities-without-wikidata?format=json",
        "/store?graph=http://kg.test/graph/x",
    ):
        r = client.get(path)
        # the client did nothing wrong: not a 401 (which would ask *it* for credentials), but a 502 that
        # says the engine refused this service's own
        text = r.get_data(as_text=True)
        assert r.status_code == 502, (path, r.status_code, text[:200])
        assert "credentials" in text and "KG_STORE_USER" in text, text[:300]
        assert base not in text and "127.0.0.1" not in text  # the engine's address stays private
        assert "WWW-Authenticate" not in r.headers
    assert guarded_engine.refused >= 4
