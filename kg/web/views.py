"""Turning a Description into what people and machines read: view models, the linked article body,
embedded schema.org JSON-LD, and the RDF documents (small per-page graphs, so rdflib serializes them)."""

from __future__ import annotations

import heapq
import json
from collections import OrderedDict

from markupsafe import Markup, escape
from rdflib import BNode, Graph, Literal, URIRef

from ..ontology import ontology_graph
from .describe import LABEL_PROPS, RDF_TYPE, Description, S, Term
from .links import PREFIXES, app_path, curie, humanize, local_path, public_url, term_href

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
HIDDEN_ON_PAGE = {RDF_TYPE, S + "articleBody"}
REL_TEXT = {
    "holds": "Role held",
    "role-in": "Role in this organization",
    "said": "Claim made",
    "about": "Claim about",
    "event": "Event",
    "event-at": "Event here",
    "derived": "Fact",
    "self": "This fact",
    "denies": "Denied by",
}
_term_labels: dict[str, str] | None = None


def term_label(iri: str) -> str:
    """A property or class as people say it: the ontology's rdfs:label, else its humanized local name."""
    global _term_labels
    if _term_labels is None:
        g = ontology_graph()
        _term_labels = {str(s): str(o) for s, o in g.subject_objects(URIRef(RDFS_LABEL))}
    return _term_labels.get(iri) or humanize(iri)


def enrich_labels(d: Description) -> None:
    """Names people recognise for nodes that have none of their own: 'prime minister, Pakistan' for a role,
    'mention (characters 15–25)' for a mention annotation."""
    for f in d.facts:
        if S + "OrganizationRole" in f.types:
            name = next((v.value for v in f.props.get(S + "roleName", [])), "role")
            org = next(
                (d.label(v.value) for v in f.props.get(S + "memberOf", []) if d.label(v.value)),
                None,
            )
            d.labels[f.iri] = f"{name}, {org}" if org else name
    for row in d.incoming:
        s = row["s"]
        if "#mention-" in s and s not in d.labels:
            span = s.rsplit("#mention-", 1)[1].replace("-", "–")
            d.labels[s] = f"mention in the text (characters {span})"
        elif s.endswith("#evidence") and s not in d.labels:
            d.labels[s] = "evidence annotation"


def value(d: Description, t: Term) -> dict:
    """One object value ready for the template: text, link, and a hint (IRI, language, datatype)."""
    if t.type == "literal":
        hint = (
            f"@{t.lang}"
            if t.lang
            else (curie(t.datatype) if t.datatype and not t.datatype.endswith("#string") else "")
        )
        return {"text": t.value, "href": None, "hint": hint, "literal": True}
    if t.type == "bnode":  # shown by what it says: "address locality: Nodeville"
        parts = [
            f"{term_label(p.value)}: {d.label(o.value) or o.value}"
            for s_, p, o in d.triples
            if s_ == t
        ]
        return {
            "text": "; ".join(parts) or "(blank node)",
            "href": None,
            "hint": "",
            "literal": True,
        }
    label = d.label(t.value)
    href = local_path(t.value) or (t.value if t.value.startswith(("http://", "https://")) else None)
    if label is None and t.value.startswith((PREFIXES["schema"], PREFIXES["kg"], PREFIXES["oa"])):
        label, href = term_label(t.value), term_href(t.value)
    return {
        "text": label or t.value,
        "href": href,
        "hint": "" if label is None else t.value,
        "literal": False,
    }


def property_rows(d: Description) -> list[dict]:
    rows = []
    for p, vals in d.out.items():
        if p in HIDDEN_ON_PAGE:
            continue
        rows.append(
            {
                "iri": p,
                "label": term_label(p),
                "curie": curie(p),
                "href": term_href(p),
                "values": [value(d, v) for v in vals],
            }
        )
    return rows


def incoming_groups(d: Description) -> list[dict]:
    """Incoming links grouped by the article (graph) they come from, then by property."""
    groups: OrderedDict[str, dict] = OrderedDict()
    for row in d.incoming:
        key = row["article"] or row["g"]
        g = groups.setdefault(
            key,
            {
                "article": row["article"],
                "title": d.label(key) if row["article"] else "Entity descriptions",
                "href": local_path(row["article"]) if row["article"] else None,
                "date": row["date"],
                "by_prop": OrderedDict(),
            },
        )
        g["by_prop"].setdefault(
            row["p"], {"label": term_label(row["p"]), "href": term_href(row["p"]), "items": []}
        )
        g["by_prop"][row["p"]]["items"].append(value(d, Term.iri(row["s"])))
    return list(groups.values())


def fact_views(d: Description) -> list[dict]:
    out = []
    for f in d.facts:
        kind = (
            "role"
            if S + "OrganizationRole" in f.types
            else "claim"
            if S + "Claim" in f.types
            else "event"
            if S + "Event" in f.types
            else "fact"
        )
        subtypes = [
            term_label(t)
            for t in f.types
            if t not in (S + "OrganizationRole", S + "Claim", S + "Event")
        ]
        props = [
            {"label": term_label(p), "href": term_href(p), "values": [value(d, v) for v in vals]}
            for p, vals in f.props.items()
            if p not in ("http://www.w3.org/ns/prov#wasDerivedFrom",)
        ]
        out.append(
            {
                "iri": f.iri,
                "href": local_path(f.iri),
                "kind": kind,
                "rel": REL_TEXT.get(f.rel, f.rel),
                "subtypes": subtypes,
                "summary": d.label(f.iri)
                or next((v.value for p in LABEL_PROPS for v in f.props.get(p, [])), kind),
                "props": props,
                "holders": [value(d, Term.iri(h)) for h in f.holders],
                "evidence": [
                    {
                        "exact": e.exact,
                        "start": e.start,
                        "end": e.end,
                        "headline": e.headline or e.source,
                        "date": e.date,
                        "href": (local_path(e.source) or e.source) + f"#ev-{e.start}-{e.end}",
                        "article_href": local_path(e.source) or e.source,
                    }
                    for e in f.evidence
                ],
            }
        )
    return out


