"""/sparql stays read-only and bounded: updates, SERVICE, runaway, oversized or malformed input."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from api_servers import QUERY_TIMEOUT, RunningServer, graph_fingerprint, start_server

from api.main import create_app
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore

UPDATES = [
    "INSERT DATA { <https://w3id.org/ic2kg/id/x> <http://e/p> 1 }",
    "DELETE DATA { <https://w3id.org/ic2kg/id/country-ES> a ?c }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:1/data.ttl>",
    "CLEAR DEFAULT",
    "DROP ALL",
    "CREATE GRAPH <http://e/g>",
    "ADD DEFAULT TO <http://e/g>",
    "MOVE DEFAULT TO <http://e/g>",
    "COPY DEFAULT TO <http://e/g>",
    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX e: <http://e/> insert { e:a e:b e:c } where {}",
]
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def before(curated_server: RunningServer) -> tuple[int, str]:
    """The graph's fingerprint before any probe of this module."""
    return graph_fingerprint(curated_server)


def _problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert isinstance(body, dict) and body["status"] == status
    return body


@pytest.mark.parametrize("update", UPDATES)
def test_refuses_every_update_form_with_403(
    curated_server: RunningServer, before: tuple[int, str], update: str
) -> None:
    with curated_server.client() as client:
        answers = [
            client.get("/sparql", params={"query": update}),
            client.post("/sparql", data={"query": update}),
            client.post("/sparql", data={"update": update}),
            client.post(
                "/sparql",
                content=update,
                headers={"Content-Type": "application/sparql-update"},
            ),
            client.post(
                "/sparql", content=update, headers={"Content-Type": "application/sparql-query"}
            ),
        ]
    for response in answers:
        assert "read-only" in str(_problem(response, 403)["detail"])


def test_refuses_service_calls_to_unlisted_endpoints(curated_server: RunningServer) -> None:
    port = curated_server.url.rsplit(":", 1)[1]
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }} LIMIT 1"
    with curated_server.client() as client:
        response = client.get("/sparql", params={"query": query})
        silent = client.get("/sparql", params={"query": query.replace("SERVICE", "SERVICE SILENT")})
    assert "not allowed" in str(_problem(response, 403)["detail"])
    _problem(silent, 403)


def test_stops_a_runaway_query_while_answering_others(curated_server: RunningServer) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        with curated_server.client() as client:
            outcome["response"] = client.get("/sparql", params={"query": FOREVER})
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    with curated_server.client() as client:
        quick = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    thread.join(timeout=60)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    response = outcome["response"]
    assert isinstance(response, httpx.Response)
    body = _problem(response, 503)
    assert "limit" in str(body["detail"])
    assert isinstance(outcome["seconds"], float)
    assert outcome["seconds"] < QUERY_TIMEOUT + 3
    # The killed worker is replaced: both workers answer again.
    deadline = time.monotonic() + 60
    while curated_server.app.state.ic2kg.runner._idle.qsize() < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert curated_server.app.state.ic2kg.runner._idle.qsize() == 2


def test_refuses_oversized_queries_and_bodies(curated_server: RunningServer) -> None:
    limit = Settings().max_query_bytes
    padding = "#" + "x" * limit + "\n"
    with curated_server.client() as client:
        long_query = client.post(
            "/sparql",
            content=padding + "ASK {}",
            headers={"Content-Type": "application/sparql-query"},
        )
        huge_body = client.post(
            "/sparql",
            content=b"query=" + b"A" * (4 * limit),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert "limit" in str(_problem(long_query, 413)["detail"])
    _problem(huge_body, 413)


def test_refuses_malformed_utf8(curated_server: RunningServer) -> None:
    with curated_server.client() as client:
        in_body = client.post(
            "/sparql",
            content=b'SELECT * WHERE { ?s ?p "\xff\xfe" }',
            headers={"Content-Type": "application/sparql-query"},
        )
        in_url = client.get(f"{curated_server.url}/sparql?query=ASK%20%7B%7D%FF")
        in_form = client.post(
            "/sparql",
            content=b"query=ASK%20%7B%7D%C3%28",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    for response in (in_body, in_url, in_form):
        assert "UTF-8" in str(_problem(response, 400)["detail"])


def test_refuses_deeply_nested_queries(curated_server: RunningServer) -> None:
    query = "SELECT * WHERE " + "{ " * 5000 + "?s ?p ?o" + " }" * 5000
    with curated_server.client() as client:
        response = client.post(
            "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
        )
        after = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert "nests" in str(_problem(response, 400)["detail"])
    assert after.status_code == 200


def test_refuses_unknown_content_types_and_missing_queries(curated_server: RunningServer) -> None:
    with curated_server.client() as client:
        wrong = client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
        missing = client.post("/sparql", data={"default-graph-uri": "http://e/g"})
        twice = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    _problem(wrong, 415)
    _problem(missing, 400)
    _problem(twice, 400)


def test_graph_is_unchanged_after_every_probe(
    curated_server: RunningServer, before: tuple[int, str]
) -> None:
    """Runs after the probes above (pytest keeps file order)."""
    assert graph_fingerprint(curated_server) == before
    with curated_server.client() as client:
        assert client.get("/health").json()["triples"] == before[0]


def test_service_allowlist_lets_listed_endpoints_through(fixture_store: EmbeddedStore) -> None:
    """A second API instance is the remote endpoint the first one is allowed to call."""
    remote = start_server(create_app(Settings(), store=fixture_store, workers=1))
    try:
        endpoint = f"{remote.url}/sparql"
        settings = Settings(service_allowlist=(endpoint,), query_timeout=20)
        local = start_server(create_app(settings, store=EmbeddedStore(), workers=1))
        try:
            query = (
                f"SELECT ?label WHERE {{ SERVICE <{endpoint}> {{ "
                "<https://w3id.org/ic2kg/id/org-beta> "
                "<http://www.w3.org/2000/01/rdf-schema#label> ?label } }"
            )
            with local.client() as client:
                allowed = client.get("/sparql", params={"query": query})
                other = client.get(
                    "/sparql", params={"query": query.replace(endpoint, endpoint + "x")}
                )
                description = client.get("/sparql")
            assert allowed.status_code == 200, allowed.text
            values = [b["label"]["value"] for b in allowed.json()["results"]["bindings"]]
            assert values == ["Beta Research Council"]
            _problem(other, 403)
            assert "BasicFederatedQuery" in description.text
        finally:
            local.stop()
    finally:
        remote.stop()
