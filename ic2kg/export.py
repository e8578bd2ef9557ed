"""Serialise the built graph in the usual RDF formats, in a stable order where the format allows."""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from ic2kg import formats
from ic2kg.store import Store


def export_graph(store: Store, rdf_format: str) -> bytes:
    """The default graph of ``store`` in ``rdf_format``.

    N-Triples are sorted line by line so two exports of the same graph are byte-identical and
    release diffs stay readable; Turtle and JSON-LD go through rdflib for prefixes.
    """
    ntriples = store.dump("ntriples")
    if rdf_format == "ntriples":
        lines = sorted(set(ntriples.decode("utf-8").splitlines()))
        return ("\n".join(lines) + "\n").encode("utf-8")
    from rdflib import Dataset

    from ic2kg.namespaces import bind_prefixes

    graph = bind_prefixes(Graph()).parse(data=ntriples, format="nt")
    if rdf_format == "trig":
        dataset = bind_prefixes(Dataset())
        dataset.default_graph += graph  # type: ignore[attr-defined]
        return dataset.serialize(format="trig", encoding="utf-8")
    if rdf_format == "jsonld":
        return jsonld(graph)
    return graph.serialize(format=formats.rdf(rdf_format).rdflib, encoding="utf-8")


def jsonld(graph: Graph) -> bytes:
    """Compact JSON-LD with ontology/context.jsonld, nodes sorted by id and keys sorted."""
    from ic2kg import paths

    context = json.loads(paths.CONTEXT.read_text(encoding="utf-8"))["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: str(node.get("id", node.get("@id", ""))))
    document = _sort_sets(document)
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _sort_sets(value: Any, key: str = "") -> Any:
    """Sort JSON-LD arrays (sets in RDF) so output is stable; ``@list`` arrays keep their order."""
    if isinstance(value, dict):
        return {k: _sort_sets(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sort_sets(item) for item in value]
        if key in ("@list", "@graph"):
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def simple_literals(graph: Graph) -> Graph:
    """``graph`` with every ``xsd:string`` literal written as a simple literal.

    RDF 1.1 makes them the same term, but rdflib keeps them apart: Turtle would say
    ``"02r6c6d62"^^xsd:string`` where JSON-LD says ``"02r6c6d62"``, and a client that parses
    both finds one and not the other (issue 27). Query results (pyoxigraph) give the typed form.
    """
    typed = [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and o.datatype == XSD.string]
    for s, p, o in typed:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(o))))
    return graph
