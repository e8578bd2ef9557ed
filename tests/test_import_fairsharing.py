"""Tests for ic2kg.importers.fairsharing and fairsharing_match on a small file in the bioregistry
form (tests/resources/fairsharing/), and for how the committed subset is kept apart."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from ic2kg import paths
from ic2kg.cli.main import main
from ic2kg.errors import DataLoadError
from ic2kg.importers import fairsharing, fairsharing_match
from ic2kg.importers.fairsharing import default_input, read_records
from ic2kg.importers.fairsharing_match import import_fairsharing
from ic2kg.mappings import ENTITY_MAPPINGS, read_table
from ic2kg.namespaces import IC2KG, KG
from ic2kg.void import DATASET, dataset_description, subset_files

RESOURCES = Path(__file__).parent / "resources" / "fairsharing"
FILE = RESOURCES / "processed.json"
BY_SA = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(RESOURCES / "graph.ttl")


@pytest.fixture
def result(graph: Graph, tmp_path: Path) -> fairsharing_match.FairsharingImport:
    return import_fairsharing(FILE, graph, tmp_path / "review.tsv", command="test")


def _parse(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_selection_rule_takes_health_terminologies_identifiers_and_pm_knowledge_bases(
    result: fairsharing_match.FairsharingImport,
) -> None:
    kinds = {s.record.key: s.kind for s in result.selected}
    assert kinds == {
        "FAIRsharing.kbtt7f": "terminology",  # also curated in the graph
        "FAIRsharing.ctid01": "identifier schema",
        "FAIRsharing.wx5r6f": "database",
        "FAIRsharing.ordo01": "terminology",  # the file spells its prefix fairsharing.
        "FAIRsharing.icd011": "terminology",
    }, "left out: an ontology without a health keyword, a database without a PM keyword, "
    "an institutional repository"
    assert result.records == 8


def test_entities_carry_doi_source_licence_domains_and_no_description(
    result: fairsharing_match.FairsharingImport,
) -> None:
    out = _parse(result.turtle)
    clinvar = KG["kb-fairsharing-wx5r6f"]
    assert (clinvar, RDF.type, IC2KG.KnowledgeBase) in out
    assert (clinvar, IC2KG.doi, Literal("10.25504/FAIRsharing.wx5r6f")) in out
    assert (clinvar, DCTERMS.source, URIRef("https://fairsharing.org/FAIRsharing.wx5r6f")) in out
    assert (clinvar, DCTERMS.license, URIRef("https://clinvar.example.org/policies")) in out
    domain = KG["fairsharing-domain-clinical-studies"]
    assert (clinvar, IC2KG.researchDomain, domain) in out
    assert (domain, RDFS.label, Literal("Clinical Studies", lang="en")) in out
    assert (KG["std-fairsharing-ctid01"], RDF.type, IC2KG.IdentifierSchema) in out
    # A domain named like a concept of another scheme is told apart.
    rare = KG["fairsharing-domain-rare-disorder"]
    assert (rare, RDFS.label, Literal("Rare Disorder (FAIRsharing)", lang="en")) in out
    assert not list(out.triples((None, DCTERMS.description, None)))
    for words in ("MUST NOT BE COPIED", "clinical significance", "someone@example.org"):
        assert words not in result.turtle + result.sssom


def test_curated_identifier_wins_and_matches_are_reviewed(
    graph: Graph, result: fairsharing_match.FairsharingImport, tmp_path: Path
) -> None:
    hows = {k: (o.iri, o.how) for k, o in result.outcomes.items()}
    assert hows["FAIRsharing.kbtt7f"] == (KG["std-hpo"], "curated")
    assert hows["FAIRsharing.ordo01"] == (KG["std-ordo"], "automatic")  # acronym and name
    assert hows["FAIRsharing.icd011"][1] == "new"  # acronym only: a proposal
    out = _parse(result.turtle)
    assert (KG["std-hpo"], IC2KG.fairsharingId, None) not in out, "curated already"
    assert (KG["std-hpo"], IC2KG.doi, Literal("10.25504/FAIRsharing.kbtt7f")) in out
    assert (KG["std-ordo"], RDF.type, IC2KG.Terminology) in out
    assert result.open_reviews == 1
    review = tmp_path / "review.tsv"
    review.write_text(
        result.review.replace("acronym ICD 11\t\t", "acronym ICD 11\taccept\tsame WHO site"),
        encoding="utf-8",
    )
    again = import_fairsharing(FILE, graph, review, command="test")
    assert again.outcomes["FAIRsharing.icd011"].how == "reviewed"
    assert again.open_reviews == 0
    assert "kg:std-icd-11\t" in again.sssom and "accepted by review: same WHO site" in again.sssom
    assert "accept\tsame WHO site" in again.review, "the decision is kept"


def test_output_is_byte_identical_on_a_rerun(
    graph: Graph, result: fairsharing_match.FairsharingImport, tmp_path: Path
) -> None:
    again = import_fairsharing(FILE, graph, tmp_path / "review.tsv", command="test")
    assert (again.turtle, again.sssom, again.review) == (result.turtle, result.sssom, result.review)
    assert "license: https://creativecommons.org/licenses/by-sa/4.0/" in result.sssom


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a readable JSON file"),
        ('{"guides": []}', "expected a FAIRsharing ID"),
        ('{"FAIRsharing.x1": {"homepage": "https://x"}}', "has no name"),
        ("[]", "expected an object keyed by FAIRsharing IDs"),
    ],
)
def test_a_file_not_in_the_bioregistry_form_is_refused(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataLoadError, match=message):
        read_records(path)


def test_cli_reports_a_bad_file_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"guides": []}', encoding="utf-8")
    result = CliRunner().invoke(
        main, ["import", "fairsharing", str(path), "--output", str(tmp_path / "out.ttl")]
    )
    assert result.exit_code == 2
    assert "expected a FAIRsharing ID" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- the committed subset


def test_the_subset_is_described_with_its_licence_and_kept_apart() -> None:
    description = dataset_description()
    [subset] = description.objects(DATASET, URIRef("http://rdfs.org/ns/void#subset"))
    assert description.value(subset, DCTERMS.license) == BY_SA
    assert description.value(subset, DCTERMS.bibliographicCitation) is not None
    files = subset_files()
    assert fairsharing.OUTPUT.resolve() in files
    assert fairsharing_match.MAPPINGS.resolve() in files
    assert read_table(fairsharing_match.MAPPINGS).metadata["license"] == str(BY_SA)
    # The CC BY entity table holds no identifier only the subset states.
    objects = {row["object_id"] for row in read_table(ENTITY_MAPPINGS).rows}
    assert "fairsharing:FAIRsharing.wx5r6f" not in objects
    assert "fairsharing:FAIRsharing.kbtt7f" in objects, "a curated identifier stays"


def test_committed_file_comes_from_the_installed_bioregistry_file() -> None:
    """Cheap freshness check: the header names the digest of the file the package ships."""
    text = fairsharing.OUTPUT.read_text(encoding="utf-8")
    digest = hashlib.sha256(default_input().read_bytes()).hexdigest()[:16]
    assert f"processed.json (sha256 {digest})" in text, "run `ic2kg import fairsharing`"
    found = re.search(r"Selection \(.*\): (\d+) of (\d+) records", text)
    assert found and int(found.group(1)) >= 300, "the issue's goal: 300 resources"
    assert paths.IMPORTED_DIR in fairsharing.OUTPUT.parents
