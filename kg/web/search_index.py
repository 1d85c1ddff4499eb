"""The search index: an SQLite FTS5 file that each instance derives from the store and keeps fresh.

How it stays right with several workers and instances (see docs/linked-data.md):
- The file lives in the instance's cache folder (KG_CACHE_DIR, default <store>/cache); the store stays the
  only truth, so deleting the file is always safe.
- It is keyed by a fingerprint of what it indexes (triples in the shared entity graph, number of
  articles). Every REFRESH seconds one worker (an flock decides which) recomputes the fingerprint; when it
  changed, that worker builds a new file beside the old one and swaps it in with an atomic rename.
  Readers notice the new inode on their next query and reopen; nobody ever reads a half-built index.
- The build streams CSV from the engine into a staging table, so its memory does not grow with the graph.
"""

from __future__ import annotations

import fcntl
import math
import os
import re
import sqlite3
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..store.sparql import SparqlStore

S = "http://schema.org/"
KINDS = {S + "Person": "person", S + "Organization": "organization", S + "Place": "place"}
SCHEMA_VERSION = "3"  # bump when the index layout changes: old files are rebuilt, never misread
REFRESH = float(os.environ.get("KG_SEARCH_REFRESH", "5"))
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Hit:
    iri: str
    kind: str
    name: str
    alternates: list[str]
    types: list[str]
    date: str | None
    mentions: int


# Letters that Unicode does not decompose but readers type without their marks (ø -> o, ß -> ss ...).
_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŋ": "ng",
    }
)


def fold(text: str) -> str:
    """A search-only spelling without marks, indexed beside the real names when it differs from them."""
    return unicodedata.normalize("NFKC", text.translate(_FOLD))


def match_expression(q: str, prefix_last: bool = True, any_word: bool = False) -> str | None:
    """User text -> a safe FTS5 query: every word quoted (no operators get through), the last as a prefix."""
    words = _TOKEN.findall(fold(q.lower()))[:12]
    if not words:
        return None
    parts = ['"' + w.replace('"', "") + '"' for w in words]
    if prefix_last:
        parts[-1] += "*"
    return (" OR " if any_word else " ").join(parts)


