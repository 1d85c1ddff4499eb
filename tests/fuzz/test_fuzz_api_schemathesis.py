"""Schemathesis against the OpenAPI document of the named-query API (/api/openapi.json), on a real server.

Each operation of the document is fuzzed from its own schema, in both of schemathesis' modes: positive
(values that fit the schema) and negative (wrong types, missing required parameters, values out of
range). Every answer is checked by all of schemathesis' checks (no 5xx, status codes, content types and
headers as documented, bodies that conform to the response schemas; negative cases must be refused) and
by ours (nothing internal in an answer: tests/fuzz/http.py). The API only reads: the store must not change.

Fast: a few examples per operation and mode in `make test`; `pytest -m soak` runs 100 of each.
(`schemathesis.pytest.from_fixture` does not work with pytest 9, hence the strategies of each operation
are drawn inside an ordinary Hypothesis test.)
"""

from __future__ import annotations

from functools import lru_cache

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

from kg.queries import load_all

from .http import check_answer, fingerprint, fuzz_examples

COMMON = dict(deadline=None, suppress_health_check=list(HealthCheck))
OPERATIONS = sorted(load_all())
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


@lru_cache(maxsize=4)
def _schema(url: str):
    return schemathesis.openapi.from_url(url + "/api/openapi.json")


@pytest.fixture(scope="module")
def unchanged(live_server):
    fp = fingerprint(live_server)
    yield
    assert fingerprint(live_server) == fp, "the read-only API changed the store"


def _run(live_server, name: str, mode: GenerationMode, data) -> None:
    operation = _schema(live_server.url)[f"/api/{name}"]["GET"]
    case = data.draw(operation.as_strategy(generation_mode=mode), label="case")
    resp = case.call(timeout=60)
    if resp.status_code == 414:
        # gunicorn refuses a request line over 4 KB before the app sees it: a rejection schemathesis doesn't list
        assert mode == GenerationMode.NEGATIVE or len(resp.request.url) > 4000
    else:
        case.validate_response(resp)
    headers = {k: ", ".join(v) if isinstance(v, list) else v for k, v in resp.headers.items()}
    check_answer(live_server, resp.status_code, headers, resp.content, sent=str(case.query))


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("name", OPERATIONS)
@settings(max_examples=fuzz_examples(6), **COMMON)
@given(data=st.data())
def test_api_conforms_to_its_openapi_document(live_server, unchanged, name, mode, data):
    _run(live_server, name, mode, data)


@pytest.mark.soak
@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("name", OPERATIONS)
@settings(max_examples=fuzz_examples(100), **COMMON)
@given(data=st.data())
def test_api_conforms_to_its_openapi_document_long(live_server, unchanged, name, mode, data):
    _run(live_server, name, mode, data)
