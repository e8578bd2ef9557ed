"""The Store interface, the embedded store and the query-text helpers (ic2kg/store.py)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from ic2kg.errors import DataLoadError, QueryError
from ic2kg.store import (
    EmbeddedStore,
    SelectResult,
    bind_values,
    open_store,
    query_form,
    values_block,
    where_group_start,
    with_paging,
)

DATA = """
@prefix ex: <https://example.org/> .
ex:a ex:p "one"@en , "一"@zh ; ex:n 1 .
ex:b ex:p "two"@en ; ex:n 2 .
ex:c ex:p "three" ; ex:n 3 .
""".encode()
EX = "https://example.org/"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


@pytest.fixture()
def store() -> EmbeddedStore:
    """A small in-memory store."""
    s = EmbeddedStore()
    s.load(DATA, "turtle")
    return s


def test_select_returns_rdflib_terms(store: EmbeddedStore) -> None:
    result = store.select(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }} ORDER BY ?o")
    assert isinstance(result, SelectResult)
    assert set(result.column("o")) == {Literal("one", lang="en"), Literal("一", lang="zh")}
    plain = store.select(f"SELECT ?o WHERE {{ <{EX}c> <{EX}p> ?o }}").column("o")
    assert plain == [Literal("three", datatype=XSD_STRING)]


def test_construct_ask_and_count(store: EmbeddedStore) -> None:
    graph = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(graph, Graph) and len(graph) == 7
    assert store.ask(f"ASK {{ <{EX}a> ?p ?o }}") is True
    assert store.triple_count() == 7
    with pytest.raises(QueryError, match="SELECT"):
        store.select("ASK { ?s ?p ?o }")


def test_bindings_work_for_variables_outside_the_projection(store: EmbeddedStore) -> None:
    query = f"SELECT ?o WHERE {{ ?s <{EX}n> ?o }}"
    result = store.select(query, {"s": URIRef(EX + "b")})
    assert result.column("o") == [Literal(2)]


def test_bad_data_changes_nothing(store: EmbeddedStore) -> None:
    # Many good triples before the error: none of them may stay behind.
    good = b"".join(
        b"<https://example.org/s%d> <https://example.org/p> 1 .\n" % i for i in range(5000)
    )
    with pytest.raises(DataLoadError, match=r"broken\.ttl.*line 5001"):
        store.load(good + b"<https://example.org/x> <https://example.org/p> .", source="broken.ttl")
    assert store.triple_count() == 7


def test_syntax_error_is_a_query_error(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELECT ?x WHERE {")


def test_open_store_without_endpoint_is_embedded() -> None:
    assert isinstance(open_store(), EmbeddedStore)


# ---------------------------------------------------------------- query text helpers

TRICKY = """#+ summary: a header with WHERE { and } in it
PREFIX ex: <https://example.org/ns#>
SELECT ?x ("} WHERE {" AS ?y) WHERE { # a comment with {
  ?x ex:p '{' . FILTER(?x < ?z && ?z > 1)
  { SELECT ?x WHERE { ?x ?q ?r } LIMIT 3 }
} ORDER BY ?x LIMIT 10 OFFSET 2
"""


def test_where_group_is_found_past_strings_comments_and_iris() -> None:
    start = where_group_start(TRICKY)
    assert TRICKY[start - 1] == "{"
    assert TRICKY[:start].rstrip().endswith("AS ?y) WHERE {")


def test_construct_template_is_not_the_where_group() -> None:
    text = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert text[: where_group_start(text)] == "CONSTRUCT { ?s ?p ?o } WHERE {"
    with pytest.raises(QueryError, match="no WHERE group"):
        where_group_start("DESCRIBE <https://example.org/a>")


def test_values_block_writes_terms_and_undef() -> None:
    block = values_block(
        [{"a": URIRef(EX + "x"), "b": Literal('say "hi"')}, {"a": Literal(5)}], ["a", "b"]
    )
    assert block == (
        'VALUES (?a ?b) { (<https://example.org/x> "say \\"hi\\"") '
        '("5"^^<http://www.w3.org/2001/XMLSchema#integer> UNDEF) }'
    )


@pytest.mark.parametrize("iri", ["https://example.org/a>b", "https://example.org/a b", "x:{y}"])
def test_values_block_refuses_iris_that_could_escape(iri: str) -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        values_block([{"a": URIRef(iri)}], ["a"])


def test_values_block_refuses_blank_nodes() -> None:
    with pytest.raises(QueryError, match="blank node"):
        values_block([{"a": BNode()}], ["a"])


def test_bind_values_runs_and_restricts(store: EmbeddedStore) -> None:
    query = f"SELECT ?s ?o WHERE {{ ?s <{EX}n> ?o }}"
    bound = bind_values(query, [{"s": URIRef(EX + "a")}, {"s": URIRef(EX + "c")}])
    assert {str(r["s"]) for r in store.select(bound).rows} == {EX + "a", EX + "c"}


def test_paging_combines_with_the_query_own_limit(store: EmbeddedStore) -> None:
    assert with_paging(TRICKY, 5, 1).rstrip().endswith("ORDER BY ?x LIMIT 5 OFFSET 3")
    assert with_paging(TRICKY, 100, 0).rstrip().endswith("LIMIT 10 OFFSET 2")
    assert with_paging(TRICKY, None, 20).rstrip().endswith("LIMIT 0 OFFSET 22")
    query = f"SELECT ?o WHERE {{ ?s <{EX}n> ?o }} ORDER BY ?o"
    assert store.select(with_paging(query, 2, 1)).column("o") == [Literal(2), Literal(3)]
    with pytest.raises(QueryError):
        with_paging(query, -1, 0)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("#+ summary: INSERT into a comment\nSELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ('PREFIX ex: <urn:x#> ASK { ?s ex:p "DELETE" }', "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("PREFIX ex: <urn:x#>\nDROP ALL", "DROP"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ],
)
def test_query_form_ignores_comments_and_strings(text: str, form: str) -> None:
    assert query_form(text) == form
