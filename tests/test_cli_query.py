"""The queries, query and sparql commands (ic2kg/cli/query.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from servers import SparqlServer, oxigraph_server  # noqa: F401 (fixture)

from ic2kg.cli.main import main


def test_queries_lists_every_library_query() -> None:
    result = CliRunner().invoke(main, ["queries", "--format", "json"])
    assert result.exit_code == 0, result.output
    names = {spec["name"] for spec in json.loads(result.output)}
    assert {"cq-01-funders-by-country", "membership-without-source-violation"} <= names


def test_query_prints_isciii_among_spanish_funders_as_csv() -> None:
    result = CliRunner().invoke(
        main,
        ["query", "cq-01-funders-by-country", "--param", "country=ES", "--format", "csv"],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert "https://w3id.org/ic2kg/id/org-isciii" in {row["funder"] for row in rows}


def test_query_json_is_sparql_results_with_chinese_labels() -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "cq-01-funders-by-country",
            "-p",
            "country=ES",
            "--lang",
            "zh",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    labels = {b["funderLabel"]["value"] for b in bindings}
    assert "卡洛斯三世健康研究所" in labels


def test_query_limit_and_table() -> None:
    result = CliRunner().invoke(
        main, ["query", "cq-06-network-member-countries", "-p", "network=kg:ri-bbmri-eric",
               "--limit", "3"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 rows" in result.output


def test_bad_parameter_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(main, ["query", "cq-01-funders-by-country", "-p", "country=XX"])
    assert result.exit_code == 2
    assert "parameter 'country'" in result.output
    assert "Traceback" not in result.output


def test_unknown_query_and_malformed_param_exit_2() -> None:
    assert CliRunner().invoke(main, ["query", "cq-99-nothing"]).exit_code == 2
    result = CliRunner().invoke(main, ["query", "cq-01-funders-by-country", "-p", "country"])
    assert result.exit_code == 2
    assert "KEY=VALUE" in result.output


def test_sparql_runs_text_and_file(tmp_path: object) -> None:
    result = CliRunner().invoke(
        main, ["sparql", "ASK { kg:org-isciii ic2kg:country kg:country-ES }", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"boolean": True}
    bad = CliRunner().invoke(main, ["sparql", "SELECT ?x WHERE {"])
    assert bad.exit_code == 2
    assert "syntax error" in bad.output


def test_unreachable_endpoint_exit_2() -> None:
    from servers import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(main, ["sparql", "ASK {}", "--endpoint", url])
    assert result.exit_code == 2
    assert url in result.output


@pytest.mark.server
def test_build_and_query_on_an_oxigraph_server(oxigraph_server: SparqlServer) -> None:  # noqa: F811
    url = oxigraph_server.query_url
    built = CliRunner().invoke(main, ["build", "--endpoint", url, "--quiet"])
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(
        main,
        ["query", "cq-01-funders-by-country", "-p", "country=ES", "--format", "csv",
         "--endpoint", url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert "https://w3id.org/ic2kg/id/org-isciii" in {row["funder"] for row in rows}
