from __future__ import annotations

import pytest

from ..sources_server import serve_sources


@pytest.fixture(scope="module")
def site() -> str:
    with serve_sources() as base:
        yield base
