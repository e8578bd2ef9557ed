"""Standard links (issue 29): sourced adoptions and references, and what the build derives."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from ic2kg import paths
from ic2kg.build import build
from ic2kg.namespaces import IC2KG, KG
from ic2kg.queries import load_query
from ic2kg.store import EmbeddedStore
from ic2kg.validate import parse_files

FIXTURE = Path(__file__).parent / "resources" / "standards" / "links.ttl"
ADOPTION_FILE = paths.GRAPH_DIR / "standards-adoption.ttl"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    built = EmbeddedStore()
    build(built, [FIXTURE])
    return built


def _pairs(store: EmbeddedStore, predicate: URIRef) -> set[tuple[str, str]]:
    quads = store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(predicate)), None)
    return {(q.subject.value, q.object.value) for q in quads}


def test_adoptions_and_references_are_derived_from_the_links(store: EmbeddedStore) -> None:
    assert _pairs(store, IC2KG.adoptsStandard) == {
        (str(KG["bb-x"]), str(KG["std-a"])),
        (str(KG["org-z"]), str(KG["std-b"])),
    }
    assert _pairs(store, IC2KG.referencesStandard) == {(str(KG["pol-y"]), str(KG["std-b"]))}


def test_a_link_without_a_source_is_a_violation(store: EmbeddedStore) -> None:
    check = load_query("checks/qualified-statement-without-source-violation").sparql
    rows = [{k: str(v) for k, v in r.items()} for r in store.select(check).rows]
    assert rows == [
        {"subject": str(KG["org-z"]), "kind": "standard link", "target": str(KG["std-b"])}
    ]


def test_every_curated_link_cites_its_own_source_and_a_standard() -> None:
    graph: Graph = parse_files([ADOPTION_FILE])
    links = set(graph.subjects(None, IC2KG.StandardLink))
    assert len(links) >= 15, f"only {len(links)} standard links: was the file cut?"
    for link in links:
        assert (link, DCTERMS.source, None) in graph, link
        assert (link, IC2KG.linkedStandard, None) in graph, link
        assert (link, IC2KG.evidenceText, None) in graph, link


def test_accredited_biobanks_adopt_iso_20387_in_the_curated_graph(
    curated_store: EmbeddedStore,
) -> None:
    adopters = {
        a for a, s in _pairs(curated_store, IC2KG.adoptsStandard) if s == str(KG["std-iso-20387"])
    }
    assert {str(KG["bb-hannover-unified-biobank"]), str(KG["bb-wmu-biobank"])} <= adopters
    assert len(adopters) >= 5
