"""Property-based fuzzing of the whole OpenAPI surface with schemathesis: no 500s anywhere."""

from __future__ import annotations

from typing import Any

import schemathesis
from api_servers import RunningServer
from hypothesis import HealthCheck, given, settings

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


def test_no_operation_answers_with_a_server_error(curated_server: RunningServer) -> None:
    found = operations(curated_server)
    assert len(found) >= 20, "expected /sparql, /validate, pages and every saved query"
    for operation in found:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def fuzz(case: Any) -> None:
            check(case)

        fuzz()
