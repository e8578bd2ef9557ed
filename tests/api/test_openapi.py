"""Property-based fuzzing of the whole OpenAPI surface with schemathesis: no 500s anywhere.

The API runs on the gap-analysis fixture graph with the saved queries of queries/: the same
operations and input checks as on the curated graph, each answer quicker to compute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_servers import QUERY_TIMEOUT, RunningServer, start_server
from hypothesis import HealthCheck, given, settings

from api.main import create_app
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore

TEXT_BODIES = (
    "application/sparql-query",
    "text/turtle",
    "application/x-turtle",
    "application/n-triples",
    "text/plain",
    "application/ld+json",
)


@schemathesis.serializer(*TEXT_BODIES)
def as_text(ctx: Any, value: Any) -> bytes:
    """Bodies that are plain text in the schema are sent as UTF-8."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


@pytest.fixture(scope="module")
def small_server(gaps_store: EmbeddedStore) -> Iterator[RunningServer]:
    """The whole API, every saved query of queries/ included, on tests/resources/gaps/fixture.ttl
    (built with the ontology and rules), with the curated server's limits."""
    limits = Settings(query_timeout=QUERY_TIMEOUT, max_results=1_000_000)
    running = start_server(create_app(limits, store=gaps_store, workers=2))
    yield running
    running.stop()


def operations(server: RunningServer) -> list[Any]:
    """Every operation of the OpenAPI document the server publishes."""
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def check(case: Any) -> None:
    """One generated request: anything but a server error (503 = time limit, with a body)."""
    response = case.call(timeout=30)
    assert response.status_code < 500 or response.status_code == 503, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
    )
    if response.status_code == 503:
        assert response.headers["content-type"] == "application/problem+json"


def test_no_operation_answers_with_a_server_error(small_server: RunningServer) -> None:
    found = operations(small_server)
    assert len(found) >= 20, "expected /sparql, /validate, pages and every saved query"
    for operation in found:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def fuzz(case: Any) -> None:
            check(case)

        fuzz()


def test_every_operation_id_is_unique(small_server: RunningServer) -> None:
    # Generated clients name a method after its operation ID: two of one name clash.
    with small_server.client() as client:
        document = client.get("/openapi.json").json()
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert "head" not in {method for path in document["paths"].values() for method in path}
