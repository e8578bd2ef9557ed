"""Tests for ic2kg.docs: the ontology page names every class and property, in en and zh."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ic2kg import docs, paths
from ic2kg.cli.main import main


def _labels(graph: Graph, kind: URIRef, lang: str) -> list[str]:
    return [
        str(label)
        for term in graph.subjects(RDF.type, kind)
        for label in graph.objects(term, RDFS.label)
        if getattr(label, "language", None) == lang
        and str(term).startswith("https://w3id.org/ic2kg/")
    ]


def test_page_mentions_every_class_and_property_in_both_languages() -> None:
    html = docs.ontology_html()
    ontology = Graph().parse(paths.ONTOLOGY_EDIT)
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for lang in ("en", "zh"):
            labels = _labels(ontology, kind, lang)
            assert labels, (kind, lang)
            missing = [label for label in labels if label not in html]
            assert not missing, f"{kind} {lang} labels missing: {missing}"


def test_page_shows_external_alignments() -> None:
    html = docs.ontology_html()
    assert "eurio:Project" in html
    assert "org:Organization" in html


def test_page_escapes_text(tmp_path: Path) -> None:
    ontology = tmp_path / "o.ttl"
    ontology.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/ic2kg/ontology#X> a owl:Class ; rdfs:label "<b>x</b>"@en .\n',
        encoding="utf-8",
    )
    html = docs.render(ontology, with_mappings=False)
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html


def test_cli_docs_writes_the_page(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["docs", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "organisation" in (tmp_path / "ontology.html").read_text(encoding="utf-8")
