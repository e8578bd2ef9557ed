"""Tests for ic2kg.void: the VoID/DCAT description counts what the graph holds."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, VOID

from ic2kg.store import EmbeddedStore
from ic2kg.void import DATASET, void_graph

FIXTURE = b"""
@prefix ic2kg: <https://w3id.org/ic2kg/ontology#> .
@prefix kg: <https://w3id.org/ic2kg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
kg:a a ic2kg:Country ; dcterms:source <https://example.org/1> .
kg:b a ic2kg:Country ; dcterms:source <https://example.org/1> , <https://example.org/2> .
kg:c a ic2kg:Standard ; dcterms:source <https://example.org/2> .
"""


def _value(graph, subject, predicate):  # type: ignore[no-untyped-def]
    return int(next(graph.objects(subject, predicate)))


def test_void_counts_on_fixture() -> None:
    store = EmbeddedStore()
    store.load(FIXTURE)
    graph = void_graph(store)
    assert (DATASET, RDF.type, VOID.Dataset) in graph
    assert _value(graph, DATASET, VOID.triples) == 7
    assert _value(graph, DATASET, VOID.entities) == 3
    assert _value(graph, DATASET, VOID.classes) == 2
    assert _value(graph, DATASET, VOID.properties) == 2
    [sources] = [
        p
        for p in graph.objects(DATASET, VOID.propertyPartition)
        if (p, VOID.property, DCTERMS.source) in graph
    ]
    assert _value(graph, sources, VOID.distinctObjects) == 2
    counts = {
        str(next(graph.objects(p, VOID["class"]))): _value(graph, p, VOID.entities)
        for p in graph.objects(DATASET, VOID.classPartition)
    }
    assert counts == {
        "https://w3id.org/ic2kg/ontology#Country": 2,
        "https://w3id.org/ic2kg/ontology#Standard": 1,
    }
    assert (DATASET, DCTERMS.license, None) in graph
    assert any(graph.objects(DATASET, DCTERMS.title))


def test_void_on_curated_graph(curated_store: EmbeddedStore) -> None:
    graph = void_graph(curated_store)
    assert _value(graph, DATASET, VOID.triples) == curated_store.triple_count()
    assert _value(graph, DATASET, VOID.entities) > 100
    assert (DATASET, VOID.vocabulary, None) in graph
    assert Literal("ic2kg knowledge graph", lang="en") in set(graph.objects(DATASET, DCTERMS.title))
