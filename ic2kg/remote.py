"""A remote SPARQL 1.1 server (Oxigraph server, Virtuoso, ...) behind the Store interface.

Queries go through SPARQLWrapper and come back as the embedded store's result types. Data is
loaded with the Graph Store HTTP Protocol when a GSP URL is known, otherwise with SPARQL Update
(``INSERT { ... } WHERE {}``, which unlike ``INSERT DATA`` lets Virtuoso take blank nodes).
"""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Iterator, Sequence
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from ic2kg import formats
from ic2kg.errors import (
    DataLoadError,
    EndpointError,
    QueryError,
    QueryTimeout,
    RemoteEndpointError,
)
from ic2kg.sparql_text import Term, bind_values, inspect
from ic2kg.store import Bindings, QueryResult, SelectResult, Store

# Triples per SPARQL Update request (Virtuoso's parser runs out of memory near 5,000); blank
# nodes that share a label stay in one request.
UPDATE_BATCH = 1_000

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class RemoteStore(Store):
    """A store on a SPARQL 1.1 server.

    :param endpoint: the query URL (Oxigraph server: ``http://host:port/query``; Virtuoso:
        ``http://host:port/sparql``).
    :param update_endpoint: SPARQL Update URL (Oxigraph: ``/update``; Virtuoso: ``/sparql`` once
        the SPARQL user holds SPARQL_UPDATE). Derived for an Oxigraph ``/query`` URL when not given.
    :param gsp_endpoint: Graph Store HTTP Protocol URL (Oxigraph: ``/store``). Derived likewise.
    :param graph: a named graph holding the data. Queries then read it as their default graph
        (``default-graph-uri``) and loads, clear and dump act on it; leave None to use the
        server's default graph.
    :param timeout: seconds to wait for any answer.
    """

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        *,
        graph: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.endpoint = endpoint
        oxigraph_base = endpoint[: -len("/query")] if endpoint.endswith("/query") else None
        self.update_endpoint = update_endpoint or (oxigraph_base and oxigraph_base + "/update")
        self.gsp_endpoint = gsp_endpoint or (oxigraph_base and oxigraph_base + "/store")
        self.graph = graph
        self.timeout = timeout

    # ------------------------------------------------------------ queries

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        text = bind_values(sparql, [dict(bindings)]) if bindings else sparql
        wrapper = self._wrapper(self.endpoint)
        info = inspect(text)
        form = info.form
        if form is None:
            what = f"{info.update} is an update" if info.update else "the text is"
            raise QueryError(f"{what}, not a query", hint="use load() or clear()")
        wrapper.setQuery(text)
        # SPARQLWrapper guesses the form with a regex that a word in a comment can fool.
        wrapper.queryType = form
        wrapper.setReturnFormat(TURTLE if form in ("CONSTRUCT", "DESCRIBE") else JSON)
        body = self._send(wrapper)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return _parse_graph(body, self.endpoint)
        try:
            document = json.loads(body)
        except ValueError as error:
            raise EndpointError(
                f"{self.endpoint} answered with something that is not SPARQL JSON results"
            ) from error
        if "boolean" in document:
            return bool(document["boolean"])
        variables = tuple(document["head"].get("vars", []))
        rows = [
            {name: _term(value) for name, value in binding.items() if name in variables}
            for binding in document["results"]["bindings"]
        ]
        return SelectResult(variables, rows)

    # ------------------------------------------------------------ changes

    def load(self, data: bytes, rdf_format: str = "turtle", *, source: str = "<input>") -> None:
        """Parse ``data`` locally (a bad file changes nothing) and send it as N-Triples."""
        fmt = formats.rdf(rdf_format).rdf_format
        scratch = ox.Store()
        try:
            scratch.load(data, format=fmt)
        except SyntaxError as error:
            raise DataLoadError(str(error), where=source) from error
        ntriples = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        if not ntriples.strip():
            return
        if self.gsp_endpoint:
            self._gsp("POST", ntriples)
        elif self.update_endpoint:
            lines = ntriples.decode("utf-8").splitlines()
            for batch in _batches(lines, UPDATE_BATCH):
                self._update(self._insert(batch))
        else:
            raise EndpointError(
                f"{self.endpoint} is read-only here: no update or Graph Store endpoint",
                hint="set IC2KG_UPDATE_ENDPOINT or IC2KG_GSP_ENDPOINT",
            )

    def clear(self) -> None:
        """Remove every triple of the store's graph (the default graph when none was given)."""
        target = f"GRAPH {URIRef(self.graph).n3()}" if self.graph else "DEFAULT"
        if self.update_endpoint:
            self._update("CLEAR SILENT " + target)
        elif self.gsp_endpoint:
            self._gsp("DELETE", b"", missing_ok=True)
        else:
            raise EndpointError(f"{self.endpoint} is read-only here: cannot clear it")

    def dump(self, rdf_format: str = "ntriples") -> bytes:
        """The store's graph, read back with the Graph Store Protocol or a CONSTRUCT query."""
        fmt = formats.rdf(rdf_format)
        graph = self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        return graph.serialize(format=fmt.rdflib, encoding="utf-8")

    # ------------------------------------------------------------ HTTP

    def _wrapper(self, url: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(url)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setTimeout(int(self.timeout))
        if self.graph:
            wrapper.addDefaultGraph(self.graph)
        return wrapper

    def _send(self, wrapper: SPARQLWrapper) -> bytes:
        url = wrapper.endpoint
        try:
            response = wrapper.query().response
            body: bytes = response.read()
        except QueryBadFormed as error:
            raise QueryError(f"{url} rejected the query: {_server_message(error)}") from error
        except EndPointInternalError as error:
            raise QueryError(f"{url} failed to run the query: {_server_message(error)}") from error
        except Unauthorized as error:
            message = f"{url} refused access: {_server_message(error)}"
            raise RemoteEndpointError(url, message) from error
        except EndPointNotFound as error:
            message = f"{url} has no SPARQL endpoint (HTTP 404)"
            raise RemoteEndpointError(url, message) from error
        except SPARQLWrapperException as error:
            raise RemoteEndpointError(url, f"{url}: {_server_message(error)}") from error
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace").strip()
            message = f"{url} answered HTTP {error.code}: {detail[:500]}"
            raise RemoteEndpointError(url, message) from error
        except TimeoutError as error:  # connected, but no answer in time (URLError: no connection)
            raise QueryTimeout(
                f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s",
                hint="the remote server stops (or finishes) the query itself",
            ) from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise RemoteEndpointError(
                url,
                f"cannot reach the SPARQL endpoint {url}: {reason}",
                hint="is the server running? check --endpoint / IC2KG_ENDPOINT",
            ) from error
        return body

    def _update(self, text: str) -> None:
        url = self.update_endpoint
        if not url:
            raise EndpointError(f"{self.endpoint} has no update endpoint")
        try:
            response = httpx.post(
                url,
                content=urlencode({"update": text}).encode("ascii"),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=self.timeout,
            )
        except httpx.HTTPError as error:
            raise EndpointError(
                f"cannot reach the SPARQL update endpoint {url}: {error}"
            ) from error
        if response.status_code >= 400:
            raise QueryError(
                f"{url} rejected the update (HTTP {response.status_code}): "
                f"{response.text.strip()[:500]}"
            )

    def _gsp(self, method: str, body: bytes, *, missing_ok: bool = False) -> None:
        url = self.gsp_endpoint
        if not url:
            raise EndpointError(f"{self.endpoint} has no Graph Store endpoint")
        params = {"graph": self.graph} if self.graph else {"default": ""}
        try:
            response = httpx.request(
                method,
                url,
                params=params,
                content=body,
                headers={"Content-Type": "application/n-triples"},
                timeout=self.timeout,
            )
        except httpx.HTTPError as error:
            raise EndpointError(f"cannot reach the Graph Store endpoint {url}: {error}") from error
        if response.status_code == 404 and missing_ok:
            return
        if response.status_code >= 400:
            raise EndpointError(
                f"{url} rejected {method} (HTTP {response.status_code}): "
                f"{response.text.strip()[:500]}"
            )

    def _insert(self, ntriples: Sequence[str]) -> str:
        # INSERT with a template (not INSERT DATA) so that Virtuoso accepts blank nodes; the
        # triples come from our own N-Triples serialisation, never from user text.
        body = "\n".join(ntriples)
        if self.graph:
            body = "GRAPH " + URIRef(self.graph).n3() + " {\n" + body + "\n}"
        return "INSERT {\n" + body + "\n} WHERE {}"


def _batches(lines: Sequence[str], size: int) -> Iterator[list[str]]:
    """Groups of about ``size`` N-Triples lines; lines sharing a blank node stay together."""
    parent: dict[str, str] = {}

    def find(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    labels_of: list[list[str]] = []
    for line in lines:
        labels = [word for word in line.split(" ")[:3] if word.startswith("_:")]
        labels_of.append(labels)
        for label in labels[1:]:
            parent[find(label)] = find(labels[0])
    groups: dict[str, list[str]] = {}
    batch: list[str] = []
    for line, labels in zip(lines, labels_of, strict=True):
        if labels:
            groups.setdefault(find(labels[0]), []).append(line)
        else:
            batch.append(line)
            if len(batch) >= size:
                yield batch
                batch = []
    for group in groups.values():
        batch.extend(group)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _term(value: dict[str, str]) -> Term:
    """An rdflib term from one SPARQL 1.1 JSON results binding."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    # RDF 1.1: a simple literal is an xsd:string; rdflib keeps them apart, so normalise here.
    if datatype and datatype != _XSD_STRING:
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"], datatype=URIRef(_XSD_STRING))


def _parse_graph(body: bytes, url: str) -> Graph:
    graph = Graph()
    try:
        graph.parse(data=body, format="turtle")
    except Exception as error:  # rdflib raises many parser-specific types
        raise EndpointError(f"{url} answered with Turtle that does not parse: {error}") from error
    return graph


def _server_message(error: SPARQLWrapperException) -> str:
    """The server's own message from a SPARQLWrapper error, without the library's preamble."""
    text = str(error)
    for marker in ("Response:\n", "Response:"):
        if marker in text:
            text = text.split(marker, 1)[1]
            break
    text = text.strip()
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    return " ".join(text.split())[:500]
