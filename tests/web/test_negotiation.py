"""How /sparql picks a media type (sparql.negotiate), directly: format= over Accept, q-values, aliases,
SPARQLWrapper's format names, and a 406 that lists what there is."""

from __future__ import annotations

import pytest

from kg.web.errors import ProtocolError
from kg.web.sparql import negotiate

J, X = "application/sparql-results+json", "application/sparql-results+xml"


@pytest.mark.parametrize(
    ("form", "fmt", "accept", "media"),
    [
        ("SELECT", None, None, J),  # no preference: JSON
        ("SELECT", None, "*/*", J),
        ("SELECT", None, "text/csv;q=0.5, application/sparql-results+xml", X),  # q-values
        ("SELECT", None, "application/json", J),  # an alias
        ("SELECT", "csv", "application/sparql-results+xml", "text/csv"),  # format= wins over Accept
        ("ASK", "TSV", None, "text/tab-separated-values"),  # format= in any case
        ("CONSTRUCT", None, None, "text/turtle"),
        ("CONSTRUCT", None, "text/plain", "application/n-triples"),  # alias
        ("DESCRIBE", None, "application/ld+json;q=0.9, application/rdf+xml", "application/rdf+xml"),
        ("CONSTRUCT", "turtle", None, "text/turtle"),  # SPARQLWrapper's names
        ("CONSTRUCT", "n3", None, "text/turtle"),
        ("CONSTRUCT", "rdf+xml", None, "application/rdf+xml"),
        ("CONSTRUCT", "json-ld", None, "application/ld+json"),
        ("DESCRIBE", "xml", None, "application/rdf+xml"),  # for a graph, xml is RDF/XML
        ("SELECT", "xml", None, X),  # for results, the SPARQL XML format
    ],
)
def test_negotiate(form, fmt, accept, media):
    assert negotiate(form, fmt, accept) == media


@pytest.mark.parametrize(
    ("form", "fmt", "accept"),
    [
        ("SELECT", "ttl", None),  # a graph format for a table
        ("CONSTRUCT", "csv", None),  # a table format for a graph
        ("SELECT", None, "image/png"),
        ("SELECT", "turtle", None),  # SPARQLWrapper's graph names apply to graphs only
    ],
)
def test_nothing_acceptable_is_406_listing_what_there_is(form, fmt, accept):
    with pytest.raises(ProtocolError) as err:
        negotiate(form, fmt, accept)
    assert err.value.status == 406
    assert "available:" in err.value.message and "format=" in err.value.message
