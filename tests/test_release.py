"""Tests for ic2kg.release: the folder's contents, checksums and deterministic output."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, VOID

from ic2kg.release import CHECKSUMS, Release, make_release, read_checksums
from ic2kg.void import DATASET

EXPECTED = {
    "ic2kg-graph.nt",
    "ic2kg-graph.ttl",
    "ic2kg-graph.jsonld",
    "ontology/ic2kg.ttl",
    "ontology/shapes.ttl",
    "ontology/context.jsonld",
    "mappings/entities.sssom.tsv",
    "mappings/ontology.sssom.tsv",
    "shacl-report.ttl",
    "void.ttl",
    CHECKSUMS,
}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    return make_release(tmp_path_factory.mktemp("dist"))


def test_release_holds_every_artefact(release: Release) -> None:
    assert release.folder.name.startswith("graph-")
    assert set(release.files) == EXPECTED
    on_disk = {str(p.relative_to(release.folder)) for p in release.folder.rglob("*") if p.is_file()}
    assert on_disk == EXPECTED


def test_checksums_match_the_files(release: Release) -> None:
    sums = read_checksums(release.folder)
    assert set(sums) == EXPECTED - {CHECKSUMS}
    for name, digest in sums.items():
        assert hashlib.sha256((release.folder / name).read_bytes()).hexdigest() == digest, name


def test_graph_files_hold_the_same_graph(release: Release) -> None:
    """The three serialisations agree, and the VoID triple count is theirs.

    (Compared with each other rather than with a second build: curators edit graph/ while the
    tests run, so two builds minutes apart may differ.)
    """
    graphs = {
        name: Graph().parse(release.folder / name, format=fmt)
        for name, fmt in (
            ("ic2kg-graph.nt", "nt"),
            ("ic2kg-graph.ttl", "turtle"),
            ("ic2kg-graph.jsonld", "json-ld"),
        )
    }
    reference = graphs["ic2kg-graph.nt"]
    assert len(reference) > 1000
    for name, graph in graphs.items():
        assert isomorphic(reference, graph), name
    void = Graph().parse(release.folder / "void.ttl", format="turtle")
    assert int(next(void.objects(DATASET, VOID.triples))) == len(reference)


def test_ntriples_are_sorted(release: Release) -> None:
    lines = (release.folder / "ic2kg-graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)


def test_ontology_and_tables_are_included(release: Release) -> None:
    ontology = Graph().parse(release.folder / "ontology/ic2kg.ttl", format="turtle")
    assert (None, RDF.type, OWL.Ontology) in ontology
    for name in ("entities", "ontology"):
        text = (release.folder / "mappings" / f"{name}.sssom.tsv").read_text(encoding="utf-8")
        assert "mapping_set_id: https://w3id.org/ic2kg/mappings/" in text


def test_release_is_deterministic(tmp_path: Path) -> None:
    release = make_release(tmp_path / "first")
    again = make_release(tmp_path / "second")
    assert read_checksums(again.folder) == read_checksums(release.folder)
