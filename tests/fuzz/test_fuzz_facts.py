"""Fuzzing the facts document: every field wrong in every way gives a FactsError, a MappingError or a
SHACL report — never a crash, never a traceback."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.facts import FactsDocument, FactsError
from kg.iris import Minter
from kg.mapping import Mapper, MappingError
from kg.validation import check

from ..conftest import DATA

TEMPLATE = json.loads((DATA / "khan.facts.json").read_text(encoding="utf-8"))
WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(["", " ", "2022-02-30", "9999-99-99", "<script>", "x" * 5000, "e0", "\u202e"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(node, prefix=()):
    """Every place in the document a value sits."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(TEMPLATE) if p]


def _set(doc, path, value):
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _gate(data) -> None:
    try:
        doc = FactsDocument.from_dict(data, "fuzz.json")
    except FactsError as exc:
        assert str(exc).startswith("fuzz.json: ") and "Traceback" not in str(exc)
        return
    try:
        mapped = Mapper(Minter("http://example.org/")).map(doc)
    except MappingError as exc:
        assert "events[" in str(exc)
        return
    report = check(mapped, "fuzz.json")
    for f in report.findings:
        assert f.message and f.where


@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), WRONG), min_size=1, max_size=3))
def test_fields_set_to_wrong_values(edits):
    data = copy.deepcopy(TEMPLATE)
    for path, value in edits:
        try:
            _set(data, path, value)
        except (TypeError, KeyError, IndexError):
            pass  # an earlier edit replaced a container
    _gate(data)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(PATHS))
def test_fields_removed(path):
    data = copy.deepcopy(TEMPLATE)
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    _gate(data)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
        max_leaves=20,
    )
)
def test_arbitrary_json(data):
    _gate(data if isinstance(data, dict) else {"format": "kg-facts/1", "article": data})
