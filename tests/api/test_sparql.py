"""/sparql: every protocol form and result format, negotiation, caps (api/routes/sparql.py)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote

import pandas as pd
import pyoxigraph as ox
import pytest
from api_servers import FIXTURE_CAP, QUERY_TIMEOUT, RunningServer
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, SH, VOID
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper

from ic2kg.namespaces import IC2KG, PREFIXES, SD

FUNDERS = """PREFIX ic2kg: <https://w3id.org/ic2kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?org ?label WHERE { ?org a ic2kg:FundingOrganisation ; rdfs:label ?label }
ORDER BY ?org ?label"""
EXPECTED_ROWS = [
    ("https://w3id.org/ic2kg/id/org-alpha", "Alpha Funding Agency"),
    ("https://w3id.org/ic2kg/id/org-alpha", "阿尔法资助机构"),
    ("https://w3id.org/ic2kg/id/org-beta", "Beta Research Council"),
]
PROJECT = "https://w3id.org/ic2kg/id/proj-x"
DESCRIBE_PROJECT = f"CONSTRUCT {{ <{PROJECT}> ?p ?o }} WHERE {{ <{PROJECT}> ?p ?o }}"
RESULT_PARSERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


def rows_of(body: bytes, media: str) -> list[tuple[str, ...]]:
    """Rows of a results document, each value as its plain string."""
    if media == "text/csv":
        reader = csv.reader(io.StringIO(body.decode("utf-8")))
        return [tuple(row) for row in list(reader)[1:]]
    solutions = ox.parse_query_results(body, RESULT_PARSERS[media])
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(term.value if term else "" for term in solution) for solution in solutions]


@pytest.mark.parametrize("media", [*RESULT_PARSERS, "text/csv"])
def test_every_results_format_parses_back_to_the_same_rows(
    fixture_server: RunningServer, media: str
) -> None:
    with fixture_server.client() as client:
        response = client.get("/sparql", params={"query": FUNDERS}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert rows_of(response.content, media) == EXPECTED_ROWS


@pytest.mark.parametrize("media", list(RDF_PARSERS))
def test_every_graph_format_parses_back_to_the_same_triples(
    fixture_server: RunningServer, media: str
) -> None:
    with fixture_server.client() as client:
        reference = client.get(
            "/sparql",
            params={"query": DESCRIBE_PROJECT},
            headers={"Accept": "application/n-triples"},
        )
        response = client.get(
            "/sparql", params={"query": DESCRIBE_PROJECT}, headers={"Accept": media}
        )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    expected = Graph().parse(data=reference.text, format="nt")
    graph = Graph().parse(data=response.text, format=RDF_PARSERS[media])
    assert len(expected) == 5  # type, label, participation, fundedBy, source
    assert isomorphic(graph, expected)


def test_get_post_form_and_post_query_give_the_same_answer(fixture_server: RunningServer) -> None:
    headers = {"Accept": "application/sparql-results+json"}
    with fixture_server.client() as client:
        by_get = client.get("/sparql", params={"query": FUNDERS}, headers=headers)
        by_form = client.post("/sparql", data={"query": FUNDERS}, headers=headers)
        by_body = client.post(
            "/sparql",
            content=FUNDERS.encode("utf-8"),
            headers={**headers, "Content-Type": "application/sparql-query"},
        )
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert rows_of(response.content, "application/sparql-results+json") == EXPECTED_ROWS


@pytest.mark.parametrize(
    ("method", "fmt"), [("GET", JSON), ("GET", XML), ("POST", CSV), ("POST", TSV)]
)
def test_sparqlwrapper_reads_the_endpoint(
    fixture_server: RunningServer, method: str, fmt: str
) -> None:
    client = SPARQLWrapper(f"{fixture_server.url}/sparql")
    client.setQuery(FUNDERS)
    client.setReturnFormat(fmt)
    if method == "POST":
        client.setMethod(POST)
    result: Any = client.query().convert()
    if fmt == JSON:
        rows = [(b["org"]["value"], b["label"]["value"]) for b in result["results"]["bindings"]]
    elif fmt == XML:
        rows = [
            tuple(node.firstChild.firstChild.data for node in r.getElementsByTagName("binding"))
            for r in result.getElementsByTagName("result")
        ]
    else:
        text = result.decode("utf-8")
        rows = [tuple(line.split("," if fmt == CSV else "\t")) for line in text.splitlines()[1:]]
        if fmt == TSV:
            rows = [(iri.strip("<>"), label.split('"')[1]) for iri, label in rows]
    assert rows == EXPECTED_ROWS


def test_sparqlwrapper_construct_and_ask(fixture_server: RunningServer) -> None:
    client = SPARQLWrapper(f"{fixture_server.url}/sparql")
    client.setQuery(DESCRIBE_PROJECT)
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (URIRef(PROJECT), None, None) in graph
    client.setQuery(f"ASK {{ <{PROJECT}> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_combined_accept_header_answers_each_form_in_its_own_type(
    fixture_server: RunningServer,
) -> None:
    accept = "application/sparql-results+json,text/turtle;q=0.9,*/*;q=0.1"
    with fixture_server.client() as client:
        select = client.get("/sparql", params={"query": FUNDERS}, headers={"Accept": accept})
        construct = client.get(
            "/sparql", params={"query": DESCRIBE_PROJECT}, headers={"Accept": accept}
        )
    assert select.headers["content-type"] == "application/sparql-results+json"
    assert construct.headers["content-type"].startswith("text/turtle")
    assert "Accept" in select.headers["vary"]


def test_answers_406_when_no_format_is_acceptable(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        response = client.get(
            "/sparql", params={"query": FUNDERS}, headers={"Accept": "text/turtle"}
        )
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert "text/csv" in response.json()["detail"]


def test_needs_no_headers_at_all(fixture_server: RunningServer) -> None:
    """No User-Agent, no Accept: a bare HTTP/1.1 request still gets JSON results."""
    import socket
    from urllib.parse import quote, urlsplit

    address = urlsplit(fixture_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as raw:
        raw.sendall(
            f"GET /sparql?query={quote(FUNDERS)} HTTP/1.1\r\nHost: x\r\n"
            "Connection: close\r\n\r\n".encode("ascii")
        )
        data = b""
        while chunk := raw.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    assert b"content-type: application/sparql-results+json" in head.lower()
    assert json.loads(body)["head"]["vars"] == ["org", "label"]


def test_allows_cross_origin_requests(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        simple = client.get(
            "/sparql", params={"query": FUNDERS}, headers={"Origin": "https://example.org"}
        )
        preflight = client.options(
            "/sparql",
            headers={
                "Origin": "https://example.org",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
    assert simple.headers["access-control-allow-origin"] == "*"
    assert "x-ic2kg-truncated" in simple.headers["access-control-expose-headers"].lower()
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_service_description_without_a_query(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        turtle = client.get("/sparql")
        jsonld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    endpoint = URIRef(f"{fixture_server.url}/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph, "Missing sd:endpoint"
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (endpoint, SD.feature, SD.BasicFederatedQuery) not in graph
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_service_description_lists_prefixes_limits_and_the_void_link(
    fixture_server: RunningServer,
) -> None:
    with fixture_server.client() as client:
        graph = Graph().parse(data=client.get("/sparql").text, format="turtle")
        void = client.get(str(next(graph.objects(None, RDFS.seeAlso))))
    endpoint = URIRef(f"{fixture_server.url}/sparql")
    declared = {
        str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace))
        for d in graph.objects(endpoint, SH.declare)
    }
    assert declared == {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    assert graph.value(endpoint, IC2KG.resultLimit).toPython() == FIXTURE_CAP
    assert graph.value(endpoint, IC2KG.queryTimeLimit).toPython() == QUERY_TIMEOUT
    assert graph.value(endpoint, IC2KG.queryLengthLimit).toPython() == 100_000
    dataset = graph.value(endpoint, SD.defaultDataset)
    assert graph.value(dataset, RDFS.seeAlso) == URIRef(f"{fixture_server.url}/.well-known/void")
    assert void.status_code == 200, "the VoID link must resolve"
    assert (None, VOID.triples, None) in Graph().parse(data=void.text, format="turtle")


def test_result_cap_is_signalled_and_the_body_stays_well_formed(
    fixture_server: RunningServer,
) -> None:
    query = "SELECT ?item WHERE { ?item a <https://w3id.org/ic2kg/ontology#Item> }"
    with fixture_server.client() as client:
        capped = {
            media: client.get("/sparql", params={"query": query}, headers={"Accept": media})
            for media in [*RESULT_PARSERS, "text/csv"]
        }
        small = client.get("/sparql", params={"query": FUNDERS})
    for media, response in capped.items():
        assert response.headers["x-ic2kg-truncated"] == "true"
        assert response.headers["x-ic2kg-result-limit"] == str(FIXTURE_CAP)
        assert len(rows_of(response.content, media)) == FIXTURE_CAP, media
    assert small.headers["x-ic2kg-truncated"] == "false"
    assert small.headers["x-ic2kg-result-count"] == "3"


def test_strict_mode_refuses_a_capped_answer(fixture_server: RunningServer) -> None:
    """pandas reads no headers: a cut CSV looked whole. With strict=true it gets an error."""
    query = "SELECT ?item WHERE { ?item a <https://w3id.org/ic2kg/ontology#Item> }"
    url = f"{fixture_server.url}/sparql?format=csv&query={quote(query)}"
    assert len(pd.read_csv(url)) == FIXTURE_CAP  # the default is unchanged: cut, 200
    with pytest.raises(HTTPError) as refused:
        pd.read_csv(url + "&strict=true")
    assert refused.value.code == 413
    with fixture_server.client() as client:
        by_form = client.post("/sparql", data={"query": query, "strict": "true"})
        small = client.get("/sparql", params={"query": FUNDERS, "strict": "true"})
        construct = client.get(
            "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "strict": "1"}
        )
        unclear = client.get("/sparql", params={"query": FUNDERS, "strict": "maybe"})
    assert by_form.status_code == 413
    assert by_form.headers["content-type"] == "application/problem+json"
    problem = by_form.json()
    assert (problem["title"], problem["limit"]) == ("Result too large", FIXTURE_CAP)
    assert f"more than {FIXTURE_CAP} rows" in problem["detail"]
    assert small.status_code == 200
    assert rows_of(small.content, "application/sparql-results+json") == EXPECTED_ROWS
    assert construct.status_code == 413
    assert "triples" in construct.json()["detail"]
    assert unclear.status_code == 400
    assert unclear.json()["parameter"] == "strict"


def test_construct_results_are_capped_too(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        response = client.get(
            "/sparql",
            params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
            headers={"Accept": "application/n-triples"},
        )
    assert response.headers["x-ic2kg-truncated"] == "true"
    assert len(Graph().parse(data=response.text, format="nt")) == FIXTURE_CAP


def test_default_graph_uri_selects_the_dataset(fixture_server: RunningServer) -> None:
    """All data is in the default graph: naming another graph as default leaves it empty."""
    with fixture_server.client() as client:
        response = client.get(
            "/sparql",
            params={"query": FUNDERS, "default-graph-uri": "https://example.org/empty"},
        )
        named = client.get(
            "/sparql",
            params={
                "query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                "named-graph-uri": "https://example.org/empty",
            },
        )
    assert response.status_code == 200
    assert rows_of(response.content, "application/sparql-results+json") == []
    assert named.status_code == 200
    assert rows_of(named.content, "application/sparql-results+json") == []


def test_format_parameter_overrides_accept(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        csv_answer = client.get("/sparql", params={"query": FUNDERS, "format": "csv"})
        jsonld = client.get("/sparql", params={"query": DESCRIBE_PROJECT, "format": "json"})
        unknown = client.get("/sparql", params={"query": FUNDERS, "format": "pdf"})
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert jsonld.headers["content-type"] == "application/ld+json"
    assert unknown.status_code == 400


def test_dataset_prefixes_are_predeclared(fixture_server: RunningServer) -> None:
    """The ic2kg prefixes work without PREFIX lines, as in `ic2kg sparql`; a query's own wins."""
    bare = "\n".join(line for line in FUNDERS.splitlines() if not line.startswith("PREFIX"))
    client = SPARQLWrapper(f"{fixture_server.url}/sparql")
    client.setQuery(bare)
    client.setReturnFormat(JSON)
    result: Any = client.query().convert()
    rows = [(b["org"]["value"], b["label"]["value"]) for b in result["results"]["bindings"]]
    assert rows == EXPECTED_ROWS
    with fixture_server.client() as http:
        own = http.get("/sparql", params={"query": "PREFIX ic2kg: <urn:other#>\n" + bare})
    assert rows_of(own.content, "application/sparql-results+json") == []


def test_undeclared_prefix_is_a_readable_error(fixture_server: RunningServer) -> None:
    query = "SELECT * WHERE {\n  ?s a fooaf:Person }"
    with fixture_server.client() as client:
        response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Invalid SPARQL query"
    assert problem["detail"].startswith("line 2 column 8: prefix 'fooaf:' is not declared")
    assert "did you mean 'foaf:'?" in problem["detail"]
    assert (problem["line"], problem["column"]) == (2, 8)
    assert "expected one of" not in problem["detail"]  # the parser's raw message


def test_syntax_errors_give_the_parser_message_and_position(
    fixture_server: RunningServer,
) -> None:
    query = "SELECT * WHERE {\n  ?s ?p }"
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query(query)
    with fixture_server.client() as client:
        response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    problem = response.json()
    assert problem["title"] == "Invalid SPARQL query"
    assert str(parser.value) in problem["detail"]
    assert f"at {problem['line']}:{problem['column']}" in str(parser.value)
    assert problem["line"] == 2
