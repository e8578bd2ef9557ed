"""VoID and DCAT description of the ic2kg dataset: licence, version, sources and statistics.

``void_graph(store)`` is what the API serves at /.well-known/void and the release writes as
void.ttl: size, partitions, the dumps and the SPARQL endpoint of a service root, the date the data
last changed and one linkset per external registry (and link predicate). Partitions and
linksets get IRIs under the dataset IRI (no blank nodes) so output is stable.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

from ic2kg import formats, paths
from ic2kg.errors import DataLoadError
from ic2kg.namespaces import IC2KG, KG, bind_prefixes, curie, local_name
from ic2kg.queries import load_query
from ic2kg.store import Store

DATASET = KG["dataset"]
DESCRIPTION_FILE = paths.GRAPH_DIR / "dataset.ttl"
#: Where the service lives unless told otherwise: the dataset's landing page (dcat:landingPage),
#: whose w3id.org rules send /sparql and /downloads/ to the running API.
PUBLIC_BASE = "https://w3id.org/ic2kg/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


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


#: The graph's dumps: file name -> format (VoID names them as void:dataDump).
GRAPH_FILES: dict[str, formats.Format] = {
    "ic2kg-graph.nt": formats.NTRIPLES,
    "ic2kg-graph.ttl": formats.TURTLE,
    "ic2kg-graph.jsonld": formats.JSONLD,
}


def subsets() -> dict[str, frozenset[Path]]:
    """Each subset of the dataset under terms of its own (``void:subset`` of kg:dataset in
    graph/dataset.ttl), by its local name without ``dataset-``, with its files
    (``ic2kg:dataFile``): kept out of the tables and dumps under the dataset's licence."""
    graph = dataset_description()
    return {
        local_name(str(subset)).removeprefix("dataset-"): frozenset(
            (paths.ROOT / str(name)).resolve() for name in graph.objects(subset, IC2KG.dataFile)
        )
        for subset in sorted(graph.objects(DATASET, VOID.subset), key=str)
    }


def subset_files() -> frozenset[Path]:
    """The files of graph/ that hold a subset of the dataset (see :func:`subsets`)."""
    return frozenset(f for files in subsets().values() for f in files)


def dataset_license() -> URIRef:
    """The licence of the data (dcterms:license of kg:dataset in graph/dataset.ttl)."""
    return URIRef(str(dataset_description().value(DATASET, DCTERMS.license)))


def dataset_version() -> str:
    """The version of the data release (the ic2kg package version)."""
    return version("ic2kg")


@lru_cache(maxsize=1)
def dataset_modified() -> date:
    """The day the data last changed: the newest commit that touched ontology/ or graph/.

    Outside a git checkout (an unpacked source archive) the newest file of those folders says it.
    """
    try:
        found = subprocess.run(
            ["git", "-C", str(paths.ROOT), "log", "-1", "--format=%cs", "--", "ontology", "graph"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        if found:
            return date.fromisoformat(found)
    except (OSError, ValueError, subprocess.SubprocessError):
        pass
    newest = max(p.stat().st_mtime for p in [paths.ONTOLOGY_EDIT, *paths.graph_files()])
    return datetime.fromtimestamp(newest, UTC).date()


def _slug(term: object) -> str:
    """``prefix-LocalName`` of a term, unique across namespaces."""
    found = curie(str(term))
    return found.replace(":", "-", 1) if found else local_name(str(term))


def void_graph(store: Store, *, base: str = PUBLIC_BASE, modified: date | None = None) -> Graph:
    """A VoID/DCAT description of the graph held by ``store``, served from the root ``base``.

    :param base: the service root (ending in ``/``) whose ``sparql`` and ``downloads/`` the
        description names as its SPARQL endpoint and data dumps.
    :param modified: the date the data last changed (default: :func:`dataset_modified`).
    """
    graph = bind_prefixes(Graph())
    graph += dataset_description()
    add = graph.add
    add((DATASET, OWL.versionInfo, Literal(dataset_version())))
    changed = modified or dataset_modified()
    add((DATASET, DCTERMS.modified, Literal(changed.isoformat(), datatype=XSD.date)))
    add((DATASET, VOID.sparqlEndpoint, URIRef(f"{base}sparql")))
    for name, fmt in GRAPH_FILES.items():
        dump = URIRef(f"{base}downloads/{name}")
        add((DATASET, VOID.dataDump, dump))
        distribution = URIRef(f"{DATASET}#dump-{fmt.name}")
        add((DATASET, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCAT.downloadURL, dump))
        add((distribution, DCAT.mediaType, URIRef(f"{MEDIA_TYPES}{fmt.media_type}")))
        add((distribution, DCTERMS["format"], URIRef(fmt.iri)))

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
    _add_linksets(graph, store)
    return graph


def _add_linksets(graph: Graph, store: Store) -> None:
    """One void:Linkset per external registry and link predicate, with its target dataset."""
    from ic2kg import link

    conv = link.converter()
    counts: Counter[tuple[str, URIRef]] = Counter()
    for row in store.select(load_query("void/linksets").sparql).rows:
        parsed = conv.parse_uri(str(row["target"]))
        prefix = parsed[0] if parsed and parsed[0] else None
        if prefix is not None:
            counts[(str(prefix), URIRef(str(row["predicate"])))] += 1
    for (prefix, predicate), triples in sorted(counts.items()):
        target = URIRef(f"{DATASET}#registry-{prefix}")
        graph.add((target, RDF.type, VOID.Dataset))
        graph.add((target, VOID.uriSpace, Literal(conv.prefix_map[prefix])))
        graph.add((target, DCTERMS.identifier, Literal(prefix)))
        linkset = URIRef(f"{DATASET}#links-{prefix}-{local_name(str(predicate))}")
        graph.add((DATASET, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.subjectsTarget, DATASET))
        graph.add((linkset, VOID.objectsTarget, target))
        graph.add((linkset, VOID.linkPredicate, predicate))
        graph.add((linkset, VOID.triples, Literal(triples, datatype=XSD.integer)))
