"""Where the graph lives: one interface, an embedded Oxigraph store or a remote SPARQL endpoint.

Results cross this boundary as rdflib terms, so the rest of ic2kg never sees which backend
answered. The embedded store also exposes the raw pyoxigraph store for the API's fast path.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ic2kg.errors import DataLoadError, QueryError

Term = URIRef | Literal | BNode
Bindings = Mapping[str, Term]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT query; a variable missing from a row is unbound there."""

    variables: tuple[str, ...]
    rows: list[dict[str, Term]] = field(default_factory=list)

    def column(self, name: str) -> list[Term | None]:
        """Every value of one variable, in row order."""
        return [row.get(name) for row in self.rows]


QueryResult = SelectResult | bool | Graph


# Results repeat the same IRIs and labels row after row; rdflib terms are immutable, so one
# conversion serves them all (a third off reading 4k rows).
@lru_cache(maxsize=1 << 16)
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    """Convert a pyoxigraph term into the rdflib term ic2kg passes around."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"RDF-star triple terms are not supported in results: {term}")


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term into a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot use {term!r} as an RDF term")


class Store(ABC):
    """A SPARQL-capable store holding the ic2kg graph."""

    @abstractmethod
    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query with variables bound to terms."""

    @abstractmethod
    def load(self, data: bytes, rdf_format: str = "turtle", *, source: str = "<input>") -> None:
        """Add RDF in ``rdf_format`` (a key of RDF_FORMATS) to the default graph."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every triple."""

    @abstractmethod
    def dump(self, rdf_format: str = "ntriples") -> bytes:
        """Serialise the default graph."""

    def load_file(self, path: Path) -> None:
        """Add one RDF file, its format taken from the extension."""
        suffix = path.suffix.lower().lstrip(".")
        rdf_format = {"ttl": "turtle", "nt": "ntriples", "rdf": "rdfxml", "owl": "rdfxml"}.get(
            suffix, suffix
        )
        self.load(path.read_bytes(), rdf_format, source=str(path))

    def add_graph(self, graph: Graph) -> None:
        """Add the triples of an rdflib graph."""
        self.load(graph.serialize(format="nt", encoding="utf-8"), "ntriples", source="<graph>")

    def select(self, sparql: str, bindings: Bindings | None = None) -> SelectResult:
        """Run a SELECT query."""
        result = self.query(sparql, bindings)
        if not isinstance(result, SelectResult):
            raise QueryError("expected a SELECT query", hint="use construct() or ask()")
        return result

    def construct(self, sparql: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query."""
        result = self.query(sparql, bindings)
        if not isinstance(result, Graph):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return result

    def ask(self, sparql: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        result = self.query(sparql, bindings)
        if not isinstance(result, bool):
            raise QueryError("expected an ASK query")
        return result

    def triple_count(self) -> int:
        """Number of triples in the store."""
        result = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        value = result.rows[0]["n"] if result.rows else Literal(0)
        return int(value)


class EmbeddedStore(Store):
    """pyoxigraph in memory, or in a folder when ``path`` is given."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.oxigraph = ox.Store(str(path)) if path else ox.Store()

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(name): to_oxigraph(term) for name, term in (bindings or {}).items()
        }
        try:
            try:
                result = self.oxigraph.query(sparql, substitutions=substitutions or None)
            except RuntimeError as error:
                # Oxigraph substitutes only projected variables; bind the others with VALUES.
                if not bindings or "projection" not in str(error):
                    raise
                result = self.oxigraph.query(bind_values(sparql, [dict(bindings)]))
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {error}") from error
        except (OSError, RuntimeError) as error:
            raise QueryError(f"query failed: {error}") from error
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = tuple(v.value for v in result.variables)
            rows = [
                {name: to_rdflib(solution[name]) for name in names if solution[name] is not None}
                for solution in result
            ]
            return SelectResult(names, rows)
        graph = Graph()
        for triple in result:
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
        return graph

    def load(self, data: bytes, rdf_format: str = "turtle", *, source: str = "<input>") -> None:
        fmt = _rdf_format(rdf_format)
        # Store.load is one transaction: a bad file changes nothing (tests/test_store.py).
        try:
            self.oxigraph.load(data, format=fmt)
        except SyntaxError as error:
            raise DataLoadError(_describe_syntax_error(str(error)), where=source) from error

    def load_bulk(self, quads: Iterable[ox.Quad]) -> None:
        """Add many quads at once (the benchmark's and the rules' fast path)."""
        self.oxigraph.extend(quads)

    def clear(self) -> None:
        self.oxigraph.clear()

    def dump(self, rdf_format: str = "ntriples") -> bytes:
        fmt = _rdf_format(rdf_format)
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            return self.oxigraph.dump(format=fmt) or b""
        return self.oxigraph.dump(format=fmt, from_graph=ox.DefaultGraph()) or b""

    def triple_count(self) -> int:
        return len(self.oxigraph)


