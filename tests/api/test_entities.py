"""Resolvable IRIs: /id/{path} and /ontology in three formats (api/routes/entities.py)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from api_servers import RunningServer
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from ic2kg import paths
from ic2kg.namespaces import IC2KG, KG


def curated_entities() -> list[str]:
    """Local names of every subject under https://w3id.org/ic2kg/id/ in graph/*.ttl."""
    return sorted(entity_shapes())


def entity_shapes() -> dict[str, frozenset[tuple[str, ...]]]:
    """Every subject under https://w3id.org/ic2kg/id/ in graph/*.ttl (local name) with the shape
    of its description there: its classes, each property with the kind of its values (the
    namespace of an IRI, a blank node, a literal's datatype and language) and the properties
    that point at it."""
    shapes: dict[str, set[tuple[str, ...]]] = {}
    incoming: list[tuple[str, str]] = []
    for path in paths.graph_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject, predicate, value = quad.subject, quad.predicate.value, quad.object
            if isinstance(value, ox.NamedNode) and value.value.startswith(str(KG)):
                incoming.append((value.value[len(KG) :], predicate))
            if not (isinstance(subject, ox.NamedNode) and subject.value.startswith(str(KG))):
                continue
            shape = shapes.setdefault(subject.value[len(KG) :], set())
            if predicate == str(RDF.type):
                shape.add(("type", str(value.value)))
            elif isinstance(value, ox.NamedNode):
                shape.add(("iri", predicate, re.sub(r"[^/#]*$", "", value.value)))
            elif isinstance(value, ox.Literal):
                shape.add(("literal", predicate, value.datatype.value, value.language or ""))
            else:
                shape.add(("blank", predicate))
    for local, predicate in incoming:
        if local in shapes:
            shapes[local].add(("from", predicate))
    return {local: frozenset(shape) for local, shape in shapes.items()}


def one_entity_per_shape() -> list[str]:
    """The first entity (by local name) of every shape: 957 of the 5,437 (the 4,395 entities of
    graph/imported/cordis.ttl, written by one importer, are most of the rest)."""
    first: dict[frozenset[tuple[str, ...]], str] = {}
    for local, shape in sorted(entity_shapes().items()):
        first.setdefault(shape, local)
    return sorted(first.values())


@pytest.mark.parametrize("local", one_entity_per_shape())
def test_every_shape_of_curated_entity_resolves_in_three_formats(
    curated_server: RunningServer, local: str
) -> None:
    iri = URIRef(f"{KG}{local}")
    with curated_server.client() as client:
        html = client.get(f"/id/{local}", headers={"Accept": "text/html"})
        turtle = client.get(f"/id/{local}", headers={"Accept": "text/turtle"})
        jsonld = client.get(f"/id/{local}", params={"format": "jsonld"})
    assert html.status_code == 200, html.text
    assert str(iri) in html.text
    turtle_graph = Graph().parse(data=turtle.text, format="turtle")
    jsonld_graph = Graph().parse(data=jsonld.text, format="json-ld")
    assert (iri, None, None) in turtle_graph, f"{iri} has no statements in Turtle"
    assert len(jsonld_graph) == len(turtle_graph), f"{iri}: JSON-LD and Turtle differ"


def test_every_curated_entity_resolves(curated_server: RunningServer) -> None:
    """/id/{path} answers 200 in every format when the entity is the subject of a statement of
    the served graph (queries/web/entity-page.rq, entity-description.rq): every one of graph/ is,
    so each resolves as the one of its shape above does."""
    query = f"""SELECT DISTINCT ?entity WHERE {{
        ?entity ?p ?o FILTER(STRSTARTS(STR(?entity), "{KG}")) }}"""
    with curated_server.client() as client:
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["x-ic2kg-truncated"] == "false"
    served = {line.strip().removeprefix(str(KG)) for line in answer.text.splitlines()[1:]}
    entities = curated_entities()
    assert len(entities) > 5000
    assert [local for local in entities if local not in served] == [], "not served"


def test_entity_page_shows_labels_links_sources_and_identifiers(
    fixture_server: RunningServer,
) -> None:
    with fixture_server.client() as client:
        page = client.get("/id/org-alpha").text
        project = client.get("/id/proj-x").text
        beta = client.get("/id/org-beta").text
    assert '<span class="label">Alpha Funding Agency</span>' in page
    assert "阿尔法资助机构" in page
    assert 'href="/id/country-ES">Spain</a>' in page
    assert "<dt>funds</dt>" in page and 'href="/id/proj-x">Project X' in page  # outgoing
    assert 'href="https://example.org/alpha"' in page  # source
    assert 'href="https://www.wikidata.org/wiki/Q42"' in page or ">Q42<" in page
    assert "<dt>funded by</dt>" in project
    assert 'href="/id/org-alpha">Alpha Funding Agency' in project
    # The participation record, read both ways: the build's rules state it directly too
    # (ic2kg:partnerIn from the partner role), and the page says it once, in those words.
    assert "<dt>partners</dt>" in project
    assert 'href="/id/org-beta">Beta Research Council</a>' in project
    assert project.count('href="/id/org-beta"') == 1, "the record and the rule's statement agree"
    assert "<dt>partner in</dt>" in beta
    assert 'href="/id/proj-x">Project X' in beta


def test_unknown_entity_is_404(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        response = client.get("/id/org-nobody", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert (
        response.json()["detail"] == "no entity has the IRI <https://w3id.org/ic2kg/id/org-nobody>"
    )


def test_rdf_descriptions_include_both_directions(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        turtle = client.get("/id/org-beta", params={"format": "ttl"}).text
    graph = Graph().parse(data=turtle, format="turtle")
    beta = URIRef(f"{KG}org-beta")
    assert (None, IC2KG.participant, beta) in graph
    assert (URIRef(f"{KG}proj-x"), IC2KG.qualifiedParticipation, None) in graph


def test_ontology_resolves_in_every_format(curated_server: RunningServer) -> None:
    with curated_server.client() as client:
        turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
        jsonld = client.get("/ontology", headers={"Accept": "application/ld+json"})
        html = client.get("/ontology", headers={"Accept": "text/html"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (IC2KG.FundingOrganisation, RDFS.label, None) in graph
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)
    assert html.status_code == 200 and "FundingOrganisation" in html.text


def test_identifiers_are_the_same_term_in_turtle_and_jsonld(fixture_server: RunningServer) -> None:
    """Issue 27: Turtle said "Q42"^^xsd:string where JSON-LD said "Q42"; rdflib told them apart."""
    with fixture_server.client() as client:
        turtle = client.get("/id/org-alpha", params={"format": "ttl"}).text
        jsonld = client.get("/id/org-alpha", params={"format": "jsonld"}).text
    from_turtle = Graph().parse(data=turtle, format="turtle")
    from_jsonld = Graph().parse(data=jsonld, format="json-ld")
    alpha = URIRef(f"{KG}org-alpha")
    assert (alpha, IC2KG.wikidataId, Literal("Q42")) in from_turtle
    assert (alpha, IC2KG.wikidataId, Literal("Q42")) in from_jsonld
    assert isomorphic(from_turtle, from_jsonld)
