"""The `kg` command's terminal behaviour: a progress bar on a terminal, none when piped; extract to files."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

from .conftest import KG, ROOT, run_kg
from .variants import write_variants


def _run_on_terminal(args: list[str]) -> str:
    """Run with stderr on a pseudo-terminal, as a user at a shell would."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([KG, *args], stdout=subprocess.DEVNULL, stderr=slave, cwd=ROOT)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    proc.wait()
    os.close(master)
    return out.decode(errors="replace")


def test_progress_bar_on_a_terminal_and_none_when_piped(store_dir: Path, tmp_path: Path):
    write_variants(10, tmp_path / "in")
    on_tty = _run_on_terminal(["--store", str(store_dir), "ingest", str(tmp_path / "in")])
    assert "article/s" in on_tty or "10/10" in on_tty, on_tty
    piped = run_kg("ingest", str(tmp_path / "in"), store=tmp_path / "fresh-store")
    err = piped.stderr.decode()
    assert "10/10" not in err and "article/s" not in err and "\r" not in err
    assert "10 published, 0 failed" in err


def test_ingest_json_outcomes(store_dir: Path, tmp_path: Path):
    (good,) = write_variants(1, tmp_path / "in")
    res = run_kg("ingest", "--json", str(good), store=store_dir, check=True)
    (outcome,) = json.loads(res.stdout)
    assert outcome["ok"] and outcome["article"].startswith(
        "http://127.0.0.1:8080/id/article/2022-03-01-variant-0-"
    )
    assert outcome["report"]["conforms"] is True


def test_extract_writes_facts_documents_that_ingest_accepts(store_dir: Path, tmp_path: Path):
    src = tmp_path / "a.txt"
    src.write_text(
        " date 2024-05-02 Written by Jane Doe\n\n"
        "The mayor of Springfield, Ann Lee, said on Tuesday that the bridge would reopen.\n"
    )
    out = tmp_path / "a.facts.json"
    run_kg("extract", str(src), "-o", str(out), check=True)
    doc = json.loads(out.read_text())
    assert doc["format"] == "kg-facts/1" and doc["article"]["datePublished"] == "2024-05-02"
    assert doc["article"]["authors"] == [{"name": "Jane Doe", "type": "Person"}]
    res = run_kg("ingest", str(out), store=store_dir)
    assert res.returncode == 0, res.stderr.decode()