def _rdf_format(name: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[name]
    except KeyError:
        raise DataLoadError(
            f"unknown RDF format '{name}'", hint=f"use one of {', '.join(RDF_FORMATS)}"
        ) from None


def _describe_syntax_error(message: str) -> str:
    """Oxigraph says 'Parser error at line 3 column 5: ...'; keep it, lower-cased start."""
    return message[:1].lower() + message[1:] if message else "syntax error"


def open_store(
    endpoint: str | None = None,
    *,
    path: Path | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    graph: str | None = None,
) -> Store:
    """The embedded store, or a :class:`~ic2kg.remote.RemoteStore` when ``endpoint`` is given.

    :param endpoint: SPARQL 1.1 query endpoint URL; None opens the embedded Oxigraph store.
    :param path: folder of a persistent embedded store (ignored for a remote endpoint).
    :param update_endpoint: SPARQL Update URL (default: IC2KG_UPDATE_ENDPOINT, or derived for an
        Oxigraph server whose query URL ends in /query).
    :param gsp_endpoint: Graph Store HTTP Protocol URL (default: IC2KG_GSP_ENDPOINT, or derived
        likewise).
    :param graph: named graph that holds the data on the server (needed for Virtuoso, whose
        default graph is the union of every graph, its system graphs included).
    """
    if not endpoint:
        return EmbeddedStore(path)
    from ic2kg.remote import RemoteStore
    from ic2kg.settings import Settings

    settings = Settings.from_env()
    return RemoteStore(
        endpoint,
        update_endpoint=update_endpoint or settings.update_endpoint,
        gsp_endpoint=gsp_endpoint or settings.gsp_endpoint,
        graph=graph,
    )


# ---------------------------------------------------------------- binding terms into query text
# Parameters reach a query as RDF terms written with rdflib's .n3() into a VALUES block at the
# start of the outermost WHERE group; user text is never pasted into SPARQL.

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INVALID_IRI_CHARS = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def _significant(sparql: str) -> Iterable[tuple[int, str, int]]:
    """Yield (position, token, depth) for braces and words outside strings, IRIs and comments.

    ``depth`` is the brace depth before the token; a closing brace reports the depth it closes.
    """
    depth = 0
    i = 0
    n = len(sparql)
    while i < n:
        char = sparql[i]
        if char == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
        elif char in "\"'":
            quote = sparql[i : i + 3] if sparql[i : i + 3] in ('"""', "'''") else char
            i += len(quote)
            while i < n and not sparql.startswith(quote, i):
                i += 2 if sparql[i] == "\\" else 1
            i += len(quote)
        elif char == "<" and (match := _IRIREF.match(sparql, i)):
            i = match.end()
        elif char == "{":
            yield i, "{", depth
            depth += 1
            i += 1
        elif char == "}":
            depth -= 1
            yield i, "}", depth
            i += 1
        elif (match := _WORD.match(sparql, i)) and (i == 0 or not sparql[i - 1].isalnum()):
            yield i, match.group(0).upper(), depth
            i = match.end()
        else:
            i += 1


def where_group_start(sparql: str) -> int:
    """Index just after the '{' that opens the outermost WHERE group of ``sparql``.

    :raises QueryError: when the query has no WHERE group (e.g. ``DESCRIBE <iri>``).
    """
    form: str | None = None
    seen_where = False
    for position, word, depth in _significant(sparql):
        if depth:
            continue
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and form is None:
            form = word
        elif word == "WHERE":
            seen_where = True
        elif word == "{" and (seen_where or form in ("SELECT", "ASK", "DESCRIBE")):
            return position + 1
    raise QueryError("the query has no WHERE group to bind parameters in")


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, or the update keyword (INSERT, DELETE, ...).

    Read from the tokens outside strings, IRIs and comments, so a word in a ``#+`` header or a
    label does not count.
    """
    forms = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    updates = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
    for _position, word, depth in _significant(sparql):
        if depth == 0 and word in forms + updates:
            return word
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def term_n3(term: Term) -> str:
    """A term as SPARQL text; IRIs are checked so that no character can end the IRI early.

    :raises QueryError: for a blank node or an IRI with characters not allowed in SPARQL IRIs.
    """
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a parameter")
    if isinstance(term, URIRef) and _INVALID_IRI_CHARS.search(str(term)):
        raise QueryError(f"not a valid IRI: {str(term)!r}")
    return term.n3()


def values_block(rows: Iterable[Mapping[str, Term | None]], variables: Iterable[str]) -> str:
    """A VALUES block over ``variables``; a None or missing value is written UNDEF."""
    names = list(variables)
    lines = []
    for row in rows:
        cells = [
            term_n3(value) if (value := row.get(name)) is not None else "UNDEF" for name in names
        ]
        lines.append("(" + " ".join(cells) + ")")
    header = " ".join("?" + name for name in names)
    return f"VALUES ({header}) {{ {' '.join(lines)} }}"


def bind_values(
    sparql: str, rows: Iterable[Mapping[str, Term | None]], variables: Iterable[str] | None = None
) -> str:
    """``sparql`` with a VALUES block of ``rows`` at the start of its outermost WHERE group."""
    row_list = list(rows)
    names = list(variables) if variables is not None else sorted({k for r in row_list for k in r})
    if not names:
        return sparql
    for name in names:
        if not _WORD.fullmatch(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
    start = where_group_start(sparql)
    return sparql[:start] + "\n  " + values_block(row_list, names) + "\n" + sparql[start:]


_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)
_OFFSET = re.compile(r"\bOFFSET\s+(\d+)", re.IGNORECASE)


def with_paging(sparql: str, limit: int | None = None, offset: int = 0) -> str:
    """``sparql`` showing at most ``limit`` results from ``offset``, within its own LIMIT/OFFSET.

    :raises QueryError: for a negative limit or offset.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("limit and offset must not be negative")
    if limit is None and offset == 0:
        return sparql
    closes = [
        position for position, word, depth in _significant(sparql) if word == "}" and not depth
    ]
    if not closes:
        raise QueryError("the query has no WHERE group to page")
    head, tail = sparql[: closes[-1] + 1], sparql[closes[-1] + 1 :]
    own_limit = _LIMIT.search(tail)
    own_offset = _OFFSET.search(tail)
    tail = _OFFSET.sub("", _LIMIT.sub("", tail)).rstrip()
    start = (int(own_offset.group(1)) if own_offset else 0) + offset
    ends = [
        e
        for e in (
            int(own_limit.group(1)) - offset if own_limit else None,
            limit,
        )
        if e is not None
    ]
    modifiers = f" LIMIT {max(min(ends), 0)}" if ends else ""
    modifiers += f" OFFSET {start}" if start else ""
    return head + tail + modifiers + "\n"
