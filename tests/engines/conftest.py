"""The engine tests leave the session's shared Virtuoso as they found it: the kg suites that run on it
next must not see their graphs (a stray 12,000-triple graph would change any count over the engine)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module", autouse=True)
def _drop_test_graphs(virtuoso_engine):
    yield
    virtuoso_engine.drop_graphs("http://kg.test/")
