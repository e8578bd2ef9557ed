"""Where the graph lives: one interface, an embedded Oxigraph store or a remote SPARQL endpoint.

Results cross this boundary as rdflib terms, so the rest of ic2kg never sees which backend
answered. The embedded store also exposes the raw pyoxigraph store for the API's fast path.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ic2kg import formats
from ic2kg.errors import DataLoadError, QueryError
from ic2kg.sparql.text import Term as Term  # re-exported: results cross modules as these
from ic2kg.sparql.text import bind_values

Bindings = Mapping[str, Term]


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
        """Add RDF in ``rdf_format`` (a graph format name of :mod:`ic2kg.formats`)."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every triple."""

    @abstractmethod
    def dump(self, rdf_format: str = "ntriples") -> bytes:
        """Serialise the default graph."""

    def load_file(self, path: Path) -> None:
        """Add one RDF file, its format taken from the extension."""
        rdf_format = formats.for_suffix(path.suffix).name
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
        fmt = formats.rdf(rdf_format).rdf_format
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
        fmt = formats.rdf(rdf_format).rdf_format
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            return self.oxigraph.dump(format=fmt) or b""
        return self.oxigraph.dump(format=fmt, from_graph=ox.DefaultGraph()) or b""

    def triple_count(self) -> int:
        return len(self.oxigraph)


def _describe_syntax_error(message: str) -> str:
    """Oxigraph says 'Parser error at line 3 column 5: ...'; keep it, lower-cased start."""
    return message[:1].lower() + message[1:] if message else "syntax error"
