"""/health, /stats and /.well-known/void (api/routes/meta.py)."""

from __future__ import annotations

from api_servers import RunningServer
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, VOID

from ic2kg.void import DATASET, dataset_license


def test_health_reports_the_served_graph(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        health = client.get("/health").json()
    assert health == {"status": "ok", "triples": 158, "workers": 2}


def test_stats_count_entities_per_class(curated_server: RunningServer) -> None:
    with curated_server.client() as client:
        stats = client.get("/stats").json()
    assert stats["classes"]["FundingOrganisation"] >= 10
    assert stats["classes"]["Country"] >= 27
    assert stats["triples"] == client_triples(curated_server)
    assert stats["version"] and stats["built_at"].endswith("+00:00")
    assert stats["weakly_sourced_entities"] == 0 and stats["sources_by_kind"]["official"] > 0


def client_triples(server: RunningServer) -> int:
    with server.client() as client:
        triples: int = client.get("/health").json()["triples"]
    return triples


def test_void_describes_licence_size_and_classes(curated_server: RunningServer) -> None:
    with curated_server.client() as client:
        turtle = client.get("/.well-known/void")
        jsonld = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (DATASET, DCTERMS.license, dataset_license()) in graph
    assert (DATASET, VOID.triples, Literal(client_triples(curated_server))) in graph
    assert graph.value(DATASET, VOID.classes) is not None
    assert any(graph.objects(DATASET, VOID.classPartition))
    sources = URIRef(f"{DATASET}#property-source")
    assert int(graph.value(sources, VOID.distinctObjects)) > 10  # type: ignore[arg-type]
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_front_page_leads_somewhere(fixture_server: RunningServer) -> None:
    with fixture_server.client(follow_redirects=False) as client:
        response = client.get("/")
    assert response.status_code in (200, 307)
