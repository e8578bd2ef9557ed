"""``ic2kg serve --endpoint``: the whole API over a real Oxigraph server, against the embedded API.

The Oxigraph server gets exactly the graph the embedded test API serves (read from that app's
own store), so every answer can be compared with the embedded one. The API runs as the real
command (`python -m ic2kg serve --endpoint ...`) on a free loopback port.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_servers import RunningServer
from rdflib import Graph
from rdflib.compare import isomorphic
from servers import SparqlServer, free_port, start_oxigraph, start_virtuoso

from ic2kg.release import canonical, sorted_ntriples

ROOT = Path(__file__).resolve().parents[2]
ISCIII = "https://w3id.org/ic2kg/id/org-isciii"
# Funding organisations and their labels: many rows, no blank nodes, one order.
FUNDERS = """PREFIX ic2kg: <https://w3id.org/ic2kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?funder ?label WHERE { ?funder a ic2kg:FundingOrganisation ; rdfs:label ?label }
ORDER BY ?funder STR(?label) LANG(?label)"""
ISCIII_TRIPLES = f"CONSTRUCT {{ <{ISCIII}> ?p ?o }} WHERE {{ <{ISCIII}> ?p ?o }}"
EVERY_TRIPLE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
# Quadratic in the graph size and silent until done: longer than the 1 s limit on any graph
# of more than a few thousand triples.
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
JSON_RESULTS = "application/sparql-results+json"
ACCEPT_JSON = {"Accept": JSON_RESULTS}
LINK = re.compile(r'<a href="([^"]*)"[^>]*>([^<]*)</a>')
LIMITED_CAP = 5


@dataclass
class ServeProcess:
    """`ic2kg serve` running as a child process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_serve(endpoint: str, folder: Path, **limits: str) -> ServeProcess:
    """`python -m ic2kg serve --endpoint ENDPOINT` on a free port; ``limits`` are IC2KG_* values."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC2KG_")}
    env.update({f"IC2KG_{name.upper()}": value for name, value in limits.items()})
    log = folder / f"serve-{port}.log"
    command = [sys.executable, "-m", "ic2kg", "serve", "--endpoint", endpoint, "--port", str(port)]
    with log.open("wb") as output:  # the child keeps its own copy of the file
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ic2kg serve exited with {process.returncode}: {log.read_text()}")
        try:
            httpx.get(f"{url}/openapi.json", timeout=5)  # answers even when the remote is down
            return ServeProcess(url, process, log)
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"ic2kg serve did not answer within 60 s: {log.read_text()}")


@pytest.fixture(scope="module")
def oxigraph(
    tmp_path_factory: pytest.TempPathFactory, curated_server: RunningServer
) -> Iterator[SparqlServer]:
    """An Oxigraph server of its own, holding the graph the embedded API serves."""
    server = start_oxigraph(tmp_path_factory.mktemp("remote-serve-oxigraph"))
    served = curated_server.app.state.ic2kg.store
    store = server.store()
    store.load(served.dump("ntriples"), "ntriples", source="the embedded API's graph")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def remote_api(
    oxigraph: SparqlServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServeProcess]:
    """The API over the Oxigraph server, with the embedded test API's result cap."""
    serve = start_serve(
        oxigraph.query_url,
        tmp_path_factory.mktemp("remote-serve"),
        query_timeout="30",
        max_results="1000000",
    )
    yield serve
    serve.stop()


@pytest.fixture(scope="module")
def limited_api(
    oxigraph: SparqlServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServeProcess]:
    """The API over the same server with a 1 s time limit and a 5-row cap."""
    serve = start_serve(
        oxigraph.query_url,
        tmp_path_factory.mktemp("remote-serve-limited"),
        query_timeout="1",
        max_results=str(LIMITED_CAP),
    )
    yield serve
    serve.stop()


@pytest.fixture(scope="module")
def virtuoso_api(
    tmp_path_factory: pytest.TempPathFactory, curated_server: RunningServer
) -> Iterator[ServeProcess]:
    """The API over a Virtuoso of its own holding the served graph in a named graph."""
    server = start_virtuoso(tmp_path_factory.mktemp("remote-serve-virtuoso"))
    try:
        served = curated_server.app.state.ic2kg.store
        server.store().load(served.dump("ntriples"), "ntriples", source="the embedded graph")
        assert server.graph is not None
        serve = start_serve(
            server.query_url,
            tmp_path_factory.mktemp("remote-serve-on-virtuoso"),
            query_timeout="30",
            max_results="1000000",
            graph=server.graph,
        )
        yield serve
        serve.stop()
    finally:
        server.stop()


