"""Tests for ic2kg.void: the VoID/DCAT description counts what the graph holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID
from rdflib.term import Node

from ic2kg import void
from ic2kg.errors import DataLoadError
from ic2kg.namespaces import KG
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


def _value(graph: Graph, subject: Node, predicate: URIRef) -> int:
    return int(str(next(graph.objects(subject, predicate))))


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


def test_description_comes_from_graph_dataset_ttl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    description = tmp_path / "dataset.ttl"
    description.write_text(
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix kg: <https://w3id.org/ic2kg/id/> .\n"
        'kg:dataset dcterms:title "A test title"@en ;\n'
        "    dcterms:license <https://example.org/licence> ;\n"
        "    dcterms:source <https://example.org/cited> .\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(void, "DESCRIPTION_FILE", description)
    void.dataset_description.cache_clear()
    try:
        store = EmbeddedStore()
        store.load(FIXTURE)
        graph = void_graph(store)
        assert set(graph.objects(DATASET, DCTERMS.title)) == {Literal("A test title", lang="en")}
        assert void.dataset_license() == URIRef("https://example.org/licence")
        assert (DATASET, DCTERMS.source, None) not in graph, "the file's citation is not output"
        assert _value(graph, DATASET, VOID.triples) == 7
    finally:
        void.dataset_description.cache_clear()


def test_description_without_licence_is_a_load_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    description = tmp_path / "dataset.ttl"
    description.write_text(
        '<https://w3id.org/ic2kg/id/dataset> <http://purl.org/dc/terms/title> "t" .\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(void, "DESCRIPTION_FILE", description)
    void.dataset_description.cache_clear()
    try:
        with pytest.raises(DataLoadError, match="no dcterms:license"):
            void.dataset_description()
    finally:
        void.dataset_description.cache_clear()


def test_curated_description_states_licence_and_creator() -> None:
    graph = void.dataset_description()
    assert void.dataset_license() == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(DATASET, DCTERMS.creator) == URIRef(
        "https://w3id.org/ic2kg/id/org-ic2kg-project"
    )
    assert graph.value(DATASET, VOID.uriSpace) == Literal(str(KG)), "must agree with namespaces"
