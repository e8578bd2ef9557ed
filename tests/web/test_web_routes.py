"""The JSON routes and server-rendered pages of api/routes/web.py, on the search fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from ic2kg import paths
from ic2kg.build import build
from ic2kg.namespaces import KG
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore

FIXTURE = Path(__file__).parent.parent / "resources" / "web" / "search.ttl"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The whole app (its lifespan builds the label index) on the search fixture."""
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, FIXTURE])
    with TestClient(create_app(Settings(), store=store, workers=1)) as test_client:
        yield test_client


def test_label_index_is_built_at_start_up(client: TestClient) -> None:
    state = client.app.state.ic2kg  # type: ignore[attr-defined]
    assert "web-label-index" in state.cache, "the lifespan should build the index once"


def test_search_json(client: TestClient) -> None:
    response = client.get("/search", params={"q": "西班牙", "lang": "zh"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["count"] == 1
    assert data["results"][0]["iri"] == str(KG["country-ES"])
    assert data["results"][0]["label"] == "西班牙"
    assert data["results"][0]["explore"] == "/explore/entity?iri=country-ES&lang=zh"


def test_search_rejects_unknown_kind_and_language(client: TestClient) -> None:
    assert client.get("/search", params={"q": "x", "kind": "planet"}).status_code == 422
    assert client.get("/search", params={"q": "x", "lang": "fr"}).status_code == 422


def test_front_page_renders_results_without_script(client: TestClient) -> None:
    page = client.get("/", params={"q": "Universita Cattolica"}).text
    assert 'href="/id/org-ucsc"' in page
    assert "Università Cattolica del Sacro Cuore" in page
    assert '<html lang="en"' in page


def test_front_page_in_chinese(client: TestClient) -> None:
    page = client.get("/", params={"q": "nsfc", "lang": "zh"}).text
    assert '<html lang="zh-Hans"' in page
    assert "搜索知识图谱" in page, "interface strings come from i18n/zh.json"
    assert "国家自然科学基金委员会" in page, "data labels follow the language"


def test_neighbourhood_lists_both_directions_with_property_labels(client: TestClient) -> None:
    data = client.get("/explore/neighbourhood", params={"iri": "kg:org-nsfc", "lang": "zh"}).json()
    links = {
        (n["iri"].removeprefix(str(KG)), link["direction"], link["label"])
        for n in data["neighbours"]
        for link in n["links"]
    }
    assert ("prog-nsfc-joint", "out", "资助") in links
    assert ("country-CN", "out", "所在国家") in links
    country = client.get("/explore/neighbourhood", params={"iri": "country-CN"}).json()
    assert {n["label"] for n in country["neighbours"]} == {
        "National Natural Science Foundation of China"
    }
    assert country["neighbours"][0]["links"][0]["direction"] == "in"


def test_unknown_or_malformed_entity(client: TestClient) -> None:
    missing = client.get("/explore/neighbourhood", params={"iri": "org-nowhere"})
    assert missing.status_code == 404
    assert "org-nowhere" in missing.json()["detail"]
    bad = client.get("/explore/neighbourhood", params={"iri": "http://x/<script>"})
    assert bad.status_code == 422
    assert client.get("/explore/entity", params={"iri": "org-nowhere"}).status_code == 404


def test_entity_page_links_to_full_description(client: TestClient) -> None:
    page = client.get("/explore/entity", params={"iri": "org-ucsc", "lang": "zh"}).text
    assert 'href="/id/org-ucsc"' in page
    assert "圣心天主教大学" in page and "UCSC" in page


def test_editor_examples_are_the_competency_questions_with_parameters_bound(
    client: TestClient,
) -> None:
    examples = client.get("/sparql-editor/examples").json()
    names = [e["name"] for e in examples]
    assert names and all(name.startswith("cq-") for name in names)
    funders = next(e for e in examples if e["name"] == "cq-01-funders-by-country")
    assert "<https://w3id.org/ic2kg/id/country-ES>" in funders["sparql"], "example bound"
    assert "#+" not in funders["sparql"]


def test_static_assets_are_served_locally(client: TestClient) -> None:
    for path in (
        "/static/web/common.js",
        "/static/web/i18n/zh.json",
        "/static/vendor/echarts/echarts.min.js",
        "/static/vendor/yasgui/yasgui.min.js",
    ):
        assert client.get(path).status_code == 200, path