def both(
    curated_server: RunningServer, remote_api: ServeProcess, path: str, **options: Any
) -> tuple[httpx.Response, httpx.Response]:
    """The embedded and the remote API's answers to the same GET request."""
    with curated_server.client() as embedded, remote_api.client() as remote:
        return embedded.get(path, **options), remote.get(path, **options)


def sparql(query: str, accept: str) -> dict[str, Any]:
    return {"params": {"query": query}, "headers": {"Accept": accept}}


def test_the_remote_holds_the_served_graph(
    oxigraph: SparqlServer, remote_api: ServeProcess
) -> None:
    with remote_api.client() as client:
        health = client.get("/health").json()
    direct = httpx.get(
        oxigraph.query_url,
        params={"query": "SELECT (COUNT(*) AS ?n) {?s ?p ?o}"},
        headers=ACCEPT_JSON,
    )
    count = direct.json()["results"]["bindings"][0]["n"]["value"]
    assert health["triples"] == int(count) > 1000


@pytest.mark.parametrize(
    "accept",
    [JSON_RESULTS, "text/csv", "text/tab-separated-values", "application/sparql-results+xml"],
)
def test_select_gives_the_embedded_answer(
    curated_server: RunningServer, remote_api: ServeProcess, accept: str
) -> None:
    """The same rows, byte for byte, in every results format (CSV is converted from JSON)."""
    embedded, remote = both(curated_server, remote_api, "/sparql", **sparql(FUNDERS, accept))
    assert remote.status_code == 200, remote.text
    assert remote.headers["content-type"].split(";")[0] == accept
    assert remote.content == embedded.content
    assert remote.headers["x-ic2kg-result-count"] == embedded.headers["x-ic2kg-result-count"]
    assert remote.headers["x-ic2kg-truncated"] == "false"
    assert ISCIII in remote.text


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_construct_gives_the_embedded_graph(
    curated_server: RunningServer, remote_api: ServeProcess, accept: str
) -> None:
    embedded, remote = both(curated_server, remote_api, "/sparql", **sparql(ISCIII_TRIPLES, accept))
    assert remote.status_code == 200, remote.text
    assert remote.headers["content-type"].split(";")[0] == accept
    rdflib_format = {"text/turtle": "turtle", "application/ld+json": "json-ld"}.get(accept, "nt")
    mine = Graph().parse(data=remote.text, format=rdflib_format)
    theirs = Graph().parse(data=embedded.text, format=rdflib_format)
    assert len(mine) > 5
    assert isomorphic(mine, theirs)


def test_whole_graph_comes_back_unchanged(
    curated_server: RunningServer, remote_api: ServeProcess
) -> None:
    """Every triple, blank nodes included, through the remote path (N-Triples, no cap hit)."""
    embedded, remote = both(
        curated_server, remote_api, "/sparql", **sparql(EVERY_TRIPLE, "application/n-triples")
    )
    assert remote.status_code == 200, remote.text
    mine = Graph().parse(data=remote.text, format="nt")
    assert len(mine) == int(remote.headers["x-ic2kg-result-count"])
    # RDFC-1.0 (pyoxigraph): rdflib's isomorphism test took over ten minutes on the graph with
    # the CORDIS participations, thousands of blank nodes.
    theirs = Graph().parse(data=embedded.text, format="nt")
    assert sorted_ntriples(canonical(mine)) == sorted_ntriples(canonical(theirs))


def test_ask_is_answered(remote_api: ServeProcess) -> None:
    query = f"ASK {{ <{ISCIII}> ?p ?o }}"
    with remote_api.client() as client:
        yes = client.get("/sparql", **sparql(query, JSON_RESULTS))
        no = client.get("/sparql", **sparql(query.replace("isciii", "no-such-org"), "text/csv"))
    assert yes.json() == {"head": {}, "boolean": True}
    assert no.text.strip() == "false"


def test_updates_are_refused_and_change_nothing(
    oxigraph: SparqlServer, remote_api: ServeProcess
) -> None:
    insert = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"
    with remote_api.client() as client:
        as_query = client.get("/sparql", params={"query": insert})
        as_update = client.post(
            "/sparql", content=insert, headers={"Content-Type": "application/sparql-update"}
        )
    assert as_query.status_code == as_update.status_code == 403
    assert as_query.json()["title"] == "Updates are not allowed"
    ask = httpx.get(
        oxigraph.query_url, params={"query": "ASK { <urn:x:s> ?p ?o }"}, headers=ACCEPT_JSON
    )
    assert ask.json()["boolean"] is False


def test_service_calls_are_refused(curated_server: RunningServer, remote_api: ServeProcess) -> None:
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    embedded, remote = both(curated_server, remote_api, "/sparql", params={"query": query})
    assert remote.status_code == 403
    assert remote.json() == embedded.json()


