"""The SPARQL text helpers: one lexer, forms, updates, SERVICE, VALUES, paging (sparql_text.py)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from ic2kg.errors import QueryError
from ic2kg.sparql.text import (
    QUERY_FORMS,
    bind_columns,
    bind_values,
    counting,
    inspect,
    query_form,
    tokens,
    values_block,
    where_group_start,
    with_paging,
    with_prefixes,
)
from ic2kg.store import EmbeddedStore

DATA = b"""
@prefix ex: <https://example.org/> .
ex:a ex:n 1 . ex:b ex:n 2 . ex:c ex:n 3 .
"""
EX = "https://example.org/"


@pytest.fixture()
def store() -> EmbeddedStore:
    """Three subjects with the numbers 1, 2, 3."""
    s = EmbeddedStore()
    s.load(DATA, "turtle")
    return s


def test_lexer_keeps_strings_iris_and_comments_whole() -> None:
    text = 'SELECT ?x WHERE { ?x <urn:a#b> """long\n"}""" } # { comment\nLIMIT 5'
    found = [(t.kind, t.text) for t in tokens(text)]
    assert ("iri", "<urn:a#b>") in found
    assert ("string", '"""long\n"}"""') in found
    assert ("number", "5") in found
    assert not any("comment" in t for _, t in found)
    braces = [t.depth for t in tokens(text) if t.text in "{}" and t.kind == "other"]
    assert braces == [0, 0], "an opening brace and its closing one report the same depth"


def test_keywords_in_long_strings_and_iris_are_not_updates() -> None:
    text = "PREFIX e: <urn:INSERT> SELECT * WHERE { ?s e:p '''DELETE\nDROP''' }"
    info = inspect(text)
    assert (info.form, info.update, info.services) == ("SELECT", None, ())


def test_paging_ignores_limit_inside_comments_and_subqueries(store: EmbeddedStore) -> None:
    query = (
        f"SELECT ?o WHERE {{ {{ SELECT ?o WHERE {{ ?s <{EX}n> ?o }} LIMIT 3 }} }}"
        " ORDER BY ?o # LIMIT 1\n"
    )
    paged = with_paging(query, 2, 1)
    assert paged.count("LIMIT 3") == 1, "the subquery keeps its own LIMIT"
    assert "OFFSET 1" in paged
    assert store.select(paged).column("o") == [Literal(2), Literal(3)]


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


def test_bind_columns_gives_the_text_of_binding_one_variable_at_a_time(
    store: EmbeddedStore,
) -> None:
    query = f"SELECT ?s ?o WHERE {{ ?s <{EX}n> ?o }}"
    columns = {"s": [URIRef(EX + "a"), URIRef(EX + "c")], "o": [Literal(1), Literal(3)]}
    one_by_one = query
    for name, terms in columns.items():
        one_by_one = bind_values(one_by_one, [{name: term} for term in terms], [name])
    assert bind_columns(query, columns) == one_by_one
    assert bind_columns(query, {}) == query
    with pytest.raises(QueryError, match="variable name"):
        bind_columns(query, {"s o": [Literal(1)]})


def test_paging_then_binding_is_binding_then_paging() -> None:
    query = f"SELECT ?s WHERE {{ ?s <{EX}n> ?o }} ORDER BY ?s LIMIT 10"
    columns = {"s": [URIRef(EX + "a")]}
    assert bind_columns(with_paging(query, 5, 2), columns) == with_paging(
        bind_columns(query, columns), 5, 2
    )


def test_paging_combines_with_the_query_own_limit(store: EmbeddedStore) -> None:
    assert with_paging(TRICKY, 5, 1).rstrip().endswith("ORDER BY ?x LIMIT 5 OFFSET 3")
    assert with_paging(TRICKY, 100, 0).rstrip().endswith("LIMIT 10 OFFSET 2")
    assert with_paging(TRICKY, None, 20).rstrip().endswith("LIMIT 0 OFFSET 22")
    query = f"SELECT ?o WHERE {{ ?s <{EX}n> ?o }} ORDER BY ?o"
    assert store.select(with_paging(query, 2, 1)).column("o") == [Literal(2), Literal(3)]
    with pytest.raises(QueryError):
        with_paging(query, -1, 0)


def test_with_prefixes_declares_only_what_the_query_uses_undeclared() -> None:
    prefixes = {"ex": EX, "kg": "https://w3id.org/ic2kg/id/", "unused": "urn:u#"}
    query = "PREFIX kg: <urn:mine#>\nSELECT * WHERE { ?s ex:n kg:x }"
    assert with_prefixes(query, prefixes) == f"PREFIX ex: <{EX}> {query}"
    assert with_prefixes("ASK { ?s ?p ?o }", prefixes) == "ASK { ?s ?p ?o }"


def test_counting_counts_solutions_within_the_query_own_limit(store: EmbeddedStore) -> None:
    query = f"PREFIX ex: <{EX}>\nSELECT ?o WHERE {{ ?s ex:n ?o }} ORDER BY ?o LIMIT 2 # two"
    assert store.select(counting(query)).column("total") == [Literal(2)]
    unlimited = query.replace("LIMIT 2 # two", "")
    assert store.select(counting(unlimited)).column("total") == [Literal(3)]
    assert store.select(counting(TRICKY)).column("total") == [Literal(0)]
    with pytest.raises(QueryError, match="only SELECT"):
        counting("ASK { ?s ?p ?o }")


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
def test_form_and_update_keyword_ignore_comments_and_strings(text: str, form: str) -> None:
    info = inspect(text)
    assert (info.form or info.update) == form
    assert query_form(text) == (form if form in QUERY_FORMS else None)
