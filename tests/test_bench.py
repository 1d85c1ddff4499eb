"""The benchmarks stay runnable: `make bench` is not part of `make test`, so a broken import would only
show the next time someone measures (it happened: a shared helper was renamed under one of them)."""

from __future__ import annotations

import importlib

import pytest

from bench.run import BENCHES


@pytest.mark.parametrize("module", [*BENCHES.values(), "bench.soak.__main__", "bench.bare_app"])
def test_every_benchmark_imports(module):
    mod = importlib.import_module(module)
    assert callable(getattr(mod, "main"))


def test_bare_app_has_both_ceilings():
    from bench.bare_app import create

    app = create("http://127.0.0.1:9/query")  # never contacted here
    rules = {r.rule for r in app.url_map.iter_rules()}
    assert {"/constant", "/forward"} <= rules
    assert app.test_client().get("/constant").data == b'{"head":{},"boolean":true}'
