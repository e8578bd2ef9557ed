"""Deterministic Turtle for generated files: same graph, same bytes, whatever the run."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ic2kg.errors import Ic2kgError
from ic2kg.namespaces import PREFIXES

_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_-]$|^[A-Za-z0-9_]$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BARE_TYPES = {XSD.integer, XSD.decimal}


class _Writer:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.used: set[str] = set()
        refs = Counter(o for o in graph.objects() if isinstance(o, BNode))
        # Inlining a blank node is only faithful when exactly one triple points to it.
        if any(count != 1 for count in refs.values()) or any(
            isinstance(s, BNode) and s not in refs for s in graph.subjects()
        ):
            raise Ic2kgError(
                "generated graph has a blank node used more than once or never",
                hint="give shared nodes an IRI",
            )

    def iri(self, node: URIRef) -> str:
        text = str(node)
        for prefix, namespace in PREFIXES.items():
            base = str(namespace)
            if text.startswith(base) and _LOCAL.match(text[len(base) :]):
                self.used.add(prefix)
                return f"{prefix}:{text[len(base) :]}"
        return f"<{text}>"

    def literal(self, node: Literal) -> str:
        if node.datatype in _BARE_TYPES and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", str(node)):
            return str(node)
        quoted = '"' + "".join(_ESCAPES.get(ch, ch) for ch in str(node)) + '"'
        if node.language:
            return f"{quoted}@{node.language}"
        if node.datatype and node.datatype != XSD.string:
            return f"{quoted}^^{self.iri(node.datatype)}"
        return quoted

    def term(self, node: Node) -> str:
        if isinstance(node, BNode):
            return "[ " + " ; ".join(self.predicates(node, inline=True)) + " ]"
        if isinstance(node, Literal):
            return self.literal(node)
        assert isinstance(node, URIRef)  # noqa: S101 - rdflib terms are one of the three
        return self.iri(node)

    def predicates(self, subject: Node, *, inline: bool) -> list[str]:
        grouped: dict[str, list[str]] = {}
        for predicate, obj in self.graph.predicate_objects(subject):
            key = "a" if predicate == RDF.type else self.iri(URIRef(str(predicate)))
            grouped.setdefault(key, []).append(self.term(obj))
        joiner = " , " if inline else " ,\n        "
        ordered = sorted(grouped, key=lambda k: (k != "a", k))
        return [f"{key} {joiner.join(sorted(set(grouped[key])))}" for key in ordered]

    def body(self) -> str:
        subjects = sorted(
            {s for s in self.graph.subjects() if not isinstance(s, BNode)}, key=self.term
        )
        blocks = []
        for subject in subjects:
            lines = self.predicates(subject, inline=False)
            blocks.append(self.term(subject) + " " + " ;\n    ".join(lines) + " .\n")
        return "\n".join(blocks)


def write_turtle(graph: Graph, header: Iterable[str]) -> str:
    """Serialise ``graph`` as Turtle, subjects, predicates and objects sorted, headed by comments.

    Blank nodes are written inline, so each must be the object of exactly one triple.
    """
    writer = _Writer(graph)
    body = writer.body()
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    prefixes = "".join(
        f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(writer.used | {"kg", "ic2kg"})
    )
    return f"{comments}{prefixes}\n{body}"
