"""Tests for ic2kg.export: compact JSON-LD with ontology/context.jsonld round-trips to the graph."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ic2kg import paths
from ic2kg.export import export_graph, jsonld
from ic2kg.store import EmbeddedStore

SMALL = """
@prefix ic2kg: <https://w3id.org/ic2kg/ontology#> .
@prefix kg: <https://w3id.org/ic2kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
kg:org-x a ic2kg:FundingOrganisation ;
    rdfs:label "X Fund"@en , "X 基金"@zh ;
    ic2kg:country kg:country-ES ;
    ic2kg:rorId "05tr67282" ;
    dcterms:source <https://example.org/x> ;
    ic2kg:qualifiedParticipation [ ic2kg:participant kg:org-y ] .
"""


def test_context_declares_every_project_prefix() -> None:
    from ic2kg.namespaces import PREFIXES

    context = json.loads(paths.CONTEXT.read_text(encoding="utf-8"))["@context"]
    for prefix, namespace in PREFIXES.items():
        if prefix != "shp":
            assert context[prefix] == str(namespace), prefix
    assert context["label"] == {"@id": "rdfs:label", "@container": "@language"}


def test_jsonld_is_compact_with_language_maps() -> None:
    graph = Graph().parse(data=SMALL, format="turtle")
    document = json.loads(jsonld(graph))
    [node] = [n for n in document["@graph"] if n.get("id") == "kg:org-x"]
    assert node["label"] == {"en": "X Fund", "zh": "X 基金"}
    assert node["country"] == "kg:country-ES"
    assert node["rorId"] == "05tr67282"
    assert node["source"] == "https://example.org/x"
    assert node["type"] == "FundingOrganisation"


def test_jsonld_round_trip_small_graph() -> None:
    graph = Graph().parse(data=SMALL, format="turtle")
    back = Graph().parse(data=jsonld(graph), format="json-ld")
    assert isomorphic(graph, back)


@pytest.fixture(scope="module")
def curated_canonical(curated_store: EmbeddedStore) -> Graph:
    """The curated graph parsed by rdflib, with canonical blank-node labels (both tests use it)."""
    from ic2kg.release import canonical

    return canonical(Graph().parse(data=curated_store.dump("ntriples"), format="nt"))


def test_jsonld_round_trip_curated_graph(
    curated_store: EmbeddedStore, curated_canonical: Graph
) -> None:
    """Isomorphic graphs have equal canonical sorted N-Triples (and only they)."""
    from ic2kg.release import canonical, sorted_ntriples

    data = export_graph(curated_store, "jsonld")
    back = Graph().parse(data=data, format="json-ld")
    assert len(back) == len(curated_canonical)
    assert sorted_ntriples(curated_canonical) == sorted_ntriples(canonical(back))


def test_jsonld_output_is_stable_once_blank_nodes_are_canonical(
    curated_store: EmbeddedStore, curated_canonical: Graph
) -> None:
    """Two parses give different blank-node labels; after canonicalisation the text is equal."""
    from ic2kg.release import canonical

    data = curated_store.dump("ntriples")
    first = jsonld(curated_canonical)
    second = jsonld(canonical(Graph().parse(data=data, format="nt")))
    assert first == second
