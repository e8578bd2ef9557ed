"""Tests for ic2kg.release: the folder's contents, checksums and deterministic output."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, VOID

from ic2kg import paths
from ic2kg.release import (
    CHECKSUMS,
    Release,
    canonical,
    make_release,
    read_checksums,
    sorted_ntriples,
)
from ic2kg.void import DATASET, dataset_modified, dataset_version

TESTS = Path(__file__).parent
CHECKSUM_SCRIPT = TESTS / "release_checksums.py"
FIXTURE = TESTS / "resources" / "gaps" / "fixture.ttl"

EXPECTED = {
    "ic2kg-graph.nt",
    "ic2kg-graph.ttl",
    "ic2kg-graph.jsonld",
    # FAIRsharing's CC BY-SA records: dumps of their own (the subset of graph/dataset.ttl).
    "ic2kg-fairsharing.nt",
    "ic2kg-fairsharing.ttl",
    "ic2kg-fairsharing.jsonld",
    "ontology/ic2kg.ttl",
    "ontology/shapes.ttl",
    "ontology/context.jsonld",
    "mappings/entities.sssom.tsv",
    "mappings/ontology.sssom.tsv",
    "mappings/ror.sssom.tsv",
    "mappings/cordis-ror.sssom.tsv",
    "mappings/fairsharing.sssom.tsv",
    "mappings/ror-types.sssom.tsv",
    "shacl-report.ttl",
    "void.ttl",
    CHECKSUMS,
}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    return make_release(tmp_path_factory.mktemp("dist"))


def test_release_holds_every_artefact(release: Release) -> None:
    assert release.folder.name == f"graph-{dataset_version()}-{dataset_modified().isoformat()}"
    assert set(release.files) == EXPECTED
    on_disk = {str(p.relative_to(release.folder)) for p in release.folder.rglob("*") if p.is_file()}
    assert on_disk == EXPECTED


def test_checksums_match_the_files(release: Release) -> None:
    sums = read_checksums(release.folder)
    assert set(sums) == EXPECTED - {CHECKSUMS}
    for name, digest in sums.items():
        assert hashlib.sha256((release.folder / name).read_bytes()).hexdigest() == digest, name


def canonical_triples(path: Path, rdf_format: ox.RdfFormat) -> set[str]:
    """The file's triples as N-Triples lines, blank nodes labelled by RDFC-1.0: two files hold
    the same graph exactly when these sets are equal. (pyoxigraph parses the three formats in
    seconds where rdflib takes about a minute.)"""
    dataset = ox.Dataset(ox.parse(path=path, format=rdf_format))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad.triple) for quad in dataset}


def test_graph_files_hold_the_same_graph(release: Release) -> None:
    """The three serialisations agree, and the VoID triple count is theirs.

    (Compared with each other rather than with a second build: curators edit graph/ while the
    tests run, so two builds minutes apart may differ.)
    """
    reference = canonical_triples(release.folder / "ic2kg-graph.nt", ox.RdfFormat.N_TRIPLES)
    assert len(reference) > 1000
    for name, rdf_format in (
        ("ic2kg-graph.ttl", ox.RdfFormat.TURTLE),
        ("ic2kg-graph.jsonld", ox.RdfFormat.JSON_LD),
    ):
        assert canonical_triples(release.folder / name, rdf_format) == reference, name
    subset = canonical_triples(release.folder / "ic2kg-fairsharing.nt", ox.RdfFormat.N_TRIPLES)
    void = Graph().parse(release.folder / "void.ttl", format="turtle")
    # VoID counts the whole dataset: the graph's dumps and the subset's.
    assert int(next(void.objects(DATASET, VOID.triples))) == len(reference) + len(subset)


def test_the_share_alike_subset_stays_out_of_the_graph_dumps(release: Release) -> None:
    graph = canonical_triples(release.folder / "ic2kg-graph.nt", ox.RdfFormat.N_TRIPLES)
    subset = canonical_triples(release.folder / "ic2kg-fairsharing.nt", ox.RdfFormat.N_TRIPLES)
    # Blank-node labels are canonical within each file, so only ground triples compare.
    ground = {line for line in subset if "_:" not in line}
    assert len(ground) > 1000
    assert not ground & graph
    imported = canonical_triples(paths.IMPORTED_DIR / "fairsharing.ttl", ox.RdfFormat.TURTLE)
    assert imported == subset


def test_canonical_relabels_blank_nodes_only_and_ignores_their_names() -> None:
    p, q = URIRef("https://example.org/p"), URIRef("https://example.org/q")
    first, second = Graph(), Graph()
    for graph in (first, second):
        a, b = BNode(), BNode()
        graph.add((URIRef("https://example.org/s"), p, a))
        graph.add((a, q, b))
        graph.add((b, q, a))
    assert set(first) != set(second)
    assert isomorphic(canonical(first), first)
    assert set(canonical(first)) == set(canonical(second))
    second.add((BNode(), p, BNode()))
    assert sorted_ntriples(canonical(first)) != sorted_ntriples(canonical(second))


def test_ntriples_are_sorted(release: Release) -> None:
    lines = (release.folder / "ic2kg-graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_ontology_and_tables_are_included(release: Release) -> None:
    ontology = Graph().parse(release.folder / "ontology/ic2kg.ttl", format="turtle")
    assert (None, RDF.type, OWL.Ontology) in ontology
    for name in ("entities", "ontology"):
        text = (release.folder / "mappings" / f"{name}.sssom.tsv").read_text(encoding="utf-8")
        assert "mapping_set_id: https://w3id.org/ic2kg/mappings/" in text


def test_artefacts_do_not_depend_on_hash_seed_or_load_order() -> None:
    """Two processes with different hash seeds, each loading a fixture's triples (blank nodes,
    two languages) in another order, write byte-identical artefacts. (The module's release shows
    the whole graph's files; a second release of the whole graph in the same process would take a
    minute and could not catch an order that depends on the hash seed.)"""
    sums = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, str(CHECKSUM_SCRIPT), str(FIXTURE), seed],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        sums.append(done.stdout)
    assert "  ic2kg-graph.nt\n" in sums[0] and "  void.ttl\n" in sums[0]
    assert sums[0] == sums[1]
