"""Resolvable IRIs: /id/{path} for entities and /ontology, as HTML, Turtle or JSON-LD."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from api.deps import StateDep
from api.problems import PROBLEM_JSON, ApiProblem
from ic2kg import paths
from ic2kg.namespaces import IC2KG, KG, PREFIXES, bind_prefixes
from ic2kg.sparql_protocol import negotiate

router = APIRouter(tags=["entities"])
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
QUERIES = paths.QUERIES_DIR / "web"

# Media types of an RDF description, HTML first (what a browser gets), and ?format= names.
MEDIA_TYPES = [
    "text/html",
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "application/rdf+xml",
]
ALIASES = {"application/json": "application/ld+json", "application/xhtml+xml": "text/html"}
FORMATS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdf": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
}
RDFLIB_NAMES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
FORMAT_DOC = "html, turtle (ttl), jsonld (json), ntriples (nt) or rdfxml; overrides Accept."
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The description", "content": {media: {} for media in MEDIA_TYPES}},
    404: {"description": "Unknown entity", "content": {PROBLEM_JSON: {}}},
    406: {"description": "No acceptable format", "content": {PROBLEM_JSON: {}}},
}
IDENTIFIER_LABELS = {
    "wikidataId": "Wikidata",
    "rorId": "ROR",
    "fairsharingId": "FAIRsharing",
    "cordisProjectId": "CORDIS",
    "iso3166Alpha2": "ISO 3166-1 alpha-2",
    "iso3166Alpha3": "ISO 3166-1 alpha-3",
    "iso3166Numeric": "ISO 3166-1 numeric",
    "bbmriDirectoryId": "BBMRI-ERIC Directory",
    "standardNumber": "Standard number",
}


def _query(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def choose_media(request: Request, format_name: str | None) -> str:
    """The media type asked for by ?format= or by the Accept header (HTML by default)."""
    if format_name:
        media = FORMATS.get(format_name.lower())
        if media is None:
            raise ApiProblem(
                400, "Unknown format", f"format '{format_name}' is not one of {', '.join(FORMATS)}"
            )
        return media
    accept = request.headers.get("accept")
    media = negotiate(accept, MEDIA_TYPES, ALIASES)
    if media is None:
        raise ApiProblem(
            406,
            "Not acceptable",
            f"Accept: {accept} matches none of {', '.join(MEDIA_TYPES)}",
            offered=MEDIA_TYPES,
        )
    return media


def rdf_response(graph: Graph, media: str, *, links: dict[str, str] | None = None) -> Response:
    """``graph`` serialised as ``media`` (JSON-LD compacted with the ic2kg context)."""
    if media == "application/ld+json":
        body = graph.serialize(format="json-ld", context=_context(), auto_compact=True)
        data = body.encode("utf-8")
    else:
        data = graph.serialize(format=RDFLIB_NAMES[media], encoding="utf-8")
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    headers = {"Vary": "Accept"}
    if links:
        headers["Link"] = ", ".join(
            f'<{url}>; rel="alternate"; type="{kind}"' for kind, url in links.items()
        )
    return Response(data, media_type=f"{media}{charset}", headers=headers)


@lru_cache(maxsize=1)
def _context() -> dict[str, Any]:
    context = json.loads(paths.CONTEXT.read_text(encoding="utf-8"))["@context"]
    assert isinstance(context, dict)  # noqa: S101 - the project's own context file
    return context


@router.get("/id/{path:path}", response_class=Response, responses=RESPONSES)
def entity(
    path: str,
    request: Request,
    state: StateDep,
    format: str | None = Query(None, description=FORMAT_DOC),
) -> Response:
    """The entity https://w3id.org/ic2kg/id/{path}: HTML page, Turtle, JSON-LD or N-Triples."""
    iri = URIRef(f"{KG}{path}")
    media = choose_media(request, format)
    try:
        ox.NamedNode(str(iri))
    except ValueError as error:
        raise ApiProblem(404, "Unknown entity", f"<{iri}> is not a valid IRI: {error}") from None
    graph = bind_prefixes(state.store.construct(_query("entity-description"), {"entity": iri}))
    if (iri, None, None) not in graph:
        raise ApiProblem(
            404,
            "Unknown entity",
            f"no entity has the IRI <{iri}>",
            hint="browse the entities with /sparql or /queries",
        )
    base = str(request.url_for("entity", path=path))
    links = {kind: f"{base}?format={name}" for name, kind in FORMATS.items() if len(name) > 3}
    if media != "text/html":
        return rdf_response(graph, media, links=links)
    labels = state.store.select(_query("entity-labels"), {"entity": iri})
    view = EntityView.build(iri, graph, _label_map(labels.rows), request)
    return TEMPLATES.TemplateResponse(
        request,
        "entity.html",
        {"view": view, "formats": links},
        headers={"Vary": "Accept"},
    )


