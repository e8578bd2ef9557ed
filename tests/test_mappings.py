"""Tests for ic2kg.mappings: SSSOM tables, their SKOS triples and the generated entity table."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, RDF, SKOS, VOID

from ic2kg import link, mappings, paths
from ic2kg.errors import DataLoadError
from ic2kg.namespaces import IC2KG, KG
from ic2kg.store import EmbeddedStore, to_oxigraph
from ic2kg.void import DATASET, dataset_description, dataset_license

TABLES = mappings.mapping_files()
# ror.sssom.tsv is made by a lexical matcher (ic2kg reconcile ror); the other tables by hand.
JUSTIFICATIONS = {
    "ror.sssom.tsv": {mappings.JUSTIFICATION, "semapv:LexicalMatching"},
    "cordis-ror.sssom.tsv": {"semapv:LexicalMatching"},
    # ic2kg import fairsharing: curated IDs and reviews, lexical matches, entities it made.
    "fairsharing.sssom.tsv": {
        mappings.JUSTIFICATION,
        "semapv:LexicalMatching",
        "semapv:UnspecifiedMatching",
    },
    "entities.sssom.tsv": {
        mappings.JUSTIFICATION,
        "semapv:LexicalMatching",
        "semapv:MappingChaining",
        "semapv:UnspecifiedMatching",
    },
}
CURATION = "semapv:ManualMappingCuration\t\n"
HEADER = (
    "#curie_map:\n#  ic2kg: https://w3id.org/ic2kg/ontology#\n"
    "#  skos: http://www.w3.org/2004/02/skos/core#\n"
    "#  semapv: https://w3id.org/semapv/vocab/\n#  schema: https://schema.org/\n"
    "#mapping_set_id: https://example.org/test.sssom.tsv\n"
    "#license: https://creativecommons.org/licenses/by/4.0/\n"
    "subject_id\tpredicate_id\tobject_id\tmapping_justification\tpredicate_modifier\n"
)


def test_there_are_entity_and_ontology_tables() -> None:
    assert {p.name for p in TABLES} >= {"entities.sssom.tsv", "ontology.sssom.tsv"}


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_tables_validate_with_sssom_py(path: Path) -> None:
    assert mappings.validate_file(path) == []


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_tables_have_the_required_metadata(path: Path) -> None:
    table = mappings.read_table(path)
    assert table.metadata["mapping_set_id"].startswith("https://w3id.org/ic2kg/mappings/")
    # A table of a subset under its own terms (graph/dataset.ttl) carries that subset's licence.
    assert table.metadata["license"] == str(_licence_of(path))
    assert table.curie_map, "no curie_map"
    for prefix, uri_prefix in table.curie_map.items():
        assert link.converter().prefix_map.get(prefix) == uri_prefix, prefix
    for row in table.rows:
        assert row["mapping_justification"] in JUSTIFICATIONS.get(
            path.name, {mappings.JUSTIFICATION}
        )


def _licence_of(path: Path) -> URIRef:
    description = dataset_description()
    for subset in description.objects(DATASET, VOID.subset):
        files = {
            (paths.ROOT / str(f)).resolve() for f in description.objects(subset, IC2KG.dataFile)
        }
        if path.resolve() in files:
            return URIRef(str(description.value(subset, DCTERMS.license)))
    return dataset_license()


def test_tables_are_up_to_date() -> None:
    stale = mappings.write_tables(check=True)
    assert not stale, f"{[p.name for p in stale]} out of date: run `ic2kg mappings`"


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_mapped_triples_are_in_the_built_graph(path: Path, curated_store: EmbeddedStore) -> None:
    triples = mappings.table_graph(mappings.read_table(path))
    assert len(triples) > 0
    for s, p, o in triples:
        found = list(
            curated_store.oxigraph.quads_for_pattern(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
        )
        assert found, f"{s} {p} {o} missing from the built graph"


def test_ontology_mappings_use_existing_terms(curated_graph: Graph) -> None:
    table = mappings.read_table(mappings.ONTOLOGY_MAPPINGS)
    defined = {
        "org": ORG,
        "foaf": FOAF,
        "dcterms": DCTERMS,
        "schema": ns.SDO,
    }
    for row in table.rows:
        subject = URIRef(link.converter().expand(row["subject_id"]))
        assert (subject, RDF.type, None) in curated_graph, f"{subject} is not in the ontology"
        assert set(curated_graph.objects(subject, RDF.type)) & {
            OWL.Class,
            OWL.ObjectProperty,
            OWL.DatatypeProperty,
        }
        prefix, local = row["object_id"].split(":", 1)
        if prefix in defined:
            terms = defined[prefix].__annotations__
            assert local in terms, f"{row['object_id']} is not a term of {prefix}"


def test_entity_table_mirrors_the_identifier_literals(curated_graph: Graph) -> None:
    rows = mappings.entity_rows(curated_graph)
    objects = {(r["subject_id"], r["object_id"]) for r in rows}
    assert ("kg:country-ES", "wikidata:Q29") in objects
    assert ("kg:country-ES", "eu.country:ESP") in objects
    assert ("kg:proj-ic2permed", "cordis.project:874694") in objects
    assert all(r["predicate_id"] in {"skos:exactMatch", "skos:closeMatch"} for r in rows)


def test_table_graph_reads_predicates_and_skips_negations(tmp_path: Path) -> None:
    path = tmp_path / "t.sssom.tsv"
    path.write_text(
        HEADER
        + "ic2kg:Country\tskos:closeMatch\tschema:Country\tsemapv:ManualMappingCuration\t\n"
        + "ic2kg:Call\tskos:exactMatch\tschema:Country\tsemapv:ManualMappingCuration\tNot\n",
        encoding="utf-8",
    )
    graph = mappings.table_graph(mappings.read_table(path))
    ic2kg = "https://w3id.org/ic2kg/ontology#"
    assert set(graph) == {(URIRef(ic2kg + "Country"), SKOS.closeMatch, ns.SDO.Country)}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("ic2kg:Country\tskos:sameish\tschema:Country\t" + CURATION, "predicate"),
        ("ic2kg:Country\tskos:closeMatch\tfoo:Country\t" + CURATION, "curie_map"),
        ("ic2kg:Country\tskos:closeMatch\t\t" + CURATION, "object_id"),
    ],
)
def test_bad_tables_are_rejected_with_a_reason(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "bad.sssom.tsv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(DataLoadError, match=message):
        mappings.table_graph(mappings.read_table(path))


def test_entity_table_says_how_each_identifier_was_found() -> None:
    table = mappings.read_table(mappings.ENTITY_MAPPINGS)
    by_pair = {(r["subject_id"], r["object_id"]): r for r in table.rows}
    # Curated in graph/erapermed.ttl: found by hand.
    assert by_pair[("kg:org-tuscany-region", "ror:02r6c6d62")]["mapping_justification"] == (
        "semapv:ManualMappingCuration"
    )
    # Found by ic2kg reconcile ror, with the identifiers of the ROR record it chose.
    assert by_pair[("kg:org-isciii", "ror:00ca2c886")]["mapping_justification"] == (
        "semapv:LexicalMatching"
    )
    assert by_pair[("kg:org-isciii", "wikidata:Q5918335")]["mapping_justification"] == (
        "semapv:MappingChaining"
    )
    reconciled = {
        (r["subject_id"], r["object_id"]): r["mapping_justification"]
        for r in mappings.read_table(mappings.ROR_MAPPINGS).rows
    }
    imported = [r for r in table.rows if r["comment"]]
    assert imported, "the imported identifiers carry a comment"
    for row in imported:
        prefix = row["object_id"].split(":", 1)[0]
        pair = (row["subject_id"], row["object_id"])
        if pair in reconciled:
            # The reconciliation's own decision, automatic or reviewed.
            assert row["mapping_justification"] == reconciled[pair]
        elif prefix == "ror":
            assert row["mapping_justification"] == "semapv:LexicalMatching"
            assert row["subject_id"].startswith("kg:org-cordis-")
        elif prefix == "cordis.project":
            assert row["mapping_justification"] == "semapv:UnspecifiedMatching"
        else:
            assert row["mapping_justification"] == "semapv:MappingChaining", row
    curated = [r for r in table.rows if not r["comment"]]
    assert all(r["mapping_justification"] == "semapv:ManualMappingCuration" for r in curated)
    assert not [r for r in curated if r["subject_id"].startswith("kg:org-cordis-")]


def test_entity_table_gives_confidence_date_label_and_tool() -> None:
    """Issue 27: entities.sssom.tsv had no confidence, mapping_date, object_label or tool."""
    table = mappings.read_table(mappings.ENTITY_MAPPINGS)
    lexical = [r for r in table.rows if r["mapping_justification"] == "semapv:LexicalMatching"]
    assert len(lexical) > 1000
    for row in lexical:
        assert 0 < float(row["confidence"]) <= 1, row
        assert row["object_label"] and row["mapping_date"] and row["mapping_tool"], row
    by_pair = {(r["subject_id"], r["object_id"]): r for r in table.rows}
    aalborg = by_pair[("kg:org-cordis-aalborg-universitet-dk", "ror:04m5j1k67")]
    assert aalborg["object_label"] == "Aalborg University"
    assert aalborg["mapping_tool"] == "ic2kg import cordis"
    assert aalborg["mapping_date"] == "2026-06-23", "the ROR dump's date, not the run's"
    manual = by_pair[("kg:org-tuscany-region", "ror:02r6c6d62")]
    assert (manual["confidence"], manual["mapping_tool"]) == ("", ""), "curated by hand"


def test_organisations_made_from_cordis_carry_their_ror_records_qid(curated_graph: Graph) -> None:
    """Issue 27: 943 CORDIS-made organisations matched to ROR lacked the record's QID."""
    matched = set(curated_graph.subjects(IC2KG.rorId, None))
    made = [s for s in matched if str(s).startswith(str(KG) + "org-cordis-")]
    with_qid = [s for s in made if (s, IC2KG.wikidataId, None) in curated_graph]
    assert len(made) > 1000 and len(with_qid) > 900
    aalborg = KG["org-cordis-aalborg-universitet-dk"]
    assert curated_graph.value(aalborg, IC2KG.wikidataId) is not None
