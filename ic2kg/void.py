"""VoID and DCAT description of the ic2kg dataset: licence, version, sources and statistics.

``void_graph(store)`` is what the API serves at /.well-known/void and the release writes as
void.ttl. Partitions get IRIs under the dataset IRI (no blank nodes) so output is stable.
"""

from __future__ import annotations

from importlib.metadata import version

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

from ic2kg.namespaces import KG, ONTOLOGY_IRI, PREFIXES, bind_prefixes
from ic2kg.queries import load_query
from ic2kg.store import Store

DATASET = KG["dataset"]
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
HOMEPAGE = URIRef("https://w3id.org/ic2kg")


def dataset_version() -> str:
    """The version of the data release (the ic2kg package version)."""
    return version("ic2kg")


def _slug(term: object) -> str:
    """``prefix-LocalName`` of a term, unique across namespaces."""
    text = str(term)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
        if text.startswith(str(namespace)):
            return f"{prefix}-{text[len(str(namespace)) :]}"
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def void_graph(store: Store) -> Graph:
    """A VoID/DCAT description of the graph held by ``store``."""
    graph = bind_prefixes(Graph())
    add = graph.add
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal("ic2kg knowledge graph", lang="en")))
    add((DATASET, DCTERMS.title, Literal("ic2kg 知识图谱", lang="zh")))
    add(
        (
            DATASET,
            DCTERMS.description,
            Literal(
                "Personalised-medicine stakeholders, funding programmes, standards, biobanks "
                "and policies in Europe and China, each statement with its source.",
                lang="en",
            ),
        )
    )
    add((DATASET, DCTERMS.license, LICENSE))
    add((DATASET, DCTERMS.creator, KG["org-ic2kg-project"]))
    add((DATASET, DCAT.landingPage, HOMEPAGE))
    add((DATASET, OWL.versionInfo, Literal(dataset_version())))
    add((DATASET, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    add((DATASET, VOID.uriSpace, Literal(str(KG))))
    add((DATASET, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))

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
