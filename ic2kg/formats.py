"""Every RDF and SPARQL results format ic2kg reads or writes, one record each.

A record holds the format's media type (and the other names clients and servers use for it),
its pyoxigraph and rdflib names, its ``?format=`` names, its file suffixes and its W3C format
IRI (https://www.w3.org/ns/formats/). Routes, stores, the forwarder and the export look formats
up here instead of keeping tables of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

from ic2kg.errors import DataLoadError

Kind = Literal["results", "graph"]
W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """One serialisation format.

    :ivar name: the registry key, also the first ``?format=`` name and the name in
        :meth:`ic2kg.store.Store.load` / ``dump``.
    :ivar kind: ``results`` (SELECT and ASK answers) or ``graph`` (RDF).
    :ivar media_type: the registered media type, which ic2kg writes.
    :ivar oxigraph: the pyoxigraph format.
    :ivar rdflib: the rdflib plugin name.
    :ivar suffixes: file suffixes without the dot, the usual one first.
    :ivar iri: the W3C format IRI.
    :ivar names: every ``?format=`` name, ``name`` first.
    :ivar media_aliases: other media types used for it (read, never written).
    :ivar lossless: pyoxigraph reads it back without loss and servers write it to the letter,
        so a remote endpoint may be asked for it (CSV is lossy: an IRI and a string look alike;
        servers' JSON-LD varies in form).
    """

    name: str
    kind: Kind
    media_type: str
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat
    rdflib: str
    suffixes: tuple[str, ...]
    iri: str
    names: tuple[str, ...]
    media_aliases: tuple[str, ...] = ()
    lossless: bool = True

    @property
    def suffix(self) -> str:
        """The usual file suffix, without the dot."""
        return self.suffixes[0]

    @property
    def rdf_format(self) -> ox.RdfFormat:
        """The pyoxigraph RDF format (graph formats only)."""
        if not isinstance(self.oxigraph, ox.RdfFormat):
            raise TypeError(f"{self.name} is a results format, not an RDF format")
        return self.oxigraph

    @property
    def results_format(self) -> ox.QueryResultsFormat:
        """The pyoxigraph results format (results formats only)."""
        if not isinstance(self.oxigraph, ox.QueryResultsFormat):
            raise TypeError(f"{self.name} is an RDF format, not a results format")
        return self.oxigraph


R = ox.QueryResultsFormat
G = ox.RdfFormat
# Order matters: a kind's first format is what negotiation gives a client that accepts anything.
FORMATS: tuple[Format, ...] = (
    Format("json", "results", "application/sparql-results+json", R.JSON, "json", ("srj",),
           W3C + "SPARQL_Results_JSON", ("json",), ("application/json",)),
    Format("xml", "results", "application/sparql-results+xml", R.XML, "xml", ("srx",),
           W3C + "SPARQL_Results_XML", ("xml",), ("application/xml", "text/xml")),
    Format("csv", "results", "text/csv", R.CSV, "csv", ("csv",),
           W3C + "SPARQL_Results_CSV", ("csv",), lossless=False),
    Format("tsv", "results", "text/tab-separated-values", R.TSV, "tsv", ("tsv",),
           W3C + "SPARQL_Results_TSV", ("tsv",)),
    Format("turtle", "graph", "text/turtle", G.TURTLE, "turtle", ("ttl",),
           W3C + "Turtle", ("turtle", "ttl"), ("application/x-turtle",)),
    Format("ntriples", "graph", "application/n-triples", G.N_TRIPLES, "nt", ("nt",),
           W3C + "N-Triples", ("ntriples", "nt"), ("text/plain",)),
    Format("jsonld", "graph", "application/ld+json", G.JSON_LD, "json-ld", ("jsonld", "json"),
           W3C + "JSON-LD", ("jsonld", "json"), ("application/json",), lossless=False),
    Format("rdfxml", "graph", "application/rdf+xml", G.RDF_XML, "xml", ("rdf", "owl"),
           W3C + "RDF_XML", ("rdfxml", "rdf", "xml"), ("application/xml", "text/xml")),
    Format("nquads", "graph", "application/n-quads", G.N_QUADS, "nquads", ("nq",),
           W3C + "N-Quads", ("nquads", "nq")),
    Format("trig", "graph", "application/trig", G.TRIG, "trig", ("trig",),
           W3C + "TriG", ("trig",)),
)  # fmt: skip
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
TURTLE, NTRIPLES, JSONLD = BY_NAME["turtle"], BY_NAME["ntriples"], BY_NAME["jsonld"]
RDFXML, NQUADS, TRIG = BY_NAME["rdfxml"], BY_NAME["nquads"], BY_NAME["trig"]
RESULTS_JSON = BY_NAME["json"]
#: Every ``?format=`` name, each once, in registry order.
FORMAT_NAMES: tuple[str, ...] = tuple(dict.fromkeys(n for f in FORMATS for n in f.names))


def of_kind(kind: Kind) -> list[Format]:
    """The formats of one kind, in the server's order of preference."""
    return [f for f in FORMATS if f.kind == kind]


def media_types(kind: Kind | None = None) -> list[str]:
    """The media types ic2kg writes (of one kind, or all)."""
    return [f.media_type for f in FORMATS if kind is None or f.kind == kind]


def aliases(kind: Kind) -> dict[str, str]:
    """Other media type -> the registered one, for one kind (content negotiation reads them)."""
    return {alias: f.media_type for f in of_kind(kind) for alias in f.media_aliases}


def by_media_type(media: str, kind: Kind, *, with_aliases: bool = True) -> Format | None:
    """The format of ``kind`` with this media type (or alias), None when there is none."""
    media = media.split(";")[0].strip().lower()
    for fmt in of_kind(kind):
        if media == fmt.media_type or (with_aliases and media in fmt.media_aliases):
            return fmt
    return None


def by_format_name(name: str, kind: Kind) -> Format | None:
    """The format of ``kind`` that the ``?format=`` name stands for (``json`` is JSON-LD for
    a graph), None when there is none."""
    return next((f for f in of_kind(kind) if name in f.names), None)


def for_kind(fmt: Format, kind: Kind) -> Format | None:
    """``fmt``, or the format of ``kind`` its ``?format=`` name stands for (``json`` asked of
    a graph is JSON-LD, ``xml`` RDF/XML); None when the name has no format of that kind."""
    return fmt if fmt.kind == kind else by_format_name(fmt.name, kind)


def named(value: str) -> Format | None:
    """The format a ``?format=`` value names: a name, else a registered media type."""
    value = value.strip().lower()
    return next((f for f in FORMATS if value in f.names), None) or next(
        (f for f in FORMATS if value == f.media_type), None
    )


def rdf(name: str) -> Format:
    """The graph format called ``name`` (``turtle``, ``ntriples``, ...).

    :raises DataLoadError: for a name that is not a graph format.
    """
    fmt = BY_NAME.get(name)
    if fmt is None or fmt.kind != "graph":
        known = ", ".join(f.name for f in of_kind("graph"))
        raise DataLoadError(f"unknown RDF format '{name}'", hint=f"use one of {known}")
    return fmt


def for_suffix(suffix: str) -> Format:
    """The graph format of a file suffix (``ttl``, ``.nt``, ``owl``, ...).

    :raises DataLoadError: for a suffix no graph format uses.
    """
    wanted = suffix.lower().lstrip(".")
    found = next((f for f in of_kind("graph") if wanted in f.suffixes), None)
    if found is None:
        known = ", ".join(s for f in of_kind("graph") for s in f.suffixes)
        raise DataLoadError(f"no RDF format has the suffix '.{wanted}'", hint=f"use {known}")
    return found
