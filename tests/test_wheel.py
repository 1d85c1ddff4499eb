"""kg as a user installs it: the wheel built from the checkout, installed into a fresh virtualenv outside the
checkout, run from another folder. Publishes the samples, validates, exports, serves a page and a query.

The failure this guards against: ontology/, shapes/ and queries/ read from the checkout, so that
`pip install .` gave a tool that rejected every article ("not an event class of the kg ontology (known: )").

How the fresh virtualenv gets its dependencies: spaCy, its model, rdflib, pyshacl, Oxigraph… are several
hundred MB, so they are not installed a second time. A `.pth` file in the new environment appends the test
environment's site-packages to sys.path. Python reads the lines of a `.pth` file as folders to append, and
does not process the `.pth` files inside those folders, so the editable install of kg there (its finder is
started by a `.pth`) stays inert: kg itself can only come from the wheel, which the test asserts. That the
wheel declares what kg needs is checked too: every distribution the installed kg imports must be one it
requires, directly or through its requirements. `pip install --no-deps` of the wheel is otherwise the
plain install a user does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
import requests

from .conftest import DATA, EXAMPLES, ROOT, free_port, wait_http

pytestmark = pytest.mark.wheel

# Run inside the fresh environment: import every module of the installed kg, then name the distributions
# those imports came from that kg does not require.
_UNDECLARED = textwrap.dedent(
    """
    import importlib, importlib.metadata as md, json, pkgutil, re, sys
    from packaging.requirements import Requirement

    import kg
    for m in pkgutil.walk_packages(kg.__path__, "kg."):
        importlib.import_module(m.name)

    norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
    closure, optional, todo = set(), set(), ["kg"]
    while todo:
        name = norm(todo.pop())
        if name in closure:
            continue
        closure.add(name)
        for raw in md.distribution(name).requires or []:
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
            else:  # an extra of a requirement (rdflib[html]): it imports it only when present
                optional.add(norm(req.name))
    owners = md.packages_distributions()
    used = {norm(d) for top in {m.split(".")[0] for m in sys.modules} for d in owners.get(top, [])}
    print(json.dumps({"kg": kg.__file__, "undeclared": sorted(used - closure - optional)}))
    """
)


def _copy_checkout(dest: Path) -> None:
    """What a clean clone holds (tracked files, and new ones not yet ignored), symbolic links as links:
    the wheel is built from that, never from build leftovers in the working folder."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        src, dst = ROOT / rel, dest / rel
        if not src.exists() and not src.is_symlink():
            continue  # deleted in the working folder, not yet in git
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        else:
            shutil.copy2(src, dst)


def _run(cmd: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, f"{cmd} exited {res.returncode}:\n{res.stdout}\n{res.stderr}"
    return res


def test_the_wheel_works_installed_outside_the_checkout(tmp_path: Path) -> None:
    src, dist, venv, work = (tmp_path / d for d in ("src", "dist", "venv", "work"))
    work.mkdir()
    _copy_checkout(src)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)], work)
    (wheel,) = dist.glob("kg-*.whl")

    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work)
    py = venv / "bin" / "python"
    site = Path(
        _run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work
        ).stdout.strip()
    )
    (site / "kg_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # pip would put the engine's binary (a dependency's console script) beside the new python
    os.symlink(Path(sys.executable).parent / "oxigraph", venv / "bin" / "oxigraph")
    pip = [sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps"]
    _run([*pip, "--no-index", str(wheel)], work)

    kg = str(venv / "bin" / "kg")
    # the import probe runs beside the commands below (it takes seconds, and the other core is idle)
    probe = subprocess.Popen(
        [str(py), "-c", _UNDECLARED], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    from kg import __version__

    assert _run([kg, "--version"], work).stdout.strip() == f"kg {__version__}"

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    store = ["--store", str(work / "store"), "--base", base]
    out = _run([kg, *store, "ingest", "--json", str(EXAMPLES)], work).stdout
    outcomes = json.loads(out)
    assert len(outcomes) == 3 and all(o["ok"] for o in outcomes), out
    _run([kg, *store, "validate", str(DATA / "khan.facts.json")], work)
    _run([kg, *store, "export", "--format", "nt", "-o", "dump.nt"], work)
    dump = (work / "dump.nt").read_text()
    assert f"<{base}id/person/imran-khan>" in dump and "<http://schema.org/NewsArticle>" in dump

    out, err = probe.communicate(timeout=300)
    assert probe.returncode == 0, err.decode()
    found = json.loads(out.decode().strip().splitlines()[-1])
    assert Path(found["kg"]).is_relative_to(venv), f"kg imported from {found['kg']}, not the wheel"
    assert found["undeclared"] == [], "kg imports distributions it does not require"

    server = subprocess.Popen(
        [kg, *store, "serve", "--port", str(port), "--workers", "1"],
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_http(base + "health", proc=server, timeout=60)
        page = requests.get(base + "page/person/imran-khan", timeout=30)
        assert page.status_code == 200 and "Imran Khan" in page.text
        assert requests.get(base + "static/kg.css", timeout=30).status_code == 200
        onto = requests.get(base + "ontology", headers={"Accept": "text/turtle"}, timeout=30)
        assert onto.status_code == 200 and "Resignation" in onto.text
        ask = requests.get(
            base + "sparql",
            params={
                "query": f"ASK {{ <{base}id/person/imran-khan> a <http://schema.org/Person> }}"
            },
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert ask.status_code == 200 and ask.json()["boolean"] is True
        named = requests.get(base + "api/entity-search", params={"name": "khan"}, timeout=30)
        assert named.status_code == 200, named.text
        assert any(r["name"] == "Imran Khan" for r in named.json()["rows"]), named.text
    finally:
        server.terminate()
        server.wait(timeout=30)
