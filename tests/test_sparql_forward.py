"""The remote-endpoint forwarder on its own: Accept headers, local checks, cap and failures."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from servers import SparqlServer, free_port, oxigraph_server  # noqa: F401 (pytest fixture)

from ic2kg.errors import QueryError, RemoteEndpointError, ServerBusy
from ic2kg.sparql.forward import RemoteQueryRunner, accept_header, check_syntax
from ic2kg.sparql.workers import QueryJob

# Ten rows without any data: the answer is known whatever the server holds.
TEN_ROWS = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 6 7 8 9 10 } } ORDER BY ?n"


def test_asks_for_the_negotiated_type_only_when_servers_write_it_right() -> None:
    assert accept_header("json").startswith("application/sparql-results+json,")
    assert accept_header("turtle").startswith("text/turtle,")
    # CSV is lossy and Virtuoso's TSV is malformed: both are converted from SPARQL JSON.
    for converted in ("csv", "tsv"):
        assert accept_header(converted).startswith("application/sparql-results+json;q=0.9")
        assert "text/csv" not in accept_header(converted)
        assert "tab-separated" not in accept_header(converted)
    # JSON-LD may need remote contexts: asked as N-Triples.
    assert accept_header("jsonld").startswith("application/n-triples;q=0.9")


def test_syntax_errors_are_found_locally_with_their_position() -> None:
    with pytest.raises(QueryError, match=r"error at 2:15"):
        check_syntax(QueryJob("SELECT * WHERE {\n  ?s <bad iri> ?o }", "json", 10))
    with pytest.raises(QueryError, match="IRI"):
        check_syntax(QueryJob("SELECT * WHERE { ?s ?p ?o }", "json", 10, ("not an iri",)))
    check_syntax(QueryJob(TEN_ROWS, "json", 10))  # a valid query passes


def test_syntax_errors_never_reach_the_endpoint() -> None:
    runner = RemoteQueryRunner(f"http://127.0.0.1:{free_port()}/query", timeout=2)
    with pytest.raises(QueryError, match="syntax error"):
        runner.run(QueryJob("SELECT ?s WHERE { ?s ?p", "json", 10))
    with pytest.raises(RemoteEndpointError, match="cannot reach the SPARQL endpoint") as caught:
        runner.run(QueryJob(TEN_ROWS, "json", 10))
    assert caught.value.endpoint == runner.endpoint
    runner.close()


@pytest.mark.parametrize(
    ("result_format", "parse"),
    [
        ("csv", lambda body: body.decode().splitlines()[1:]),
        ("tsv", lambda body: list(ox.parse_query_results(body, ox.QueryResultsFormat.TSV))),  # type: ignore[arg-type]
        ("xml", lambda body: list(ox.parse_query_results(body, ox.QueryResultsFormat.XML))),  # type: ignore[arg-type]
    ],
)
def test_cap_keeps_the_first_rows_in_a_well_formed_document(
    oxigraph_server: SparqlServer,  # noqa: F811
    result_format: str,
    parse: object,
) -> None:
    runner = RemoteQueryRunner(oxigraph_server.query_url, timeout=10)
    capped = runner.run(QueryJob(TEN_ROWS, result_format, 3))
    whole = runner.run(QueryJob(TEN_ROWS, result_format, 10))
    runner.close()
    assert (capped.count, capped.truncated) == (3, True)
    assert (whole.count, whole.truncated) == (10, False)
    assert callable(parse)
    assert len(parse(capped.body)) == 3
    assert len(parse(whole.body)) == 10


def test_a_wrong_url_is_a_remote_endpoint_error(oxigraph_server: SparqlServer) -> None:  # noqa: F811
    wrong = oxigraph_server.query_url.replace("/query", "/no-such-path")
    runner = RemoteQueryRunner(wrong, timeout=10)
    with pytest.raises(RemoteEndpointError, match="HTTP 404"):
        runner.run(QueryJob(TEN_ROWS, "json", 10))
    runner.close()


def test_waits_then_refuses_when_every_connection_is_busy(
    oxigraph_server: SparqlServer,  # noqa: F811
) -> None:
    runner = RemoteQueryRunner(oxigraph_server.query_url, size=1, timeout=10, wait=0.2)
    runner._slots.acquire()  # another request holds the only connection
    with pytest.raises(ServerBusy, match="1 connections"):
        runner.run(QueryJob(TEN_ROWS, "json", 10))
    runner._slots.release()
    assert runner.run(QueryJob(TEN_ROWS, "json", 10)).count == 10
    runner.close()
