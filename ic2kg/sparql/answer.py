"""A query's answer written in the asked format and capped at the result limit, by pyoxigraph.

Shared by the worker pool (:mod:`ic2kg.sparql.workers`) and the remote-endpoint forwarder
(:mod:`ic2kg.sparql.forward`), so both give the same documents, caps and counts.

Solutions are written once, by pyoxigraph's own serialisers:

- a SELECT whose outermost LIMIT keeps it within the cap is written straight in the asked
  format, and its rows are counted in what was written (exact for JSON, XML and TSV);
- any other SELECT is written as TSV (one line per row) through a writer that stops pyoxigraph
  after the cap's row, so rows past it are never produced (nor downloaded, from a remote); the
  kept lines are the answer when TSV was asked for, else pyoxigraph re-reads them once into the
  asked format. Before 2026-12 every answer went through Python term by term and then TSV.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, cast

import pyoxigraph as ox

from ic2kg import formats
from ic2kg.errors import QueryError
from ic2kg.sparql.text import outer_limit

TSV = ox.QueryResultsFormat.TSV


@dataclass(frozen=True)
class QueryJob:
    """One query to run and how to write its answer (``result_format``: a format name).

    ``base_iri`` resolves relative IRIs in the query (the endpoint's own URL, as the SPARQL 1.1
    Protocol tests expect); ``prefixes`` are predeclared for the query and written into Turtle
    and TriG answers.
    """

    query: str
    result_format: str
    max_results: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryAnswer:
    """A serialised answer; ``truncated`` when more than ``max_results`` rows existed."""

    body: bytes
    count: int
    truncated: bool


def query_arguments(job: QueryJob) -> dict[str, Any]:
    """The keyword arguments of ``pyoxigraph.Store.query`` for ``job``'s dataset, base and
    predeclared prefixes (a PREFIX of the query's own wins)."""
    arguments: dict[str, Any] = {}
    if job.prefixes:
        arguments["prefixes"] = job.prefixes
    if job.base_iri:
        arguments["base_iri"] = job.base_iri
    if job.default_graphs:
        arguments["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs]
    if job.named_graphs:
        arguments["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    return arguments


def execute(store: ox.Store, job: QueryJob) -> QueryAnswer:
    """Run ``job`` on ``store`` and serialise the answer, capped at ``job.max_results``."""
    try:
        result = store.query(job.query, **query_arguments(job))
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
    """Serialise ``result`` in ``job.result_format``, capped at ``job.max_results``."""
    fmt = formats.BY_NAME[job.result_format]
    if isinstance(result, ox.QueryBoolean):
        return QueryAnswer(result.serialize(format=fmt.results_format) or b"", 1, False)
    if isinstance(result, ox.QuerySolutions):
        limit = outer_limit(job.query)
        if limit is not None and limit <= job.max_results and fmt.name in _COUNTERS:
            body = result.serialize(format=fmt.results_format) or b""
            return QueryAnswer(body, _COUNTERS[fmt.name](body), False)
        return _capped_solutions(result, job.max_results, fmt)
    triples = list(itertools.islice(result, job.max_results + 1))
    truncated = len(triples) > job.max_results
    kept = triples[: job.max_results]
    rdf_format = fmt.rdf_format
    prefixes = job.prefixes if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    graph = ox.serialize(kept, format=rdf_format, prefixes=prefixes)
    return QueryAnswer(graph or b"", len(kept), truncated)


def _json_rows(body: bytes) -> int:
    return len(json.loads(body)["results"]["bindings"])


def _xml_rows(body: bytes) -> int:
    return body.count(b"<result>")


def _tsv_rows(body: bytes) -> int:
    return body.count(b"\n") - 1


# Rows in a document pyoxigraph wrote: markup and line breaks inside values are escaped there.
_COUNTERS: dict[str, Callable[[bytes], int]] = {
    "json": _json_rows,
    "xml": _xml_rows,
    "tsv": _tsv_rows,
}


class _Lines(io.RawIOBase):
    """Collects what pyoxigraph writes and stops it once ``limit`` lines are complete."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.lines = 0
        self.limit = limit
        self.full = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.parts.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines >= self.limit:
            self.full = True
            raise OSError("result cap reached")  # stops the serialiser (and the parser feeding it)
        return len(chunk)


def _capped_solutions(
    result: ox.QuerySolutions, max_results: int, fmt: formats.Format
) -> QueryAnswer:
    # The header line, the kept rows and one more: that one shows the cap applied.
    writer = _Lines(max_results + 2)
    try:
        result.serialize(cast(IO[bytes], writer), format=TSV)
    except OSError:
        if not writer.full:
            raise
    data = b"".join(writer.parts)
    truncated = writer.full
    if truncated:
        end = -1
        for _ in range(max_results + 1):
            end = data.index(b"\n", end + 1)
        data = data[: end + 1]
    count = data.count(b"\n") - 1
    if fmt.name == "tsv":
        return QueryAnswer(data, count, truncated)
    capped = ox.parse_query_results(data, TSV)
    return QueryAnswer(capped.serialize(format=fmt.results_format) or b"", count, truncated)
