"""The core CLI commands: exit codes and output, with good, malformed and violating input."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner
from rdflib import Graph

from ic2kg.cli.main import main

CLI_RESOURCES = Path(__file__).parent / "resources" / "cli"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_prints_counts_per_class() -> None:
    code, out, _ = run("build", "--quiet")
    assert code == 0
    assert "Built" in out and "triples" in out
    assert "Country" in out


def test_validate_conforming_file_exits_zero() -> None:
    code, out, _ = run("validate", str(CLI_RESOURCES / "conforming.ttl"))
    assert code == 0, out
    assert out.startswith("Conforms")


def test_validate_violating_file_exits_one_and_names_shapes() -> None:
    code, out, _ = run("validate", str(CLI_RESOURCES / "violating.ttl"))
    assert code == 1
    assert "2 violation(s)" in out
    assert "shp:CallShape" in out and "kg:call-orphan" in out
    assert "kg:org-unsourced" in out and "dcterms:source" in out


def test_validate_json_format_lists_results() -> None:
    code, out, _ = run("validate", "--format", "json", str(CLI_RESOURCES / "violating.ttl"))
    assert code == 1
    payload = json.loads(out)
    assert payload["conforms"] is False
    focuses = {r["focus"] for r in payload["results"] if r["severity"] == "Violation"}
    assert focuses == {"kg:call-orphan", "kg:org-unsourced"}


def test_validate_in_batches_reports_the_same_results() -> None:
    whole = json.loads(run("validate", "--format", "json", str(CLI_RESOURCES / "violating.ttl"))[1])
    code, out, err = run(
        "validate", "--batch-size", "1", "--format", "json", str(CLI_RESOURCES / "violating.ttl")
    )
    assert code == 1
    batched = json.loads(out)
    assert batched["conforms"] is False
    assert sorted(batched["results"], key=json.dumps) == sorted(whole["results"], key=json.dumps)
    assert "entities validated" in err


def test_validate_in_batches_has_no_turtle_report() -> None:
    code, _, err = run(
        "validate", "--batch-size", "10", "--format", "turtle", str(CLI_RESOURCES / "violating.ttl")
    )
    assert code == 2
    assert "--batch-size" in err


def test_validate_turtle_format_is_a_shacl_report() -> None:
    code, out, _ = run("validate", "--format", "turtle", str(CLI_RESOURCES / "violating.ttl"))
    assert code == 1
    report = Graph().parse(data=out, format="turtle")
    assert len(report) > 0


def test_malformed_turtle_gives_file_line_and_exit_two() -> None:
    code, _, err = run("validate", str(CLI_RESOURCES / "malformed.ttl"))
    assert code == 2
    assert "malformed.ttl" in err
    assert "line 4" in err


def test_stats_json_counts_countries_and_labels() -> None:
    code, out, _ = run("stats", "--format", "json")
    assert code == 0
    stats = json.loads(out)
    assert stats["classes"]["Country"] >= 30
    assert stats["with_chinese_label"] > 0 and stats["triples"] > 500


def test_export_ntriples_is_sorted_and_parses(tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    code, _, _ = run("export", "--format", "ntriples", "--output", str(target))
    assert code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(list(ox.parse(path=target, format=ox.RdfFormat.N_TRIPLES))) == len(lines)


def test_export_turtle_to_stdout_round_trips() -> None:
    code, out, _ = run("export", "--format", "turtle")
    assert code == 0
    assert len(list(ox.parse(out.encode("utf-8"), format=ox.RdfFormat.TURTLE))) > 500


def test_countries_check_reports_up_to_date() -> None:
    code, out, _ = run("countries", "--check")
    assert code == 0, out
