"""The whole app through Flask's test client, in process, on a real embedded engine of this module's own:
the routes a reader and a client use most, fast enough to run on every change. The live-server suites
(gunicorn, two engine kinds) stay the integration layer."""

from __future__ import annotations

import pytest

from .inproc import BASE, TOKEN, embedded_app

KHAN = BASE + "id/person/imran-khan"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with embedded_app(tmp_path_factory.mktemp("app")) as app:
        yield app.test_client()


def test_sparql_select(client):
    r = client.get(
        "/sparql",
        query_string={"query": f"SELECT ?n WHERE {{ <{KHAN}> <http://schema.org/name> ?n }}"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert [b["n"]["value"] for b in r.get_json()["results"]["bindings"]] == ["Imran Khan"]
    assert "Accept" in r.headers["Vary"]


def test_sparql_syntax_error_says_where(client):
    r = client.get("/sparql", query_string={"query": "SELEC ?x"}, headers={"Accept": "*/*"})
    assert r.status_code == 400
    assert "1:" in r.get_data(as_text=True)  # the engine parser's line:column


def test_update_needs_the_token(client):
    graph = "http://example.org/inproc"
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <{graph}#s> <http://schema.org/name> 'x' }} }}"
    assert client.post("/sparql", data={"update": update}).status_code == 401
    r = client.post(
        "/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 204
    ask = client.get("/sparql", query_string={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
    assert ask.get_json()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "target"),
    [("text/html", "/page/person/imran-khan"), ("text/turtle", "/data/person/imran-khan.ttl")],
)
def test_id_redirects_by_accept(client, accept, target):
    r = client.get("/id/person/imran-khan", headers={"Accept": accept})
    assert r.status_code == 303 and r.headers["Location"].endswith(target)


def test_page_and_data(client):
    page = client.get("/page/person/imran-khan", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Imran Khan" in page.get_data(as_text=True)
    data = client.get("/data/person/imran-khan.nt")
    assert data.status_code == 200
    assert f'<{KHAN}> <http://schema.org/name> "Imran Khan"' in data.get_data(as_text=True)


def test_unknown_thing_is_404_in_the_clients_language(client):
    html = client.get("/page/person/nobody-at-all", headers={"Accept": "text/html"})
    assert html.status_code == 404 and html.mimetype == "text/html"
    js = client.get("/data/person/nobody-at-all.ttl", headers={"Accept": "application/json"})
    assert js.status_code == 404


def test_search_json(client):
    r = client.get("/search", query_string={"q": "khan", "format": "json"})
    assert r.status_code == 200
    assert KHAN in r.get_data(as_text=True)


def test_health_and_headers_on_every_answer(client):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
