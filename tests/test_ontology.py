"""The ontology parses, its terms are documented in en and zh, graph/ uses only known terms."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef

# DCAT, SDO and XSD warn on unknown attributes, and pytest probes every class a test module
# holds (for `_mock_name`): they are reached through the module so pytest does not see them.
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, VOID

from ic2kg import paths
from ic2kg.namespaces import IC2KG, PREFIXES

ONTOLOGY = Graph().parse(paths.ONTOLOGY_EDIT)
TERMS = sorted(
    s
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for s in ONTOLOGY.subjects(RDF.type, kind)
    if isinstance(s, URIRef) and str(s).startswith(str(IC2KG))
)
# Reused vocabularies whose term lists rdflib ships; a term outside them is a typo.
REUSED: list[type[ns.DefinedNamespace]] = [
    ns.DCAT,
    DCTERMS,
    FOAF,
    ORG,
    PROV,
    RDFS,
    ns.SDO,
    SH,
    SKOS,
    VOID,
    OWL,
]
OPEN_NAMESPACES = {str(RDF), str(ns.XSD), "http://purl.org/vocab/vann/"}


def test_ontology_declares_the_classes_the_design_asks_for() -> None:
    names = {str(t).rsplit("#", 1)[-1] for t in TERMS}
    required = {
        "Country", "FundingOrganisation", "Ministry", "ResearchOrganisation", "Company",
        "StandardsBody", "Network", "ResearchInfrastructure", "Biobank", "FundingProgramme",
        "Call", "Project", "WorkPackage", "WorkingGroup", "Standard", "Policy",
        "NationalStrategy", "ActionPlanPriority", "fundedBy", "funds", "addressesPriority",
        "adoptsStandard", "issuedBy", "country", "partnerIn", "coordinates",
        "participantCount", "sampleCount", "diseaseArea", "sampleType", "fundingAmount",
        "ecContribution", "ecMaxContribution", "totalCost", "grantAmount", "callBudget",
        "programmeBudget", "fundingPerProject",
    }  # fmt: skip
    assert required <= names, f"missing: {sorted(required - names)}"


def test_ontology_header_has_version_licence_and_organisation_creator() -> None:
    ontology = URIRef("https://w3id.org/ic2kg/ontology")
    assert ONTOLOGY.value(ontology, OWL.versionIRI) is not None
    assert ONTOLOGY.value(ontology, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    creator = ONTOLOGY.value(ontology, DCTERMS.creator)
    assert (creator, RDF.type, FOAF.Organization) in ONTOLOGY


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).rsplit("#", 1)[-1])
def test_every_term_has_english_and_chinese_label_and_definition(term: URIRef) -> None:
    languages = {label.language for label in ONTOLOGY.objects(term, RDFS.label)}  # type: ignore[attr-defined]
    assert {"en", "zh"} <= languages, f"{term} labels: {languages}"
    assert ONTOLOGY.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"


def _known(term: URIRef) -> bool:
    text = str(term)
    if text.startswith(str(IC2KG)):
        return term in set(TERMS)
    if any(text.startswith(ns) for ns in OPEN_NAMESPACES):
        return True
    for namespace in REUSED:
        base = str(namespace._NS)
        if text.startswith(base):
            return _in_defined(namespace, text[len(base) :])
    return False


def _in_defined(namespace: type[ns.DefinedNamespace], name: str) -> bool:
    try:
        getattr(namespace, name)
    except AttributeError:
        return False
    return True


def test_every_class_and_property_used_in_graph_is_declared(curated_graph: Graph) -> None:
    used: set[URIRef] = set()
    for _s, p, o in curated_graph:
        used.add(p)  # type: ignore[arg-type]
        if p == RDF.type and isinstance(o, URIRef):
            used.add(o)
    unknown = sorted(str(t) for t in used if not _known(t))
    assert not unknown, f"terms declared nowhere (typos?): {unknown}"


def test_prefixes_of_ontology_files_agree_with_namespaces_module() -> None:
    for path in (paths.ONTOLOGY_EDIT, paths.SHAPES):
        declared = dict(re.findall(r"@prefix (\w*): <([^>]+)>", path.read_text(encoding="utf-8")))
        for prefix, iri in declared.items():
            assert prefix in PREFIXES, f"{path.name}: prefix {prefix} is not in namespaces.PREFIXES"
            assert str(PREFIXES[prefix]) == iri, (
                f"{path.name}: {prefix} is {iri}, not {PREFIXES[prefix]}"
            )
