"""The PM lens (ic2kg.relevance): the classifier on a scheme and activities whose assessments
are known by construction (tests/resources/relevance/graph.ttl), and the derived file of the
curated graph kept fresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from ic2kg import paths
from ic2kg.cli.main import main
from ic2kg.errors import DataLoadError
from ic2kg.namespaces import IC2KG, KG
from ic2kg.relevance.classifier import assess
from ic2kg.relevance.derived import Relevance, derived_graph, relevance, render
from ic2kg.relevance.thesaurus import Thesaurus, load_thesaurus
from ic2kg.store import EmbeddedStore

FIXTURE = paths.ROOT / "tests" / "resources" / "relevance" / "graph.ttl"


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_file(FIXTURE)
    return store


@pytest.fixture(scope="module")
def scheme(store: EmbeddedStore) -> Thesaurus:
    return load_thesaurus(store)


@pytest.fixture(scope="module")
def found(store: EmbeddedStore, scheme: Thesaurus) -> dict[str, Relevance]:
    return {item.iri.removeprefix(str(KG)): item for item in relevance(store, scheme)}


def test_pm_project_is_health_and_pm_with_its_priorities(found: dict[str, Relevance]) -> None:
    item = found["proj-pm"]
    assert (item.health, item.pm) == (True, True)
    # genom* (2) + biobank* (2) under PM, cancer (1); "tumours" is no hidden label.
    assert (item.derived.health_weight, item.derived.pm_weight) == (5.0, 4.0)
    assert item.derived.score == round(1 - 0.5 ** (4 / 3), 3)
    assert item.derived.priorities == (str(KG["ap-p2"]), str(KG["ap-p3"]))
    assert str(KG["pmt-era-1a"]) in item.derived.topics
    assert str(KG["pmt-term-cancer"]) in item.derived.terms


def test_health_terms_alone_are_not_pm(found: dict[str, Relevance]) -> None:
    item = found["proj-health"]
    assert (item.health, item.pm, item.derived.score) == (True, False, 0.0)
    assert item.derived.priorities == ()


def test_exclusion_terms_take_a_text_out_of_health(found: dict[str, Relevance]) -> None:
    item = found["proj-feed"]
    # "precision feeding" and "livestock" find one concept (-3) once; genomics +2.
    assert item.derived.health_weight == -1.0
    assert (item.health, item.pm) == (False, False)
    assert item.derived.topics == ()


def test_chinese_text_is_matched_by_substring(found: dict[str, Relevance]) -> None:
    item = found["proj-zh"]
    assert (item.health, item.pm) == (True, True)
    assert set(item.derived.terms) == {str(KG["pmt-pm"]), str(KG["pmt-term-patient"])}


def test_the_call_text_counts_for_its_projects(found: dict[str, Relevance]) -> None:
    assert found["proj-in-call"].pm and found["call-pm"].pm
    assert found["proj-in-call"].derived.terms == found["call-pm"].derived.terms


def test_phrases_with_a_prefix_last_word(found: dict[str, Relevance]) -> None:
    item = found["proj-phrase"]
    assert str(KG["pmt-term-stratification"]) in item.derived.terms
    assert (item.health, item.pm) == (True, False)


def test_a_curators_statement_wins(found: dict[str, Relevance]) -> None:
    item = found["policy-curated"]
    assert (item.derived.health, item.derived.pm) == (False, False)
    assert (item.health, item.pm, item.curated) == (True, True, True)


def test_same_text_same_assessment_in_any_order(scheme: Thesaurus) -> None:
    texts = ["Biobanks of cancer samples.", "Genomic profiling", "患者"]
    assert assess(scheme, texts) == assess(scheme, list(reversed(texts)))


def test_derived_statements_name_method_version_terms_and_score(
    store: EmbeddedStore, scheme: Thesaurus, found: dict[str, Relevance]
) -> None:
    graph = derived_graph(list(found.values()), scheme)
    node = next(graph.subjects(IC2KG.assesses, KG["proj-pm"]))
    assert (node, IC2KG.methodVersion, Literal("test")) in graph
    assert (node, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"), KG["method-pm-lens"]) in graph
    assert (node, IC2KG.personalisedMedicine, Literal(True)) in graph
    assert (node, IC2KG.matchedTerm, KG["pmt-term-biobank"]) in graph
    # The curated policy's assessment keeps what the text gave; the curated file says the rest.
    curated = next(graph.subjects(IC2KG.assesses, KG["policy-curated"]))
    assert (curated, IC2KG.personalisedMedicine, Literal(False)) in graph
    assert render(store) == render(store)


def test_a_term_outside_health_and_pm_is_refused() -> None:
    store = EmbeddedStore()
    store.load_file(FIXTURE)
    bad = Graph()
    bad.parse(
        data="@prefix skos: <http://www.w3.org/2004/02/skos/core#> . "
        "@prefix kg: <https://w3id.org/ic2kg/id/> . "
        'kg:pmt-stray skos:inScheme kg:pm-scheme ; skos:hiddenLabel "stray" .',
        format="turtle",
    )
    store.add_graph(bad)
    with pytest.raises(DataLoadError, match="pmt-stray"):
        load_thesaurus(store)


def test_curated_graph_derived_file_is_fresh(curated_store: EmbeddedStore) -> None:
    text = render(curated_store)
    assert paths.RELEVANCE_TTL.read_text(encoding="utf-8") == text
    # ERA PerMed's calls are personalised medicine by their own text.
    graph = Graph().parse(data=text, format="turtle")
    call = next(graph.subjects(IC2KG.assesses, KG["call-era-permed-jtc2019"]))
    assert (call, IC2KG.personalisedMedicine, Literal(True)) in graph


def test_cli_lists_every_activity_as_json(tmp_path: Path, found: dict[str, Relevance]) -> None:
    folder = tmp_path / "store"
    fixture_store = EmbeddedStore(folder)
    fixture_store.load_file(FIXTURE)
    del fixture_store  # the CLI opens the folder itself
    result = CliRunner().invoke(
        main, ["gaps", "relevance", "--format", "json", "--store-path", str(folder)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert set(rows[0]) >= {"iri", "label", "health", "pm", "score", "priorities", "terms"}
    listed = {row["iri"].removeprefix(str(KG)): (row["health"], row["pm"]) for row in rows}
    assert listed == {name: (item.health, item.pm) for name, item in found.items()}
    assert listed["proj-pm"] == (True, True)
