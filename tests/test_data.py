"""The curated graph is tested like code: it conforms, it is sourced, nothing is minted twice."""

from __future__ import annotations

import pytest
from rdflib import Graph

from ic2kg import paths
from ic2kg.queries import find_query_files
from ic2kg.store import EmbeddedStore
from ic2kg.validate import validate_graph

CHECKS = [p for p in find_query_files("checks") if p.name.endswith("-violation.rq")]


def test_curated_graph_conforms_to_the_shapes(curated_graph: Graph) -> None:
    result = validate_graph(curated_graph)
    assert result.conforms, result.text(max_per_shape=10)


@pytest.mark.parametrize("check", CHECKS, ids=lambda p: p.stem)
def test_quality_check_finds_nothing(curated_store: EmbeddedStore, check: object) -> None:
    rows = curated_store.select(check.read_text(encoding="utf-8")).rows  # type: ignore[attr-defined]
    shown = [{k: str(v) for k, v in row.items()} for row in rows[:20]]
    assert not rows, f"{check}: {len(rows)} rows, e.g. {shown}"


def test_every_turtle_file_declares_its_prefixes_and_parses_alone() -> None:
    for path in paths.graph_files():
        Graph().parse(path, format="turtle")  # raises with the file's line on error
