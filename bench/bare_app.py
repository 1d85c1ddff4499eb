"""The framework's own ceiling: a Flask app with one route returning a constant, under kg's gunicorn options."""

from __future__ import annotations

import sys

from flask import Flask, Response

BODY = b'{"head":{},"boolean":true}'


def create() -> Flask:
    app = Flask(__name__)

    @app.get("/constant")
    def constant():
        return Response(BODY, content_type="application/sparql-results+json")

    return app


def main() -> None:
    from kg.web.server import _Gunicorn, gunicorn_options

    port, workers = int(sys.argv[1]), int(sys.argv[2])
    opts = gunicorn_options("127.0.0.1", port, workers, 30.0)  # exactly kg serve's, access log included
    _Gunicorn(create, opts).run()


if __name__ == "__main__":
    main()
