"""Tests for ic2kg.link: the prefix map, identifier parsing and reverse lookup (question 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ic2kg import link
from ic2kg.cli.main import main
from ic2kg.errors import BadParameter, DataLoadError
from ic2kg.namespaces import IC2KG
from ic2kg.store import EmbeddedStore

RESOURCES = Path(__file__).parent / "resources" / "link"
KG = "https://w3id.org/ic2kg/id/"


@pytest.fixture(scope="module")
def fixture_store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_file(RESOURCES / "fixture.ttl")
    return store


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ror:05tr67282", [("ror", "05tr67282")]),
        ("ROR:05tr67282", [("ror", "05tr67282")]),
        ("https://ror.org/05tr67282", [("ror", "05tr67282")]),
        ("wikidata:Q29", [("wikidata", "Q29")]),
        ("wd:Q29", [("wikidata", "Q29")]),
        ("https://www.wikidata.org/wiki/Q29", [("wikidata", "Q29")]),
        ("http://www.wikidata.org/entity/Q29", [("wikidata", "Q29")]),
        ("Q29", [("wikidata", "Q29")]),
        ("ES", [("iso3166.alpha2", "ES")]),
        ("ESP", [("iso3166.alpha3", "ESP")]),
        ("724", [("cordis.project", "724"), ("funderregistry", "724"), ("iso.3166", "724")]),
        ("FAIRsharing.kbtt7f", [("fairsharing", "FAIRsharing.kbtt7f")]),
        ("https://cordis.europa.eu/project/id/874694", [("cordis.project", "874694")]),
        ("eu.country:ESP", [("eu.country", "ESP")]),
        # Crossref's own forms of a Funder ID: a DOI, bare, as doi: or as a resolver address
        ("10.13039/501100004587", [("funderregistry", "501100004587")]),
        ("doi:10.13039/501100004587", [("funderregistry", "501100004587")]),
        ("https://doi.org/10.13039/501100004587", [("funderregistry", "501100004587")]),
        ("http://dx.doi.org/10.13039/501100004587", [("funderregistry", "501100004587")]),
        (
            "http://data.crossref.org/fundingdata/funder/10.13039/501100004587",
            [("funderregistry", "501100004587")],
        ),
    ],
)
def test_parse_reads_curies_iris_and_bare_codes(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.prefix, r.identifier) for r in link.parse(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "nope:123",
        "ror:not-a-ror",
        "https://example.org/x",
        "hello world",
        "wikidata:X12",
        "10.1000/182",  # a DOI, but of no registry ic2kg links to
    ],
)
def test_parse_rejects_what_fits_no_registry(text: str) -> None:
    with pytest.raises(BadParameter):
        link.parse(text)


def test_lookup_answers_on_fixture(fixture_store: EmbeddedStore) -> None:
    def entities(text: str) -> set[str]:
        return {m.entity.removeprefix(KG) for m in link.lookup(fixture_store, text)}

    assert entities("ror:05tr67282") == {"org-alpha"}
    assert entities("https://ror.org/05tr67282") == {"org-alpha"}
    assert entities("Q1000001") == {"org-alpha"}
    assert entities("wikidata:Q2000002") == {"org-beta"}  # through skos:closeMatch
    assert entities("XA") == {"country-XA"}
    assert entities("XAA") == {"country-XA"}
    assert entities("999") == {"country-XA"}
    assert entities("eu.country:XAA") == {"country-XA"}
    assert entities("123456") == {"proj-gamma"}
    assert entities("FAIRsharing.abc123") == {"std-delta"}
    assert entities("Q1000002") == set()
    assert entities("ror:05tr67283") == set()


def test_lookup_says_how_it_matched(fixture_store: EmbeddedStore) -> None:
    [match] = link.lookup(fixture_store, "wikidata:Q2000002")
    assert match.how == "closeMatch"
    assert match.label == "Beta Fund"
    [match] = link.lookup(fixture_store, "ror:05tr67282")
    assert (match.how, match.reference) == ("identifier", "ror:05tr67282")


def test_lookup_on_curated_graph(curated_store: EmbeddedStore) -> None:
    def entities(text: str) -> set[str]:
        return {m.entity.removeprefix(KG) for m in link.lookup(curated_store, text)}

    assert entities("ES") == {"country-ES"}
    assert entities("ESP") == {"country-ES"}
    assert "country-ES" in entities("724")
    assert entities("wikidata:Q29") == {"country-ES"}
    assert entities("874694") == {"proj-ic2permed"}
    assert entities("https://ror.org/004s85t07") == {"org-iso"}
    assert entities("FAIRsharing.kbtt7f") == {"std-hpo"}


def test_converter_rejects_local_duplicate_of_bioregistry_prefix(tmp_path: Path) -> None:
    declarations = tmp_path / "prefixes.ttl"
    declarations.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:x> sh:declare [ sh:prefix "ror" ; sh:namespace "https://ror.org/" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(DataLoadError, match="Bioregistry defines it"):
        link.load_converter(declarations)


def test_converter_knows_every_identifier_prefix() -> None:
    for prefix in link.identifier_properties().values():
        assert link.converter().get_record(prefix) is not None, prefix


def test_cli_lookup_exit_codes() -> None:
    runner = CliRunner()
    found = runner.invoke(main, ["link", "lookup", "wikidata:Q29", "--format", "json"])
    assert found.exit_code == 0, found.output
    assert KG + "country-ES" in found.output
    missing = runner.invoke(main, ["link", "lookup", "Q999999999"])
    assert missing.exit_code == 1
    bad = runner.invoke(main, ["link", "lookup", "nope:1"])
    assert bad.exit_code == 2
    assert "unknown CURIE prefix 'nope'" in bad.output


def test_identifier_properties_come_from_the_ontology() -> None:
    properties = link.identifier_properties()
    assert properties[IC2KG.rorId] == "ror"
    assert properties[IC2KG.iso3166Numeric] == "iso.3166"
    assert IC2KG.standardNumber not in properties, "a standard number names no registry"
    assert link.properties_for("iso3166.alpha2") == [IC2KG.iso3166Alpha2]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "ROR ID"), ("zh", "ROR 标识符"), ("fr", "ROR ID")],
)
def test_identifier_labels_in_both_languages(lang: str, expected: str) -> None:
    labels = link.identifier_labels(lang)
    assert labels[IC2KG.rorId] == expected
    assert IC2KG.standardNumber in labels and IC2KG.bbmriDirectoryId in labels
    assert IC2KG.identifier not in labels, "the parent property is not an identifier itself"


def test_bioregistry_prefixes_are_read_from_turtle(tmp_path: Path) -> None:
    listing = tmp_path / "bioregistry.ttl"
    listing.write_text(
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<https://w3id.org/ic2kg/id/bioregistry-prefixes> dcterms:hasPart\n"
        '    [ sh:prefix "ror" ; sh:namespace "http://ror.example/" ] .\n',
        encoding="utf-8",
    )
    assert link.bioregistry_prefixes(listing) == [
        link.BioregistryPrefix("ror", ("http://ror.example/",))
    ]
    converter = link.load_converter(bioregistry_file=listing)
    assert converter.parse_uri("http://ror.example/05tr67282") == ("ror", "05tr67282")
    assert converter.get_record("wikidata") is None, "only the listed prefixes are taken"


def test_bioregistry_entry_without_prefix_is_a_load_error(tmp_path: Path) -> None:
    listing = tmp_path / "bioregistry.ttl"
    listing.write_text(
        "<https://w3id.org/ic2kg/id/bioregistry-prefixes> <http://purl.org/dc/terms/hasPart>\n"
        '    [ <http://www.w3.org/ns/shacl#namespace> "http://x.example/" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(DataLoadError, match="no sh:prefix"):
        link.bioregistry_prefixes(listing)


def test_cordis_record_numbers_are_not_read_as_project_ids() -> None:
    """A /project/rcn/ address holds CORDIS's record number, not the grant agreement number."""
    with pytest.raises(BadParameter):
        link.parse("https://cordis.europa.eu/project/rcn/226254")
    assert link.parse("http://cordis.europa.eu/project/id/874694") == [
        link.Reference("cordis.project", "874694")
    ]


