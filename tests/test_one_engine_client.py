"""kg/store is the only code that talks to an engine: no other module opens a socket or speaks HTTP itself.

Found by issue 12: a second hand-written HTTP client in the web tier and a Graph Store relay reaching into
the store's session meant every engine quirk had to be fixed twice."""

from __future__ import annotations

import ast
from pathlib import Path

KG = Path(__file__).resolve().parent.parent / "kg"
NETWORK = ("socket", "requests", "urllib3", "http.client", "urllib.request", "httpx", "aiohttp")
# Modules that speak HTTP to something that is not an engine, each with the reason
NOT_AN_ENGINE = {
    "readers/fetch.py": "fetches the news pages and feeds a user names (kg ingest URL), never an engine",
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _talks(name: str) -> bool:
    return any(name == n or name.startswith(n + ".") for n in NETWORK)


def test_no_module_outside_kg_store_opens_a_socket_or_speaks_http():
    offenders = {
        str(p.relative_to(KG)): sorted(n for n in _imports(p) if _talks(n))
        for p in KG.rglob("*.py")
        if "store" not in p.relative_to(KG).parts[:1]
        and str(p.relative_to(KG)) not in NOT_AN_ENGINE
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}, f"talk to the engine through kg.store only: {offenders}"


def test_the_check_sees_what_it_looks_for():
    """The check is not vacuous: kg/store itself does import them, and so does each exception."""
    found = set().union(*(_imports(p) for p in (KG / "store").rglob("*.py")))
    assert {"socket", "requests"} <= {n for n in found if _talks(n)}
    for name in NOT_AN_ENGINE:  # an exception that no longer speaks HTTP should leave the list
        assert any(_talks(n) for n in _imports(KG / name)), name
