"""Shared fixtures: the curated graph built once per session into an embedded store, Chromium.

Helpers that plain modules import (``free_port``, ``chromium_or_skip``, ``missing_component``)
live in tests/servers.py: a conftest module cannot be imported reliably (pytest imports each
folder's conftest.py under the same name).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from servers import chromium_or_skip

from ic2kg import paths
from ic2kg.build import build
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.store import EmbeddedStore
from ic2kg.validate import parse_files

RESOURCES = Path(__file__).parent / "resources"


@pytest.fixture(scope="session")
def curated_store() -> EmbeddedStore:
    """The curated graph (ontology + graph/ + rules) in an embedded store; do not modify it."""
    store = EmbeddedStore()
    build(store)
    return store


@pytest.fixture(scope="session")
def curated_graph() -> Graph:
    """The curated files parsed with rdflib, before the rules run."""
    return parse_files([paths.ONTOLOGY_EDIT, *paths.graph_files()])


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable for browser tests: skips without one, fails in CI (CI=true)."""
    return chromium_or_skip()


@pytest.fixture()
def output_dir(request: pytest.FixtureRequest) -> Path:
    """A folder under tests/output/ for screenshots and reports a person may want to look at."""
    folder = Path(__file__).parent / "output" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def gaps_store() -> EmbeddedStore:
    """The gap-analysis fixture (tests/resources/gaps/fixture.ttl) built with the ontology."""
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, RESOURCES / "gaps" / "fixture.ttl"])
    return store


@pytest.fixture(scope="session")
def learning_record() -> Snapshot:
    """The learning fixture (tests/resources/gaps/learning.ttl): a dated EU-China record whose
    candidates, positives and training windows are known by construction."""
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, RESOURCES / "gaps" / "learning.ttl"])
    return load_snapshot(store)