def test_cli_lookup_reads_many_from_standard_input() -> None:
    """Issue 27: one identifier a call, each paying for the build; now a list on stdin."""
    runner = CliRunner()
    lines = "# funders\n10.13039/501100004587\n\nwikidata:Q29\nQ999999999\n"
    result = runner.invoke(main, ["link", "lookup", "--format", "json"], input=lines)
    assert result.exit_code == 1, result.output  # Q999999999 matches nothing
    answers = json.loads(result.stdout)
    assert [a["id"] for a in answers] == ["10.13039/501100004587", "wikidata:Q29", "Q999999999"]
    assert {m["entity"] for m in answers[0]["matches"]} == {KG + "org-isciii"}
    assert {m["entity"] for m in answers[1]["matches"]} == {KG + "country-ES"}
    assert answers[2]["matches"] == []
    bad = runner.invoke(main, ["link", "lookup", "-"], input="ES\nnope:1\n")
    assert bad.exit_code == 2 and "nope:1: unknown CURIE prefix 'nope'" in bad.output


def test_index_answers_a_batch_in_order(fixture_store: EmbeddedStore) -> None:
    index = link.LinkIndex.of(fixture_store)
    answers = index.lookup_many(["ror:05tr67282", "nope:1", "Q1000002"])
    assert [a.id for a in answers] == ["ror:05tr67282", "nope:1", "Q1000002"]
    assert [m.entity.removeprefix(KG) for m in answers[0].matches] == ["org-alpha"]
    assert answers[1].error == "unknown CURIE prefix 'nope'" and not answers[1].matches
    assert answers[2] == link.LookupAnswer("Q1000002")
