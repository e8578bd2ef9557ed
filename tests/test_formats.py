"""The format registry (ic2kg/formats.py): each record's names agree with the libraries."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from ic2kg import formats
from ic2kg.errors import DataLoadError

GRAPHS = formats.of_kind("graph")
RESULTS = formats.of_kind("results")
TRIPLE = (URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("o"))


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_media_type_and_suffix_are_oxigraphs(fmt: formats.Format) -> None:
    assert fmt.media_type == fmt.oxigraph.media_type.split(";")[0]
    assert fmt.suffix == fmt.oxigraph.file_extension
    assert fmt.names[0] == fmt.name


@pytest.mark.parametrize("fmt", formats.FORMATS, ids=lambda f: f.name)
def test_format_iri_is_the_w3c_one(fmt: formats.Format) -> None:
    # pyoxigraph 0.5 names JSON-LD .../ns/formats/data/JSON-LD; the W3C list says .../JSON-LD.
    expected = fmt.oxigraph.iri.replace("https://www.w3.org/ns/formats/data/", formats.W3C)
    assert fmt.iri == expected


# rdflib's own N-Quads and TriG parsers call its deprecated ConjunctiveGraph API.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("fmt", GRAPHS, ids=lambda f: f.name)
def test_graph_formats_round_trip_through_oxigraph_and_rdflib(fmt: formats.Format) -> None:
    quad = ox.Quad(ox.NamedNode(TRIPLE[0]), ox.NamedNode(TRIPLE[1]), ox.Literal("o"))
    written = ox.serialize([quad], format=fmt.rdf_format)
    assert written is not None
    if fmt.name in ("nquads", "trig"):  # rdflib reads these into a dataset's default graph
        dataset = Dataset().parse(data=written, format=fmt.rdflib)
        graph: Graph = dataset.default_graph
    else:
        graph = Graph().parse(data=written, format=fmt.rdflib)
    assert set(graph) == {TRIPLE}, f"{fmt.name}: rdflib reads back what Oxigraph wrote"


@pytest.mark.parametrize("fmt", RESULTS, ids=lambda f: f.name)
def test_results_formats_are_written_by_oxigraph(fmt: formats.Format) -> None:
    solutions = ox.Store().query("SELECT (1 AS ?one) {}")
    assert isinstance(solutions, ox.QuerySolutions)
    body = solutions.serialize(format=fmt.results_format)
    assert body is not None and b"one" in body


def test_lookups_by_media_type_name_and_suffix() -> None:
    assert formats.by_media_type("application/json", "results") is formats.RESULTS_JSON
    assert formats.by_media_type("application/json", "graph") is formats.JSONLD
    assert formats.by_media_type("text/plain; charset=utf-8", "graph") is formats.NTRIPLES
    assert formats.by_media_type("text/plain", "graph", with_aliases=False) is None
    assert formats.by_format_name("json", "graph") is formats.JSONLD
    assert formats.by_format_name("ttl", "results") is None
    assert formats.named("ttl") is formats.TURTLE
    assert formats.named("json") is formats.RESULTS_JSON, "a results name wins where both exist"
    assert formats.named("application/n-quads") is formats.NQUADS
    assert formats.named("pdf") is None
    assert formats.for_suffix(".owl") is formats.RDFXML
    assert formats.for_suffix("TTL") is formats.TURTLE


def test_each_media_type_and_name_means_one_format_per_kind() -> None:
    for kind in ("results", "graph"):
        media = [m for f in formats.of_kind(kind) for m in (f.media_type, *f.media_aliases)]
        names = [n for f in formats.of_kind(kind) for n in f.names]
        assert len(media) == len(set(media)), kind
        assert len(names) == len(set(names)), kind


def test_unknown_names_and_suffixes_are_clear_errors() -> None:
    with pytest.raises(DataLoadError, match=r"unknown RDF format 'csv'.*turtle"):
        formats.rdf("csv")
    with pytest.raises(DataLoadError, match=r"suffix '\.docx'"):
        formats.for_suffix("docx")
    with pytest.raises(TypeError):
        _ = formats.TURTLE.results_format
