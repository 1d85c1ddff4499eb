"""docs/CONTRACT.md and the code name the same commands, options, environment variables and URLs.

Both directions: a name in the contract that the code does not have is a false promise; one the code has and
the contract does not is an undocumented interface. The code side is read from the code itself: argparse
(kg/cli/, kg/evaluate.py), every environment read in kg/ (found in the syntax tree), the Flask app's
url_map.
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from kg import cli, evaluate
from kg.config import Settings
from kg.web import Endpoints, create_app

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = (ROOT / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
IGNORED_METHODS = {
    "HEAD",
    "OPTIONS",
}  # Flask answers them for every route; the contract says so once


def _section(number: int) -> str:
    m = re.search(rf"^## {number}\. .*?(?=^## |\Z)", CONTRACT, re.M | re.S)
    assert m, f"docs/CONTRACT.md has no section {number}"
    return m.group(0)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        o
        for a in parser._actions
        if not isinstance(a, argparse._SubParsersAction | argparse._HelpAction)
        for o in a.option_strings
    }


def _code_commands() -> dict[str, set[str]]:
    """'' for the global options, then each command's own."""
    parser = cli.build_parser()
    out = {"": _options(parser)}
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in sub.choices.items():
        out[name] = _options(p)
    out["evaluate"] |= _options(evaluate.build_parser())  # passed through to kg/evaluate.py
    return out


def _contract_commands() -> dict[str, set[str]]:
    """The synopsis: the code block of section 3, one `kg …` line per command."""
    block = re.search(r"```\n(.*?)```", _section(3), re.S)
    assert block, "section 3 of docs/CONTRACT.md has no synopsis block"
    out: dict[str, set[str]] = {}
    for line in block.group(1).splitlines():
        words = line.split()
        assert words[0] == "kg", line
        is_global = words[1] == "--version" or (words[1].startswith("[") and "COMMAND" in line)
        command = "" if is_global else words[1]
        out.setdefault(command, set()).update(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", line))
    return out


def test_every_command_and_option_is_in_the_contract_and_no_other():
    assert _contract_commands() == _code_commands()


def _env_reads() -> set[str]:
    """Every KG_* name kg reads from the environment: os.environ.get / [..] / os.getenv, and the typed
    readers of kg/config.py (any call whose first argument is a KG_* literal and whose callee is named
    *env* or is a .get on something named *env*)."""
    found: set[str] = set()
    for path in (ROOT / "kg").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            arg = None
            if isinstance(node, ast.Call) and node.args:
                f = node.func
                callee = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                owner = ast.unparse(f.value) if isinstance(f, ast.Attribute) else ""
                if "env" in callee.lower() or (callee == "get" and "env" in owner.lower()):
                    arg = node.args[0]
            elif isinstance(node, ast.Subscript) and "environ" in ast.unparse(node.value):
                arg = node.slice
            if isinstance(arg, ast.Constant) and str(arg.value).startswith("KG_"):
                found.add(arg.value)
    return found


def test_every_environment_variable_is_in_the_contract_and_no_other():
    reads = _env_reads()
    assert {
        "KG_STORE",
        "KG_BASE_IRI",
        "KG_SEARCH_REFRESH",
    } <= reads  # the scan sees all three kinds
    named = set(re.findall(r"\bKG_[A-Z0-9_]+\b", CONTRACT))
    assert named == reads


def _rules_in_code() -> set[tuple[str, str]]:
    app = create_app(
        Settings(), Endpoints("http://127.0.0.1:9/query", "http://127.0.0.1:9/update", None, 1.0)
    )
    out = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        out.add((", ".join(sorted(rule.methods - IGNORED_METHODS)), path))
    return out


def _rules_in_contract() -> set[tuple[str, str]]:
    rows = re.findall(r"^\| `([A-Z][A-Z, ]*) (/\S*)` \|", _section(2), re.M)
    return {(", ".join(sorted(m.split(", "))), path) for m, path in rows}


def test_every_url_is_in_the_contract_and_no_other():
    assert _rules_in_contract() == _rules_in_code()


@pytest.mark.parametrize("broken", ["kg ingest PATH… [--jsn]", "kg frobnicate"])
def test_the_synopsis_check_sees_a_difference(monkeypatch, broken):
    """The comparison is not vacuous: one wrong line in the synopsis makes it fail."""
    monkeypatch.setattr(
        "tests.test_contract.CONTRACT",
        CONTRACT.replace("kg summary\n", f"kg summary\n{broken}\n"),
    )
    assert _contract_commands() != _code_commands()
