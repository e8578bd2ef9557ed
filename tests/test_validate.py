"""Batched SHACL validation finds what whole-graph validation finds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from ic2kg import paths
from ic2kg.namespaces import KG
from ic2kg.validate import parse_files, validate_graph, validate_in_batches

SHAPE_FIXTURES = Path(__file__).parent / "resources" / "shapes"


def test_batches_find_the_curated_graphs_findings(curated_graph: Graph) -> None:
    graph = curated_graph + parse_files([paths.ONTOLOGY_EDIT])
    whole = validate_graph(graph).findings
    assert whole, "the curated graph has warnings; an empty comparison would prove nothing"
    seen: list[int] = []
    batched = validate_in_batches(graph, KG, batch_size=60, workers=2, on_batch=seen.append)
    assert Counter(batched) == Counter(whole)
    assert sum(seen) == len({s for s in graph.subjects() if str(s).startswith(KG)})


def test_a_node_alone_in_its_batch_still_sees_its_neighbours() -> None:
    # Every shape fixture together, one node a batch: inverse paths (a standards body that
    # issues nothing), sh:class on referenced IRIs and blank-node participations all cross
    # batch boundaries.
    graph = parse_files([paths.ONTOLOGY_EDIT, *sorted(SHAPE_FIXTURES.glob("*.ttl"))])
    whole = validate_graph(graph).findings
    assert {f.severity for f in whole} == {"Violation", "Warning"}
    batched = validate_in_batches(graph, KG, batch_size=1, workers=2)
    assert Counter(batched) == Counter(whole)


def test_no_nodes_no_findings() -> None:
    assert validate_in_batches(Graph(), KG) == []


@pytest.mark.parametrize("size", [0, -5])
def test_batch_size_must_be_positive(size: int) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        validate_in_batches(Graph(), KG, batch_size=size)
