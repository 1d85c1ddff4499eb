"""kg: news articles in, validated linked data out.

Data flows one way: article text (article) -> extraction (extract) -> facts document (facts)
-> RDF mapping (mapping) -> SHACL gate (validation) -> store (store) -> web / export.
"""

__version__ = "0.1.0"
