"""docs/querying.md: every worked example runs on the curated graph with the endpoint's
predeclared prefixes and returns rows, and its excerpt shows the answer's columns; an excerpt
fenced as ``text checked`` holds rows of the answer (so a stated fact is true of the graph)."""

from __future__ import annotations

import pytest
from guide_examples import Example, examples, guide_examples
from rdflib import URIRef
from rdflib.term import Node

from ic2kg.namespaces import curie, sparql_prologue
from ic2kg.store import EmbeddedStore, SelectResult

SEPARATOR = " | "


def shown(term: Node | None) -> str:
    """A value as the excerpts write it: an IRI as a CURIE where a prefix fits."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term)) or str(term)
    return str(term)


def missing_rows(example: Example, result: SelectResult) -> list[str]:
    """The excerpt rows (after its header) that are not rows of ``result``."""
    answer = {SEPARATOR.join(shown(row.get(v)) for v in result.variables) for row in result.rows}
    return [line for line in example.excerpt[1:] if line not in answer]


EXAMPLES = guide_examples()


def _run(store: EmbeddedStore, example: Example) -> SelectResult:
    result = store.query(sparql_prologue() + example.sparql)
    assert isinstance(result, SelectResult), f"{example.title}: not a SELECT query"
    return result


def test_guide_has_at_least_fifteen_examples_each_with_an_excerpt() -> None:
    assert len(EXAMPLES) >= 15, f"docs/querying.md has {len(EXAMPLES)} examples"
    without = [e.title for e in EXAMPLES if len(e.excerpt) < 2]
    assert not without, f"examples without an excerpt of their answer: {without}"
    assert sum(e.checked for e in EXAMPLES) >= 5, "too few excerpts checked against the graph"


def test_examples_rely_on_the_predeclared_prefixes() -> None:
    """What the guide says of /sparql: the examples need no PREFIX lines."""
    declaring = [e.title for e in EXAMPLES if "PREFIX" in e.sparql.upper()]
    assert not declaring, f"examples declaring prefixes: {declaring}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.title[:40] for e in EXAMPLES])
def test_example_runs_and_returns_rows(curated_store: EmbeddedStore, example: Example) -> None:
    result = _run(curated_store, example)
    assert result.rows, f"{example.title}: no rows"
    header = example.excerpt[0].split(SEPARATOR)
    assert header == list(result.variables), (
        f"{example.title}: the excerpt's columns {header} are not the query's {result.variables}"
    )
    if example.checked:
        missing = missing_rows(example, result)
        assert not missing, f"{example.title}: excerpt rows not in the answer: {missing}"


def test_a_wrong_excerpt_row_is_reported(curated_store: EmbeddedStore) -> None:
    example = next(e for e in EXAMPLES if e.checked)
    result = _run(curated_store, example)
    wrong = example.excerpt[1] + " (altered)"
    altered = Example(example.title, example.sparql, (example.excerpt[0], wrong), True)
    assert missing_rows(altered, result) == [wrong]
    assert missing_rows(example, result) == []


def test_parser_pairs_queries_with_their_excerpts() -> None:
    text = (
        "### One\n\n```sparql\nSELECT ?a WHERE {}\n```\n\n```text checked\na\nx\n```\n\n"
        "### Two\n\n```sparql\nASK {}\n```\n\n### Three\n\n```sparql\nSELECT ?b WHERE {}\n```\n"
        "\n```text\nb\ny\n```\n"
    )
    found = examples(text)
    assert [(e.title, e.excerpt, e.checked) for e in found] == [
        ("One", ("a", "x"), True),
        ("Two", (), False),
        ("Three", ("b", "y"), False),
    ]
