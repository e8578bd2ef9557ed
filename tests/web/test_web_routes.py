"""The JSON routes and server-rendered pages (api/routes/web.py, web_data.py, the entity pages of
entities.py), on the search fixture."""

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
    # Spain, then what is named or based there: the translated name of org-hispania and the
    # two Spanish entities without a Chinese name.
    assert data["total"] == 4 and data["count"] == 4
    assert data["results"][0]["iri"] == str(KG["country-ES"])
    assert data["results"][0]["label"] == "西班牙"
    assert data["results"][0]["href"] == "/id/country-ES?lang=zh"
    assert data["country"]["label"] == "西班牙"
    hispania = next(r for r in data["results"] if r["iri"] == str(KG["org-hispania"]))
    assert hispania["label"] == "西班牙科技基金会" and hispania["translated"] is True
    assert data["results"][0]["translated"] is False


def test_search_json_pages_and_counts(client: TestClient) -> None:
    first = client.get("/search", params={"q": "spain", "limit": 1}).json()
    second = client.get("/search", params={"q": "spain", "limit": 1, "offset": 1}).json()
    assert (first["total"], first["count"], first["offset"]) == (4, 1, 0)
    assert first["results"][0]["iri"] != second["results"][0]["iri"]
    close = client.get("/search", params={"q": "Spian"}).json()
    assert close["close"] is True and close["results"][0]["iri"] == str(KG["country-ES"])


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
    assert country["neighbours"][0]["links"][0]["label"] == "based here", "the inverse wording"


def test_unknown_or_malformed_entity(client: TestClient) -> None:
    missing = client.get("/explore/neighbourhood", params={"iri": "org-nowhere"})
    assert missing.status_code == 404
    assert "org-nowhere" in missing.json()["detail"]
    bad = client.get("/explore/neighbourhood", params={"iri": "http://x/<script>"})
    assert bad.status_code == 422
    missing_page = client.get("/id/org-nowhere", headers={"Accept": "text/html"})
    assert missing_page.status_code == 404
    assert "text/html" in missing_page.headers["content-type"], "a browser gets a page"
    assert 'role="search"' in missing_page.text and 'value="org nowhere"' in missing_page.text
    api = client.get("/id/org-nowhere", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.headers["content-type"] == "application/problem+json"
    anything = client.get("/id/org-nowhere", headers={"Accept": "*/*"})
    assert anything.headers["content-type"] == "application/problem+json", "curl keeps JSON"
    no_route = client.get("/no/such/page", headers={"Accept": "text/html,*/*;q=0.8"})
    assert no_route.status_code == 404 and 'role="search"' in no_route.text


def test_old_neighbourhood_page_redirects_to_the_entity_page(client: TestClient) -> None:
    response = client.get(
        "/explore/entity", params={"iri": "org-ucsc", "lang": "zh"}, follow_redirects=False
    )
    assert response.status_code == 301
    assert response.headers["location"] == "/id/org-ucsc?lang=zh#neighbourhood"


def test_entity_page_in_the_site_layout_and_language(client: TestClient) -> None:
    page = client.get("/id/org-ucsc", params={"lang": "zh"}, headers={"Accept": "text/html"}).text
    assert '<html lang="zh-Hans"' in page and 'class="lang-switch"' in page, "site layout"
    assert "<h1>" in page and "圣心天主教大学" in page and "UCSC" in page
    assert 'id="neighbourhood"' in page, "the neighbourhood picture is on the page"
    english = client.get("/id/org-nsfc", headers={"Accept": "text/html"}).text
    assert "<dt>funds</dt>" in english, "outgoing links under the ontology's wording"
    assert "ic2kg:" not in english and "dcterms:" not in english, "no raw CURIEs"
    assert "application/ld+json</a>" not in english and ">JSON-LD</a>" in english
    assert '<span class="domain">example.org</span>' in english, "sources show their domain"
    programme = client.get("/id/prog-nsfc-joint", headers={"Accept": "text/html"}).text
    assert "<dt>funded by</dt>" in programme, "incoming ic2kg:funds read backwards"
    spain = client.get("/id/country-ES", headers={"Accept": "text/html"}).text
    assert "<dt>based here</dt>" in spain
    assert spain.count('href="/id/org-hispania"') == 1, "no repeats"


def test_entity_page_marks_translations_and_keeps_standard_numbers(client: TestClient) -> None:
    hispania = client.get("/id/org-hispania?lang=zh", headers={"Accept": "text/html"}).text
    assert 'class="translated"' in hispania and "译名" in hispania
    nsfc = client.get("/id/org-nsfc?lang=zh", headers={"Accept": "text/html"}).text
    assert 'class="label">国家自然科学基金委员会</span><abbr' not in nsfc, "published name"
    standard = client.get("/id/std-iso-20387?lang=zh", headers={"Accept": "text/html"}).text
    assert '<span class="number">ISO 20387:2018</span> <span class="label">生物样本库通用要求' in (
        standard
    )


def test_editor_examples_are_the_competency_questions_with_parameters_bound(
    client: TestClient,
) -> None:
    examples = client.get("/sparql-editor/examples").json()
    names = [e["name"] for e in examples]
    assert names and all(name.startswith("cq-") for name in names)
    funders = next(e for e in examples if e["name"] == "cq-01-funders-by-country")
    assert "<https://w3id.org/ic2kg/id/country-ES>" in funders["sparql"], "example bound"
    assert "#+" not in funders["sparql"]


def test_editor_labels_name_entities_classes_and_properties(client: TestClient) -> None:
    ontology = "https://w3id.org/ic2kg/ontology#"
    asked = [
        str(KG["country-ES"]),
        ontology + "Country",
        ontology + "funds",
        "https://example.org/x",
    ]
    english = client.post("/sparql-editor/labels", json={"iris": asked}).json()
    assert english == {asked[0]: "Spain", asked[1]: "country", asked[2]: "funds"}
    chinese = client.post("/sparql-editor/labels", json={"iris": asked, "lang": "zh"}).json()
    assert chinese[asked[0]] == "西班牙" and asked[3] not in chinese
    too_many = client.post("/sparql-editor/labels", json={"iris": ["x"] * 5_001})
    assert too_many.status_code == 422


def test_static_assets_are_served_locally(client: TestClient) -> None:
    for path in (
        "/static/web/common.js",
        "/static/web/i18n/zh.json",
        "/static/vendor/echarts/echarts.min.js",
        "/static/vendor/yasgui/yasgui.min.js",
    ):
        assert client.get(path).status_code == 200, path


def test_network_drawing_keeps_every_two_nodes_apart_inside_the_drawing() -> None:
    import networkx as nx

    from api.routes.web_data import NETWORK_BORDER, NETWORK_GAP, NETWORK_SIZE, _drawn

    # A chain of 20 and a hub with 12 leaves at its end: scaled to the drawing, Kamada-Kawai puts
    # two leaves 19 px apart (the chain sets the scale).
    graph = nx.path_graph(20)
    graph.add_edges_from((0, 100 + leaf) for leaf in range(12))
    order = sorted(graph.nodes)
    drawn = _drawn(graph, order)
    points = [drawn[n] for n in order]
    for i, (ax, ay) in enumerate(points):
        assert NETWORK_BORDER <= ax <= NETWORK_SIZE[0] - NETWORK_BORDER
        assert NETWORK_BORDER <= ay <= NETWORK_SIZE[1] - NETWORK_BORDER
        for bx, by in points[i + 1 :]:
            assert ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 >= NETWORK_GAP
