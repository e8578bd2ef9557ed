"""Query forms, update and SERVICE refusal, content negotiation (ic2kg/sparql/protocol.py)."""

from __future__ import annotations

import pytest

from ic2kg import formats
from ic2kg.errors import QueryError, ReadOnlyError, ServiceNotAllowed
from ic2kg.namespaces import PREFIXES
from ic2kg.sparql.protocol import check_prefixes, check_services, inspect_query, negotiate

PREDECLARED = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
RESULTS = formats.media_types("results")
RDF = formats.media_types("graph")
RESULTS_ALIASES = formats.aliases("results")
RDF_ALIASES = formats.aliases("graph")
UPDATES = [
    "INSERT DATA { <a:s> <a:p> <a:o> }",
    "DELETE DATA { <a:s> <a:p> <a:o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <a:g>",
    "CREATE GRAPH <a:g>",
    "ADD DEFAULT TO <a:g>",
    "MOVE DEFAULT TO <a:g>",
    "COPY DEFAULT TO <a:g>",
    "WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/>\n# comment\ninsert data { ex:s ex:p ex:o }",
]


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX a: <http://a/> BASE <http://b/> ask { ?s a:p ?o }", "ASK"),
        ("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://example.org/x>", "DESCRIBE"),
        ("hello", None),
    ],
)
def test_detects_the_query_form(query: str, form: str | None) -> None:
    assert inspect_query(query).form == form


@pytest.mark.parametrize("update", UPDATES)
def test_rejects_update_requests(update: str) -> None:
    with pytest.raises(ReadOnlyError, match="read-only"):
        inspect_query(update)


def test_keywords_inside_strings_iris_and_comments_do_not_count() -> None:
    query = (
        'SELECT ?x WHERE { ?x <http://e/p> "SERVICE <http://evil/> INSERT" . '
        "?x <http://e/SERVICE> ?y } # SERVICE <http://evil/>"
    )
    assert inspect_query(query).services == ()


def test_finds_service_endpoints_through_prefixes_and_variables() -> None:
    query = (
        "PREFIX r: <http://remote.example/> SELECT * WHERE { "
        "SERVICE SILENT r:sparql { ?s ?p ?o } SERVICE ?where { ?a ?b ?c } "
        "service <http://other.example/q> { ?d ?e ?f } }"
    )
    assert inspect_query(query).services == (
        "http://remote.example/sparql",
        None,
        "http://other.example/q",
    )


def test_refuses_services_outside_the_allowlist() -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    info = inspect_query(query)
    with pytest.raises(ServiceNotAllowed, match=r"http://127\.0\.0\.1:9/sparql"):
        check_services(query, info, ())
    check_services(query, info, ("http://127.0.0.1:9/sparql",))  # allowed: no error


def test_refuses_variable_service_endpoints_even_with_an_allowlist() -> None:
    query = "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }"
    with pytest.raises(ServiceNotAllowed, match="variable"):
        check_services(query, inspect_query(query), ("http://example.org/sparql",))


def test_refuses_deep_nesting_with_its_position() -> None:
    query = "SELECT * WHERE " + "{" * 150 + "?s ?p ?o" + "}" * 150
    with pytest.raises(QueryError, match="line 1 column"):
        inspect_query(query)


@pytest.mark.parametrize(
    ("accept", "offered", "aliases", "expected"),
    [
        (None, RESULTS, RESULTS_ALIASES, "application/sparql-results+json"),
        ("", RDF, RDF_ALIASES, "text/turtle"),
        ("*/*", RDF, RDF_ALIASES, "text/turtle"),
        ("text/csv", RESULTS, RESULTS_ALIASES, "text/csv"),
        (
            "application/sparql-results+json,text/turtle;q=0.9,*/*;q=0.1",
            RESULTS,
            RESULTS_ALIASES,
            "application/sparql-results+json",
        ),
        (
            "application/sparql-results+json,text/turtle;q=0.9,*/*;q=0.1",
            RDF,
            RDF_ALIASES,
            "text/turtle",
        ),
        (
            "text/csv;q=0.5, application/sparql-results+xml",
            RESULTS,
            RESULTS_ALIASES,
            "application/sparql-results+xml",
        ),
        ("application/json", RDF, RDF_ALIASES, "application/ld+json"),
        ("application/json", RESULTS, RESULTS_ALIASES, "application/sparql-results+json"),
        (
            "text/*;q=0.8, text/tab-separated-values",
            RESULTS,
            RESULTS_ALIASES,
            "text/tab-separated-values",
        ),
        ("text/turtle, */*;q=0", RESULTS, RESULTS_ALIASES, None),
        ("image/png", RDF, RDF_ALIASES, None),
        ("application/rdf+xml;q=0", RDF, RDF_ALIASES, None),
        (
            "text/turtle;q=0.2, application/n-triples;q=0.4",
            RDF,
            RDF_ALIASES,
            "application/n-triples",
        ),
        ("garbage;;q=x, text/csv", RESULTS, RESULTS_ALIASES, "text/csv"),
    ],
)
def test_negotiates_the_preferred_acceptable_type(
    accept: str | None, offered: list[str], aliases: dict[str, str], expected: str | None
) -> None:
    assert negotiate(accept, offered, aliases) == expected


def test_undeclared_prefix_is_named_with_its_position_and_a_fix() -> None:
    query = 'PREFIX ex: <urn:x#>\nSELECT * WHERE {\n  ?s a fooaf:Person ; ex:p "no:prefix" }'
    with pytest.raises(QueryError) as error:
        check_prefixes(query, inspect_query(query), PREDECLARED)
    assert error.value.message == "prefix 'fooaf:' is not declared"
    assert error.value.where == "line 3 column 8"
    assert "did you mean 'foaf:'?" in str(error.value)
    assert "PREFIX fooaf: <namespace IRI>" in str(error.value)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s a kg:x ; rdfs:label ?l }",  # predeclared
        "PREFIX : <urn:x#> SELECT * WHERE { :s ?p _:b0 }",  # own default prefix, a blank node
        "SELECT * WHERE { ?s <urn:not:a:pname> 'a:b' } # c:d",  # IRIs, strings, comments
    ],
)
def test_declared_and_predeclared_prefixes_pass(query: str) -> None:
    check_prefixes(query, inspect_query(query), PREDECLARED)
