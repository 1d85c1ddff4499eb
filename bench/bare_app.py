"""The framework's own ceilings, under kg's gunicorn options:

- `/constant`: a Flask route returning a constant (what Flask and gunicorn cost by themselves);
- `/forward?query=…`: a Flask route that hands the query to the engine with kg's pass-through client and
  returns the engine's bytes, with none of /sparql's checks (what one hop to an engine in another process
  adds: the floor of kg's architecture, where the engine is a separate process shared by every worker).

Usage: python -m bench.bare_app PORT WORKERS [ENGINE_QUERY_URL]
"""

from __future__ import annotations

import sys

from flask import Flask, Response, request

BODY = b'{"head":{},"boolean":true}'


def create(engine_query_url: str | None = None) -> Flask:
    app = Flask(__name__)

    @app.get("/constant")
    def constant():
        return Response(BODY, content_type="application/sparql-results+json")

    if engine_query_url:
        from kg.store import wire

        @app.get("/forward")
        def forward():
            answer = wire.send(
                engine_query_url,
                request.args["query"].encode(),
                wire.DIRECT_QUERY,
                "application/sparql-results+json",
                30.0,
                1 << 28,
            )
            return Response(answer.body, content_type=answer.content_type)

    return app


def main() -> None:
    from kg.web.server import _Gunicorn, gunicorn_options

    port, workers = int(sys.argv[1]), int(sys.argv[2])
    engine = sys.argv[3] if len(sys.argv) > 3 else None
    opts = gunicorn_options(
        "127.0.0.1", port, workers, 30.0
    )  # exactly kg serve's, access log included
    _Gunicorn(lambda: create(engine), opts).run()


if __name__ == "__main__":
    main()
