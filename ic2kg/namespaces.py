"""Every namespace ic2kg uses, declared once, and the one prefix map built from them."""

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