@dataclass(frozen=True)
class Link:
    """A term shown on a page: its text, an optional href, a Chinese label beside it."""

    text: str
    href: str | None = None
    zh: str | None = None
    note: str | None = None


@dataclass
class Statement:
    """A property with its values (links, literals, or nested blank-node statements)."""

    property: Link
    values: list[Link] = field(default_factory=list)
    nested: list[list[tuple[Link, Link]]] = field(default_factory=list)


@dataclass
class EntityView:
    """What entity.html shows."""

    iri: str
    label: str
    zh: list[str]
    alt: list[str]
    types: list[Link]
    outgoing: list[Statement]
    incoming: list[Statement]
    sources: list[Link]
    identifiers: list[Link]

    @classmethod
    def build(
        cls, iri: URIRef, graph: Graph, labels: dict[str, dict[str, str]], request: Request
    ) -> EntityView:
        """Group the description graph into the page's sections."""
        namer = _Namer(labels, request)
        english = _literals(graph, iri, RDFS.label, "en")
        outgoing: dict[URIRef, Statement] = {}
        identifiers: list[Link] = []
        sources: list[Link] = []
        skip = {RDF.type, RDFS.label}
        for predicate, value in sorted(graph.predicate_objects(iri)):
            if not isinstance(predicate, URIRef) or predicate in skip:
                continue
            if predicate == DCTERMS.source:
                sources.append(namer.link(value))
                continue
            if predicate.startswith(str(IC2KG)) and predicate[len(IC2KG) :] in IDENTIFIER_LABELS:
                identifiers.append(_identifier(predicate, value))
                continue
            statement = outgoing.setdefault(predicate, Statement(namer.link(predicate)))
            if isinstance(value, BNode):
                statement.nested.append(
                    [
                        (namer.link(p), namer.link(o))
                        for p, o in sorted(graph.predicate_objects(value))
                        if p != RDF.type
                    ]
                )
            else:
                statement.values.append(namer.link(value))
        incoming: dict[tuple[URIRef, URIRef | None], Statement] = {}
        for subject, predicate in sorted(graph.subject_predicates(iri)):
            if not isinstance(predicate, URIRef):
                continue
            if isinstance(subject, BNode):
                # Show the owner of the blank node: "participant of <project> (via ...)".
                for owner, via in graph.subject_predicates(subject):
                    if isinstance(via, URIRef):
                        key = (predicate, via)
                        statement = incoming.setdefault(
                            key, Statement(namer.link(predicate, note=namer.name(via)))
                        )
                        statement.values.append(namer.link(owner))
            else:
                statement = incoming.setdefault((predicate, None), Statement(namer.link(predicate)))
                statement.values.append(namer.link(subject))
        return cls(
            iri=str(iri),
            label=english[0] if english else namer.name(iri),
            zh=_literals(graph, iri, RDFS.label, "zh"),
            alt=sorted(str(o) for o in graph.objects(iri, SKOS.altLabel)),
            types=[namer.link(t) for t in sorted(graph.objects(iri, RDF.type), key=str)],
            outgoing=list(outgoing.values()),
            incoming=list(incoming.values()),
            sources=sources,
            identifiers=identifiers,
        )


class _Namer:
    """Turns terms into page links: labels where known, local links for ic2kg IRIs."""

    def __init__(self, labels: dict[str, dict[str, str]], request: Request) -> None:
        self.labels = labels
        self.root = str(request.base_url).rstrip("/")

    def name(self, term: Node) -> str:
        text = str(term)
        known = self.labels.get(text, {})
        if known.get("en") or known.get(""):
            return known.get("en") or known[""]
        for prefix, namespace in PREFIXES.items():
            if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)) :]}"
        return text

    def link(self, term: Node, note: str | None = None) -> Link:
        if isinstance(term, Literal):
            shown = str(term)
            lang = f" @{term.language}" if term.language else ""
            return Link(shown, None, None, note or (lang.strip() or None))
        if isinstance(term, BNode):
            return Link("(blank node)")
        text = str(term)
        zh = self.labels.get(text, {}).get("zh")
        return Link(self.name(term), self.href(text), zh, note)

    def href(self, iri: str) -> str:
        if iri.startswith(str(KG)):
            return f"{self.root}/id/{iri[len(KG) :]}"
        if iri.startswith(str(IC2KG)):
            return f"{self.root}/ontology#{iri[len(IC2KG) :]}"
        return iri


