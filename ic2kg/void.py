"""VoID and DCAT description of the ic2kg dataset: licence, version, sources and statistics.

``void_graph(store)`` is what the API serves at /.well-known/void and the release writes as
void.ttl. Partitions get IRIs under the dataset IRI (no blank nodes) so output is stable.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, VOID, XSD

from ic2kg import paths
from ic2kg.errors import DataLoadError
from ic2kg.namespaces import IC2KG, KG, bind_prefixes, curie, local_name
from ic2kg.queries import load_query
from ic2kg.store import Store

DATASET = KG["dataset"]
DESCRIPTION_FILE = paths.GRAPH_DIR / "dataset.ttl"


@lru_cache(maxsize=1)
def dataset_description() -> Graph:
    """The statements graph/dataset.ttl makes about the dataset (title, licence, creator, ...).

    :raises DataLoadError: when the file cannot be read or gives kg:dataset no licence IRI.
    """
    from ic2kg.validate import parse_files  # pyshacl, which validate imports, is slow to load

    source = parse_files([DESCRIPTION_FILE])
    graph = bind_prefixes(Graph())
    for _, predicate, value in source.triples((DATASET, None, None)):
        if predicate != DCTERMS.source:  # the file's own citation, not part of the description
            graph.add((DATASET, predicate, value))
    # A subset under its own terms (FAIRsharing's CC BY-SA records) is described in full.
    for subset in source.objects(DATASET, VOID.subset):
        for _, predicate, value in source.triples((subset, None, None)):
            graph.add((subset, predicate, value))
    if not isinstance(graph.value(DATASET, DCTERMS.license), URIRef):
        raise DataLoadError(
            "kg:dataset has no dcterms:license IRI", where=str(DESCRIPTION_FILE), hint="add one"
        )
    return graph


def subset_files() -> frozenset[Path]:
    """The files of graph/ that hold a subset of the dataset (``ic2kg:dataFile`` of each
    ``void:subset`` in graph/dataset.ttl): kept out of tables and artefacts under the
    dataset's own licence."""
    graph = dataset_description()
    return frozenset(
        (paths.ROOT / str(name)).resolve()
        for subset in graph.objects(DATASET, VOID.subset)
        for name in graph.objects(subset, IC2KG.dataFile)
    )


def dataset_license() -> URIRef:
    """The licence of the data (dcterms:license of kg:dataset in graph/dataset.ttl)."""
    return URIRef(str(dataset_description().value(DATASET, DCTERMS.license)))


def dataset_version() -> str:
    """The version of the data release (the ic2kg package version)."""
    return version("ic2kg")


def _slug(term: object) -> str:
    """``prefix-LocalName`` of a term, unique across namespaces."""
    found = curie(str(term))
    return found.replace(":", "-", 1) if found else local_name(str(term))


def void_graph(store: Store) -> Graph:
    """A VoID/DCAT description of the graph held by ``store``."""
    graph = bind_prefixes(Graph())
    graph += dataset_description()
    add = graph.add
    add((DATASET, OWL.versionInfo, Literal(dataset_version())))

    add((DATASET, VOID.triples, Literal(store.triple_count(), datatype=XSD.integer)))
    stats = store.select(load_query("void/statistics").sparql).rows[0]
    for key, predicate in (
        ("entities", VOID.entities),
        ("classes", VOID.classes),
        ("properties", VOID.properties),
        ("subjects", VOID.distinctSubjects),
    ):
        add((DATASET, predicate, Literal(int(stats[key]), datatype=XSD.integer)))
    # The number of distinct sources is the distinct objects of dcterms:source.
    sources = URIRef(f"{DATASET}#property-source")
    add((DATASET, VOID.propertyPartition, sources))
    add((sources, VOID.property, DCTERMS.source))
    add((sources, VOID.distinctObjects, Literal(int(stats["sources"]), datatype=XSD.integer)))
    for row in store.select(load_query("void/class-partitions").sparql).rows:
        cls = row["class"]
        partition = URIRef(f"{DATASET}#class-{_slug(cls)}")
        add((DATASET, VOID.classPartition, partition))
        add((partition, VOID["class"], cls))
        add((partition, VOID.entities, Literal(int(row["entities"]), datatype=XSD.integer)))
    return graph
