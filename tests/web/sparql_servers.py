"""Servers for the SPARQL endpoint tests beyond the shared `live_server`: one with tight limits, one read-only.

They start on an empty embedded store (no ingest, so they are up in a second or two); tests that need
rows make them with VALUES or write their own graph. Import the fixtures into a test module to use them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

root = next(
    m
    for n, m in list(sys.modules.items())
    if n.endswith("conftest")
    and getattr(m, "__file__", "").endswith(os.path.join("tests", "conftest.py"))
)


def start_plain(tmp: Path, env: dict[str, str]):
    port = root.free_port()
    store = str(tmp / "store")
    full = {"KG_BASE_IRI": f"http://127.0.0.1:{port}/", "KG_QUERY_TIMEOUT": "5", **env}
    proc = subprocess.Popen(
        [root.KG, "--store", store, "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, **full},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=root.ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    root.wait_http(url + "/", proc=proc, timeout=60)
    return root.LiveServer(url, "embedded", store, full, full.get("KG_WRITE_TOKEN", ""), proc)


def _stop(server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture(scope="session")
def tight_server(tmp_path_factory):
    """Row limit 5, two concurrent queries, 300-character queries, SERVICE and LOAD enabled, 3 s timeout."""
    server = start_plain(
        tmp_path_factory.mktemp("tight"),
        {
            "KG_WRITE_TOKEN": "tight-token",
            "KG_ROW_LIMIT": "5",
            "KG_MAX_CONCURRENT_QUERIES": "2",
            "KG_MAX_QUERY_LENGTH": "300",
            "KG_SPARQL_SERVICE": "1",
            "KG_SPARQL_LOAD": "1",
            "KG_QUERY_TIMEOUT": "3",
        },
    )
    yield server
    _stop(server)


@pytest.fixture(scope="session")
def readonly_server(tmp_path_factory):
    server = start_plain(tmp_path_factory.mktemp("readonly"), {"KG_WRITE_TOKEN": ""})
    yield server
    _stop(server)
