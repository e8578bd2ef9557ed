"""The /gaps routes (api/routes/gaps.py) on the gap fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import problems
from api.deps import start_state
from api.routes import gaps
from ic2kg.namespaces import KG
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def client(gaps_store: EmbeddedStore) -> Iterator[TestClient]:
    """The gaps router alone on the fixture, with the state and problem handlers of the app."""
    app = FastAPI()
    problems.install(app)
    app.include_router(gaps.router)
    state = start_state(Settings(), gaps_store, workers=1)
    app.state.ic2kg = state
    try:
        with TestClient(app) as test_client:
            yield test_client
    finally:
        state.close()


def test_opportunities_for_a_country(client: TestClient) -> None:
    response = client.get("/gaps/opportunities", params={"scope": "all", "country": "DE", "top": 1})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["focus"]["label"] == "Germany"
    assert [o["b"]["label"] for o in data["opportunities"]] == ["CN Funder"]
    steps = data["opportunities"][0]["shared_priorities"][0]["paths_a"][0]["steps"]
    assert steps[-1]["sources"] == ["https://example.org/src/call-de-text"]


def test_coverage_and_uncovered_cells(client: TestClient) -> None:
    data = client.get("/gaps/coverage").json()
    assert [(u["priority"]["label"], u["missing_in"]) for u in data["uncovered"]] == [
        ("P4 Market", "europe"),
        ("P5 Healthcare", "both"),
        ("A3.1 Clinical trials", "china"),
    ]


def test_other_routes_answer(client: TestClient) -> None:
    assert client.get("/gaps/standards").json()["gaps"][0]["lacks"]["label"] == "MIABIS"
    assert client.get("/gaps/biobanks").json()["pairs"][0]["europe"]["label"] == "DE Biobank"
    brokers = client.get("/gaps/network", params={"top": 1, "scope": "all"}).json()["brokers"]
    assert [b["node"]["label"] for b in brokers] == ["Joint ES-CN Project"]


def test_bad_country_is_a_problem(client: TestClient) -> None:
    response = client.get("/gaps/opportunities", params={"scope": "all", "country": "XX"})
    assert response.status_code == 422
    assert "XX" in response.text


def test_report_is_drawn_once_per_language(client: TestClient) -> None:
    state = client.app.state.ic2kg  # type: ignore[attr-defined]
    first = client.get("/gaps/report")
    assert first.status_code == 200, first.text
    assert "<html" in first.text[:500]
    drawn = state.cache["gaps-report:en"]
    assert client.get("/gaps/report").text == first.text == drawn
    chinese = client.get("/gaps/report", params={"lang": "zh"})
    assert chinese.text != first.text and state.cache["gaps-report:zh"] == chinese.text
    shorter = client.get("/gaps/report", params={"top": 1})
    assert shorter.status_code == 200 and shorter.text != first.text
    assert sorted(k for k in state.cache if k.startswith("gaps-report")) == [
        "gaps-report:en",
        "gaps-report:zh",
    ]


def test_opportunities_give_roles_and_plain_reasons(client: TestClient) -> None:
    data = client.get("/gaps/opportunities", params={"scope": "all", "country": "DE"}).json()
    assert data["scoring"] == "docs/gaps.md#how-opportunities-are-scored"
    first = data["opportunities"][0]
    assert set(first) >= {"rank", "a", "b", "score", "parts", "reasons"}
    assert (first["a"]["label"], first["a"]["role"]) == ("DE Funder", "funder")
    assert (first["b"]["label"], first["b"]["role"]) == ("CN Funder", "funder")
    texts = [r["text"] for r in first["reasons"]]
    assert "DE Funder and CN Funder are both members of Fixture Network." in texts
    assert all(
        r["sources"] and r["sources"][0]["domain"] == "example.org" for r in first["reasons"]
    )
    chinese = client.get(
        "/gaps/opportunities", params={"scope": "all", "country": "DE", "lang": "zh"}
    ).json()
    assert "DE Funder和中国资助方都是Fixture Network的成员。" in [
        r["text"] for r in chinese["opportunities"][0]["reasons"]
    ]


def test_role_filter_keeps_partners_of_that_role(client: TestClient) -> None:
    funders = client.get("/gaps/opportunities", params={"scope": "all", "role": "funder"}).json()
    assert funders["opportunities"]
    assert {o["b"]["role"] for o in funders["opportunities"]} == {"funder"}
    biobanks = client.get("/gaps/opportunities", params={"scope": "all", "role": "biobank"}).json()
    assert [(o["a"]["label"], o["b"]["label"]) for o in biobanks["opportunities"]] == [
        ("DE Biobank", "CN Biobank")
    ]
    assert (
        client.get("/gaps/opportunities", params={"scope": "all", "role": "hospital"}).json()[
            "opportunities"
        ]
        == []
    )


def test_priority_filter_and_its_bad_value(client: TestClient) -> None:
    p2 = "https://w3id.org/ic2kg/id/ap-p2"
    data = client.get(
        "/gaps/opportunities", params={"scope": "all", "partners": "country", "priority": p2}
    ).json()
    assert data["priority"]["iri"] == p2
    assert [(o["a"]["label"], o["b"]["label"]) for o in data["opportunities"]] == [
        ("Germany", "China")
    ]
    response = client.get(
        "/gaps/opportunities", params={"scope": "all", "priority": "https://example.org/x"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["parameter"] == "priority"


@pytest.mark.parametrize(
    ("path", "top"),
    [("/gaps/opportunities", 2_001), ("/gaps/network", 1_001), ("/gaps/report", 501)],
)
def test_answers_longer_than_a_client_waits_are_refused(
    client: TestClient, path: str, top: int
) -> None:
    response = client.get(path, params={"top": top})
    assert response.status_code == 422, response.text
    assert "less than or equal" in response.text
    assert client.get(path, params={"top": top - 1}).status_code == 200


def test_unknown_role_is_422(client: TestClient) -> None:
    response = client.get("/gaps/opportunities", params={"scope": "all", "role": "ministry"})
    assert response.status_code == 422
    assert "funder" in response.text


def test_network_with_focus_is_the_neighbourhood(client: TestClient) -> None:
    focus = "https://w3id.org/ic2kg/id/org-es-institute"
    data = client.get("/gaps/network", params={"focus": focus}).json()
    assert data["focus"] == {"iri": focus, "label": "ES Institute"}
    by_label = {n["label"]: n for n in data["nodes"]}
    # Two steps: its project, then the project's other participants.
    assert by_label["ES Institute"]["hops"] == 0
    assert by_label["Joint ES-CN Project"]["hops"] == 1
    assert {k for k, n in by_label.items() if n["hops"] == 2} == {"CN Funder", "CN University"}
    assert by_label["CN University"]["role"] == "research"
    assert by_label["Joint ES-CN Project"]["betweenness"] > 0
    assert {(e["source"], e["target"]) for e in data["edges"]} >= {
        (focus, "https://w3id.org/ic2kg/id/proj-joint")
    }
    country = client.get("/gaps/network", params={"focus": "ES"}).json()
    assert country["focus"]["label"] == "Spain"
    assert (
        client.get(
            "/gaps/network", params={"focus": "https://w3id.org/ic2kg/id/call-de"}
        ).status_code
        == 422
    )
    # Without focus the report of brokers stays as it was.
    assert "brokers" in client.get("/gaps/network").json()


def test_ranking_needs_a_focus(client: TestClient) -> None:
    response = client.get("/gaps/ranking")
    assert response.status_code == 422 and "focus" in response.text


def test_scoring_page_describes_the_model_in_both_languages(client: TestClient) -> None:
    english = client.get("/gaps/scoring")
    assert english.status_code == 200, english.text
    assert "How opportunities are scored" in english.text and "What it cannot know" in english.text
    assert "eu_recent" in english.text
    chinese = client.get("/gaps/scoring", params={"lang": "zh"})
    assert chinese.status_code == 200 and "合作机会如何评分" in chinese.text


def test_profile_route_gives_capacity_and_refuses_non_organisations(client: TestClient) -> None:
    # The fixture has no PM-lens assessments: a biobank is in the PM views by its capacity
    # alone, a research organisation is not.
    biobank = client.get("/gaps/profile", params={"organisation": f"{KG}bb-de"}).json()
    assert biobank["capacity"] == ["biobank"] and biobank["in_scope"] is True
    assert biobank["pm_activity"] is False and biobank["activities"] == []
    lab = client.get("/gaps/profile", params={"organisation": f"{KG}org-de-isolated"}).json()
    assert lab["in_scope"] is False and lab["capacity"] == []
    response = client.get("/gaps/profile", params={"organisation": f"{KG}country-DE"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
