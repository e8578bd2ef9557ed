"""GET and POST /lookup: which entity an external identifier is (api/routes/lookup.py)."""

from __future__ import annotations

from api_servers import RunningServer

KG = "https://w3id.org/ic2kg/id/"


def test_get_lookup_reads_every_form(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        for form in ("Q42", "wikidata:Q42", "https://www.wikidata.org/wiki/Q42"):
            answer = client.get("/lookup", params={"id": form}).json()
            assert answer["id"] == form
            assert [(m["entity"], m["how"]) for m in answer["matches"]] == [
                (KG + "org-alpha", "identifier")
            ], form
        none = client.get("/lookup", params={"id": "Q43"})
        bad = client.get("/lookup", params={"id": "nope:1"})
    assert none.status_code == 200 and none.json()["matches"] == []
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    assert "unknown CURIE prefix 'nope'" in bad.json()["detail"]


def test_post_lookup_answers_a_batch_in_order(fixture_server: RunningServer) -> None:
    ids = ["wikidata:Q42", "nope:1", "Q43", *["Q42"] * 997]
    with fixture_server.client() as client:
        answer = client.post("/lookup", json={"ids": ids}).json()
        too_many = client.post("/lookup", json={"ids": ["Q42"] * 1001})
    assert answer["count"] == 1000 and answer["found"] == 998
    first, bad, none = answer["results"][:3]
    assert first["matches"][0]["entity"] == KG + "org-alpha"
    assert bad["error"] == "unknown CURIE prefix 'nope'" and bad["matches"] == []
    assert none == {"id": "Q43", "matches": [], "error": None}
    assert too_many.status_code == 422


def test_lookup_reads_crossref_doi_forms(curated_server: RunningServer) -> None:
    """Issue 27: Crossref's DOI forms of a Funder ID were rejected."""
    forms = ["10.13039/501100004587", "https://doi.org/10.13039/501100004587"]
    with curated_server.client() as client:
        answers = client.post("/lookup", json={"ids": forms}).json()["results"]
    for answer in answers:
        assert {m["entity"] for m in answer["matches"]} == {KG + "org-isciii"}, answer
        assert {m["reference"] for m in answer["matches"]} == {"funderregistry:501100004587"}