def render_body(text: str, d: Description) -> Markup:
    """The article body, escaped, with each mention linked and each evidence span marked.

    Spans may overlap without nesting (a quote that starts inside another); such a span is split at the
    boundary, so every span is shown whole and the HTML stays well formed. The first piece carries the id
    that links point to."""
    items: list[tuple[int, int, int, int, str, str, str]] = []
    seen: set[tuple[int, int]] = set()
    for f in d.facts:
        for e in f.evidence:
            if (
                e.source == d.iri
                and (e.start, e.end) not in seen
                and 0 <= e.start < e.end <= len(text)
            ):
                seen.add((e.start, e.end))
                items.append(
                    (
                        e.start,
                        -e.end,
                        0,
                        len(items),
                        f'<mark class="ev" id="ev-{e.start}-{e.end}">',
                        f'<mark class="ev" data-span="ev-{e.start}-{e.end}">',
                        "</mark>",
                    )
                )
    for start, end, entity, _ann in d.mentions:
        if 0 <= start < end <= len(text):
            attrs = f'href="{escape(local_path(entity) or entity)}" title="{escape(d.label(entity) or entity)}"'
            items.append(
                (
                    start,
                    -end,
                    1,
                    len(items),
                    f'<a class="mention" id="mention-{start}-{end}" {attrs}>',
                    f'<a class="mention" {attrs}>',
                    "</a>",
                )
            )
    heapq.heapify(items)
    out: list[str] = []
    pos = 0
    stack: list[tuple[int, str]] = []
    while items:
        start, neg_end, prio, seq, open_tag, cont_tag, close_tag = heapq.heappop(items)
        end = -neg_end
        while stack and stack[-1][0] <= start:
            stop, close = stack.pop()
            out += [str(escape(text[pos:stop])), close]
            pos = stop
        if (
            stack and end > stack[-1][0]
        ):  # crosses the enclosing span: show the rest after it closes
            heapq.heappush(items, (stack[-1][0], -end, prio, seq, cont_tag, cont_tag, close_tag))
            end = stack[-1][0]
            if end <= start:
                continue
        out += [str(escape(text[pos:start])), open_tag]
        pos = start
        stack.append((end, close_tag))
    while stack:
        stop, close = stack.pop()
        out += [str(escape(text[pos:stop])), close]
        pos = stop
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def json_for_script(data: object) -> Markup:
    """JSON safe inside <script>: no '</script>', '<!--' or '&' can close or confuse the block."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def schema_jsonld(d: Description, kind: str) -> dict:
    """The schema.org view of the resource that search engines read (a summary; the full RDF is at /data)."""

    def ref(iri: str) -> dict:
        item: dict = {"@id": iri}
        if d.label(iri):
            item["name"] = d.label(iri)
        return item

    types = [t[len(S) :] for t in d.types() if t.startswith(S)] or ["Thing"]
    doc: dict = {
        "@context": "https://schema.org",
        "@type": types[0] if len(types) == 1 else types,
        "@id": d.iri,
    }
    path = app_path(d.iri)
    if path:
        doc["url"] = public_url(path)
    for p, vals in d.out.items():
        if not p.startswith(S) or p == RDF_TYPE:
            continue
        name = p[len(S) :]
        if name == "memberOf" and kind == "person":
            continue  # role nodes; shown as facts
        items = [
            v.value if v.type == "literal" else ref(v.value) if v.type == "uri" else None
            for v in vals
        ]
        items = [i for i in items if i is not None]
        if name == "sameAs":
            items = [v.value for v in vals]
        if items:
            doc[name] = (
                items[0]
                if len(items) == 1 and name not in ("sameAs", "alternateName", "mentions")
                else items
            )
    return doc


def to_graph(d: Description) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    for s, p, o in d.triples:
        g.add((_node(s), URIRef(p.value), _node(o)))
    return g


def _node(t: Term):
    if t.type == "uri":
        return URIRef(t.value)
    if t.type == "bnode":
        return BNode(t.value)
    return Literal(
        t.value, lang=t.lang, datatype=URIRef(t.datatype) if t.datatype and not t.lang else None
    )


def serialize(d: Description, media_type: str) -> bytes:
    fmt = {
        "text/turtle": "turtle",
        "application/n-triples": "nt",
        "application/rdf+xml": "xml",
        "application/ld+json": "json-ld",
    }[media_type]
    g = to_graph(d)
    if fmt == "json-ld":
        ctx = {k: v for k, v in PREFIXES.items()}
        return g.serialize(format="json-ld", context=ctx, auto_compact=True).encode("utf-8")
    out = g.serialize(format=fmt)
    return out if isinstance(out, bytes) else out.encode("utf-8")
