"""Integrity of the external identifiers in graph/ (like bioregistry's tests/test_data.py)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ic2kg import link, paths
from ic2kg.namespaces import IC2KG
from ic2kg.validate import parse_files

IDENTIFIER_FILES = sorted((paths.GRAPH_DIR / "identifiers").glob("*.ttl"))


def test_every_identifier_matches_its_registry_pattern(curated_graph: Graph) -> None:
    bad = []
    for prop, prefix in link.identifier_properties().items():
        for subject, value in curated_graph.subject_objects(prop):
            if not (isinstance(value, Literal) and link.matches_pattern(prefix, str(value))):
                bad.append(f"{subject} {prop} {value!r} does not match the pattern of {prefix}")
    assert not bad, "\n".join(bad)


def test_every_identifier_property_in_use_has_a_prefix(curated_graph: Graph) -> None:
    """A value of a property without a declared prefix could not be checked or expanded."""
    identifier_properties = set(
        curated_graph.transitive_subjects(RDFS.subPropertyOf, IC2KG.identifier)
    ) - {IC2KG.identifier, IC2KG.standardNumber}
    used = {p for p in identifier_properties if any(curated_graph.triples((None, p, None)))}
    missing = used - set(link.identifier_properties())
    assert not missing, (
        f"values of {sorted(str(p) for p in missing)} have no CURIE prefix: declare it in "
        "graph/identifiers/prefixes.ttl with a cited pattern (or list a Bioregistry prefix in "
        "graph/identifiers/bioregistry.ttl) and give the property ic2kg:identifierPrefix"
    )


def test_every_identifier_expands_to_an_iri(curated_graph: Graph) -> None:
    for prop, prefix in link.identifier_properties().items():
        for _, value in curated_graph.subject_objects(prop):
            iri = link.expand(link.Reference(prefix, str(value)))
            assert str(iri).startswith(("http://", "https://")), iri


@pytest.mark.parametrize(
    "prop", [IC2KG.wikidataId, IC2KG.rorId, IC2KG.fairsharingId], ids=lambda p: p.fragment
)
def test_identifiers_are_one_to_one(curated_graph: Graph, prop: URIRef) -> None:
    by_entity: dict[str, set[str]] = defaultdict(set)
    by_value: dict[str, set[str]] = defaultdict(set)
    for subject, value in curated_graph.subject_objects(prop):
        by_entity[str(subject)].add(str(value))
        by_value[str(value)].add(str(subject))
    doubles = {e: v for e, v in by_entity.items() if len(v) > 1}
    shared = {v: e for v, e in by_value.items() if len(e) > 1}
    assert not doubles, f"entities with two {prop.fragment} values: {doubles}"
    assert not shared, f"{prop.fragment} values on two entities: {shared}"


@pytest.mark.parametrize("path", IDENTIFIER_FILES, ids=lambda p: p.name)
def test_identifier_files_only_describe_existing_entities(path: Path, curated_graph: Graph) -> None:
    """A typo in an IRI would otherwise mint a new, untyped entity."""
    local = parse_files([path])
    subjects = {s for prop in link.identifier_properties() for s in local.subjects(prop, None)}
    for subject in subjects:
        assert (subject, RDF.type, None) in curated_graph, f"{path.name}: {subject} has no type"


@pytest.mark.parametrize("path", IDENTIFIER_FILES, ids=lambda p: p.name)
def test_identifier_files_cite_the_registry_record(path: Path) -> None:
    local = parse_files([path])
    for prop in link.identifier_properties():
        for subject, value in local.subject_objects(prop):
            sources = [str(s) for s in local.objects(subject, DCTERMS.source)]
            assert any(str(value) in source for source in sources), (
                f"{path.name}: {subject} {prop.fragment} {value} cites no record URL with the ID"
            )


def test_countries_carry_all_iso_codes_and_a_wikidata_item(curated_graph: Graph) -> None:
    for country in curated_graph.subjects(RDF.type, IC2KG.Country):
        for prop in (
            IC2KG.iso3166Alpha2,
            IC2KG.iso3166Alpha3,
            IC2KG.iso3166Numeric,
            IC2KG.wikidataId,
        ):
            assert (country, prop, None) in curated_graph, f"{country} lacks {prop.fragment}"


def test_known_identifiers(curated_graph: Graph) -> None:
    kg = "https://w3id.org/ic2kg/id/"
    assert (URIRef(kg + "country-ES"), IC2KG.wikidataId, Literal("Q29")) in curated_graph
    assert (URIRef(kg + "country-CN"), IC2KG.wikidataId, Literal("Q148")) in curated_graph
    assert (URIRef(kg + "org-iso"), IC2KG.rorId, Literal("004s85t07")) in curated_graph


def test_netherlands_is_the_country_not_the_kingdom(curated_graph: Graph) -> None:
    """Issue 14: Q29999 is the Kingdom of the Netherlands; the country coded NL is Q55."""
    netherlands = URIRef("https://w3id.org/ic2kg/id/country-NL")
    assert set(curated_graph.objects(netherlands, IC2KG.wikidataId)) == {Literal("Q55")}


def test_fairsharing_records_come_only_with_their_source(curated_graph: Graph) -> None:
    """Issue 14: no curated file named a FAIRsharing record for ICD-11 or ORDO (ORDO has two);
    the FAIRsharing import now does, each citing the record it read."""
    kg = "https://w3id.org/ic2kg/id/"
    for standard, record in (
        ("std-icd-11", "FAIRsharing.97805c"),
        ("std-ordo", "FAIRsharing.pbbnwa"),
    ):
        entity = URIRef(kg + standard)
        assert set(curated_graph.objects(entity, IC2KG.fairsharingId)) == {Literal(record)}
        assert URIRef(f"https://fairsharing.org/{record}") in set(
            curated_graph.objects(entity, DCTERMS.source)
        ), standard
