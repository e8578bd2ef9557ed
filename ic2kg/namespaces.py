"""Every namespace ic2kg uses, declared once, the one prefix map built from them, and CURIEs."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import Graph, Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VOID,
    XSD,
)

if TYPE_CHECKING:
    import curies

IC2KG = Namespace("https://w3id.org/ic2kg/ontology#")
KG = Namespace("https://w3id.org/ic2kg/id/")
SCHEMA = SDO
VANN = Namespace("http://purl.org/vocab/vann/")
SHAPES = Namespace("https://w3id.org/ic2kg/shapes#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

ONTOLOGY_IRI = "https://w3id.org/ic2kg/ontology"

PREFIXES: dict[str, Namespace] = {
    "ic2kg": IC2KG,
    "kg": KG,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "org": Namespace(str(ORG)),
    "prov": Namespace(str(PROV)),
    "dcat": Namespace(str(DCAT)),
    "void": Namespace(str(VOID)),
    "schema": Namespace(str(SCHEMA)),
    "sh": Namespace(str(SH)),
    "vann": VANN,
    "shp": SHAPES,
    "sd": SD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every ic2kg prefix on ``graph`` and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX declarations for every ic2kg prefix, for editors and ad-hoc queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@lru_cache(maxsize=1)
def prefix_converter() -> curies.Converter:
    """:data:`PREFIXES` as a curies Converter (built on first use: curies is slow to import)."""
    import curies

    return curies.Converter.from_prefix_map({p: str(ns) for p, ns in PREFIXES.items()})


def curie(iri: str, *, fallback: curies.Converter | None = None) -> str | None:
    """``prefix:local`` for ``iri`` by :data:`PREFIXES`, else by ``fallback``'s prefixes.

    The longest matching namespace wins; None when no prefix fits or nothing follows it.

    >>> curie("https://w3id.org/ic2kg/id/org-isciii")
    'kg:org-isciii'
    >>> curie("https://example.org/x") is None
    True
    """
    for converter in (prefix_converter(), fallback):
        found = converter.compress(iri) if converter is not None else None
        if found is not None and not found.endswith(":"):
            return found
    return None


def local_name(iri: str) -> str:
    """The part of ``iri`` after its namespace: after an ic2kg prefix, else the last # or /.

    >>> local_name("https://w3id.org/ic2kg/ontology#Country")
    'Country'
    >>> local_name("http://example.org/a/b/")
    'b'
    """
    found = curie(iri)
    if found is not None:
        return found.split(":", 1)[1]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]
