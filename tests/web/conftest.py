"""Fixtures for the linked-data tests: the shared live server plus a few hand-written articles of our own
(hostile text, odd keys, a heavily mentioned entity), published once per server under unique keys."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .ld_docs import ODD_KEY, heavy_docs, hostile_doc, write

# Servers with their own settings (tight limits, no write token), shared by the web tests as fixtures;
# the `x as x` form marks them as re-exported, which is what pytest needs from a conftest.
from .sparql_servers import readonly_server as readonly_server
from .sparql_servers import tight_server as tight_server

HEAVY_N = 60  # more than one page (50) of facts and of incoming links


@dataclass
class LdData:
    server: object
    tag: str

    @property
    def base(self) -> str:
        return self.server.env["KG_BASE_IRI"]

    @property
    def hostile_article(self) -> str:
        return f"article/ld-{self.tag}-hostile"

    @property
    def person(self) -> str:
        return f"person/grete-{self.tag}"

    @property
    def odd_place_key(self) -> str:
        return f"{ODD_KEY}{self.tag}"

    @property
    def heavy(self) -> str:
        return f"organization/heavyweight-{self.tag}"


@pytest.fixture(scope="session")
def ld(live_server, tmp_path_factory) -> LdData:
    tag = f"ld{live_server.kind[:3]}"
    folder = write(
        tmp_path_factory.mktemp(f"ld-{tag}"), [hostile_doc(tag), *heavy_docs(tag, HEAVY_N)]
    )
    live_server.kg("ingest", str(folder), check=True)
    return LdData(live_server, tag)
