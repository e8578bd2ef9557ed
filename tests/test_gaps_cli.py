"""The `ic2kg gaps` and `ic2kg report` commands (ic2kg.cli.gaps) on the gap fixture."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ic2kg.cli.main import main
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def store_path(gaps_store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A persistent store folder holding the fixture, which the CLI then uses as it is."""
    folder = tmp_path_factory.mktemp("gaps-store")
    persistent = EmbeddedStore(folder)
    persistent.load(gaps_store.dump("ntriples"), "ntriples")
    persistent.oxigraph.flush()
    del persistent
    return folder


def run(store_path: Path, *args: str) -> tuple[int, str]:
    extra = (
        ["--scope", "all"] if args[:2] in {("gaps", "opportunities"), ("gaps", "network")} else []
    )
    result = CliRunner().invoke(main, [*args, *extra, "--store-path", str(store_path)])
    return result.exit_code, result.output


def test_opportunities_json_for_a_country(store_path: Path) -> None:
    code, output = run(
        store_path, "gaps", "opportunities", "--country", "de", "--format", "json", "--top", "1"
    )
    assert code == 0, output
    data = json.loads(output)
    assert data["focus"]["label"] == "Germany"
    (first,) = data["opportunities"]
    assert first["b"]["label"] == "CN Funder"
    assert [s["priority"]["label"] for s in first["shared_priorities"]] == [
        "P1 Awareness",
        "P2 Big Data",
        "P3 Translation",
    ]


def test_coverage_csv_lists_uncovered_cells(store_path: Path) -> None:
    code, output = run(store_path, "gaps", "coverage", "--format", "csv")
    assert code == 0, output
    first_block = output.split("\n\n")[0]
    rows = list(csv.reader(io.StringIO(first_block)))
    assert rows[1][:2] == ["priority", "missing in"]
    assert [r[:2] for r in rows[2:]] == [
        ["P4 Market", "europe"],
        ["P5 Healthcare", "both"],
        ["A3.1 Clinical trials", "china"],
    ]


def test_other_commands_run(store_path: Path) -> None:
    for command in ("standards", "biobanks", "network"):
        code, output = run(store_path, "gaps", command, "--format", "json")
        assert code == 0, output
        assert json.loads(output)
    code, output = run(store_path, "gaps", "network", "--format", "html", "--lang", "zh")
    assert code == 0 and "<table" in output and "Joint ES-CN Project" in output


def test_bad_input_is_one_line_and_exit_2(store_path: Path) -> None:
    code, output = run(store_path, "gaps", "opportunities", "--country", "XX")
    assert code == 2
    assert "no country with ISO 3166-1 code 'XX'" in output
    code, output = run(
        store_path, "gaps", "opportunities", "--funder", "https://w3id.org/ic2kg/id/country-DE"
    )
    assert code == 2 and "not a funder" in output


def test_report_writes_html(store_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, output = run(store_path, "report", "--output", str(target))
    assert code == 0, output
    html = target.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 2, "heatmap and standards matrix"
    assert html.count('<figure class="network"') == 1, "the network picture, drawn in SVG"
    chinese = (tmp_path / "report.zh.html").read_text(encoding="utf-8")
    assert 'lang="zh-Hans"' in chinese, "the other language written beside it"
    assert 'class="lang" href="report.zh.html"' in html
    assert 'class="lang" href="report.html"' in chinese


def test_report_sibling_files_swap_the_language() -> None:
    from ic2kg.cli.gaps import sibling_file

    assert sibling_file(Path("out/report.html"), "zh") == Path("out/report.zh.html")
    assert sibling_file(Path("out/report.zh.html"), "en") == Path("out/report.en.html")
    assert sibling_file(Path("gap"), "zh") == Path("gap.zh.html")


@pytest.fixture(scope="module")
def record_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A persistent store holding the backtest fixture (tests/resources/gaps/backtest.ttl)."""
    from ic2kg import paths
    from ic2kg.build import build

    folder = tmp_path_factory.mktemp("gaps-record")
    store = EmbeddedStore(folder)
    build(
        store, [paths.ONTOLOGY_EDIT, paths.ROOT / "tests" / "resources" / "gaps" / "backtest.ttl"]
    )
    store.oxigraph.flush()
    del store
    return folder


def test_opportunities_as_of_a_year_with_roles(record_path: Path) -> None:
    code, output = run(
        record_path,
        "gaps",
        "opportunities",
        "--as-of",
        "2018",
        "--role",
        "research",
        "--format",
        "json",
    )
    assert code == 0, output
    data = json.loads(output)
    assert data["as_of"] == 2018 and data["role"] == "research"
    # As of 2018 the only research pair with no joint project and a link is three steps apart.
    assert [(o["a"]["label"], o["b"]["label"], o["b"]["role"]) for o in data["opportunities"]] == [
        ("ES Hospital", "CN University B", "research")
    ]
    # Default weights: distance weighs 0, so it is no reason (the pair is still three steps
    # apart, which its parts show).
    first = data["opportunities"][0]
    assert [(r["part"], r["weight"] > 0) for r in first["reasons"]] == [("activity", True)]
    assert first["parts"]["distance"] == 0.5
    code, output = run(record_path, "gaps", "opportunities", "--role", "ministry")
    assert code == 2 and "ministry" in output


@pytest.fixture(scope="module")
def learning_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A persistent store holding the learning fixture (tests/resources/gaps/learning.ttl)."""
    from ic2kg import paths
    from ic2kg.build import build

    folder = tmp_path_factory.mktemp("gaps-learning")
    store = EmbeddedStore(folder)
    build(
        store, [paths.ONTOLOGY_EDIT, paths.ROOT / "tests" / "resources" / "gaps" / "learning.ttl"]
    )
    store.oxigraph.flush()
    del store
    return folder


def test_evaluate_prints_the_backtest_table(learning_path: Path) -> None:
    code, output = run(
        learning_path,
        *("gaps", "evaluate", "--cutoff", "2018", "--k", "2", "--replicates", "20"),
    )
    assert code == 0, output
    assert "| cut-off | method | cap | P@2 | R@2 | AP |" in output
    assert "| 2018 | preferential attachment | none |" in output
    result = CliRunner().invoke(
        main,
        [
            *("gaps", "evaluate", "--cutoff", "2018", "--k", "2", "--replicates", "20"),
            *("--format", "json", "--store-path", str(learning_path)),
        ],
    )
    assert result.exit_code == 0, result.output
    # The progress line goes to stderr; stdout is the JSON alone.
    assert json.loads(result.stdout)["cutoffs"][0]["windows"] == [2015, 2016]


def test_evaluate_without_a_record_to_learn_from_says_so(record_path: Path) -> None:
    code, output = run(record_path, "gaps", "evaluate", "--cutoff", "2018", "--replicates", "20")
    assert code == 2 and "no new European-Chinese pair to learn from" in output


def test_model_prints_readable_parameters(learning_path: Path) -> None:
    code, output = run(learning_path, "gaps", "model")
    assert code == 0, output
    data = json.loads(output)
    assert data["windows"] == [2015, 2016, 2017] and "eu_degree" in data["coefficients"]


def test_network_focus_lists_the_neighbourhood(record_path: Path) -> None:
    code, output = run(
        record_path,
        "gaps",
        "network",
        "--focus",
        "https://w3id.org/ic2kg/id/org-es-hosp",
        "--format",
        "json",
    )
    assert code == 0, output
    data = json.loads(output)
    assert data["focus"]["label"] == "ES Hospital"
    assert {n["label"] for n in data["nodes"] if n["hops"] == 1} == {"Project B", "Project D"}
