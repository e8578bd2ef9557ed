"""SHACL validation: batches find what the whole graph finds; the text report is a summary."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from ic2kg import paths
from ic2kg.namespaces import KG
from ic2kg.validate import (
    Finding,
    ValidationResult,
    focus_kind,
    parse_files,
    validate_graph,
    validate_in_batches,
)

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


def _chinese(focus: str) -> Finding:
    return Finding("Warning", focus, "rdfs:label", "No Chinese name.", "shp:ChineseLabel", "")


def test_the_text_report_is_a_summary_with_a_few_examples_and_says_how_to_see_all() -> None:
    findings = [_chinese(f"kg:org-cordis-acme-{n}") for n in range(40)] + [
        _chinese("kg:org-csic"),
        Finding("Violation", "kg:org-x", "dcterms:source", "Cite a source.", "shp:Source", ""),
    ]
    text = ValidationResult.of(findings).text(max_per_shape=3)
    lines = text.splitlines()
    assert lines[0] == "Does not conform: 1 violation(s), 41 warning(s)."
    # One line per shape and message, violations first, then the kinds of entity concerned.
    assert lines[2].split() == ["1", "Violation", "shp:Source:", "Cite", "a", "source."]
    assert lines[3].split()[:3] == ["41", "Warning", "shp:ChineseLabel:"]
    assert "by kind: org-cordis 40, org 1" in lines[4]
    assert text.count("kg:org-cordis-acme-") == 3
    assert "... and 38 more" in text
    assert "ic2kg validate --verbose" in text
    every = ValidationResult.of(findings).text(max_per_shape=None)
    assert every.count("kg:org-cordis-acme-") == 40
    assert "--verbose" not in every


def test_focus_kind_names_the_importer_for_imported_entities() -> None:
    assert focus_kind("kg:org-cordis-acme-de") == "org-cordis"
    assert focus_kind("kg:org-csic") == "org"
    assert focus_kind("kg:country-ES") == "country"
