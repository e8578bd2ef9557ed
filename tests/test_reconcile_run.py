"""``ic2kg reconcile ror`` end to end on fixtures whose answers are known by construction."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from ic2kg import mappings, paths
from ic2kg.cli.main import main
from ic2kg.errors import DataLoadError
from ic2kg.namespaces import IC2KG, KG
from ic2kg.reconcile.output import FUNDER_MAP_SOURCE
from ic2kg.reconcile.review import read_review
from ic2kg.reconcile.run import Outputs, RunResult, run
from ic2kg.validate import parse_files, validate_graph

RESOURCES = Path(__file__).parent / "resources" / "reconcile"
GRAPH_FILES = [
    paths.ONTOLOGY_EDIT,
    paths.COUNTRIES_TTL,
    paths.GRAPH_DIR / "country-regions.ttl",
    RESOURCES / "graph.ttl",
]
ROR = "https://ror.org/"
# A plain Namespace: pytest probes rdflib's DefinedNamespace SDO for attributes and warns.
SDO = Namespace("https://schema.org/")


@pytest.fixture()
def dump(tmp_path: Path) -> Path:
    """Both fixture files as one gzipped JSON Lines dump (v2 and v1 records mixed)."""
    import json

    records = json.loads((RESOURCES / "ror-v2.json").read_text(encoding="utf-8"))
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines += (RESOURCES / "ror-v1.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "ror-fixture.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), mtime=0))
    return path


@pytest.fixture()
def outputs(tmp_path: Path) -> Outputs:
    out = tmp_path / "out"
    return Outputs(
        turtle=out / "ror.ttl",
        sssom=out / "ror.sssom.tsv",
        review=out / "ror-review.tsv",
        report=out / "ror-report.tsv",
    )


def reconcile(dump: Path, outputs: Outputs, **options: object) -> RunResult:
    return run(
        dump,
        graph_files=GRAPH_FILES,
        outputs=outputs,
        funder_map=RESOURCES / "funder-map.json",
        **options,  # type: ignore[arg-type]  # keyword options of run()
    )


def turtle(outputs: Outputs) -> Graph:
    return Graph().parse(outputs.turtle)


def ror_ids(graph: Graph) -> dict[str, str]:
    return {str(s).removeprefix(str(KG)): str(o) for s, o in graph.subject_objects(IC2KG.rorId)}


def report_statuses(outputs: Outputs) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in outputs.report.read_text(encoding="utf-8").splitlines()[4:]:
        subject, _label, _country, status, *_ = line.split("\t")
        found.setdefault(subject, set()).add(status)
    return found


def test_alias_match_is_accepted_and_brings_the_record(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    graph = turtle(outputs)
    nmu = KG["org-nmu"]
    assert ror_ids(graph)["org-nmu"] == "0abcdef01"
    assert (nmu, IC2KG.wikidataId, Literal("Q1000001")) in graph
    assert (nmu, IC2KG.crossrefFunderId, Literal("501100000001")) in graph
    assert (nmu, IC2KG.isni, Literal("0000000100000001")) in graph
    assert (nmu, IC2KG.gridId, Literal("grid.100001.a")) in graph
    assert (nmu, RDF.type, IC2KG.University) in graph, "ROR type education -> ic2kg:University"
    assert (nmu, RDFS.label, Literal("北方医科大学", lang="zh")) in graph
    # A romanisation that ROR tags zh is tagged as written in Latin script.
    assert (nmu, SKOS.altLabel, Literal("Beifang Yike Daxue", lang="zh-Latn")) in graph
    assert (nmu, DCTERMS.source, URIRef(ROR + "0abcdef01")) in graph
    city = URIRef("https://sws.geonames.org/1816670/")
    assert (nmu, SDO.location, city) in graph
    assert (city, SDO.name, Literal("Beijing")) in graph
    assert float(graph.value(city, SDO.latitude)) == pytest.approx(39.9075)  # type: ignore[arg-type]


def test_chinese_name_match_and_parent_in_the_graph(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    graph = turtle(outputs)
    hospital = KG["org-nmu-hospital"]
    assert ror_ids(graph)["org-nmu-hospital"] == "0abcdef02"
    assert (hospital, RDF.type, IC2KG.Hospital) in graph
    assert (hospital, ORG.subOrganizationOf, KG["org-nmu"]) in graph
    # A curated label in that language stays the label: the record's zh name is not repeated.
    assert not list(graph.objects(hospital, RDFS.label))


def test_acronym_is_refused_for_the_wrong_country(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    assert "org-nmu-de" not in ror_ids(turtle(outputs))
    assert report_statuses(outputs)["kg:org-nmu-de"] == {"unmatched"}


def test_withdrawn_record_leads_to_its_successor(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    graph = turtle(outputs)
    assert ror_ids(graph)["org-genomics"] == "0abcdef08"
    assert "0abcdef07" not in outputs.turtle.read_text(encoding="utf-8")
    genomics = KG["org-genomics"]
    # From the funder map, cited as such, beside the record's own identifiers.
    assert (genomics, IC2KG.crossrefFunderId, Literal("501100000099")) in graph
    assert (genomics, DCTERMS.source, URIRef(FUNDER_MAP_SOURCE)) in graph
    assert (genomics, IC2KG.wikidataId, Literal("Q1000008")) in graph


def test_inactive_record_without_successor_is_never_linked(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    assert "org-defunct" not in ror_ids(turtle(outputs))
    assert "0abcdef06" not in outputs.turtle.read_text(encoding="utf-8")


def test_ambiguous_pair_goes_to_review(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    assert "org-oncology" not in ror_ids(turtle(outputs))
    review = read_review(outputs.review)
    assert {obj for subj, obj in review if subj == "kg:org-oncology"} == {
        "ror:0abcdef04",
        "ror:0abcdef05",
    }
    assert all(row.decision == "" for row in review.values())


def test_rerun_keeps_the_reviewers_decisions(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    text = outputs.review.read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        cells = line.split("\t")
        if cells[:1] == ["kg:org-oncology"] and cells[3] == "ror:0abcdef05":
            cells[-2:] = ["accept", "the Rome institute, as the source says"]
        elif cells[:1] == ["kg:org-oncology"]:
            cells[-2:] = ["reject", "Milan"]
        lines.append("\t".join(cells))
    # A reviewer may also reject an automatic match by adding its row.
    lines.append(
        "\t".join(["kg:org-nmu", "", "CN", "ror:0abcdef01", "", "", "", "0.97", "", "reject", "no"])
    )
    outputs.review.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for _ in range(2):  # the decisions survive a second rerun too
        reconcile(dump, outputs)
        ids = ror_ids(turtle(outputs))
        assert ids["org-oncology"] == "0abcdef05"
        assert "org-nmu" not in ids
        review = read_review(outputs.review)
        assert review[("kg:org-oncology", "ror:0abcdef05")].decision == "accept"
        assert review[("kg:org-oncology", "ror:0abcdef04")].decision == "reject"
        assert review[("kg:org-nmu", "ror:0abcdef01")].reason == "no"
    sssom = mappings.read_table(outputs.sssom)
    row = next(r for r in sssom.rows if r["subject_id"] == "kg:org-oncology")
    assert row["reviewer_id"] == "kg:org-ic2kg-project"
    assert "the Rome institute" in row["comment"]


def test_curated_identifier_wins_and_the_conflict_is_reported(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    assert "org-union" not in ror_ids(turtle(outputs))
    assert (KG["org-union"], None, None) not in turtle(outputs)
    assert report_statuses(outputs)["kg:org-union"] == {"conflict"}


def test_regeneration_is_byte_identical(dump: Path, outputs: Outputs, tmp_path: Path) -> None:
    first = reconcile(dump, outputs)
    assert set(first.changed) == set(outputs.all())
    before = {path: path.read_bytes() for path in outputs.all()}
    copy = tmp_path / "elsewhere" / dump.name
    copy.parent.mkdir()
    shutil.copy(dump, copy)
    second = reconcile(copy, outputs)  # same input from another folder
    assert second.changed == ()
    assert {path: path.read_bytes() for path in outputs.all()} == before
    assert reconcile(copy, outputs, check=True).changed == ()


def test_turtle_is_headed_by_command_and_release(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    head = outputs.turtle.read_text(encoding="utf-8").splitlines()[:5]
    assert head[0] == (
        "# Generated by `ic2kg reconcile ror ror-fixture.jsonl.gz --funder-map funder-map.json`."
    )
    assert any("ROR release v2.9" in line for line in head)


def test_sssom_is_valid_for_sssom_py(dump: Path, outputs: Outputs) -> None:
    from sssom.parsers import parse_sssom_table

    reconcile(dump, outputs)
    assert mappings.validate_file(outputs.sssom) == []
    frame = parse_sssom_table(outputs.sssom).df
    assert set(frame["predicate_id"]) == {"skos:exactMatch"}
    assert set(frame["mapping_justification"]) == {"semapv:LexicalMatching"}
    assert dict(zip(frame["subject_id"], frame["object_id"], strict=True)) == {
        "kg:org-nmu": "ror:0abcdef01",
        "kg:org-nmu-hospital": "ror:0abcdef02",
        "kg:org-genomics": "ror:0abcdef08",
    }
    metadata = mappings.read_table(outputs.sssom).metadata
    assert metadata["mapping_tool"] == "ic2kg reconcile ror"
    assert metadata["object_source_version"] == "v2.9"
    assert str(metadata["mapping_date"]) == "2026-06-23", "the newest record's date"
    # The canonical form `ic2kg mappings` would rewrite it to is the form written.
    assert mappings.rewrite_table(outputs.sssom) == outputs.sssom.read_text(encoding="utf-8")


def test_output_conforms_to_the_shapes(dump: Path, outputs: Outputs) -> None:
    reconcile(dump, outputs)
    result = validate_graph(parse_files([*GRAPH_FILES, outputs.turtle]))
    # The fixture holds only some of the countries' regions: judge what the run wrote about.
    written = {
        "kg:" + str(s)[len(KG) :] if str(s).startswith(str(KG)) else f"<{s}>"
        for s in turtle(outputs).subjects()
    }
    assert "kg:org-nmu" in written
    violations = [
        f for f in result.findings if f.severity.endswith("Violation") and f.focus in written
    ]
    assert not violations, violations
    # The findings name focus nodes the way `written` does (the countries without a region).
    assert any(f.focus.startswith("kg:country-") for f in result.findings)


def test_bad_dump_changes_nothing(tmp_path: Path, outputs: Outputs) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"id": "https://ror.org/0abcdef01", "title": "not ROR"}]', encoding="utf-8")
    with pytest.raises(DataLoadError, match="not a ROR record"):
        reconcile(bad, outputs)
    assert not any(path.exists() for path in outputs.all())


def test_cli_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["reconcile", "ror", str(bad), "--check"])
    assert result.exit_code == 2, result.output
    assert "bad JSON" in result.output
    assert "Traceback" not in result.output


def test_release_and_date_of_an_official_dump_come_from_its_name(tmp_path: Path) -> None:
    from dataclasses import replace

    from ic2kg.reconcile.records import read_dump
    from ic2kg.reconcile.ror import RorIndex
    from ic2kg.reconcile.run import provenance_of

    official = tmp_path / "v1.55-2024-10-31-ror-data_schema_v2.json"
    official.write_bytes((RESOURCES / "ror-v2.json").read_bytes())
    bare = [replace(r, release=None, modified=None) for r in read_dump(official)]
    provenance = provenance_of(official, RorIndex(bare), None, None)
    assert (provenance.release, provenance.date) == ("v1.55", "2024-10-31")
    assert provenance.command == f"ic2kg reconcile ror {official.name}"
    with pytest.raises(DataLoadError, match="no date"):
        provenance_of(tmp_path / "dump.json", RorIndex(bare), None, None)
