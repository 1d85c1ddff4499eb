"""The engine client: the only code that talks to an engine, embedded or remote (SPARQL 1.1 Query, Update,
Graph Store). It returns bytes, rows and iterators; every HTTP failure becomes kg's exception in
base.failure. What differs between engines is read from the target's profile (profiles.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

import orjson

from . import wire
from .base import Answer, Relayed, StoreError
from .complete import check_complete
from .dumps import dump_by_graph, dump_by_tsv
from .http import Session, authorization, checked
from .rdflines import tsv_term

if TYPE_CHECKING:  # a type only: profiles builds the store, so a runtime import would be a circle
    from .profiles import Target

JSON = "application/sparql-results+json"
TSV = "text/tab-separated-values"
MAX_BYTES = 256 * 1024 * 1024
FORM = "application/x-www-form-urlencoded"
UPDATE = "application/sparql-update; charset=utf-8"
RELAY_HEADERS = ("Content-Type", "Content-Length", "Location", "ETag", "Last-Modified")


class SparqlStore:
    def __init__(self, target: Target, retries: int = 3, backoff: float = 0.25):
        self.target = target
        self.profile = target.profile
        self.query_url, self.update_url, self.graphs_url = (
            target.query_url,
            target.update_url,
            target.graphs_url,
        )
        self.timeout = target.timeout
        self.retries = retries
        self.http = Session(target, retries, backoff)
        self.authorization = authorization(target)
        # Digest answers a challenge: the fast path tries without credentials (Virtuoso's /sparql needs
        # none) and hands a URL that answers 401 over to requests' HTTPDigestAuth for good
        self._digest = target.scheme == "digest" and bool(target.user) and not target.token
        self._fast = {url: wire.fast_path(url) for url in (self.query_url, self.update_url)}

    # -- what kg's own graphs are ------------------------------------------------------------------
    def scope(self, var: str = "?g") -> str:
        """A FILTER keeping `var` to kg's graphs when the engine holds others (Virtuoso's system graphs)."""
        prefix = self.target.kg_graphs
        if not prefix:
            return ""
        return f'FILTER(STRSTARTS(STR({var}), "{prefix}"))'

    def graphs(self) -> list[str]:
        """kg's named graphs that hold at least one triple."""
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self.scope()} }}")
        return [r["g"]["value"] for r in rows]

    def count_triples(self) -> int:
        return self.count(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self.scope()} }}"
        )

    # -- reading -----------------------------------------------------------------------------------
    def answer(
        self,
        sparql: str,
        accept: str,
        *,
        graphs: list[tuple[str, str]] | None = None,
        deadline: float | None = None,
        max_bytes: int = MAX_BYTES,
        idempotent: bool = False,
    ) -> Answer:
        """The engine's whole answer to a query, its bytes as the engine wrote them (not yet checked whole:
        see complete.check_complete). Dataset parameters travel as protocol form fields."""
        body, ctype = self._query_body(sparql, graphs)
        return self._post(
            self.query_url, body, ctype, accept, deadline or self.timeout + 5, max_bytes, idempotent
        )

    def stream(self, sparql: str, accept: str) -> tuple[str, Iterator[bytes]]:
        """The content type and the chunks of a query's answer, streamed in constant memory."""
        body, ctype = self._query_body(sparql, None)
        resp = self.http.request(
            "POST",
            self.query_url,
            idempotent=True,
            data=body,
            headers={"Content-Type": ctype, "Accept": accept},
            stream=True,
            timeout=(5, self.timeout + 5),
        )

        def chunks() -> Iterator[bytes]:
            try:
                yield from checked(resp, self.query_url)
            finally:
                resp.close()

        return resp.headers.get("Content-Type", ""), chunks()

    def results(self, sparql: str) -> dict:
        """A SELECT's or ASK's JSON results, parsed (orjson: the standard parser took a third of a page)."""
        answer = self.answer(sparql, JSON, idempotent=True)
        check_complete(answer.body, JSON)
        results = orjson.loads(answer.body)
        if answer.cut_at and len(results.get("results", {}).get("bindings", ())) >= answer.cut_at:
            raise StoreError(
                f"the engine cut its answer at {answer.cut_at:,} rows and kg needs them all: raise "
                "the engine's row cap (Virtuoso: ResultSetMaxRows in virtuoso.ini)"
            )
        return results

    def select(self, sparql: str) -> list[dict[str, dict]]:
        return self.results(sparql)["results"]["bindings"]

    def ask(self, sparql: str) -> bool:
        return bool(self.results(sparql)["boolean"])

    def count(self, sparql: str) -> int:
        rows = self.select(sparql)
        return int(next(iter(rows[0].values()))["value"]) if rows and rows[0] else 0

    def rows(self, sparql: str) -> Iterator[tuple[str, ...]]:
        """A SELECT's rows as lexical forms (unbound: ""), streamed where the engine's TSV is safe."""
        if self.profile.lines_from != "tsv":
            results = self.results(sparql)
            names = results["head"]["vars"]
            for b in results["results"]["bindings"]:
                yield tuple(str(b[n]["value"]) if n in b else "" for n in names)
            return
        _, chunks = self.stream(sparql, TSV)
        rest, header = b"", True
        for chunk in chunks:
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                if header:
                    header = False
                elif line.rstrip(b"\r"):
                    cells = line.rstrip(b"\r").decode("utf-8").split("\t")
                    yield tuple(tsv_term(c) for c in cells)
        if rest.strip() and not header:
            yield tuple(tsv_term(c) for c in rest.decode("utf-8").split("\t"))

    # -- writing -----------------------------------------------------------------------------------
    def update(self, sparql: str, idempotent: bool = False) -> None:
        self._post(
            self.update_url, sparql.encode("utf-8"), UPDATE, "*/*", 600.0, MAX_BYTES, idempotent
        )

    def run_update(self, sparql: str, graphs: list[tuple[str, str]], deadline: float) -> None:
        """An update as the SPARQL protocol's form, with its using-graph parameters (the /sparql route)."""
        body = wire.encode_form([("update", sparql), *graphs])
        self._post(self.update_url, body, FORM, "*/*", deadline, MAX_BYTES, False)

    def replace_article(
        self, graph_iri: str, article_ntriples: str, shared_graph_iri: str, shared_ntriples: str
    ) -> None:
        """One update request = one transaction: the article's graph and its entity descriptions together."""
        self.replace_articles([(graph_iri, article_ntriples)], shared_graph_iri, shared_ntriples)

    def replace_articles(
        self, articles: list[tuple[str, str]], shared_graph_iri: str, shared_ntriples: str
    ) -> None:
        """Several articles in one request (one transaction): fewer round trips to a remote engine.
        Empty graph blocks are left out (Virtuoso refuses `GRAPH <g> { }` in INSERT DATA)."""
        drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g, _ in articles)
        blocks = [
            (g, nt) for g, nt in [*articles, (shared_graph_iri, shared_ntriples)] if nt.strip()
        ]
        graphs = "".join(f" GRAPH <{g}> {{\n{nt}\n }}\n" for g, nt in blocks)
        insert = f"INSERT DATA {{\n{graphs}}}" if blocks else ""
        text = f"{drops}{insert}" if insert else drops.rstrip().rstrip(";")
        # replacing graphs with the same content twice is the same as once: safe to retry
        self.update(text, idempotent=True)

    def drop_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    # -- bulk --------------------------------------------------------------------------------------
    def dump(self, media_type: str) -> Iterator[bytes]:
        """kg's whole dataset in constant memory: N-Triples, N-Quads, Turtle and TriG (see dumps.py)."""
        if self.profile.lines_from == "graphs":
            return dump_by_graph(self, media_type)
        return dump_by_tsv(self, media_type)

    def write_dump(self, media_type: str, out: IO[bytes]) -> int:
        written = 0
        for chunk in self.dump(media_type):
            out.write(chunk)
            written += len(chunk)
        return written

    def graph_store(
        self, method: str, params: list[tuple[str, str]], headers: dict, body: bytes | None
    ) -> Relayed:
        """A Graph Store request relayed to the engine's own implementation; its answer as a stream."""
        if not self.graphs_url:
            raise StoreError("the configured engine has no Graph Store endpoint", 501)
        resp = self.http.request(
            "GET" if method == "HEAD" else method,  # HEAD: GET's headers, body left unread
            self.graphs_url,
            check=False,
            params=params,
            headers=headers,
            data=body,
            stream=True,
            # the first figure also bounds each send of the body: a busy engine may pause reading a big PUT
            timeout=(90 if body else 5, 600),
            allow_redirects=False,
        )
        if resp.status_code >= 400:
            text = resp.text.strip()
            resp.close()
            raise StoreError(text or f"HTTP {resp.status_code}", resp.status_code)
        out = {k: resp.headers[k] for k in RELAY_HEADERS if k in resp.headers}
        return Relayed(resp.status_code, out, checked(resp, self.graphs_url), resp.close)

    def ping(self) -> bool:
        """One quick try, no retries: for health checks."""
        try:
            body, ctype = self._query_body("ASK {}", None)
            answer = self._post(self.query_url, body, ctype, JSON, 5.0, 1 << 16, False)
            return "boolean" in orjson.loads(answer.body)
        except (StoreError, ValueError):
            return False

    def close(self) -> None:
        self.http.close()

    # -- plumbing ----------------------------------------------------------------------------------
    def _query_body(self, sparql: str, graphs: list[tuple[str, str]] | None) -> tuple[bytes, str]:
        """A lone query travels as the body (no percent-encoding) where the engine takes it that way."""
        if graphs or self.profile.query_as == "form":
            return wire.encode_form([("query", sparql), *(graphs or [])]), FORM
        return sparql.encode("utf-8"), wire.DIRECT_QUERY

    def _post(
        self,
        url: str,
        body: bytes,
        ctype: str,
        accept: str,
        deadline: float,
        max_bytes: int,
        idempotent: bool,
    ) -> Answer:
        if not self._fast.get(url, False):
            return self.http.whole(url, body, ctype, accept, deadline, max_bytes, idempotent)
        attempts = 1 + (self.retries if idempotent else 0)
        for attempt in range(attempts):
            try:
                return wire.send(url, body, ctype, accept, deadline, max_bytes, self.authorization)
            except StoreError as exc:
                if exc.status == 401 and self._digest:
                    self._fast[url] = False
                    return self.http.whole(
                        url, body, ctype, accept, deadline, max_bytes, idempotent
                    )
                unreachable = isinstance(exc, wire.StoreUnavailable) or exc.status == 502
                if not unreachable or attempt + 1 >= attempts:
                    raise
            time.sleep(self.http.backoff * (2**attempt))
        raise AssertionError("unreachable")  # pragma: no cover


def bindings_value(row: dict[str, dict], name: str) -> str | None:
    cell = row.get(name)
    return cell["value"] if cell else None
