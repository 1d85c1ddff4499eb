"""How an error is rendered (errors.error_response), directly: HTML for browsers, JSON for JSON clients and
for the API, plain text for everyone else; headers passed through."""

from __future__ import annotations

import pytest
from flask import Flask

from kg.web.errors import error_response

APP = Flask("kg.web")  # the package's templates


@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),  # a browser
        ("application/json", "application/json"),
        ("*/*", "text/plain"),  # curl
        (None, "text/plain"),
        ("application/json;q=0.5, text/html", "text/html"),
        ("text/plain, application/json;q=0.9", "text/plain"),
    ],
)
def test_the_clients_language(accept, mimetype):
    headers = {"Accept": accept} if accept else {}
    with APP.test_request_context("/x", headers=headers):
        resp = error_response(404, "Not Found", "no person called 'x' <here>")
    assert resp.status_code == 404 and resp.mimetype == mimetype
    body = resp.get_data(as_text=True)
    if mimetype == "application/json":
        assert resp.get_json() == {
            "status": 404,
            "error": "Not Found",
            "message": "no person called 'x' <here>",
        }
    elif mimetype == "text/html":
        assert "&lt;here&gt;" in body and "<here>" not in body  # the message is escaped
    else:
        assert body == "Not Found: no person called 'x' <here>\n"


def test_as_json_whatever_accept_says():
    with APP.test_request_context("/api/x", headers={"Accept": "text/html"}):
        resp = error_response(503, "Busy", "try again", {"Retry-After": "1"}, as_json=True)
    assert resp.mimetype == "application/json" and resp.get_json()["status"] == 503
    assert resp.headers["Retry-After"] == "1"