def test_relative_iris_resolve_against_the_api_not_the_remote(
    curated_server: RunningServer, remote_api: ServeProcess
) -> None:
    """As on the embedded path (W3C protocol test query_content_type_construct)."""
    query = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    headers = {"Accept": "application/n-triples", "Host": "www.example"}
    with curated_server.client() as embedded, remote_api.client() as remote:
        mine = remote.get("/sparql", params={"query": query}, headers=headers)
        theirs = embedded.get("/sparql", params={"query": query}, headers=headers)
    assert mine.status_code == 200, mine.text
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    expected = f'<http://www.example/s> <http://www.example/p> "1"^^{integer} .'
    assert mine.text.strip() == theirs.text.strip() == expected


def test_syntax_errors_give_the_embedded_position(
    curated_server: RunningServer, remote_api: ServeProcess
) -> None:
    query = "SELECT ?s WHERE {\n  ?s a ?type .\n  ?s <bad iri> ?o\n}"
    embedded, remote = both(curated_server, remote_api, "/sparql", params={"query": query})
    assert remote.status_code == 400
    assert remote.json() == embedded.json()
    assert (remote.json()["line"], remote.json()["column"]) == (3, 15)


def test_saved_query_gives_the_embedded_rows(
    curated_server: RunningServer, remote_api: ServeProcess
) -> None:
    path = "/queries/cq-01-funders-by-country"
    embedded, remote = both(curated_server, remote_api, path, params={"country": "ES"})
    assert remote.status_code == 200, remote.text
    assert remote.json() == embedded.json()
    assert ISCIII in {row["funder"] for row in remote.json()["rows"]}


@pytest.mark.parametrize("format_name", ["ttl", "jsonld"])
def test_entity_description_is_the_embedded_one(
    curated_server: RunningServer, remote_api: ServeProcess, format_name: str
) -> None:
    path = "/id/org-isciii"
    embedded, remote = both(curated_server, remote_api, path, params={"format": format_name})
    assert remote.status_code == 200, remote.text
    rdflib_format = {"ttl": "turtle", "jsonld": "json-ld"}[format_name]
    mine = Graph().parse(data=remote.text, format=rdflib_format)
    assert isomorphic(mine, Graph().parse(data=embedded.text, format=rdflib_format))


def test_entity_page_and_unknown_entity(
    curated_server: RunningServer, remote_api: ServeProcess
) -> None:
    embedded, remote = both(curated_server, remote_api, "/id/org-isciii")
    assert remote.status_code == 200
    # The same links and texts; items reached through blank nodes may come in another order
    # (the page sorts them by blank-node label, which each store chooses itself).
    local = embedded.text.replace(curated_server.url, remote_api.url)
    assert sorted(LINK.findall(remote.text)) == sorted(LINK.findall(local))
    assert len(LINK.findall(remote.text)) > 20
    with remote_api.client() as client:
        unknown = client.get("/id/org-no-such-thing")
    assert unknown.status_code == 404


def test_stats_void_and_gaps_are_the_embedded_ones(
    curated_server: RunningServer, remote_api: ServeProcess
) -> None:
    embedded, remote = both(curated_server, remote_api, "/stats")
    assert remote.status_code == 200, remote.text
    timing = ("built_at", "build_seconds")
    assert {k: v for k, v in remote.json().items() if k not in timing} == {
        k: v for k, v in embedded.json().items() if k not in timing
    }
    embedded, remote = both(curated_server, remote_api, "/.well-known/void")
    assert remote.status_code == 200, remote.text
    # Each names its own address as the SPARQL endpoint and the place of its dumps.
    own = remote.text.replace(remote_api.url.rstrip("/"), curated_server.url.rstrip("/"))
    mine = Graph().parse(data=own, format="turtle")
    assert isomorphic(mine, Graph().parse(data=embedded.text, format="turtle"))
    embedded, remote = both(curated_server, remote_api, "/gaps/coverage", params={"top": 20})
    assert remote.status_code == 200, remote.text
    assert remote.json() == embedded.json()


def results_in(text: str, accept: str) -> int:
    """Rows or triples in a document (parsing it, so it must be well formed)."""
    if accept == "text/turtle":
        return len(Graph().parse(data=text, format="turtle"))
    if accept == "text/csv":
        return len(text.splitlines()) - 1
    rows: list[object] = json.loads(text)["results"]["bindings"]
    return len(rows)