def _label_map(rows: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for row in sorted(rows, key=lambda r: str(r["label"])):
        label = row["label"]
        lang = (label.language or "").split("-")[0] if isinstance(label, Literal) else ""
        labels.setdefault(str(row["term"]), {}).setdefault(lang, str(label))
    return labels


def _literals(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> list[str]:
    return sorted(
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and (o.language or "").split("-")[0] == lang
    )


def _identifier(predicate: URIRef, value: Node) -> Link:
    """An external identifier with a link to its registry when the prefix map knows one."""
    name = IDENTIFIER_LABELS[predicate[len(IC2KG) :]]
    return Link(str(value), _identifier_url(predicate, str(value)), None, name)


def _identifier_url(predicate: URIRef, value: str) -> str | None:
    try:
        from ic2kg.link import Reference, expand, identifier_properties
    except ImportError:  # the linking module is optional for the pages
        return None
    prefix = identifier_properties().get(predicate)
    if prefix is None:
        return None
    try:
        return str(expand(Reference(prefix, value)))
    except Exception:
        return None


@router.get("/ontology", response_class=Response, responses=RESPONSES)
def ontology(
    request: Request,
    format: str | None = Query(None, description=FORMAT_DOC),
) -> Response:
    """The ic2kg ontology: HTML documentation, Turtle, JSON-LD, N-Triples or RDF/XML."""
    media = choose_media(request, format)
    if media == "text/turtle":
        return Response(
            paths.ONTOLOGY_EDIT.read_bytes(),
            media_type="text/turtle; charset=utf-8",
            headers={"Vary": "Accept"},
        )
    if media != "text/html":
        return rdf_response(_ontology_graph(), media)
    documentation = _written_docs()
    if documentation is not None:
        return HTMLResponse(documentation, headers={"Vary": "Accept"})
    return TEMPLATES.TemplateResponse(
        request, "ontology.html", {"terms": ontology_terms()}, headers={"Vary": "Accept"}
    )


@lru_cache(maxsize=1)
def _ontology_graph() -> Graph:
    return bind_prefixes(Graph()).parse(paths.ONTOLOGY_EDIT, format="turtle")


@lru_cache(maxsize=1)
def _written_docs() -> str | None:
    """The documentation ``ic2kg docs`` writes, when it has been generated."""
    generated = paths.RELEASE_DIR / "docs" / "ontology.html"
    return generated.read_text(encoding="utf-8") if generated.exists() else None


@dataclass(frozen=True)
class Term:
    """A class or property of the ontology as listed on the simple documentation page."""

    kind: str
    local: str
    iri: str
    en: str
    zh: str
    definition: str


def ontology_terms() -> list[Term]:
    """Classes, then object and datatype properties, each with en/zh labels and definition."""
    graph = _ontology_graph()
    kinds = (
        (OWL.Class, "Class"),
        (OWL.ObjectProperty, "Object property"),
        (OWL.DatatypeProperty, "Datatype property"),
        (OWL.AnnotationProperty, "Annotation property"),
    )
    terms = []
    for kind, name in kinds:
        for subject in sorted(graph.subjects(RDF.type, kind), key=str):
            if not isinstance(subject, URIRef) or not subject.startswith(str(IC2KG)):
                continue
            definition = _literals(graph, subject, SKOS.definition, "en") or _literals(
                graph, subject, RDFS.comment, "en"
            )
            terms.append(
                Term(
                    kind=name,
                    local=subject[len(IC2KG) :],
                    iri=str(subject),
                    en=" / ".join(_literals(graph, subject, RDFS.label, "en")),
                    zh=" / ".join(_literals(graph, subject, RDFS.label, "zh")),
                    definition=" ".join(definition),
                )
            )
    return terms
