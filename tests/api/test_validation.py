"""POST /validate: SHACL report as JSON or Turtle; bad RDF and oversized bodies refused."""

from __future__ import annotations

from pathlib import Path

from api_servers import RunningServer
from rdflib import Graph
from rdflib.namespace import SH

from api.deps import MAX_UPLOAD_BYTES

CLI_RESOURCES = Path(__file__).parent.parent / "resources" / "cli"


def test_conforming_data_gets_a_conforming_report(curated_server: RunningServer) -> None:
    body = (CLI_RESOURCES / "conforming.ttl").read_bytes()
    with curated_server.client() as client:
        response = client.post("/validate", content=body, headers={"Content-Type": "text/turtle"})
    assert response.status_code == 200, response.text
    assert response.json()["conforms"] is True
    assert response.json()["violations"] == 0


def test_violations_are_reported_as_json_and_turtle(curated_server: RunningServer) -> None:
    body = (CLI_RESOURCES / "violating.ttl").read_bytes()
    headers = {"Content-Type": "text/turtle"}
    with curated_server.client() as client:
        as_json = client.post("/validate", content=body, headers=headers).json()
        as_turtle = client.post(
            "/validate", content=body, headers={**headers, "Accept": "text/turtle"}
        )
    assert as_json["conforms"] is False
    assert as_json["violations"] >= 1
    assert all(finding["message"] for finding in as_json["results"])
    report = Graph().parse(data=as_turtle.text, format="turtle")
    assert len(list(report.subjects(None, SH.ValidationResult))) == len(as_json["results"])


def test_ntriples_and_jsonld_bodies_are_read_by_content_type(
    curated_server: RunningServer,
) -> None:
    graph = Graph().parse(CLI_RESOURCES / "conforming.ttl", format="turtle")
    with curated_server.client() as client:
        nt = client.post(
            "/validate",
            content=graph.serialize(format="nt"),
            headers={"Content-Type": "application/n-triples"},
        )
        jsonld = client.post(
            "/validate",
            content=graph.serialize(format="json-ld"),
            headers={"Content-Type": "application/ld+json"},
        )
    assert nt.json()["triples"] == jsonld.json()["triples"] == len(graph)


def test_bad_rdf_is_400_with_its_line(curated_server: RunningServer) -> None:
    body = b"@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \n"
    with curated_server.client() as client:
        response = client.post("/validate", content=body, headers={"Content-Type": "text/turtle"})
    assert response.status_code == 400
    assert response.json()["line"] in (3, 4)
    assert "text/turtle" in response.json()["detail"]


def test_oversized_and_untyped_bodies_are_refused(curated_server: RunningServer) -> None:
    with curated_server.client() as client:
        huge = client.post(
            "/validate",
            content=b"#" * (MAX_UPLOAD_BYTES + 1),
            headers={"Content-Type": "text/turtle"},
        )
        untyped = client.post("/validate", content=b"<a:b> <a:c> <a:d> .")
    assert huge.status_code == 413
    assert untyped.status_code == 415
