"""Run SPARQL queries in worker processes, so a query over its time limit can really be stopped.

A thread cannot interrupt a running pyoxigraph query, so each worker is a process holding its
own read-only copy of the graph (loaded once from N-Triples, or a persistent store opened
read-only). A query past the limit gets its worker killed and replaced; the other workers keep
answering. Results are serialised by pyoxigraph inside the worker that ran the query.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from ic2kg import formats
from ic2kg.errors import EndpointError, QueryError, QueryTimeout, ServerBusy

START_TIMEOUT = 120.0


@dataclass(frozen=True)
class StoreSource:
    """Where a worker finds the graph: an N-Triples file to load, or a store folder to open."""

    ntriples: Path | None = None
    store_path: Path | None = None


@dataclass(frozen=True)
class QueryJob:
    """One query to run and how to write its answer (``result_format``: a format name)."""

    query: str
    result_format: str
    max_results: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised answer; ``truncated`` when more than ``max_results`` rows existed."""

    body: bytes
    count: int
    truncated: bool


class QueryRunner(Protocol):
    """What the API runs queries on: the worker pool, or a remote-endpoint forwarder."""

    size: int

    def run(self, job: QueryJob) -> QueryAnswer:
        """Run ``job`` under the time limit and result cap; raise ic2kg errors on failure."""
        ...

    def close(self) -> None:
        """Release the workers or connections."""
        ...


def _open(source: StoreSource) -> ox.Store:
    if source.store_path is not None:
        return ox.Store.read_only(str(source.store_path))
    store = ox.Store()
    if source.ntriples is not None:
        store.bulk_load(path=str(source.ntriples), format=ox.RdfFormat.N_TRIPLES)
    return store


def graph_arguments(job: QueryJob) -> dict[str, Any]:
    arguments: dict[str, Any] = {}
    if job.default_graphs:
        arguments["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
    if job.named_graphs:
        arguments["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    return arguments


def execute(store: ox.Store, job: QueryJob) -> QueryAnswer:
    """Run ``job`` on ``store`` and serialise the answer, capped at ``job.max_results``."""
    try:
        result = store.query(job.query, **graph_arguments(job))
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from error
    except ValueError as error:  # an invalid IRI in default-graph-uri / named-graph-uri
        raise QueryError(str(error)) from error
    if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
        return capped_answer(result, job)
    return capped_answer(iter(result), job)


def capped_answer(
    result: ox.QueryBoolean | ox.QuerySolutions | Iterator[ox.Triple], job: QueryJob
) -> QueryAnswer:
    """Serialise ``result`` in ``job.result_format``, capped at ``job.max_results``.

    Rows beyond the cap are never read (so a remote answer is not downloaded past it): the
    kept rows are handed back to pyoxigraph's result parser as TSV (terms in their N-Triples
    form) and written by its own serialiser, so every format gets a complete, well-formed
    document. Shared by the worker pool and the remote-endpoint forwarder.
    """
    if isinstance(result, ox.QueryBoolean):
        answer = result.serialize(format=formats.BY_NAME[job.result_format].results_format)
        return QueryAnswer(answer or b"", 1, False)
    if isinstance(result, ox.QuerySolutions):
        rows = list(itertools.islice(result, job.max_results + 1))
        truncated = len(rows) > job.max_results
        kept = rows[: job.max_results]
        header = "\t".join(f"?{variable.value}" for variable in result.variables)
        lines = [header, *("\t".join("" if t is None else str(t) for t in row) for row in kept)]
        capped = ox.parse_query_results(
            ("\n".join(lines) + "\n").encode("utf-8"), ox.QueryResultsFormat.TSV
        )
        body = capped.serialize(format=formats.BY_NAME[job.result_format].results_format)
        return QueryAnswer(body or b"", len(kept), truncated)
    triples = list(itertools.islice(result, job.max_results + 1))
    truncated = len(triples) > job.max_results
    kept_triples = triples[: job.max_results]
    rdf_format = formats.BY_NAME[job.result_format].rdf_format
    prefixes = job.prefixes if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    body = ox.serialize(kept_triples, format=rdf_format, prefixes=prefixes)
    return QueryAnswer(body or b"", len(kept_triples), truncated)


def _worker_main(connection: Connection, source: StoreSource) -> None:
    """A worker's life: load the graph, say how many triples, then answer jobs until closed."""
    store = _open(source)
    connection.send(("ready", len(store)))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("ok", execute(store, job)))
        except QueryError as error:
            connection.send(("query-error", error.message))
        except OSError as error:
            connection.send(("engine-error", str(error)))


class _Worker:
    """A worker process and the pipe to it."""

    def __init__(self, process: BaseProcess, connection: Connection, triples: int) -> None:
        self.process = process
        self.connection = connection
        self.triples = triples

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryPool:
    """A fixed number of query worker processes with a per-query time limit."""

    def __init__(
        self,
        source: StoreSource,
        *,
        size: int = 2,
        timeout: float = 10.0,
        wait: float | None = None,
    ) -> None:
        self.source = source
        self.size = size
        self.timeout = timeout
        self.wait = timeout if wait is None else wait
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0

    def start(self) -> None:
        """Start every worker and wait until each has loaded the graph."""
        for worker in [self._spawn_begin() for _ in range(self.size)]:
            self._idle.put(self._spawn_finish(*worker))

    def _spawn_begin(self) -> tuple[BaseProcess, Connection]:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker_main, args=(child, self.source), daemon=True, name="ic2kg-query"
        )
        process.start()
        child.close()
        return process, parent

    def _spawn_finish(self, process: BaseProcess, connection: Connection) -> _Worker:
        if not connection.poll(START_TIMEOUT):
            process.kill()
            raise EndpointError(f"a query worker did not start within {START_TIMEOUT:.0f} s")
        try:
            _, triples = connection.recv()
        except EOFError:
            raise EndpointError(
                f"a query worker stopped while loading the graph (exit code {process.exitcode})"
            ) from None
        worker = _Worker(process, connection, int(triples))
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` now and start its successor in the background."""
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1
        worker.stop()

        def start_successor() -> None:
            if self._closed:
                return
            successor = self._spawn_finish(*self._spawn_begin())
            if self._closed:
                successor.stop()
            else:
                self._idle.put(successor)

        threading.Thread(target=start_successor, name="ic2kg-query-respawn", daemon=True).start()

    def run(self, job: QueryJob) -> QueryAnswer:
        """Run ``job`` on an idle worker.

        :raises QueryError: the query does not parse or cannot run.
        :raises QueryTimeout: it ran past the time limit (its worker was killed and replaced).
        :raises ServerBusy: no worker became free within the waiting time.
        """
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise ServerBusy(
                f"all {self.size} query workers stayed busy for {self.wait:g} s",
                hint="retry in a few seconds",
            ) from None
        started = time.monotonic()
        try:
            worker.connection.send(job)
            if not worker.connection.poll(self.timeout):
                self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than the {self.timeout:g} s limit and was stopped",
                    hint="add LIMIT, narrow the patterns, or use a saved query",
                )
            status, payload = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise EndpointError(
                "the query engine stopped while running this query "
                f"(after {time.monotonic() - started:.1f} s)"
            ) from None
        self._idle.put(worker)
        if status == "ok":
            assert isinstance(payload, QueryAnswer)  # noqa: S101 - the worker protocol
            return payload
        if status == "query-error":
            raise QueryError(str(payload))
        raise EndpointError(f"the query failed: {payload}")

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
