"""A remote SPARQL 1.1 server (Oxigraph server, Virtuoso, ...) behind the Store interface.

Queries go through :class:`~ic2kg.sparql.http.SparqlClient` and come back as the embedded
store's result types. Data is loaded with the Graph Store HTTP Protocol when a GSP URL is known,
otherwise with SPARQL Update (``INSERT { ... } WHERE {}``, which unlike ``INSERT DATA`` lets
Virtuoso take blank nodes).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ic2kg import formats
from ic2kg.errors import DataLoadError, EndpointError, QueryError, RemoteEndpointError
from ic2kg.sparql.http import SparqlClient
from ic2kg.sparql.text import GRAPH_FORMS, Term, bind_values, inspect
from ic2kg.store import Bindings, QueryResult, SelectResult, Store, to_rdflib

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
        self._client = SparqlClient(timeout=timeout)

    # ------------------------------------------------------------ queries

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        text = bind_values(sparql, [dict(bindings)]) if bindings else sparql
        info = inspect(text)
        form = info.form
        if form is None:
            what = f"{info.update} is an update" if info.update else "the text is"
            raise QueryError(f"{what}, not a query", hint="use load() or clear()")
        graphs = [self.graph] if self.graph else []
        if form in GRAPH_FORMS:
            accept = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8"
            response = self._client.fetch(self.endpoint, text, accept=accept, default_graphs=graphs)
            return _parse_graph(
                response.content, response.headers.get("content-type", ""), self.endpoint
            )
        accept = "application/sparql-results+json"
        response = self._client.fetch(self.endpoint, text, accept=accept, default_graphs=graphs)
        try:
            document = json.loads(response.content)
        except ValueError as error:
            raise RemoteEndpointError(
                self.endpoint,
                f"{self.endpoint} answered with something that is not SPARQL JSON results",
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

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def _update(self, text: str) -> None:
        if not self.update_endpoint:
            raise EndpointError(f"{self.endpoint} has no update endpoint")
        self._client.update(self.update_endpoint, text)

    def _gsp(self, method: str, body: bytes, *, missing_ok: bool = False) -> None:
        if not self.gsp_endpoint:
            raise EndpointError(f"{self.endpoint} has no Graph Store endpoint")
        self._client.graph_store(
            self.gsp_endpoint, method, body, graph=self.graph, missing_ok=missing_ok
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


def _parse_graph(body: bytes, content_type: str, url: str) -> Graph:
    fmt = formats.by_media_type(content_type, "graph") if content_type else formats.TURTLE
    if fmt is None:
        raise RemoteEndpointError(url, f"{url} answered a graph query with '{content_type}'")
    graph = Graph()
    try:
        for quad in ox.parse(body, format=fmt.rdf_format):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    except (SyntaxError, ValueError) as error:
        raise RemoteEndpointError(
            url, f"{url} answered with {fmt.name} that does not parse: {error}"
        ) from error
    return graph
