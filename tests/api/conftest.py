"""Session fixtures: the API on the curated graph, and on a small fixture graph with its queries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_servers import FIXTURE_CAP, QUERY_TIMEOUT, RESOURCES, RunningServer, start_server

from api.main import create_app
from ic2kg.build import build
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="session")
def curated_server() -> Iterator[RunningServer]:
    """The API on the curated graph (built once at start-up), with a 2 s query time limit."""
    settings = Settings(query_timeout=QUERY_TIMEOUT, max_results=1_000_000)
    running = start_server(create_app(settings, workers=2))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def fixture_store() -> EmbeddedStore:
    """The small fixture graph of tests/resources/api/graph.ttl (no rules, no ontology)."""
    store = EmbeddedStore()
    build(store, [RESOURCES / "graph.ttl"])
    return store


@pytest.fixture(scope="session")
def fixture_server(fixture_store: EmbeddedStore) -> Iterator[RunningServer]:
    """The API on the fixture graph and fixture queries: 20-row cap, 2 s time limit."""
    settings = Settings(query_timeout=QUERY_TIMEOUT, max_results=FIXTURE_CAP)
    app = create_app(settings, store=fixture_store, workers=2, queries_root=RESOURCES / "queries")
    running = start_server(app)
    yield running
    running.stop()
