"""Answers written once and capped exactly (ic2kg/sparql/answer.py), on values made to confuse."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from ic2kg import formats
from ic2kg.sparql.answer import QueryJob, execute

# Values whose text looks like markup, row breaks or separators of the formats.
TRICKY = [
    '"line one\\nline two"',
    '"<result><binding name=\\"v\\"/></result>"',
    '"tab\\there, comma, \\"quote\\""',
    '"},{\\"v\\":{\\"type\\":\\"uri\\"}"',
    '"中文"@zh',
    '"3.5"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    "<https://example.org/iri>",
]
VALUES = " ".join(f"({value} {n})" for n, value in enumerate(TRICKY))
QUERY = (
    f"SELECT ?v ?n WHERE {{ {{ VALUES (?v ?n) {{ {VALUES} }} }} "
    "UNION { BIND(BNODE() AS ?v) BIND(99 AS ?n) } } ORDER BY ?n"
)
ROW_COUNT = len(TRICKY) + 1  # and the blank node
RESULTS = [f.name for f in formats.of_kind("results")]


def rows(body: bytes, name: str) -> list[tuple[str, ...]]:
    """The rows of a results document as the plain values of each cell."""
    if name == "csv":
        table = list(csv.reader(io.StringIO(body.decode(), newline="")))[1:]
        return [tuple("_:" if cell.startswith("_:") else cell for cell in r) for r in table]
    parsed = ox.parse_query_results(body, formats.BY_NAME[name].results_format)
    assert isinstance(parsed, ox.QuerySolutions)
    return [tuple(_plain(term) for term in row) for row in parsed]


def _plain(term: object) -> str:
    """A cell's value; every blank node alike (their labels differ between two runs)."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    assert isinstance(term, ox.NamedNode | ox.Literal)
    return term.value


def reference(query: str, name: str) -> list[tuple[str, ...]]:
    """The rows pyoxigraph itself writes for ``query``, uncapped."""
    result = ox.Store().query(query)
    assert isinstance(result, ox.QuerySolutions)
    return rows(result.serialize(format=formats.BY_NAME[name].results_format) or b"", name)


@pytest.mark.parametrize("name", RESULTS)
@pytest.mark.parametrize("limit", ["", " LIMIT 100"], ids=["no LIMIT", "LIMIT within the cap"])
def test_every_format_holds_every_row_whole(name: str, limit: str) -> None:
    answer = execute(ox.Store(), QueryJob(QUERY + limit, name, 100))
    assert (answer.count, answer.truncated) == (ROW_COUNT, False)
    assert rows(answer.body, name) == reference(QUERY, name)


@pytest.mark.parametrize("name", RESULTS)
def test_the_cap_keeps_the_first_rows_and_says_so(name: str) -> None:
    capped = execute(ox.Store(), QueryJob(QUERY, name, 3))
    assert (capped.count, capped.truncated) == (3, True)
    assert rows(capped.body, name) == reference(QUERY, name)[:3]
    exact = execute(ox.Store(), QueryJob(QUERY, name, ROW_COUNT))
    assert (exact.count, exact.truncated) == (ROW_COUNT, False), "as many rows as the cap"


def test_a_limit_above_the_cap_is_still_capped() -> None:
    answer = execute(ox.Store(), QueryJob(QUERY + " LIMIT 50", "json", 2))
    assert (answer.count, answer.truncated) == (2, True)


@pytest.mark.parametrize("name", RESULTS)
def test_no_rows_and_boolean_answers(name: str) -> None:
    empty = execute(ox.Store(), QueryJob("SELECT ?x WHERE { ?x ?p ?o } LIMIT 5", name, 10))
    assert (empty.count, empty.truncated, rows(empty.body, name)) == (0, False, [])
    unbounded = execute(ox.Store(), QueryJob("SELECT ?x WHERE { ?x ?p ?o }", name, 10))
    assert (unbounded.count, rows(unbounded.body, name)) == (0, [])
    if name in ("json", "xml"):
        ask = execute(ox.Store(), QueryJob("ASK {}", name, 10))
        assert ask.count == 1 and b"true" in ask.body


def test_relative_iris_resolve_against_the_base() -> None:
    job = QueryJob("CONSTRUCT { <s> <p> 1 } WHERE {}", "ntriples", 10, base_iri="http://h/x/q")
    assert execute(ox.Store(), job).body.startswith(b"<http://h/x/s> <http://h/x/p> ")
