"""Saved queries as an API: listing, typed parameters, OpenAPI routes (api/routes/queries.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from api_servers import FIXTURE_CAP, RunningServer


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
        whole = client.get("/queries/items-above", params={"minimum": 25})
    assert [row["rank"] for row in page.json()["rows"]] == [11, 12, 13, 14, 15]
    # 5 of 30 rows: the page holds less than the whole answer (it said "false" before).
    assert page.headers["x-ic2kg-truncated"] == "true"
    assert page.headers["x-ic2kg-total"] == "30"
    assert capped.headers["x-ic2kg-truncated"] == "true"
    assert capped.headers["x-ic2kg-total"] == "30"
    assert capped.json()["count"] == FIXTURE_CAP
    assert (whole.headers["x-ic2kg-truncated"], whole.headers["x-ic2kg-total"]) == ("false", "5")
    assert "link" not in whole.headers


def test_link_headers_walk_every_page(fixture_server: RunningServer) -> None:
    """A client that follows rel="next" (RFC 8288) from the default page gets every row once."""
    ranks: list[int] = []
    pages = []
    with fixture_server.client() as client:
        response = client.get("/queries/items-above", params={"limit": 12})
        while True:
            assert response.status_code == 200, response.text
            pages.append(response)
            ranks += [row["rank"] for row in response.json()["rows"]]
            if "next" not in response.links:
                break
            response = client.get(response.links["next"]["url"])
    assert ranks == list(range(1, 31))
    assert [p.json()["offset"] for p in pages] == [0, 12, 24]
    assert [p.headers["x-ic2kg-total"] for p in pages] == ["30"] * 3
    assert [p.headers["x-ic2kg-truncated"] for p in pages] == ["true"] * 3
    assert "prev" not in pages[0].links
    assert pages[2].links["prev"]["url"].endswith("limit=12&offset=12")
    assert pages[1].json()["next"] == pages[1].links["next"]["url"]
    assert pages[0].json()["total"] == 30


def test_default_page_is_100_rows(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        body = client.get("/queries/items-above").json()
        past_the_end = client.get("/queries/items-above", params={"offset": 40})
    assert (body["limit"], body["count"], body["total"]) == (100, FIXTURE_CAP, 30)
    assert body["truncated"] is True  # the 20-row cap cut the page
    assert body["next"].endswith(f"offset={FIXTURE_CAP}")
    assert past_the_end.json()["count"] == 0
    assert past_the_end.headers["x-ic2kg-total"] == "30"
    assert past_the_end.headers["x-ic2kg-truncated"] == "true"


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


@pytest.mark.parametrize("fmt", ["csv", "tsv", "text/csv"])
def test_format_parameter_works_like_accept(fixture_server: RunningServer, fmt: str) -> None:
    """pandas reads the URL (it sends no Accept header): it used to get JSON, a 0-row frame."""
    url = f"{fixture_server.url}/queries/items-above?minimum=26&format={fmt}"
    frame = pd.read_csv(url, sep="\t" if fmt == "tsv" else ",")
    assert list(frame.columns) == (["?item", "?rank"] if fmt == "tsv" else ["item", "rank"])
    assert len(frame) == 4
    with fixture_server.client() as client:
        response = client.get(url)
        as_json = client.get(url.replace(f"format={fmt}", "format=json"))
        overrides = client.get(url, headers={"Accept": "application/json"})
    assert response.headers["x-ic2kg-total"] == "4"
    assert overrides.headers["content-type"].startswith(response.headers["content-type"])
    assert as_json.json()["count"] == 4


def test_unknown_format_is_422(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        response = client.get("/queries/items-above", params={"format": "pdf"})
    assert response.status_code == 422
    assert response.json()["parameter"] == "format"
    assert "csv" in response.json()["detail"]


def test_unknown_parameters_get_422_with_the_closest_name(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        misspelt = client.get("/queries/funders-in-country", params={"cuntry": "ES"})
        two = client.get("/queries/items-above", params={"minimun": "3", "colour": "red"})
        reserved = client.get(
            "/queries/items-above",
            params={"lang": "zh", "format": "json", "limit": 3, "offset": 1},
        )
    assert misspelt.status_code == 422, misspelt.text
    assert misspelt.headers["content-type"] == "application/problem+json"
    problem = misspelt.json()
    assert (problem["parameter"], problem["suggestion"]) == ("cuntry", "country")
    assert "did you mean 'country'?" in problem["detail"]
    assert two.status_code == 422
    assert two.json()["unknown"] == ["minimun", "colour"]
    assert two.json()["suggestion"] == "minimum"
    assert reserved.status_code == 200, reserved.text
    assert [row["rank"] for row in reserved.json()["rows"]] == [2, 3, 4]


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
    assert set(parameters) == {"country", "lang", "limit", "offset", "format"}
    assert parameters["limit"]["schema"]["default"] == 100
    assert "default 100" in parameters["limit"]["description"]
    assert {"json", "csv", "tsv"} <= set(parameters["format"]["schema"]["enum"])
    headers = operation["responses"]["200"]["headers"]
    assert {"X-Ic2kg-Total", "X-Ic2kg-Truncated", "Link"} <= set(headers)
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


def test_curated_unfiltered_question_says_it_is_one_page(curated_server: RunningServer) -> None:
    """Without a country, question 1 has more rows than the default page: it used to answer
    100 rows with X-Ic2kg-Truncated: false, no total and no next link."""
    with curated_server.client() as client:
        page = client.get("/queries/cq-01-funders-by-country")
    total = int(page.headers["x-ic2kg-total"])
    assert total > 100
    assert page.headers["x-ic2kg-truncated"] == "true"
    assert page.json()["count"] == 100
    assert page.links["next"]["url"].endswith("offset=100")
