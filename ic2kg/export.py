"""Serialise the built graph in the usual RDF formats, in a stable order where the format allows."""

from __future__ import annotations

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
    from rdflib import Dataset, Graph

    from ic2kg.namespaces import bind_prefixes

    graph = bind_prefixes(Graph()).parse(data=ntriples, format="nt")
    if rdf_format == "trig":
        dataset = bind_prefixes(Dataset())
        dataset.default_graph += graph  # type: ignore[attr-defined]
        return dataset.serialize(format="trig", encoding="utf-8")
    name = {"turtle": "turtle", "jsonld": "json-ld", "rdfxml": "xml"}[rdf_format]
    return graph.serialize(format=name, encoding="utf-8")
