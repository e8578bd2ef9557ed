"""The killable query worker pool (ic2kg/sparql/workers.py) on a graph built for the test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from ic2kg.errors import QueryError, QueryTimeout, ServerBusy
from ic2kg.sparql.workers import QueryJob, QueryPool, StoreSource

SUBJECTS = 200
# Four-way product of 200 triples: 1.6e9 rows, far past any time limit of these tests.
FOREVER = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/n> ?o }"
LIMIT = 1.5


def count_of(body: bytes) -> int:
    """The single ?n of a SPARQL JSON answer."""
    solutions = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    value = next(iter(solutions))["n"]
    assert isinstance(value, ox.Literal)
    return int(value.value)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """N-Triples with one <n> triple for each of SUBJECTS subjects."""
    path = tmp_path_factory.mktemp("workers") / "graph.nt"
    path.write_text(
        "".join(
            f'<https://example.org/s{i}> <https://example.org/n> "{i}"^^'
            "<http://www.w3.org/2001/XMLSchema#integer> .\n"
            for i in range(SUBJECTS)
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def pool(graph_file: Path) -> Iterator[QueryPool]:
    """One worker with a short time limit; requests wait long enough for a replacement."""
    started = QueryPool(StoreSource(nquads=graph_file), size=1, timeout=LIMIT, wait=60)
    started.start()
    yield started
    started.close()


def test_answers_in_the_asked_format_with_the_count(pool: QueryPool) -> None:
    answer = pool.run(QueryJob(COUNT, "json", 100))
    assert (answer.count, answer.truncated) == (1, False)
    assert count_of(answer.body) == SUBJECTS


def test_caps_rows_and_says_so(pool: QueryPool) -> None:
    rows = "SELECT ?s WHERE { ?s ?p ?o }"
    capped = pool.run(QueryJob(rows, "tsv", 5))
    assert (capped.count, capped.truncated) == (5, True)
    assert len(capped.body.decode().splitlines()) == 1 + 5, "a header and five rows"
    whole = pool.run(QueryJob(rows, "csv", SUBJECTS))
    assert (whole.count, whole.truncated) == (SUBJECTS, False)


def test_a_query_past_the_limit_is_killed_and_the_next_one_answered(pool: QueryPool) -> None:
    (worker,) = pool._all
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="limit"):
        pool.run(QueryJob(FOREVER, "json", 10))
    assert time.monotonic() - started < LIMIT + 2, "stopped at the limit, not when done"
    assert not worker.process.is_alive(), "the worker running the query was killed"
    assert pool.replaced == 1
    # The successor loads the graph and answers; the pool keeps its size.
    assert count_of(pool.run(QueryJob(COUNT, "json", 10)).body) == SUBJECTS
    assert len(pool._all) == 1 and worker not in pool._all


def test_a_syntax_error_leaves_the_worker_answering(pool: QueryPool) -> None:
    with pytest.raises(QueryError, match="syntax error"):
        pool.run(QueryJob("SELECT ?s WHERE { ?s ?p", "json", 10))
    assert pool.replaced == 0
    assert count_of(pool.run(QueryJob(COUNT, "json", 10)).body) == SUBJECTS


def test_refuses_when_every_worker_stays_busy(graph_file: Path) -> None:
    busy = QueryPool(StoreSource(nquads=graph_file), size=1, timeout=LIMIT, wait=0.2)
    busy.start()
    outcome: list[BaseException] = []

    def runaway() -> None:
        try:
            busy.run(QueryJob(FOREVER, "json", 10))
        except QueryTimeout as error:
            outcome.append(error)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    try:
        with pytest.raises(ServerBusy, match="1 query workers stayed busy"):
            busy.run(QueryJob(COUNT, "json", 10))
        thread.join(timeout=30)
        assert len(outcome) == 1, "the runaway query itself ran into the limit"
    finally:
        thread.join(timeout=30)
        busy.close()


def test_a_persistent_store_is_opened_read_only(tmp_path: Path, graph_file: Path) -> None:
    folder = tmp_path / "store"
    store = ox.Store(str(folder))
    store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    persistent = QueryPool(StoreSource(store_path=folder), size=1, timeout=10)
    persistent.start()
    try:
        assert count_of(persistent.run(QueryJob(COUNT, "json", 10)).body) == SUBJECTS
    finally:
        persistent.close()