class SearchIndex:
    def __init__(self, folder: Path, store_factory, entity_graph: str):
        self.folder = folder
        self.path = folder / "search.sqlite"
        self.store_factory = store_factory
        self.entity_graph = entity_graph
        self._local = threading.local()
        self._last_check = 0.0
        self._checking = threading.Lock()

    # -- reading ---------------------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        try:
            ino = os.stat(self.path).st_ino
        except FileNotFoundError:
            self.build_if_needed(block=True)
            ino = os.stat(self.path).st_ino
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.ino != ino:
            if conn is not None:
                conn.close()
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn, self._local.ino = conn, ino
        self.maybe_refresh()
        return conn

    def search(
        self,
        q: str,
        kind: str | None = None,
        limit: int = 20,
        offset: int = 0,
        any_word: bool = False,
    ) -> tuple[list[Hit], int, dict[str, int]]:
        expr = match_expression(q, any_word=any_word)
        if expr is None:
            return [], 0, {}
        conn = self._conn()
        facets = dict(
            conn.execute(
                "SELECT d.kind, COUNT(*) FROM fts JOIN doc d ON d.rowid = fts.rowid WHERE fts MATCH ? GROUP BY d.kind",
                (expr,),
            ).fetchall()
        )
        where, args = "fts MATCH ?", [expr]
        if kind:
            where += " AND d.kind = ?"
            args.append(kind)
        total = facets.get(kind, 0) if kind else sum(facets.values())
        rows = conn.execute(
            f"SELECT d.iri, d.kind, d.name, d.alt, d.types, d.date, d.mentions "
            f"FROM fts JOIN doc d ON d.rowid = fts.rowid "
            f"WHERE {where} ORDER BY (lower(d.name) = ?) DESC, bm25(fts, 10.0, 4.0, 3.0) - d.boost LIMIT ? OFFSET ?",
            (*args, q.strip().lower(), limit, offset),
        ).fetchall()
        return [self._hit(r) for r in rows], total, facets

    def suggest(self, q: str, kind: str | None = None, limit: int = 8) -> list[Hit]:
        """Autocomplete: prefix match on names, the most mentioned first."""
        expr = match_expression(q)
        if expr is None or len(q.strip()) < 2:
            return []
        conn = self._conn()
        sql = (
            "SELECT d.iri, d.kind, d.name, d.alt, d.types, d.date, d.mentions "
            "FROM fts JOIN doc d ON d.rowid = fts.rowid "
            "WHERE fts MATCH ?"
            + (" AND d.kind = ?" if kind else "")
            + " ORDER BY (lower(d.name) LIKE ?) DESC, d.boost DESC, length(d.name) LIMIT ?"
        )
        args = [expr, *([kind] if kind else []), q.strip().lower() + "%", limit]
        return [self._hit(r) for r in conn.execute(sql, args).fetchall()]

    def page_of_iris(self, after: int, limit: int) -> list[tuple[int, str, str]]:
        """(rowid, iri, kind) in a stable order, for the sitemap."""
        return (
            self._conn()
            .execute(
                "SELECT rowid, iri, kind FROM doc WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (after, limit),
            )
            .fetchall()
        )

    def rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Any read of the index (catalog.py pages its tables)."""
        return self._conn().execute(sql, args).fetchall()

    def count(self) -> int:
        return self._conn().execute("SELECT COUNT(*) FROM doc").fetchone()[0]

    @staticmethod
    def _hit(r: tuple) -> Hit:
        return Hit(
            r[0],
            r[1],
            r[2],
            [a for a in (r[3] or "").split("\n") if a],
            [t for t in (r[4] or "").split(" ") if t],
            r[5],
            r[6],
        )

    # -- freshness -------------------------------------------------------------------------------
    def maybe_refresh(self) -> None:
        now = time.monotonic()
        if now - self._last_check < REFRESH or not self._checking.acquire(blocking=False):
            return
        self._last_check = now

        def run() -> None:
            try:
                self.build_if_needed(block=False)
            except Exception:  # a failed refresh keeps the old index; the next check tries again
                pass
            finally:
                self._checking.release()

        threading.Thread(target=run, daemon=True, name="kg-search-refresh").start()

    def fingerprint(self) -> str:
        rows = self.store_factory().select(
            f"SELECT ?t ?a WHERE {{ {{ SELECT (COUNT(*) AS ?t) WHERE {{ GRAPH <{self.entity_graph}> {{ ?s ?p ?o "
            f"}} }} }} "
            f"{{ SELECT (COUNT(*) AS ?a) WHERE {{ ?x a <{S}NewsArticle> }} }} }}"
        )
        return f"{rows[0]['t']['value']}:{rows[0]['a']['value']}" if rows else "0:0"

    def current_fingerprint(self) -> str | None:
        try:
            with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as c:
                return c.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()[0]
        except (sqlite3.Error, TypeError):
            return None

    def build_if_needed(self, block: bool) -> bool:
        """Rebuild when the fingerprint moved; one builder per instance at a time (flock)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "search.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX if block else fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            if self.path.exists() and time.time() - self.path.stat().st_mtime < REFRESH:
                return False  # another worker has just built it: its fingerprint is current enough
            fp = f"{SCHEMA_VERSION}:{self.fingerprint()}"
            if self.path.exists() and self.current_fingerprint() == fp:
                return False
            self._build(fp)
            return True

    def _build(self, fp: str) -> None:
        for stale in self.folder.glob(
            "search.tmp*"
        ):  # left by a builder that died; we hold the lock
            stale.unlink(missing_ok=True)
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        db = sqlite3.connect(str(tmp), isolation_level=None)
        db.executescript("""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE stage (iri TEXT, p TEXT, o TEXT);
            CREATE TABLE pop (iri TEXT PRIMARY KEY, n INTEGER, first TEXT, last TEXT) WITHOUT ROWID;
            CREATE TABLE doc (rowid INTEGER PRIMARY KEY, iri TEXT UNIQUE, kind TEXT, name TEXT, alt TEXT,
                              types TEXT, date TEXT, mentions INTEGER, boost REAL, fold TEXT,
                              first TEXT, last TEXT);
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE VIRTUAL TABLE fts USING fts5(name, alt, fold, content='doc', content_rowid='rowid',
                                                tokenize='unicode61 remove_diacritics 2', prefix='2 3');
        """)
        store = self.store_factory()
        db.execute("BEGIN")
        eg = self.entity_graph
        db.executemany(
            "INSERT INTO stage VALUES (?, ?, ?)",
            self._csv(
                store,
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{eg}> {{ {{ ?s a ?o BIND('t' AS ?p) }} "
                f"UNION {{ ?s <{S}name> ?o BIND('n' AS ?p) }} "
                f"UNION {{ ?s <{S}alternateName> ?o BIND('a' AS ?p) }} }} }}",
            ),
        )
        db.executemany(
            "INSERT INTO stage VALUES (?, ?, ?)",
            (
                (s, p, o)
                for s, h, d in self._csv(
                    store,
                    f"SELECT ?s ?h ?d WHERE {{ ?s a <{S}NewsArticle> ; <{S}headline> ?h "
                    f"OPTIONAL {{ ?s <{S}datePublished> ?d }} }}",
                )
                for p, o in (("h", h), ("d", d), ("t", S + "NewsArticle"))
                if o
            ),
        )
        db.executemany(
            "INSERT OR REPLACE INTO pop VALUES (?, ?, ?, ?)",
            self._csv(
                store,
                f"SELECT ?e (COUNT(?a) AS ?n) (MIN(?d) AS ?f) (MAX(?d) AS ?l) "
                f"WHERE {{ ?a <{S}mentions> ?e ; <{S}datePublished> ?d }} GROUP BY ?e",
            ),
        )
        db.execute("CREATE INDEX stage_iri ON stage (iri)")
        db.execute("COMMIT")
        db.execute("BEGIN")
        cur = db.execute("SELECT iri, p, o FROM stage ORDER BY iri")
        batch: list[tuple] = []
        current, acc = None, {"t": [], "n": [], "a": [], "h": [], "d": []}
        for iri, p, o in cur:
            if iri != current:
                self._emit(current, acc, batch)
                current, acc = iri, {"t": [], "n": [], "a": [], "h": [], "d": []}
            acc[p].append(o)
            if len(batch) >= 5000:
                self._flush(db, batch)
        self._emit(current, acc, batch)
        self._flush(db, batch)
        db.execute(
            "UPDATE doc SET mentions = COALESCE((SELECT n FROM pop WHERE pop.iri = doc.iri), 0), "
            "first = (SELECT first FROM pop WHERE pop.iri = doc.iri), "
            "last = COALESCE((SELECT last FROM pop WHERE pop.iri = doc.iri), date)"
        )
        for i, cols in enumerate(
            ("kind, mentions", "kind, name COLLATE NOCASE, iri", "kind, last")
        ):
            db.execute(f"CREATE INDEX doc_sort{i} ON doc ({cols})")  # the paged lists (catalog.py)
        self._boost(db)
        db.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
        db.execute(
            "INSERT INTO meta VALUES ('fingerprint', ?), ('built', ?)", (fp, str(int(time.time())))
        )
        db.execute("DROP TABLE stage")
        db.execute("DROP TABLE pop")
        db.execute("COMMIT")
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, self.path)

    @staticmethod
    def _boost(db: sqlite3.Connection) -> None:
        db.create_function("log1p", 1, lambda n: math.log1p(n or 0), deterministic=True)
        db.execute("UPDATE doc SET boost = 0.5 * log1p(mentions)")

    @staticmethod
    def _emit(iri: str | None, acc: dict, batch: list) -> None:
        if iri is None:
            return
        types = acc["t"]
        if S + "NewsArticle" in types:
            kind, name, alt = "article", (acc["h"] or [""])[0], ""
        else:
            kind = next((KINDS[t] for t in types if t in KINDS), None)
            if kind is None or not acc["n"]:
                return
            names = sorted(set(acc["n"]))
            name = names[0]
            alt = "\n".join(sorted(set(acc["a"] + names[1:]) - {name}))
        short = " ".join(t.rsplit("/", 1)[-1] for t in types if t.startswith(S))
        folded = fold(name + "\n" + alt)
        batch.append(
            (
                iri,
                kind,
                name,
                alt,
                short,
                (acc["d"] or [None])[0],
                0,
                0.0,
                folded if folded != name + "\n" + alt else "",
            )
        )

    @staticmethod
    def _flush(db: sqlite3.Connection, batch: list) -> None:
        db.executemany(
            "INSERT OR IGNORE INTO doc (iri, kind, name, alt, types, date, mentions, boost, fold) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            batch,
        )
        batch.clear()

    @staticmethod
    def _csv(store: SparqlStore, sparql: str):
        """Rows of a SELECT as lexical forms, streamed where the engine's TSV is safe (the store decides)."""
        return store.rows(sparql)
