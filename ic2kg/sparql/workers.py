"""Run SPARQL queries in worker processes, so a query over its time limit can really be stopped.

A thread cannot interrupt a running pyoxigraph query, so each worker is a process holding its
own read-only copy of the graph (loaded once from N-Triples, or a persistent store opened
read-only). A query past the limit gets its worker killed and replaced; the other workers keep
answering. Results are serialised by pyoxigraph inside the worker that ran the query.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from ic2kg.errors import EndpointError, QueryError, QueryTimeout, ServerBusy
from ic2kg.sparql.answer import QueryAnswer as QueryAnswer  # re-exported for the routes
from ic2kg.sparql.answer import QueryJob as QueryJob
from ic2kg.sparql.answer import execute

START_TIMEOUT = 120.0


@dataclass(frozen=True)
class StoreSource:
    """Where a worker finds the graph: an N-Quads file to load, or a store folder to open.

    ``prefixes`` are predeclared for queries and written into Turtle and TriG answers; the
    worker gets them once, at start.
    """

    nquads: Path | None = None
    store_path: Path | None = None
    prefixes: dict[str, str] = field(default_factory=dict)


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
    if source.nquads is not None:
        store.bulk_load(path=str(source.nquads), format=ox.RdfFormat.N_QUADS)
    return store


def _worker_main(connection: Connection, source: StoreSource) -> None:
    """A worker's life: load the graph, say how many triples, then answer jobs until closed.

    A job arrives as the tuple :func:`_wire` makes; an answer goes back as a small status
    tuple followed by the body as raw bytes (one copy, no pickling of the body).
    """
    store = _open(source)
    connection.send(("ready", len(store)))
    while True:
        try:
            fields = connection.recv()
        except (EOFError, OSError):
            return
        try:
            query, result_format, max_results, default_graphs, named_graphs, base_iri = fields
            job = QueryJob(
                query,
                result_format,
                max_results,
                default_graphs,
                named_graphs,
                prefixes=source.prefixes,
                base_iri=base_iri,
            )
            answer = execute(store, job)
        except QueryError as error:
            connection.send(("query-error", error.message))
        except OSError as error:
            connection.send(("engine-error", str(error)))
        else:
            connection.send(("ok", answer.count, answer.truncated))
            connection.send_bytes(answer.body)


def _wire(job: QueryJob) -> tuple[object, ...]:
    """``job`` as a plain tuple (QueryJob's fields but the prefixes, which the worker holds)."""
    return (
        job.query,
        job.result_format,
        job.max_results,
        job.default_graphs,
        job.named_graphs,
        job.base_iri,
    )


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
            worker.connection.send(_wire(job))
            if not worker.connection.poll(self.timeout):
                self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than the {self.timeout:g} s limit and was stopped",
                    hint="add LIMIT, narrow the patterns, or use a saved query",
                )
            status, *details = worker.connection.recv()
            body = worker.connection.recv_bytes() if status == "ok" else b""
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise EndpointError(
                "the query engine stopped while running this query "
                f"(after {time.monotonic() - started:.1f} s)"
            ) from None
        self._idle.put(worker)
        if status == "ok":
            count, truncated = details
            return QueryAnswer(body, count, truncated)
        if status == "query-error":
            raise QueryError(str(details[0]))
        raise EndpointError(f"the query failed: {details[0]}")

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
