"""The W3C SPARQL 1.1 Protocol query tests, request for request, on a dataset built for them.

The cases and their expectations are those of the W3C test suite's protocol tests
(https://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#): every query case
and every negative case. The positive update cases do not apply to a read-only endpoint (it
refuses them with 403, which the update tests of test_sparql_security.py check). Requests carry
``Host: www.example``, as in the test descriptions, so the endpoint's base IRI is
http://www.example/sparql.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from api_servers import QUERY_TIMEOUT, RESOURCES, RunningServer, start_server
from rdflib import Graph, Literal, URIRef

from api.main import create_app
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore

DATA = "http://kasei.us/2009/09/sparql/data/"
HOST = {"Host": "www.example"}
SPARQL_QUERY = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"
RESULTS_TYPES = ("application/sparql-results+xml", "application/sparql-results+json")
SELECT_TYPES = (*RESULTS_TYPES, "text/tab-separated-values", "text/csv")
RDF_TYPES = ("application/rdf+xml", "application/rdf+json", "text/turtle")


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    """The API on four named graphs (tests/resources/api/protocol-dataset.trig)."""
    store = EmbeddedStore()
    store.load((RESOURCES / "protocol-dataset.trig").read_bytes(), "trig")
    running = start_server(create_app(Settings(query_timeout=QUERY_TIMEOUT), store=store))
    yield running
    running.stop()


@pytest.fixture()
def client(server: RunningServer) -> Iterator[httpx.Client]:
    """A client sending ``Host: www.example`` and no other header of its own choosing."""
    with server.client(headers=HOST) as http:
        yield http


def media_type(response: httpx.Response) -> str:
    header: str = response.headers.get("content-type", "")
    return header.split(";")[0].strip()


def boolean(response: httpx.Response) -> bool:
    """The answer of an ASK query, after checking status and content type."""
    assert response.status_code == 200, response.text
    assert media_type(response) in RESULTS_TYPES
    fmt = (
        ox.QueryResultsFormat.JSON if "json" in media_type(response) else ox.QueryResultsFormat.XML
    )
    result = ox.parse_query_results(response.content, fmt)
    assert isinstance(result, ox.QueryBoolean)
    return bool(result)


def direct(client: httpx.Client, query: str, url: str = "/sparql") -> httpx.Response:
    return client.post(url, content=query.encode(), headers={"Content-Type": SPARQL_QUERY})


def graphs(name: str, *iris: str) -> str:
    return "&".join(f"{name}={quote(DATA + iri, safe='')}" for iri in iris)


# ---------------------------------------------------------------- negative cases: 4xx


def test_bad_query_method(client: httpx.Client) -> None:
    assert 400 <= client.put("/sparql?query=ASK%20%7B%7D").status_code < 500


def test_bad_multiple_queries(client: httpx.Client) -> None:
    response = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert 400 <= response.status_code < 500


def test_bad_query_wrong_media_type(client: httpx.Client) -> None:
    response = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("body", [b"query=ASK%20%7B%7D", b"ASK {}"])
def test_bad_query_missing_form_or_direct_type(client: httpx.Client, body: bytes) -> None:
    response = client.post("/sparql", content=body)
    assert "content-type" not in response.request.headers
    assert 400 <= response.status_code < 500


def test_bad_query_non_utf8(client: httpx.Client) -> None:
    headers = {"Content-Type": f"{SPARQL_QUERY}; charset=UTF-16"}
    response = client.post("/sparql", content="ASK {}".encode("utf-16"), headers=headers)
    assert 400 <= response.status_code < 500


def test_bad_query_syntax(client: httpx.Client) -> None:
    assert 400 <= client.get("/sparql?query=ASK%20%7B").status_code < 500


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (FORM, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"),  # bad_multiple_updates
        ("text/plain", b"CLEAR NAMED"),  # bad_update_wrong_media_type
        (None, b"update=CLEAR%20NAMED"),  # bad_update_missing_form_type
        ("application/sparql-update; charset=UTF-16", "CLEAR NAMED".encode("utf-16")),
        (FORM, b"update=CLEAR%20XYZ"),  # bad_update_syntax
        (
            FORM,  # bad_update_dataset_conflict
            b"using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=WITH%20%3Chttp%3A%2F%2F"
            b"example%2Faddresses%3E%20DELETE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20WHERE%20%7B%20"
            b"%3Fs%20%3Fp%20%3Fo%20%7D",
        ),
    ],
)
def test_bad_update_requests(client: httpx.Client, content_type: str | None, body: bytes) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", content=body, headers=headers)
    assert 400 <= response.status_code < 500


def test_bad_update_get(client: httpx.Client) -> None:
    assert 400 <= client.get("/sparql?update=CLEAR%20ALL").status_code < 500


# ---------------------------------------------------------------- query cases


def test_query_get(client: httpx.Client) -> None:
    assert boolean(client.get("/sparql?query=ASK%20%7B%7D")) is True


def test_query_post_form(client: httpx.Client) -> None:
    response = client.post("/sparql", content=b"query=ASK%20%7B%7D", headers={"Content-Type": FORM})
    assert boolean(response) is True


def test_query_post_direct(client: httpx.Client) -> None:
    assert boolean(direct(client, "ASK {}")) is True


def test_query_dataset_default_graph(client: httpx.Client) -> None:
    url = "/sparql?" + graphs("default-graph-uri", "data1.rdf")
    assert boolean(direct(client, f"ASK {{ <{DATA}data1.rdf> ?p ?o }}", url)) is True


def test_query_dataset_default_graphs_get(client: httpx.Client) -> None:
    query = quote(f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}")
    url = f"/sparql?query={query}&" + graphs("default-graph-uri", "data1.rdf", "data2.rdf")
    assert boolean(client.get(url)) is True


def test_query_dataset_default_graphs_post(client: httpx.Client) -> None:
    url = "/sparql?" + graphs("default-graph-uri", "data1.rdf", "data2.rdf")
    query = f"ASK {{ <{DATA}data1.rdf> ?p ?o . <{DATA}data2.rdf> ?p ?o }}"
    assert boolean(direct(client, query, url)) is True


def test_query_dataset_named_graphs_get(client: httpx.Client) -> None:
    query = quote(
        f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
        f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}"
    )
    url = f"/sparql?query={query}&" + graphs("named-graph-uri", "data1.rdf", "data2.rdf")
    assert boolean(client.get(url)) is True


def test_query_dataset_named_graphs_post(client: httpx.Client) -> None:
    url = "/sparql?" + graphs("named-graph-uri", "data1.rdf", "data2.rdf")
    assert boolean(direct(client, "ASK { GRAPH ?g { ?s ?p ?o } }", url)) is True


def test_query_dataset_full(client: httpx.Client) -> None:
    url = (
        "/sparql?"
        + graphs("default-graph-uri", "data3.rdf")
        + "&"
        + graphs("named-graph-uri", "data1.rdf", "data2.rdf")
    )
    response = direct(client, "SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }", url)
    assert response.status_code == 200, response.text
    assert media_type(response) in RESULTS_TYPES
    solutions = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = {(row["g"].value, row["x"].value, row["s"].value) for row in solutions}
    # The default graph is data3 only; the named graphs data1 and data2 (not data0, not data3).
    assert rows == {
        (DATA + f"data{n}.rdf", DATA + "data3.rdf", DATA + f"data{n}.rdf") for n in (1, 2)
    }


def test_query_multiple_dataset(client: httpx.Client) -> None:
    """The protocol's default graph (data2) replaces the query's FROM (data1), and <data1.rdf>
    resolves against the endpoint: http://www.example/data1.rdf, which only data2 holds."""
    url = "/sparql?" + graphs("default-graph-uri", "data2.rdf")
    query = f"ASK FROM <{DATA}data1.rdf> {{ <data1.rdf> ?p ?o }}"
    assert boolean(direct(client, query, url)) is True
    assert boolean(direct(client, query.replace("ASK FROM", "ASK FROM NAMED"), url)) is True
    assert boolean(direct(client, query)) is False, "with data1 as its graph nothing matches"


def test_query_content_type_select(client: httpx.Client) -> None:
    response = direct(client, "SELECT (1 AS ?value) {}")
    assert response.status_code == 200, response.text
    assert media_type(response) in SELECT_TYPES


def test_query_content_type_ask(client: httpx.Client) -> None:
    response = direct(client, "ASK {}")
    assert response.status_code == 200 and media_type(response) in RESULTS_TYPES


def test_query_content_type_describe(client: httpx.Client) -> None:
    response = direct(client, "DESCRIBE <http://example.org/>")
    assert response.status_code == 200, response.text
    assert media_type(response) in RDF_TYPES


def test_query_content_type_construct(client: httpx.Client) -> None:
    """Relative IRIs resolve against the endpoint's URL (this request's: www.example)."""
    response = direct(client, "CONSTRUCT { <s> <p> 1 } WHERE {}")
    assert response.status_code == 200, response.text
    assert media_type(response) in RDF_TYPES
    graph = Graph().parse(data=response.text, format="turtle")
    expected = (URIRef("http://www.example/s"), URIRef("http://www.example/p"), Literal(1))
    assert set(graph) == {expected}
