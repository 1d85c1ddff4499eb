"""/ontology and /shapes: the shipped ontology and SHACL shapes, as documentation for people and Turtle
for machines (by Accept, or /ontology.ttl). Small, fixed graphs: rdflib reads them once per process."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response, render_template, request
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from ..config import ONTOLOGY_DIR, SHAPES_DIR
from ..ontology import ontology_graph, shapes_graph
from .links import PREFIXES, curie, humanize, term_href

bp = Blueprint("docs", __name__)
SH = Namespace("http://www.w3.org/ns/shacl#")
KG = PREFIXES["kg"]
RDF_OFFERS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
EXT = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
CONSTRAINTS = [
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "nodeKind",
    "hasValue",
    "pattern",
    "minLength",
    "maxLength",
    "minInclusive",
    "lessThan",
    "node",
    "in",
]


def _text(g: Graph, node, prop) -> str | None:
    vals = list(g.objects(node, prop))
    en = [v for v in vals if isinstance(v, Literal) and v.language in (None, "en")]
    return str((en or vals)[0]) if vals else None


def _show(g: Graph, node) -> str:
    """A constraint value as people read it: CURIEs for IRIs, '(a | b)' for lists and sh:or."""
    if isinstance(node, BNode):
        if (node, RDF.first, None) in g:
            return "(" + " | ".join(_show(g, x) for x in Collection(g, node)) + ")"
        parts = [f"{curie(str(p))} {_show(g, o)}" for p, o in g.predicate_objects(node)]
        return "[" + "; ".join(parts) + "]"
    return curie(str(node)) if isinstance(node, URIRef) else str(node)


@lru_cache(maxsize=1)
def shape_docs() -> list[dict]:
    g = shapes_graph()
    shapes = []
    for shape in sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = (
            [("class", str(c)) for c in g.objects(shape, SH.targetClass)]
            + [("objects of", str(c)) for c in g.objects(shape, SH.targetObjectsOf)]
            + [("subjects of", str(c)) for c in g.objects(shape, SH.targetSubjectsOf)]
        )
        props = []
        for ps in g.objects(shape, SH.property):
            path = g.value(ps, SH.path)
            rules = [(c, _show(g, v)) for c in CONSTRAINTS for v in g.objects(ps, SH[c])]
            rules += [("or", _show(g, v)) for v in g.objects(ps, SH["or"])]
            sev = g.value(ps, SH.severity)
            props.append(
                {
                    "path": _show(g, path),
                    "path_iri": str(path) if isinstance(path, URIRef) else None,
                    "rules": rules,
                    "message": _text(g, ps, SH.message),
                    "severity": humanize(str(sev)) if sev else "Violation",
                }
            )
        node_rules = [("or", _show(g, v)) for v in g.objects(shape, SH["or"])]
        if (shape, SH.sparql, None) in g:
            node_rules.append(("sparql", "a SPARQL constraint"))
        shapes.append(
            {
                "iri": str(shape),
                "id": str(shape).rsplit("#", 1)[-1],
                "label": _text(g, shape, RDFS.label),
                "comment": _text(g, shape, RDFS.comment),
                "targets": targets,
                "props": props,
                "rules": node_rules,
                "message": _text(g, shape, SH.message),
            }
        )
    return shapes


def shapes_using(term: str) -> list[dict]:
    """The shapes that target, constrain or require a term: how the gate holds published data to it."""
    short = curie(term)
    out = []
    for s in shape_docs():
        if (
            any(t == term for _, t in s["targets"])
            or any(
                p["path_iri"] == term or any(short in v for _, v in p["rules"]) for p in s["props"]
            )
            or any(short in v for _, v in s["rules"])
        ):
            out.append({"id": s["id"], "label": s["label"] or s["id"]})
    return out


@lru_cache(maxsize=1)
def term_docs() -> dict:
    g = ontology_graph()
    onto = next(iter(g.subjects(RDF.type, OWL.Ontology)), None)
    terms = []
    for kind, classes in (
        ("Class", [OWL.Class, RDFS.Class]),
        ("Property", [OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property]),
    ):
        found = {s for c in classes for s in g.subjects(RDF.type, c) if str(s).startswith(KG)}
        for t in sorted(found, key=str):
            iri = str(t)
            link = lambda ns: [{"curie": curie(str(x)), "href": term_href(str(x))} for x in ns]  # noqa: E731
            terms.append(
                {
                    "iri": iri,
                    "id": iri[len(KG) :],
                    "kind": kind,
                    "label": _text(g, t, RDFS.label),
                    "comment": _text(g, t, RDFS.comment),
                    "domain": link(g.objects(t, RDFS.domain)),
                    "range": link(g.objects(t, RDFS.range)),
                    "parents": link(
                        list(g.objects(t, RDFS.subClassOf)) + list(g.objects(t, RDFS.subPropertyOf))
                    ),
                    "shapes": shapes_using(iri),
                }
            )
    used = sorted(
        {
            p["path_iri"]
            for s in shape_docs()
            for p in s["props"]
            if p["path_iri"] and not p["path_iri"].startswith(KG)
        }
        | {t for s in shape_docs() for _, t in s["targets"] if not t.startswith(KG)}
    )
    external = [
        {"iri": u, "curie": curie(u), "href": term_href(u), "shapes": shapes_using(u)} for u in used
    ]
    return {
        "title": _text(g, onto, RDFS.label) if onto else "Ontology",
        "comment": _text(g, onto, RDFS.comment) if onto else None,
        "iri": str(onto) if onto else KG,
        "terms": terms,
        "external": external,
    }


def _rdf_or_none(files: list, graph: Graph, name: str) -> Response | None:
    """Turtle (the shipped file itself when there is one) or another RDF syntax, when the client asks for RDF."""
    fmt = request.args.get("format")
    media = EXT.get(fmt) if fmt else None
    if media is None:
        best = (
            request.accept_mimetypes.best_match(["text/html", *RDF_OFFERS])
            if request.accept_mimetypes
            else "text/html"
        )
        if best in (None, "text/html"):
            return None
        media = best
    if media == "text/turtle" and len(files) == 1:
        body: bytes | str = files[0].read_bytes()
    else:
        body = graph.serialize(format=RDF_OFFERS[media])
    resp = Response(body, mimetype=media)
    resp.headers["Vary"] = "Accept"
    resp.headers["Content-Disposition"] = (
        f'inline; filename="{name}.{ {v: k for k, v in EXT.items()}[media] }"'
    )
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


def _html(template: str, **kw) -> Response:
    resp = Response(render_template(template, **kw), mimetype="text/html")
    resp.headers["Vary"] = "Accept"
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


@bp.get("/ontology")
def ontology() -> Response:
    rdf = _rdf_or_none(sorted(ONTOLOGY_DIR.glob("*.ttl")), ontology_graph(), "ontology")
    return rdf or _html("ontology.html", doc=term_docs())


@bp.get("/shapes")
def shapes() -> Response:
    rdf = _rdf_or_none(sorted(SHAPES_DIR.glob("*.ttl")), shapes_graph(), "shapes")
    return rdf or _html("shapes.html", shapes=shape_docs(), href=term_href, curie=curie)


@bp.get("/ontology.<ext>")
@bp.get("/shapes.<ext>")
def as_file(ext: str) -> Response:
    if ext not in EXT:
        from flask import abort

        abort(404, "available as .ttl, .jsonld, .nt, .rdf")
    is_onto = request.path.startswith("/ontology")
    files = sorted((ONTOLOGY_DIR if is_onto else SHAPES_DIR).glob("*.ttl"))
    graph = ontology_graph() if is_onto else shapes_graph()
    media = EXT[ext]
    body = (
        files[0].read_bytes()
        if media == "text/turtle" and len(files) == 1
        else graph.serialize(format=RDF_OFFERS[media])
    )
    return Response(body, mimetype=media, headers={"Cache-Control": "public, max-age=3600"})
