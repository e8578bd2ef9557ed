"""Tests for ic2kg.docs: the ontology page names every class and property, in en and zh."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from ic2kg import docs, paths
from ic2kg.cli.main import main
from ic2kg.store import EmbeddedStore


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
    page = (tmp_path / "ontology.html").read_text(encoding="utf-8")
    assert "organisation" in page
    assert 'id="reused-dcterms-isPartOf"' in page, "the reused terms of the built graph"


def test_reused_terms_are_counted_from_the_graph(tmp_path: Path) -> None:
    data = tmp_path / "g.ttl"
    data.write_text(
        "@prefix ic2kg: <https://w3id.org/ic2kg/ontology#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix ex: <https://example.org/> .\n"
        "ic2kg:partOfProgramme rdfs:subPropertyOf dcterms:isPartOf ; rdfs:label 'x'@en .\n"
        "ex:a a ic2kg:Call , schema:Event ; dcterms:isPartOf ex:p ; ic2kg:partOfProgramme ex:p .\n"
        "ex:b a schema:Event ; dcterms:isPartOf ex:p , ex:q .\n"
        "ex:c ic2kg:fundingAmount [ a schema:MonetaryAmount ; schema:value 5 ] .\n",
        encoding="utf-8",
    )
    store = EmbeddedStore()
    store.load_file(data)  # no build rules: the counts are those of the file
    found = {(t.kind, t.iri): t for t in docs.reused_terms(store)}
    part_of = found[("property", "http://purl.org/dc/terms/isPartOf")]
    assert part_of.uses == 3, "triples of the property; the ontology's own axiom is not a use"
    assert part_of.narrower == ("https://w3id.org/ic2kg/ontology#partOfProgramme",)
    assert found[("class", "https://schema.org/Event")].uses == 2
    assert found[("class", "https://schema.org/MonetaryAmount")].uses == 1, "blank nodes count"
    assert found[("property", "https://schema.org/value")].uses == 1
    assert not any(iri.startswith("https://w3id.org/ic2kg/") for _, iri in found)
    assert ("property", "https://schema.org/startDate") not in found

    html = docs.render(
        reused=list(found.values()), labels={str(DCTERMS.isPartOf): {"zh": "隶属于"}}
    )
    assert 'id="reused-dcterms-isPartOf"' in html and "隶属于" in html
    assert 'href="#partOfProgramme"' in html, "the ic2kg sub-property links to its entry"
    assert 'id="reused-terms"' not in docs.render(), "no section without a graph"
