"""Saved queries as an API: listing, typed parameters, OpenAPI routes (api/routes/queries.py)."""

from __future__ import annotations

from api_servers import RunningServer


def test_lists_the_library_with_parameters(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        listing = client.get("/queries").json()
    names = [query["name"] for query in listing["data"]]
    assert names == ["funders-in-country", "items-above", "item-without-label-violation"]
    funders = listing["data"][0]
    assert funders["summary"] == "Funding organisations of a country"
    assert [(p["name"], p["type"], p["required"]) for p in funders["parameters"]] == [
        ("country", "country_code", True),
        ("lang", "language", False),
    ]
    assert funders["url"].endswith("/queries/funders-in-country")


def test_runs_a_query_with_typed_parameters(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        spain = client.get("/queries/funders-in-country", params={"country": "es"}).json()
        chinese = client.get(
            "/queries/funders-in-country", params={"country": "ES", "lang": "zh"}
        ).json()
        above = client.get("/queries/items-above", params={"minimum": "27"}).json()
    assert spain["rows"] == [
        {"funder": "https://w3id.org/ic2kg/id/org-alpha", "label": "Alpha Funding Agency"}
    ]
    assert chinese["rows"][0]["label"] == "阿尔法资助机构"
    assert above["rows"] == [
        {"item": f"https://w3id.org/ic2kg/id/item-{n}", "rank": n} for n in (28, 29, 30)
    ]


def test_paging_and_result_cap(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        page = client.get("/queries/items-above", params={"limit": 5, "offset": 10})
        capped = client.get("/queries/items-above", params={"limit": 1000})
    assert [row["rank"] for row in page.json()["rows"]] == [11, 12, 13, 14, 15]
    assert page.headers["x-ic2kg-truncated"] == "false"
    assert capped.headers["x-ic2kg-truncated"] == "true"
    assert capped.json()["count"] == 20


def test_csv_by_content_negotiation(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        response = client.get(
            "/queries/funders-in-country",
            params={"country": "DE"},
            headers={"Accept": "text/csv"},
        )
    assert response.text.splitlines() == [
        "funder,label",
        "https://w3id.org/ic2kg/id/org-beta,Beta Research Council",
    ]


def test_bad_parameters_get_422_naming_the_parameter(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        unknown_country = client.get("/queries/funders-in-country", params={"country": "QQ"})
        missing = client.get("/queries/funders-in-country")
        not_a_number = client.get("/queries/items-above", params={"minimum": "ten"})
        wrong_lang = client.get(
            "/queries/funders-in-country", params={"country": "ES", "lang": "fr"}
        )
    for response, parameter in (
        (unknown_country, "country"),
        (missing, "country"),
        (not_a_number, "minimum"),
        (wrong_lang, "lang"),
    ):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["parameter"] == parameter


def test_unknown_query_is_404(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        response = client.get("/queries/no-such-query")
    assert response.status_code == 404
    assert "no saved query 'no-such-query'" in response.json()["detail"]


def test_every_saved_query_has_its_own_openapi_operation(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        document = client.get("/openapi.json").json()
    operation = document["paths"]["/queries/funders-in-country"]["get"]
    assert operation["summary"] == "Funding organisations of a country"
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["country"]["required"] is True
    assert parameters["country"]["schema"]["anyOf"][0]["pattern"] == "^[A-Za-z]{2}$"
    assert set(parameters) == {"country", "lang", "limit", "offset"}
    assert "/queries/items-above" in document["paths"]


def test_curated_library_answers_a_true_fact(curated_server: RunningServer) -> None:
    """ISCIII funds personalised-medicine research in Spain (ERA PerMed partner)."""
    with curated_server.client() as client:
        listing = client.get("/queries").json()
        funders = client.get("/queries/cq-01-funders-by-country", params={"country": "ES"})
    assert listing["count"] >= 15
    assert funders.status_code == 200, funders.text
    found = {row["funder"] for row in funders.json()["rows"]}
    assert "https://w3id.org/ic2kg/id/org-isciii" in found
