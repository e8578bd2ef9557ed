"""/downloads/ (the release files of the served graph), /ontology/context.jsonld and the VoID
description that points to them (api/routes/downloads.py, ic2kg/void.py; issue 27)."""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from typing import Any

import httpx
import pytest
from api_servers import RunningServer, start_server
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, VOID, XSD

from api.main import create_app
from api.routes import downloads as downloads_route
from ic2kg.release import CHECKSUMS
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore
from ic2kg.void import DATASET, dataset_modified

SERVED = {
    "ic2kg-graph.nt",
    "ic2kg-graph.ttl",
    "ic2kg-graph.jsonld",
    "void.ttl",
    "ontology/context.jsonld",
    "mappings/entities.sssom.tsv",
    CHECKSUMS,
}


def test_downloads_are_the_served_graph_with_checksums(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        listing = client.get("/downloads").json()
        files = {f["name"]: f for f in listing["files"]}
        assert SERVED <= set(files)
        sums = client.get(f"/downloads/{CHECKSUMS}").text
        for line in sums.splitlines():
            digest, _, name = line.partition("  ")
            data = client.get(f"/downloads/{name}").content
            assert hashlib.sha256(data).hexdigest() == digest == files[name]["sha256"], name
        ntriples = client.get("/downloads/ic2kg-graph.nt")
        turtle = client.get("/downloads/ic2kg-graph.ttl")
        triples = client.get("/health").json()["triples"]
    assert ntriples.headers["content-type"] == "application/n-triples"
    assert turtle.headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(Graph().parse(data=ntriples.text, format="nt")) == triples
    assert listing["modified"] == dataset_modified().isoformat()


def test_downloads_have_etags_and_compression(fixture_server: RunningServer) -> None:
    url = f"{fixture_server.url}/downloads/ic2kg-graph.nt"
    plain = httpx.get(url, headers={"Accept-Encoding": "identity"})
    packed = httpx.get(url, headers={"Accept-Encoding": "gzip"})
    with httpx.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())  # the bytes sent, before httpx decodes them
    digest = hashlib.sha256(plain.content).hexdigest()
    assert plain.headers["etag"] == f'"{digest}"' and "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["etag"] == f'"{digest}-gzip"'
    assert packed.content == plain.content and gzip.decompress(raw) == plain.content
    assert len(raw) < len(plain.content)
    current = {"If-None-Match": packed.headers["etag"], "Accept-Encoding": "gzip"}
    again = httpx.get(url, headers=current)
    assert again.status_code == 304 and again.content == b""
    other = httpx.get(url, headers={**current, "Accept-Encoding": "identity"})
    assert other.status_code == 200, "the gzip form's ETag is not the plain file's"
    head = httpx.head(url, headers={"Accept-Encoding": "identity"})
    assert head.status_code == 200 and head.headers["etag"] == plain.headers["etag"]
    missing = httpx.get(f"{fixture_server.url}/downloads/nothing.ttl")
    assert missing.status_code == 404 and "ic2kg-graph.ttl" in missing.json()["hint"]


def test_context_jsonld_is_served(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        response = client.get("/ontology/context.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert "@context" in json.loads(response.text)


def test_void_names_dumps_endpoint_date_and_answers_with_them(
    fixture_server: RunningServer,
) -> None:
    with fixture_server.client() as client:
        void = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
        base = fixture_server.url + "/"
        assert (DATASET, VOID.sparqlEndpoint, URIRef(f"{base}sparql")) in void
        assert (
            DATASET,
            DCTERMS.modified,
            Literal(dataset_modified().isoformat(), datatype=XSD.date),
        ) in void
        dumps = set(void.objects(DATASET, VOID.dataDump))
        assert {str(d).rpartition("/")[2] for d in dumps} == {
            "ic2kg-graph.nt",
            "ic2kg-graph.ttl",
            "ic2kg-graph.jsonld",
        }
        for dump in dumps:
            assert client.head(str(dump)).status_code == 200, dump


def test_void_counts_agree_with_stats_and_list_linksets(curated_server: RunningServer) -> None:
    """Issue 27: /stats said 5,328 entities where VoID said 5,442; VoID had no linksets."""
    with curated_server.client() as client:
        stats = client.get("/stats").json()
        void = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    assert int(str(void.value(DATASET, VOID.entities))) == stats["entities"]
    assert int(str(void.value(DATASET, VOID.triples))) == stats["triples"]
    assert stats["labelled_entities"] <= stats["entities"]
    linksets = {
        str(void.value(void.value(ls, VOID.objectsTarget), VOID.uriSpace)): ls
        for ls in void.subjects(RDF.type, VOID.Linkset)
        if void.value(ls, VOID.linkPredicate) == SKOS.exactMatch
    }
    assert {"https://ror.org/", "http://www.wikidata.org/entity/"} <= set(linksets)
    ror = linksets["https://ror.org/"]
    assert (DATASET, VOID.subset, ror) in void
    assert int(str(void.value(ror, VOID.triples))) > 1000


def test_a_request_during_preparation_is_told_to_retry(
    fixture_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Making the full graph's files takes tens of seconds: no client waits that long."""
    from ic2kg import release

    made = release.artefacts
    gate = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> dict[str, bytes]:
        gate.wait(30)
        return made(*args, **kwargs)

    monkeypatch.setattr(release, "artefacts", slow)
    monkeypatch.setattr(downloads_route, "PREPARE_WAIT", 0.1)
    running = start_server(create_app(Settings(), store=fixture_store, workers=1))
    try:
        with running.client() as client:
            waiting = client.get("/downloads/ic2kg-graph.ttl")
            gate.set()
            for _ in range(100):
                ready = client.get("/downloads/ic2kg-graph.ttl")
                if ready.status_code == 200:
                    break
    finally:
        running.stop()
    assert waiting.status_code == 503 and waiting.headers["retry-after"] == "30"
    assert waiting.headers["content-type"] == "application/problem+json"
    assert ready.status_code == 200
