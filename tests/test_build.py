"""Building loads every file, reports bad files precisely, and materialises the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from ic2kg.build import apply_rules, build, rule_files
from ic2kg.errors import DataLoadError
from ic2kg.store import EmbeddedStore

RESOURCES = Path(__file__).parent / "resources"


def test_malformed_file_names_file_and_line_and_adds_nothing() -> None:
    store = EmbeddedStore()
    with pytest.raises(DataLoadError) as raised:
        store.load_file(RESOURCES / "cli" / "malformed.ttl")
    assert "malformed.ttl" in str(raised.value)
    assert "line 4" in str(raised.value)
    assert store.triple_count() == 0


def test_rules_derive_shortcuts_from_qualified_statements() -> None:
    store = EmbeddedStore()
    build(store, [RESOURCES / "build" / "qualified.ttl"])
    kg = "https://w3id.org/ic2kg/id/"
    ic2kg = "https://w3id.org/ic2kg/ontology#"
    org = "http://www.w3.org/ns/org#"

    def has(s: str, p: str, o: str) -> bool:
        terms = {"s": URIRef(s), "p": URIRef(p), "o": URIRef(o)}
        return store.ask("ASK { ?s ?p ?o }", terms)

    assert has(kg + "org-a", org + "memberOf", kg + "net-x")
    assert has(kg + "proj-p", ic2kg + "addressesPriority", kg + "ap-p1")
    assert has(kg + "org-a", ic2kg + "coordinates", kg + "proj-p")
    assert has(kg + "org-a", ic2kg + "partnerIn", kg + "proj-p")
    assert has(kg + "org-b", ic2kg + "partnerIn", kg + "proj-p")
    assert not has(kg + "org-b", ic2kg + "coordinates", kg + "proj-p")
    assert has(kg + "proj-p", ic2kg + "fundedBy", kg + "org-f")
    assert has(kg + "org-f", ic2kg + "funds", kg + "proj-p")
    assert not has(kg + "org-f", ic2kg + "partnerIn", kg + "proj-p")


def test_rules_reach_a_fixed_point() -> None:
    store = EmbeddedStore()
    build(store, [RESOURCES / "build" / "qualified.ttl"])
    assert apply_rules(store) == 0
    assert len(rule_files()) >= 4, "queries/rules/ holds the build rules"


def test_entities_get_every_superclass_type_of_the_ontology() -> None:
    store = EmbeddedStore()
    build(store, [RESOURCES / "build" / "classes.ttl"])
    rows = store.select("SELECT ?type WHERE { <https://w3id.org/ic2kg/id/org-u> a ?type }").rows
    ic2kg = "https://w3id.org/ic2kg/ontology#"
    assert {str(row["type"]) for row in rows} == {
        ic2kg + "University",
        ic2kg + "ResearchOrganisation",
        ic2kg + "Organisation",
        "http://www.w3.org/ns/org#Organization",
    }
    # A reused vocabulary's own tree is its business; qualified-statement nodes stay as typed.
    assert not store.ask("ASK { ?x a <http://xmlns.com/foaf/0.1/Group> }")
    assert not store.ask("ASK { ?x a <http://www.w3.org/ns/prov#Entity> }")
    assert apply_rules(store) == 0
