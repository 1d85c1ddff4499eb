"""The SPARQL 1.1 protocol client: the single code path to every engine, embedded or remote."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import IO

import requests

from .base import QueryTimeout, StoreError, StoreUnavailable
from .rdflines import BrokenRow, as_turtle, tsv_to_lines

CHUNK = 1 << 16
# Line formats are streamed from a SELECT in TSV, whose rows are N-Triples terms: the engine neither
# deduplicates (CONSTRUCT does, in memory) nor sorts, so memory stays flat whatever the size.
TRIPLES_QUERY = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
QUADS_QUERY = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
LINE_FORMATS = {
    "application/n-triples": TRIPLES_QUERY,
    "text/turtle": TRIPLES_QUERY,
    "application/n-quads": QUADS_QUERY,
}
CONSTRUCT_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class SparqlStore:
    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        graphs_url: str | None = None,
        timeout: float = 30.0,
        auth: requests.auth.AuthBase | tuple[str, str] | None = None,
        retries: int = 3,
        backoff: float = 0.25,
    ):
        self.retries = retries
        self.backoff = backoff
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graphs_url = graphs_url
        self.timeout = timeout
        self.session = requests.Session()
        if query_url.startswith(("http://127.0.0.1:", "http://localhost:")):
            # the embedded engine: skip requests' per-call scan of proxy/netrc settings (~1 ms a query)
            self.session.trust_env = False
        if auth is not None:
            self.session.auth = auth
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    # -- reading -----------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        accept: str,
        *,
        stream: bool = False,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        direct: bool = False,
    ) -> requests.Response:
        if direct and not default_graphs and not named_graphs:
            # SPARQL Protocol "query via POST directly": no form encoding (IRI-heavy queries shrink ~2x)
            return self._send(
                "POST",
                self.query_url,
                data=sparql.encode("utf-8"),
                stream=stream,
                headers={
                    "Accept": accept,
                    "Content-Type": "application/sparql-query; charset=utf-8",
                },
                timeout=(5, self.timeout + 5),
                idempotent=True,
            )
        data: list[tuple[str, str]] = [("query", sparql)]
        data += [("default-graph-uri", g) for g in default_graphs or []]
        data += [("named-graph-uri", g) for g in named_graphs or []]
        return self._send(
            "POST",
            self.query_url,
            data=data,
            headers={"Accept": accept},
            stream=stream,
            timeout=(5, self.timeout + 5),
            idempotent=True,
        )

    def select(self, sparql: str) -> list[dict[str, dict]]:
        resp = self.query(sparql, "application/sparql-results+json")
        return resp.json()["results"]["bindings"]

    def ask(self, sparql: str) -> bool:
        return bool(self.query(sparql, "application/sparql-results+json").json()["boolean"])

    def count(self, sparql: str) -> int:
        rows = self.select(sparql)
        return int(next(iter(rows[0].values()))["value"]) if rows else 0

    # -- writing -----------------------------------------------------------------------------
    def update(self, sparql: str, idempotent: bool = False) -> None:
        self._send(
            "POST",
            self.update_url,
            data=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            timeout=(5, 600),
            idempotent=idempotent,
        )

    def replace_article(
        self, graph_iri: str, article_ntriples: str, shared_graph_iri: str, shared_ntriples: str
    ) -> None:
        """One update request = one transaction: the article's graph and its entity descriptions together."""
        self.replace_articles([(graph_iri, article_ntriples)], shared_graph_iri, shared_ntriples)

    def replace_articles(
        self, articles: list[tuple[str, str]], shared_graph_iri: str, shared_ntriples: str
    ) -> None:
        """Several articles in one request (one transaction): fewer round trips to a remote engine."""
        drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g, _ in articles)
        graphs = "".join(f" GRAPH <{g}> {{\n{nt}\n }}\n" for g, nt in articles)
        self.update(
            f"{drops}INSERT DATA {{\n{graphs} GRAPH <{shared_graph_iri}> {{\n{shared_ntriples}\n }}\n}}",
            idempotent=True,  # replacing graphs with the same content twice is the same as once
        )

    def drop_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    # -- bulk --------------------------------------------------------------------------------
    def dump(self, media_type: str) -> Iterator[bytes]:
        """The whole dataset, streamed from one snapshot in constant memory.

        N-Triples, N-Quads and Turtle come from one SELECT as TSV (Turtle written subject by subject with
        prefixes); TriG from the Graph Store; other formats from a CONSTRUCT.
        """
        if media_type in LINE_FORMATS:
            resp = self.query(LINE_FORMATS[media_type], "text/tab-separated-values", stream=True)
            try:
                lines = tsv_to_lines(_checked(resp.iter_content(CHUNK), self.query_url))
                try:
                    yield from as_turtle(lines) if media_type == "text/turtle" else lines
                except BrokenRow as exc:
                    raise StoreError(str(exc)) from None
            finally:
                resp.close()
            return
        if self.graphs_url and media_type in ("application/trig",):
            resp = self._send(
                "GET",
                self.graphs_url,
                headers={"Accept": media_type},
                stream=True,
                timeout=(5, 3600),
                idempotent=True,
            )
        else:
            resp = self.query(CONSTRUCT_QUERY, media_type, stream=True)
        try:
            yield from _checked(resp.iter_content(CHUNK), self.graphs_url or self.query_url)
        finally:
            resp.close()

    def write_dump(self, media_type: str, out: IO[bytes]) -> int:
        written = 0
        for chunk in self.dump(media_type):
            out.write(chunk)
            written += len(chunk)
        return written

    def ping(self) -> bool:
        """One quick try, no retries: for health checks."""
        try:
            self._send(
                "POST",
                self.query_url,
                data={"query": "ASK {}"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=(2, 5),
            ).json()
            return True
        except (StoreError, ValueError):
            return False

    def close(self) -> None:
        self.session.close()

    # -- plumbing ----------------------------------------------------------------------------
    def _send(self, method: str, url: str, idempotent: bool = False, **kwargs) -> requests.Response:
        """One request; idempotent ones are retried with backoff while the engine is unreachable."""
        attempts = 1 + (self.retries if idempotent else 0)
        for attempt in range(attempts):
            try:
                resp = self.session.request(method, url, **kwargs)
            except requests.Timeout as exc:
                raise QueryTimeout(f"the engine at {url} did not answer in time") from exc
            except requests.ConnectionError as exc:
                if attempt + 1 < attempts:
                    time.sleep(self.backoff * (2**attempt))
                    continue
                raise StoreUnavailable(
                    f"the engine at {url} does not answer: {_reason(exc)}"
                ) from exc
            if (
                resp.status_code in (502, 503)
                and attempt + 1 < attempts
                and "timeout" not in resp.text.lower()
            ):
                resp.close()
                time.sleep(self.backoff * (2**attempt))
                continue
            break
        if resp.status_code >= 400:
            body = resp.text.strip()
            resp.close()
            if (
                resp.status_code in (503, 504)
                or "timeout" in body.lower()
                or "timed out" in body.lower()
            ):
                raise QueryTimeout(body or f"HTTP {resp.status_code}", resp.status_code)
            raise StoreError(body or f"HTTP {resp.status_code} from {url}", resp.status_code)
        return resp


def _checked(chunks: Iterator[bytes], url: str) -> Iterator[bytes]:
    """A stream that breaks off (the engine died, the connection dropped) raises instead of ending early:
    a dump is complete or clearly broken, never silently short."""
    received = 0
    try:
        for chunk in chunks:
            received += len(chunk)
            yield chunk
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as exc:
        raise StoreUnavailable(
            f"the engine at {url} broke off the stream after {received:,} bytes: {_reason(exc)}"
        ) from exc


def _reason(exc: Exception) -> str:
    text = str(exc)
    return "connection refused" if "refused" in text.lower() else text.splitlines()[0][:200]


def bindings_value(row: dict[str, dict], name: str) -> str | None:
    cell = row.get(name)
    return cell["value"] if cell else None
