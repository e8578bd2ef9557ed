"""Resolvable IRIs: /id/{path} for entities and /ontology, as HTML, Turtle or JSON-LD.

A browser gets the entity's page in the site layout (api/entity_page.py words it); RDF clients
get its concise bounded description in both directions.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import Graph, URIRef

from api.deps import AppState, StateDep
from api.entity_page import build_page, pm_bodies
from api.pages import label_index, not_found_page, render, wants_html
from api.problems import PROBLEM_JSON, ApiProblem
from api.routes.web_data import focus_link, pm_section
from api.wording import wording
from ic2kg import paths
from ic2kg.errors import EndpointError, QueryTimeout
from ic2kg.namespaces import KG, bind_prefixes
from ic2kg.queries import load_query
from ic2kg.search import Lang
from ic2kg.sparql.protocol import negotiate

router = APIRouter(tags=["entities"])

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
# What the page calls each download (a person reads "Turtle", not "text/turtle").
FORMAT_NAMES = {
    "text/turtle": "Turtle",
    "application/ld+json": "JSON-LD",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF/XML",
}
# A long list on an entity page shows this many values; the rest open under "show the other n".
SHOWN_AT_FIRST = 12
FORMAT_DOC = "html, turtle (ttl), jsonld (json), ntriples (nt) or rdfxml; overrides Accept."
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The description", "content": {media: {} for media in MEDIA_TYPES}},
    404: {"description": "Unknown entity", "content": {PROBLEM_JSON: {}}},
    406: {"description": "No acceptable format", "content": {PROBLEM_JSON: {}}},
}


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
    """``graph`` serialised as ``media`` (JSON-LD compacted with the ic2kg context), its
    ``xsd:string`` literals simple in every format."""
    from ic2kg.export import simple_literals

    graph = simple_literals(graph)
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
    lang: Lang = Query("en", description="Language of the HTML page."),
) -> Response:
    """The entity https://w3id.org/ic2kg/id/{path}: HTML page, Turtle, JSON-LD or N-Triples."""
    iri = URIRef(f"{KG}{path}")
    media = choose_media(request, format)
    try:
        ox.NamedNode(str(iri))
    except ValueError as error:
        raise ApiProblem(404, "Unknown entity", f"<{iri}> is not a valid IRI: {error}") from None
    base = str(request.url_for("entity", path=path))
    links = {kind: f"{base}?format={name}" for name, kind in FORMATS.items() if len(name) > 3}
    if media != "text/html":
        graph = bind_prefixes(
            state.store.construct(load_query("web/entity-description").sparql, {"entity": iri})
        )
        if (iri, None, None) not in graph:
            raise _unknown(iri)
        return rdf_response(graph, media, links=links)
    graph = state.store.construct(load_query("web/entity-page").sparql, {"entity": iri})
    if (iri, None, None) not in graph:
        if wants_html(request):
            return not_found_page(request, f"no entity has the IRI <{iri}>")
        raise _unknown(iri)
    view = build_page(iri, graph, label_index(state), wording(), lang)
    downloads = {FORMAT_NAMES[kind]: url for kind, url in links.items() if kind in FORMAT_NAMES}
    response = render(
        request,
        "entity.html",
        lang,
        view=view,
        downloads=downloads,
        formats=links,
        focus_link=focus_link(state, str(iri), lang),
        pm=pm_section(state, str(iri), lang),
        pm_bodies=pm_bodies(label_index(state), str(iri), lang),
        shown_at_first=SHOWN_AT_FIRST,
    )
    response.headers["Vary"] = "Accept"
    return response


def _unknown(iri: URIRef) -> ApiProblem:
    return ApiProblem(
        404,
        "Unknown entity",
        f"no entity has the IRI <{iri}>",
        hint="find it with the search box of / or with /search?q=...",
    )


@router.get("/ontology", response_class=Response, responses=RESPONSES)
def ontology(
    request: Request,
    state: StateDep,
    format: str | None = Query(None, description=FORMAT_DOC),
) -> Response:
    """The ic2kg ontology: HTML documentation (with the terms of other vocabularies the served
    graph uses, and how often), Turtle, JSON-LD, N-Triples or RDF/XML."""
    media = choose_media(request, format)
    if media == "text/turtle":
        return Response(
            paths.ONTOLOGY_EDIT.read_bytes(),
            media_type="text/turtle; charset=utf-8",
            headers={"Vary": "Accept"},
        )
    if media != "text/html":
        return rdf_response(_ontology_graph(), media)
    try:
        page = state.cached(ONTOLOGY_PAGE_KEY, lambda: _ontology_page(state))
    except (EndpointError, QueryTimeout):  # a remote store that is down: the ontology alone
        from ic2kg.docs import ontology_html

        page = ontology_html()
    return HTMLResponse(page, headers={"Vary": "Accept"})


ONTOLOGY_PAGE_KEY = "ontology-page"


def _ontology_page(state: AppState) -> str:
    """The documentation page with the reused terms of the served graph (read once: it is fixed)."""
    from ic2kg.docs import render, reused_terms

    return render(reused=reused_terms(state.store), labels=wording().forward)


@lru_cache(maxsize=1)
def _ontology_graph() -> Graph:
    return bind_prefixes(Graph()).parse(paths.ONTOLOGY_EDIT, format="turtle")
