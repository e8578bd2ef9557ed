"""Answer the API's queries from a remote SPARQL 1.1 endpoint (``ic2kg serve --endpoint URL``).

The checks stay where they are: the API refuses updates, unlisted SERVICE calls and oversized
queries before a job gets here, and each query is parsed by pyoxigraph first (against an empty
store), so a syntax error is a 400 with its line and column, as on the embedded path. Only then
is the query forwarded over HTTP. The remote is asked for the negotiated media type when
pyoxigraph reads it without loss and servers write it to the letter (SPARQL JSON and XML;
Turtle, N-Triples, RDF/XML, N-Quads, TriG), else for SPARQL JSON or N-Triples. The answer is
read as a stream and cut after the result cap (the rest is never downloaded), then written by
the serialiser of the worker pool (:func:`~ic2kg.sparql.workers.capped_answer`): same cap,
same headers, same formats.

HTTP goes through :class:`~ic2kg.sparql.http.SparqlClient`, which also maps every failure to
an error (an unreachable endpoint is a 502, as everywhere). Time limit: the request is given
up after IC2KG_QUERY_TIMEOUT seconds (503): an answer still
arriving is cut at its first chunk after the limit, a silent server after the same time without
a byte (so a request holds its slot for at most about twice the limit). Closing the
connection is all ic2kg can do; stopping the query is the remote server's job (Oxigraph server
stops when it next writes to the closed connection, so a query that writes nothing for a long
time, such as a large COUNT, runs on; Virtuoso has MaxQueryExecutionTime, Fuseki
arq:queryTimeout, QLever its own timeout setting: configure them).

GRAPH patterns, FROM and default-graph-uri / named-graph-uri reach the server as they are (the
configured ``graph`` only fills in when a request names no dataset), so serve a server or
dataset that holds nothing but public data: on Virtuoso, GRAPH ?g also sees its system graphs.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox

from ic2kg import formats
from ic2kg.errors import QueryError, RemoteEndpointError, ServerBusy
from ic2kg.sparql.answer import QueryAnswer, QueryJob, capped_answer, query_arguments
from ic2kg.sparql.http import CHUNK, SparqlClient, failure
from ic2kg.sparql.protocol import inspect_query
from ic2kg.sparql.text import has_relative_iris, with_base, with_prefixes

# Media types of remote answers that pyoxigraph reads without loss, with the other names
# servers use for them.
READABLE: dict[formats.Kind, dict[str, formats.Format]] = {
    kind: {
        media: fmt
        for fmt in formats.of_kind(kind)
        if fmt.lossless
        for media in (fmt.media_type, *fmt.media_aliases)
    }
    for kind in ("results", "graph")
}
# Asked for after the negotiated type, in this order of preference.
RESULTS_FALLBACK = ("application/sparql-results+json", "application/sparql-results+xml")
# Read if a server sends them, never asked for: Virtuoso 7 writes TSV headers without the '?'
# (checked 2026-11 with Debian's virtuoso-opensource 7.2), so TSV is converted from JSON.
NOT_ASKED = frozenset({"text/tab-separated-values"})
GRAPHS_FALLBACK = ("application/n-triples", "text/turtle", "application/rdf+xml")


def check_syntax(job: QueryJob) -> None:
    """Parse ``job.query`` with pyoxigraph as the worker pool would, without running it.

    An empty store answers at once; SELECT, CONSTRUCT and DESCRIBE are not even evaluated. An
    ASK query is, so one with a SERVICE call (allow-listed, or it would not get here) is left
    to the remote to parse: evaluating it would call that endpoint.

    :raises QueryError: a syntax error (with its position) or an invalid graph IRI.
    """
    info = inspect_query(job.query)
    if info.form == "ASK" and info.services:
        return
    try:
        ox.Store().query(job.query, **query_arguments(job))
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from error
    except ValueError as error:  # an invalid IRI in default-graph-uri / named-graph-uri
        raise QueryError(str(error)) from error
    except OSError:  # an evaluation error on the empty store: the remote has the last word
        return


def accept_header(result_format: str) -> str:
    """The Accept header for a job answered in ``result_format`` (a serialiser name)."""
    fmt = formats.BY_NAME[result_format]
    wanted = fmt.media_type
    readable = READABLE[fmt.kind]
    fallback = GRAPHS_FALLBACK if fmt.kind == "graph" else RESULTS_FALLBACK
    first = [wanted] if wanted in readable and wanted not in NOT_ASKED else []
    others = [media for media in fallback if media not in first]
    ranked = [*first, *(f"{media};q={0.9 - 0.1 * i:.1f}" for i, media in enumerate(others))]
    return ", ".join(ranked)


class _Body(io.RawIOBase):
    """The response body as a file for pyoxigraph's parsers, given up at the deadline.

    pyoxigraph turns an exception raised here into its own error, so the cause is kept in
    ``error`` for the caller to report.
    """

    def __init__(self, response: httpx.Response, deadline: float) -> None:
        super().__init__()
        self._chunks = response.iter_bytes(CHUNK)
        self._pending = b""
        self._deadline = deadline
        self.error: httpx.HTTPError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self._pending:
            if time.monotonic() > self._deadline:
                self.error = httpx.ReadTimeout("the time limit passed while reading the answer")
                raise OSError(str(self.error))
            try:
                self._pending = next(self._chunks, b"")
            except httpx.HTTPError as error:
                self.error = error
                raise OSError(str(error)) from error
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class RemoteQueryRunner:
    """Forwards query jobs to a remote SPARQL 1.1 endpoint, ``size`` at a time.

    :param endpoint: the query URL (Oxigraph server ``http://host:port/query``, Virtuoso
        ``/sparql``, Fuseki ``/dataset/query``, QLever its base URL).
    :param graph: a named graph to query as the default graph when a request names none.
    :param size: requests forwarded at once; more wait up to ``wait`` seconds, then get 503.
    :param timeout: seconds a query may take, from sending it to the last byte of the answer.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        graph: str | None = None,
        size: int = 2,
        timeout: float = 10.0,
        wait: float | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.graph = graph
        self.size = size
        self.timeout = timeout
        self.wait = timeout if wait is None else wait
        self._slots = threading.BoundedSemaphore(size)
        self._client = SparqlClient(timeout=timeout, connections=size)

    def run(self, job: QueryJob) -> QueryAnswer:
        """Check ``job`` locally, forward it, and serialise the capped answer.

        :raises QueryError: a syntax error, or the remote rejected the query (HTTP 400).
        :raises QueryTimeout: no complete answer within the time limit.
        :raises ServerBusy: every connection stayed busy for the waiting time.
        :raises RemoteEndpointError: the endpoint is unreachable or answered unusably.
        """
        check_syntax(job)
        if not self._slots.acquire(timeout=self.wait):
            raise ServerBusy(
                f"all {self.size} connections to {self.endpoint} stayed busy for {self.wait:g} s",
                hint="retry in a few seconds",
            )
        try:
            return self._forward(job)
        finally:
            self._slots.release()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def _forward(self, job: QueryJob) -> QueryAnswer:
        deadline = time.monotonic() + self.timeout
        default_graphs, named_graphs = job.default_graphs, job.named_graphs
        if self.graph and not default_graphs and not named_graphs:
            default_graphs = (self.graph,)
        query = with_prefixes(job.query, job.prefixes)  # the remote does not know ours
        if job.base_iri and has_relative_iris(query):  # the remote would resolve them its way
            query = with_base(query, job.base_iri)
        with self._client.query(
            self.endpoint,
            query,
            accept=accept_header(job.result_format),
            default_graphs=default_graphs,
            named_graphs=named_graphs,
        ) as response:
            return self._read(response, job, deadline)

    def _read(self, response: httpx.Response, job: QueryJob, deadline: float) -> QueryAnswer:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        graph_job = formats.BY_NAME[job.result_format].kind == "graph"
        raw = _Body(response, deadline)
        body = io.BufferedReader(raw, CHUNK)
        try:
            if graph_job and media in READABLE["graph"]:
                quads = ox.parse(body, format=READABLE["graph"][media].rdf_format)
                triples: Iterator[ox.Triple] = (quad.triple for quad in quads)
                return capped_answer(triples, job)
            if not graph_job and media in READABLE["results"]:
                fmt = READABLE["results"][media].results_format
                parsed = ox.parse_query_results(body, format=fmt)
                return capped_answer(parsed, job)
        except (SyntaxError, OSError, ValueError) as error:
            if raw.error is not None:  # the connection broke or the time limit passed
                raise failure(raw.error, self.endpoint, self.timeout) from error
            raise RemoteEndpointError(
                self.endpoint, f"{self.endpoint} answered with {media} that does not parse: {error}"
            ) from error
        kind = "an RDF graph" if graph_job else "SPARQL results"
        raise RemoteEndpointError(
            self.endpoint,
            f"{self.endpoint} answered with '{media or 'no content type'}', which is not "
            f"{kind} in a format ic2kg reads (asked for: {accept_header(job.result_format)})",
        )
