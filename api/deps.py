"""What the routes share: the application state built once at start-up, and request helpers."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import unquote_to_bytes

from fastapi import Depends, Request

from api.problems import ApiProblem
from ic2kg.namespaces import PREFIXES
from ic2kg.remote import RemoteStore
from ic2kg.settings import Settings
from ic2kg.sparql.forward import RemoteQueryRunner
from ic2kg.sparql.workers import QueryPool, QueryRunner, StoreSource
from ic2kg.store import EmbeddedStore, Store

MAX_UPLOAD_BYTES = 2_000_000
T = TypeVar("T")


@dataclass
class AppState:
    """The store, the query runner and the facts about the build that every route may need.

    ``runner`` runs /sparql and saved queries: worker processes on the embedded graph, or a
    forwarder to the remote endpoint (``triples`` is then counted on first use).
    """

    settings: Settings
    store: Store
    runner: QueryRunner
    built_at: datetime
    build_seconds: float
    triples: int | None
    prefixes: dict[str, str] = field(default_factory=dict)
    workdir: tempfile.TemporaryDirectory[str] | None = None
    cache: dict[str, Any] = field(default_factory=dict)  # answers computed once: the graph is fixed

    def triple_count(self) -> int:
        """Triples in the served graph (a remote endpoint is asked once, when first needed)."""
        if self.triples is None:
            self.triples = self.store.triple_count()
        return self.triples

    def cached(self, key: str, make: Callable[[], T]) -> T:
        """The answer stored under ``key``, made by ``make()`` the first time it is asked for."""
        if key not in self.cache:
            self.cache[key] = make()
        found: T = self.cache[key]
        return found

    def close(self) -> None:
        """Stop the runner and remove the worker copy of the graph."""
        self.runner.close()
        if isinstance(self.store, RemoteStore):
            self.store.close()
        if self.workdir is not None:
            self.workdir.cleanup()


def start_state(settings: Settings, store: Store | None = None, *, workers: int = 2) -> AppState:
    """Open the store of ``settings`` (unless ``store`` is given) and start its query runner.

    An empty embedded store is built first. A remote endpoint is not contacted yet: the server
    starts while it is down (it may come up later; requests then get 502).
    """
    from ic2kg.build import open_store

    started = time.monotonic()
    timeout = max(settings.query_timeout, 1.0)
    chosen = store if store is not None else open_store(settings, timeout=timeout)
    build_seconds = time.monotonic() - started
    workdir: tempfile.TemporaryDirectory[str] | None = None
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    runner: QueryRunner
    if isinstance(chosen, RemoteStore):
        runner = RemoteQueryRunner(
            chosen.endpoint,
            graph=chosen.graph,
            size=workers,
            timeout=settings.query_timeout,
            wait=settings.query_timeout,
        )
    else:
        if isinstance(chosen, EmbeddedStore) and chosen.path is not None:
            chosen.oxigraph.flush()
            source = StoreSource(store_path=chosen.path, prefixes=prefixes)
        else:
            # N-Quads, so that a store with named graphs serves them (default-graph-uri, GRAPH).
            workdir = tempfile.TemporaryDirectory(prefix="ic2kg-serve-")
            nquads = Path(workdir.name) / "graph.nq"
            nquads.write_bytes(chosen.dump("nquads"))
            source = StoreSource(nquads=nquads, prefixes=prefixes)
        pool = QueryPool(
            source, size=workers, timeout=settings.query_timeout, wait=settings.query_timeout
        )
        pool.start()
        runner = pool
    return AppState(
        settings=settings,
        store=chosen,
        runner=runner,
        built_at=datetime.now(UTC),
        build_seconds=build_seconds,
        triples=None if isinstance(chosen, RemoteStore) else chosen.triple_count(),
        prefixes=prefixes,
        workdir=workdir,
    )


def get_state(request: Request) -> AppState:
    """The application state (a dependency)."""
    state = request.app.state.ic2kg
    assert isinstance(state, AppState)  # noqa: S101 - set by the lifespan
    return state


StateDep = Annotated[AppState, Depends(get_state)]


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it grows past ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> ApiProblem:
    return ApiProblem(
        413,
        "Request too large",
        f"the request body has {size} bytes or more; the limit is {limit} bytes",
        limit=limit,
    )


def decode_utf8(data: bytes, what: str) -> str:
    """``data`` as text, or a 400 naming the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiProblem(
            400,
            "Malformed UTF-8",
            f"{what} is not valid UTF-8: byte {error.start} ({data[error.start]:#04x}) "
            f"cannot start or continue a character",
            offset=error.start,
        ) from None


def parse_form(raw: bytes, what: str) -> list[tuple[str, str]]:
    """Decode ``application/x-www-form-urlencoded`` data (or a URL query string) strictly."""
    pairs = []
    for part in raw.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        key = decode_utf8(unquote_to_bytes(name.replace(b"+", b" ")), f"{what} parameter name")
        text = decode_utf8(unquote_to_bytes(value.replace(b"+", b" ")), f"{what} '{key}'")
        pairs.append((key, text))
    return pairs
