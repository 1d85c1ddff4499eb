"""A real Virtuoso Open Source 7 (Debian's `virtuoso-opensource-7-bin`) for the tests.

Why a helper of its own: Virtuoso is the engine users run beside DBpedia, and it differs from Oxigraph in
exactly the places kg's engine client must handle (Digest auth, form-encoded queries, its own TSV, system
graphs in the default graph). The tests start `virtuoso-t` in the foreground on 127.0.0.1 on free ports,
in a folder of their own with a `virtuoso.ini` written here, so two pytest sessions never share a
process, a port or a database.

A fresh database takes Virtuoso 5-8 s to create on an idle machine (it loads its SQL/SPARQL system
procedures); the prepared database (users and grants in place) is therefore kept in a cache folder keyed
by the binary's version and this file's settings, and copied for each session (a start from the copy
takes ~2 s).
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
INSTALL_HINT = (
    "virtuoso-t not installed: `apt-get install virtuoso-opensource-7-bin` (`make test` does it)"
)

DBA_PASSWORD = "dba"  # the default of a new database; the ISQL port listens on 127.0.0.1 only
USER, PASSWORD = "kg", "kgsecret"

# Run once on a new database, through ISQL as dba. The anonymous "SPARQL" user (the one behind /sparql and
# /sparql-graph-crud) may write; `kg` may write through HTTP Digest on /sparql-auth and
# /sparql-graph-crud-auth (both exist in a new database; SPARQL_UPDATE is all the Graph Store needs).
SETUP_SQL = f"""
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.USER_CREATE('{USER}', '{PASSWORD}');
GRANT SPARQL_UPDATE TO "{USER}";
"""

# Small buffers for a shared test machine (8 KB pages: ~32 MB), no demo database, one folder allowed.
INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
ServerThreads = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
VADInstallDir = {d}/vad
NumberOfBuffers = 4000
MaxDirtyBuffers = 3000
MaxQueryMem = 200M
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/www
MaxClientConnections = 20
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
MaxKeepAlives = 20
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
; upstream's shipped default, kept on purpose: answers are cut at 10,000 rows (see the notes)
ResultSetMaxRows = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
"""

_RUNNING: set[VirtuosoEngine] = set()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


try:  # looked up here, not in the child: only the bare call runs between fork and exec
    _PRCTL = ctypes.CDLL("libc.so.6", use_errno=True).prctl
except (OSError, AttributeError):
    _PRCTL = None


