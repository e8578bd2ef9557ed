"""The reused terms on /ontology (api/routes/entities.py, ic2kg/docs.py): computed from the
served graph by queries/reports/reused-terms.rq, with their usage counts."""

from __future__ import annotations

import html as html_text
import re

from api_servers import RESOURCES, RunningServer
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDFS, SKOS

from ic2kg import namespaces


def _text(cell: str) -> str:
    return " ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


def reused_row(page: str, curie: str) -> list[str] | None:
    """The cells of the reused-terms row of ``curie`` (as text), None when it is not listed."""
    row_id = re.escape("reused-" + curie.replace(":", "-"))
    found = re.search(rf'<tr id="{row_id}">(.*?)</tr>', page, re.S)
    if found is None:
        return None
    return [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)]


def test_reused_terms_of_the_curated_graph_with_their_counts(curated_server: RunningServer) -> None:
    with curated_server.client() as client:
        page = client.get("/ontology", headers={"Accept": "text/html"}).text
        counts = {}
        for curie in ("dcterms:isPartOf", "schema:startDate", "prov:wasDerivedFrom"):
            answer = client.get(
                "/sparql",
                params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {curie} ?o }}"},
                headers={"Accept": "application/sparql-results+json"},
            ).json()
            counts[curie] = int(answer["results"]["bindings"][0]["n"]["value"])
    assert 'id="reused-terms"' in page
    for curie, expected in counts.items():
        row = reused_row(page, curie)
        assert row is not None, f"{curie} is not listed among the reused terms"
        assert expected > 0 and row[3] == str(expected), f"{curie}: {row} (graph: {expected})"
    part_of = reused_row(page, "dcterms:isPartOf")
    assert part_of is not None
    assert "part of" in part_of[1] and "隶属于" in part_of[2], "labels in English and Chinese"
    assert "ic2kg:partOfProgramme" in part_of[4], "the ic2kg sub-property is named"
    location = reused_row(page, "dcterms:Location")
    assert location is not None and "ic2kg:Country" in location[4], "a class the ontology extends"


def test_reused_terms_follow_the_served_graph(fixture_server: RunningServer) -> None:
    """The fixture graph (no ontology) has its own terms and counts, and no schema:startDate."""
    graph = Graph().parse(RESOURCES / "graph.ttl")
    with fixture_server.client() as client:
        page = client.get("/ontology", headers={"Accept": "text/html"}).text
    for curie, predicate in (
        ("rdfs:label", RDFS.label),
        ("dcterms:source", DCTERMS.source),
        ("skos:altLabel", SKOS.altLabel),
    ):
        row = reused_row(page, curie)
        expected = len(list(graph.triples((None, predicate, None))))
        assert row is not None and row[3] == str(expected), f"{curie}: {row} (file: {expected})"
    assert not list(graph.triples((None, namespaces.SCHEMA.startDate, None)))
    assert reused_row(page, "schema:startDate") is None
