"""The one HTTP client for remote SPARQL servers, and the one mapping from failure to error.

Both the remote store (:mod:`ic2kg.remote`) and the API's forwarder (:mod:`ic2kg.sparql.forward`)
talk to servers through :class:`SparqlClient` (httpx). Every way a request can fail becomes one
ic2kg error here, so it gets the same HTTP status in every route (api/problems.py):

| failure | error | API status |
|---|---|---|
| no connection (refused, DNS, connect timeout) | RemoteEndpointError | 502 |
| the server answered 404, 401/403, 5xx, or unusably | RemoteEndpointError | 502 |
| the server answered 400 (or 422) to a query or update | QueryError | 400 |
| connected, but no answer within the time limit | QueryTimeout | 503 |
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import urlencode

import httpx

from ic2kg.errors import Ic2kgError, QueryError, QueryTimeout, RemoteEndpointError

FORM = "application/x-www-form-urlencoded"
CHUNK = 64 * 1024
ERROR_BODY_BYTES = 2_000
UNREACHABLE_HINT = "is the server running? check --endpoint / IC2KG_ENDPOINT"


def failure(error: httpx.HTTPError, url: str, timeout: float) -> Ic2kgError:
    """The ic2kg error for an httpx failure on a request to ``url``."""
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
        return RemoteEndpointError(
            url, f"cannot reach the SPARQL endpoint {url}: {error}", hint=UNREACHABLE_HINT
        )
    if isinstance(error, httpx.TimeoutException):
        return QueryTimeout(
            f"the SPARQL endpoint {url} did not answer within the {timeout:g} s limit; "
            "the request was given up (the remote server stops the query itself)",
            hint="add LIMIT, narrow the patterns, or use a saved query",
        )
    return RemoteEndpointError(url, f"the request to the SPARQL endpoint {url} failed: {error}")


def refusal(status: int, message: str, url: str, *, what: str = "query") -> Ic2kgError:
    """The ic2kg error for an HTTP error status; ``message`` is the start of the body."""
    if status in (400, 422):
        return QueryError(f"{url} rejected the {what}: {message}")
    if status == 404:
        return RemoteEndpointError(
            url,
            f"{url} has no SPARQL endpoint (HTTP 404)",
            hint="check --endpoint / IC2KG_ENDPOINT (Oxigraph server: .../query)",
        )
    if status in (401, 403):
        return RemoteEndpointError(url, f"{url} refused access (HTTP {status}): {message}")
    return RemoteEndpointError(url, f"the SPARQL endpoint {url} answered HTTP {status}: {message}")


def _head(response: httpx.Response) -> str:
    """The first bytes of an error body, on one line."""
    head = b""
    for chunk in response.iter_bytes(CHUNK):
        head += chunk
        if len(head) >= ERROR_BODY_BYTES:
            break
    return " ".join(head[:ERROR_BODY_BYTES].decode("utf-8", "replace").split())


class SparqlClient:
    """Query, update and Graph Store requests to one server over kept-alive connections.

    :param timeout: seconds to wait for a connection and between bytes of an answer.
    :param connections: most connections open at once (None: httpx's default).
    """

    def __init__(self, *, timeout: float, connections: int | None = None) -> None:
        self.timeout = timeout
        limits = (
            httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
            if connections
            else httpx.Limits()
        )
        self._http = httpx.Client(timeout=httpx.Timeout(timeout), limits=limits)

    @contextmanager
    def query(
        self,
        url: str,
        sparql: str,
        *,
        accept: str,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> Iterator[httpx.Response]:
        """POST a query (SPARQL 1.1 Protocol, URL-encoded form) and stream the answer.

        :raises QueryError: the server rejected the query (HTTP 400).
        :raises RemoteEndpointError: unreachable, or any other error status.
        :raises QueryTimeout: no answer in time (also while the caller reads the stream).
        """
        fields = [("query", sparql)]
        fields += [("default-graph-uri", iri) for iri in default_graphs]
        fields += [("named-graph-uri", iri) for iri in named_graphs]
        headers = {"Accept": accept, "Content-Type": FORM}
        try:
            with self._http.stream(
                "POST", url, content=urlencode(fields).encode("utf-8"), headers=headers
            ) as response:
                if response.status_code >= 400:
                    raise refusal(response.status_code, _head(response), url)
                yield response
        except httpx.HTTPError as error:
            raise failure(error, url, self.timeout) from error

    def fetch(
        self, url: str, sparql: str, *, accept: str, default_graphs: Sequence[str] = ()
    ) -> httpx.Response:
        """:meth:`query`, with the whole answer read."""
        with self.query(url, sparql, accept=accept, default_graphs=default_graphs) as response:
            try:
                response.read()
            except httpx.HTTPError as error:
                raise failure(error, url, self.timeout) from error
            return response

    def update(self, url: str, text: str) -> None:
        """POST a SPARQL Update request (URL-encoded form).

        :raises QueryError: the server rejected the update.
        :raises RemoteEndpointError: unreachable, or any other error status.
        """
        body = urlencode({"update": text}).encode("utf-8")
        self._send("POST", url, {}, body, FORM, what="update")

    def graph_store(
        self, url: str, method: str, body: bytes, *, graph: str | None, missing_ok: bool = False
    ) -> None:
        """A Graph Store HTTP Protocol request on ``graph`` (None: the default graph).

        :raises RemoteEndpointError: unreachable, or the server refused it.
        """
        params = {"graph": graph} if graph else {"default": ""}
        what = f"Graph Store {method}"
        self._send(method, url, params, body, "application/n-triples", what, missing_ok)

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def _send(
        self,
        method: str,
        url: str,
        params: dict[str, str],
        body: bytes,
        content_type: str,
        what: str,
        missing_ok: bool = False,
    ) -> None:
        headers = {"Content-Type": content_type}
        try:
            response = self._http.request(method, url, params=params, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise failure(error, url, self.timeout) from error
        if response.status_code == 404 and missing_ok:
            return
        if response.status_code >= 400:
            message = " ".join(response.text[:ERROR_BODY_BYTES].split())
            if what.startswith("Graph Store"):
                raise RemoteEndpointError(
                    url, f"{url} refused {what} (HTTP {response.status_code}): {message}"
                )
            raise refusal(response.status_code, message, url, what=what)