def _die_with_parent() -> None:
    """In the child: SIGKILL when pytest dies, even by kill -9 (Linux prctl PR_SET_PDEATHSIG)."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)


def version() -> str:
    out = subprocess.run([VIRTUOSO, "--help"], capture_output=True, text=True, timeout=30)
    for line in (out.stdout + out.stderr).splitlines():
        if line.startswith("Version "):
            return line.split()[1]
    return "unknown"


@dataclass(eq=False)
class VirtuosoEngine:
    """One `virtuoso-t` process on 127.0.0.1, its folder, ports and credentials."""

    folder: Path
    http_port: int = field(default_factory=free_port)
    isql_port: int = field(default_factory=free_port)
    user: str = USER
    password: str = PASSWORD
    dba_password: str = DBA_PASSWORD
    proc: subprocess.Popen | None = None
    startup_s: float = 0.0  # the last start: process launched until /sparql answered

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        """Anonymous queries and (after SETUP_SQL) updates."""
        return self.url + "/sparql"

    @property
    def auth_url(self) -> str:
        """Queries and updates as `user`, HTTP Digest only."""
        return self.url + "/sparql-auth"

    @property
    def graph_store_url(self) -> str:
        """SPARQL 1.1 Graph Store Protocol (`?graph=<iri>`) as `user`, HTTP Digest only."""
        return self.url + "/sparql-graph-crud-auth"

    @property
    def open_graph_store_url(self) -> str:
        """The Graph Store Protocol for the anonymous user."""
        return self.url + "/sparql-graph-crud"

    def digest(self) -> requests.auth.HTTPDigestAuth:
        return requests.auth.HTTPDigestAuth(self.user, self.password)

    @property
    def env(self) -> dict[str, str]:
        """kg's settings for this engine: the base URL (the `virtuoso` profile names the paths:
        queries on /sparql, updates on /sparql-auth, Graph Store on /sparql-graph-crud-auth) and the
        Digest credentials."""
        return {
            "KG_ENGINE": "virtuoso",
            "KG_STORE": self.url,
            "KG_STORE_USER": self.user,
            "KG_STORE_PASSWORD": self.password,
        }

    @property
    def open_env(self) -> dict[str, str]:
        """kg's settings without credentials: every path anonymous (the "SPARQL" user may write)."""
        return {
            "KG_ENGINE": "virtuoso",
            "KG_STORE": self.url,
            "KG_STORE_UPDATE": self.sparql_url,
            "KG_STORE_GRAPHS": self.open_graph_store_url,
        }

    def drop_graphs(self, prefix: str) -> int:
        """Drop every named graph whose IRI starts with `prefix` (a clean slate between tests);
        returns how many were dropped."""
        q = f'SELECT DISTINCT ?g {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
        r = requests.get(
            self.sparql_url,
            params={"query": q},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        r.raise_for_status()
        graphs = [b["g"]["value"] for b in r.json()["results"]["bindings"]]
        for g in graphs:
            requests.post(
                self.sparql_url, data={"update": f"DROP SILENT GRAPH <{g}>"}, timeout=60
            ).raise_for_status()
        return len(graphs)

    # -- process -------------------------------------------------------------------------------

    def start(self, timeout: float = 60.0) -> None:
        """Start on the folder's database (created if absent) and wait until /sparql answers."""
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError("virtuoso-t is already running")
        (self.folder / "www").mkdir(parents=True, exist_ok=True)
        (self.folder / "vad").mkdir(exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(
            INI.format(d=self.folder, http_port=self.http_port, isql_port=self.isql_port)
        )
        began = time.monotonic()
        with (self.folder / "stdout.log").open("ab") as log:
            self.proc = subprocess.Popen(
                [VIRTUOSO, "+foreground", "+configfile", str(ini)],
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        _RUNNING.add(self)
        self._wait_ready(timeout)
        self.startup_s = time.monotonic() - began

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"virtuoso-t exited with {self.proc.returncode} while starting:\n{self.log_tail()}"
                )
            try:
                r = requests.get(self.sparql_url, params={"query": "ASK {}"}, timeout=2)
                if r.status_code == 200 and self._isql_port_open():
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"virtuoso-t did not answer within {timeout}s:\n{self.log_tail()}")

    def _isql_port_open(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.isql_port), timeout=1).close()
            return True
        except OSError:
            return False

    def log_tail(self, lines: int = 30) -> str:
        text = ""
        for name in ("virtuoso.log", "stdout.log"):
            p = self.folder / name
            if p.exists():
                text += p.read_text(errors="replace")[-4000:]
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 30.0) -> None:
        """A clean shutdown (SIGTERM: Virtuoso checkpoints and exits); SIGKILL if it hangs."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        _RUNNING.discard(self)

    def kill(self) -> None:
        """kill -9: no checkpoint; the transaction log replays what was committed on restart."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        _RUNNING.discard(self)

    def restart(self, timeout: float = 60.0) -> None:
        """Start again on the same ports and database (after kill() or stop())."""
        self.kill()
        self.start(timeout)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # -- administration ------------------------------------------------------------------------

    def isql(self, sql: str, timeout: float = 60.0) -> str:
        """Run SQL as dba through `isql-vt`; raise on any error (isql itself exits 0 on errors)."""
        res = subprocess.run(
            [ISQL, f"127.0.0.1:{self.isql_port}", "dba", self.dba_password, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if res.returncode != 0 or "*** Error" in res.stderr:
            raise RuntimeError(f"isql failed ({res.returncode}): {res.stderr.strip()}")
        return res.stdout


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = hashlib.sha256(f"{version()}\n{SETUP_SQL}\n{INI}".encode()).hexdigest()[:16]
    return Path(base) / "kg-tests" / f"virtuoso-{key}"


def start_virtuoso(folder: Path, timeout: float = 60.0) -> VirtuosoEngine:
    """A running engine on a prepared database in `folder` (a copy of the cached one when it exists)."""
    if VIRTUOSO is None or ISQL is None:
        raise FileNotFoundError(INSTALL_HINT)
    folder.mkdir(parents=True, exist_ok=True)
    engine = VirtuosoEngine(folder)
    cached = _cache_dir() / "virtuoso.db"
    if cached.exists():
        shutil.copyfile(cached, folder / "virtuoso.db")
        try:
            engine.start(timeout)
            return engine
        except RuntimeError:  # a damaged cache or a port taken meanwhile: a new database, new ports
            cached.unlink(missing_ok=True)
            engine.http_port, engine.isql_port = free_port(), free_port()
            for name in ("virtuoso.db", "virtuoso.trx", "virtuoso.lck"):
                (folder / name).unlink(missing_ok=True)
    engine.start(timeout)
    engine.isql(SETUP_SQL)
    engine.isql("checkpoint;")
    engine.stop()
    _keep(folder / "virtuoso.db", cached)
    engine.start(timeout)
    return engine


def _keep(db: Path, cached: Path) -> None:
    """Copy the prepared database into the cache; atomic, so concurrent sessions never see half a file."""
    tmp = None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cached.parent)
        os.close(fd)
        shutil.copyfile(db, tmp)
        os.replace(tmp, cached)
    except OSError:  # no cache: the next session creates its database again
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


@atexit.register
def _stop_all() -> None:
    for engine in list(_RUNNING):
        engine.kill()


@pytest.fixture(scope="session")
def virtuoso_engine(tmp_path_factory):
    """A running Virtuoso 7 shared by the session (a `VirtuosoEngine`): `.url`, `.sparql_url`,
    `.auth_url`, `.graph_store_url`, `.open_graph_store_url`, `.http_port`, `.isql_port`,
    `.user`/`.password` and `.digest()`, `.env` / `.open_env` for kg, `.kill()`, `.restart()`,
    `.isql(sql)`, `.drop_graphs(prefix)`. Tests that write use graph IRIs of their own."""
    if VIRTUOSO is None or ISQL is None:
        pytest.skip(INSTALL_HINT)
    engine = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield engine
    engine.stop()