@pytest.mark.parametrize(
    ("query", "accept"),
    [(FUNDERS, "text/csv"), (FUNDERS, JSON_RESULTS), (EVERY_TRIPLE, "text/turtle")],
)
def test_result_cap_gives_a_well_formed_truncated_answer(
    limited_api: ServeProcess, query: str, accept: str
) -> None:
    with limited_api.client() as client:
        answer = client.get("/sparql", **sparql(query, accept))
    assert answer.status_code == 200, answer.text
    assert answer.headers["x-ic2kg-truncated"] == "true"
    assert answer.headers["x-ic2kg-result-count"] == str(LIMITED_CAP)
    assert results_in(answer.text, accept) == LIMITED_CAP


@pytest.mark.parametrize(
    ("path", "params", "listing"),
    [
        ("/search", {"q": "isciii"}, "results"),
        ("/search", {"q": "卫生", "lang": "zh"}, "results"),
        ("/explore/neighbourhood", {"iri": ISCIII}, "neighbours"),
        ("/explore/network", {}, "nodes"),
    ],
)
def test_web_data_is_the_embedded_one(
    curated_server: RunningServer,
    remote_api: ServeProcess,
    path: str,
    params: dict[str, str],
    listing: str,
) -> None:
    """The web pages' label index and explorer data, built from the remote store."""
    embedded, remote = both(curated_server, remote_api, path, params=params)
    assert remote.status_code == 200, remote.text
    assert remote.text == embedded.text.replace(curated_server.url, remote_api.url)
    assert remote.json()[listing], f"{path} found nothing"


@pytest.mark.parametrize(
    "accept",
    [JSON_RESULTS, "text/csv", "text/tab-separated-values", "application/sparql-results+xml"],
)
def test_virtuoso_select_gives_the_embedded_answer(
    curated_server: RunningServer, virtuoso_api: ServeProcess, accept: str
) -> None:
    """Virtuoso writes TSV headers without '?': TSV (like CSV) is converted from its JSON."""
    embedded, remote = both(curated_server, virtuoso_api, "/sparql", **sparql(FUNDERS, accept))
    assert remote.status_code == 200, remote.text
    assert remote.content == embedded.content
    assert ISCIII in remote.text


def test_virtuoso_serves_the_embedded_pages(
    curated_server: RunningServer, virtuoso_api: ServeProcess
) -> None:
    """Only the named graph is served: /stats counts no Virtuoso system triples."""
    embedded, remote = both(curated_server, virtuoso_api, "/stats")
    timing = ("built_at", "build_seconds")
    assert {k: v for k, v in remote.json().items() if k not in timing} == {
        k: v for k, v in embedded.json().items() if k not in timing
    }
    path = "/queries/cq-01-funders-by-country"
    embedded, remote = both(curated_server, virtuoso_api, path, params={"country": "ES"})
    assert remote.json() == embedded.json()
    embedded, remote = both(
        curated_server, virtuoso_api, "/id/org-isciii", params={"format": "ttl"}
    )
    mine = Graph().parse(data=remote.text, format="turtle")
    assert isomorphic(mine, Graph().parse(data=embedded.text, format="turtle"))
    embedded, remote = both(
        curated_server, virtuoso_api, "/sparql", **sparql(ISCIII_TRIPLES, "text/turtle")
    )
    mine = Graph().parse(data=remote.text, format="turtle")
    assert isomorphic(mine, Graph().parse(data=embedded.text, format="turtle"))


def test_unreachable_endpoint_gives_502_naming_it(tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/query"  # nothing listens there
    serve = start_serve(endpoint, tmp_path, query_timeout="5")
    try:
        with serve.client() as client:
            answers = [
                client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 1"}),
                client.get("/queries/cq-01-funders-by-country", params={"country": "ES"}),
                client.get("/id/org-isciii", params={"format": "ttl"}),
                client.get("/stats"),
            ]
            refused = client.get("/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"})
    finally:
        serve.stop()
    for answer in answers:
        assert answer.status_code == 502, (answer.request.url, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert endpoint in answer.json()["detail"]
        assert answer.json()["endpoint"] == endpoint
    assert refused.status_code == 403  # checks come first: no endpoint needed to refuse


def test_time_limit_gives_503_and_frees_the_slot(limited_api: ServeProcess) -> None:
    """Last in the module: the Oxigraph server goes on counting until the fixture stops it."""
    with limited_api.client() as client:
        started = time.monotonic()
        slow = client.get("/sparql", params={"query": SLOW_COUNT})
        waited = time.monotonic() - started
        after = client.get("/sparql", params={"query": f"ASK {{ <{ISCIII}> ?p ?o }}"})
    assert slow.status_code == 503, slow.text
    assert slow.json()["title"] == "Query time limit exceeded"
    assert "1 s" in slow.json()["detail"]
    assert waited < 10
    assert after.status_code == 200
