"""ic2kg/namespaces.py: the one prefix map and the CURIE and local-name helpers built on it."""

from __future__ import annotations

import curies
import pytest

from ic2kg.namespaces import IC2KG, KG, PREFIXES, curie, local_name, prefix_converter


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        (str(KG) + "org-isciii", "kg:org-isciii"),
        (str(IC2KG) + "Country", "ic2kg:Country"),
        ("http://www.w3.org/2000/01/rdf-schema#label", "rdfs:label"),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "rdf:type"),
        ("https://schema.org/funder", "schema:funder"),
        ("https://w3id.org/ic2kg/shapes#CountryShape", "shp:CountryShape"),
    ],
)
def test_curie_uses_the_prefix_map(iri: str, expected: str) -> None:
    assert curie(iri) == expected


@pytest.mark.parametrize("iri", ["https://example.org/x", str(KG), "urn:isbn:123", ""])
def test_curie_is_none_without_a_prefix_or_local_part(iri: str) -> None:
    assert curie(iri) is None


def test_curie_falls_back_to_another_converter() -> None:
    other = curies.Converter.from_prefix_map({"ex": "https://example.org/"})
    assert curie("https://example.org/x", fallback=other) == "ex:x"
    assert curie(str(KG) + "a", fallback=other) == "kg:a", "ic2kg's own prefixes come first"


def test_every_prefix_round_trips() -> None:
    converter = prefix_converter()
    for prefix, namespace in PREFIXES.items():
        assert curie(str(namespace) + "x") == f"{prefix}:x"
        assert converter.expand(f"{prefix}:x") == str(namespace) + "x"


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        (str(IC2KG) + "FundingOrganisation", "FundingOrganisation"),
        (str(KG) + "country-ES", "country-ES"),
        ("http://www.w3.org/ns/shacl#Violation", "Violation"),
        ("http://xmlns.com/foaf/0.1/Organization", "Organization"),
        ("https://example.org/a/b", "b"),
        ("https://example.org/a/b/", "b"),
        ("https://example.org/v#term", "term"),
    ],
)
def test_local_name(iri: str, expected: str) -> None:
    assert local_name(iri) == expected
