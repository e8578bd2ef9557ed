"""The fast SHACL engine (pyshacl-turbo) finds what pySHACL, the reference, finds: same focus
node, path, constraint component, severity and value, and the same report lines; shapes it is
not checked on fall back to pySHACL. rudof, the other candidate measured, is compared too."""

from __future__ import annotations

import importlib.util
import random
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from ic2kg import paths, validate
from ic2kg.errors import Ic2kgError
from ic2kg.shacl_engines import (
    FAST_PATH_TERMS,
    Key,
    fast_path_blockers,
    pyshacl_report,
    report_graph,
    resolve,
    result_keys,
    rudof_keys,
    shape_groups,
    turbo_report,
)
from ic2kg.validate import ValidationResult, parse_files, validate_files, validate_graph

RESOURCES = Path(__file__).parent / "resources"
SHAPE_FIXTURES = RESOURCES / "shapes"
CONTEXT = SHAPE_FIXTURES / "_context.ttl"
FEATURES = RESOURCES / "shacl_features"
FEATURE_SHAPES = sorted(p for p in FEATURES.glob("*.ttl") if p.name != "_data.ttl")
CLI_RESOURCES = RESOURCES / "cli"
ONT = "https://w3id.org/ic2kg/ontology#"
KG = "https://w3id.org/ic2kg/id/"


def both(
    graph: Graph, reference: ValidationResult | None = None
) -> tuple[ValidationResult, ValidationResult]:
    """pySHACL's and the fast engine's results on ``graph``, after checking that their
    findings agree as keys (blank nodes by label) and as the report shows them.

    :param reference: pySHACL's result on ``graph`` if already known.
    """
    reference = reference or validate_graph(graph, engine="pyshacl")
    fast = validate_graph(graph, engine="turbo")
    assert (reference.engine, fast.engine) == ("pyshacl", "turbo")
    assert result_keys(fast.report) == result_keys(reference.report)
    assert Counter(fast.findings) == Counter(reference.findings), fast.text()
    assert fast.text() == reference.text()
    assert fast.conforms == reference.conforms
    return reference, fast


@pytest.mark.parametrize("fixture", sorted(SHAPE_FIXTURES.glob("[!_]*.ttl")), ids=lambda p: p.stem)
def test_every_shape_fixture_gets_the_same_findings(fixture: Path) -> None:
    reference, _ = both(parse_files([CONTEXT, fixture]))
    assert reference.violations or reference.warnings, f"{fixture.name} fired nothing"


def test_all_shape_fixtures_together_get_the_same_findings() -> None:
    reference, _ = both(parse_files([paths.ONTOLOGY_EDIT, *sorted(SHAPE_FIXTURES.glob("*.ttl"))]))
    # Ministries, networks and companies meet OrganisationShape only through rdfs:subClassOf
    # in the ontology: the fast path must read it from the data as pySHACL reads ont_graph.
    assert any(f.focus == "kg:invalid-ministry" for f in reference.findings)


@pytest.fixture(scope="module")
def curated_reference(curated_graph: Graph) -> ValidationResult:
    """pySHACL's result on the curated graph, which two engines are compared with (it takes
    pySHACL about 15 s)."""
    return validate_graph(curated_graph, engine="pyshacl")


def test_the_curated_graph_gets_the_same_findings(
    curated_graph: Graph, curated_reference: ValidationResult
) -> None:
    reference, _ = both(curated_graph, curated_reference)
    assert len(reference.findings) > 100, "the curated graph has hundreds of warnings"


def _generator() -> ModuleType:
    """benchmarks/generator.py (the benchmarks are not an installed package)."""
    spec = importlib.util.spec_from_file_location(
        "generator", Path(__file__).parent.parent / "benchmarks" / "generator.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records(size: int) -> list[list[str]]:
    return [list(record) for record in _generator().generate(size, seed=7)]


def _first(records: list[list[str]], local: str) -> tuple[list[str], str]:
    """The first record whose subject is kg:<local>-N, and that subject's IRI."""
    pattern = re.compile(rf"^<{re.escape(KG)}({local}-\d+)> ")
    for record in records:
        found = pattern.match(record[0])
        if found:
            return record, KG + found.group(1)
    raise AssertionError(f"the generator made no {local}-N entity")


def plant(records: list[list[str]], rng: random.Random) -> set[tuple[str, str, str]]:
    """Plant one violation of each kind below into ``records`` (changed in place); return
    the (focus, path, component) each one must produce."""
    planted: set[tuple[str, str, str]] = set()
    org, iri = _first(records, "org")
    org[:] = [line for line in org if not line.startswith(f"<{iri}> <{RDF_LABEL}>")]
    planted.add((iri, RDF_LABEL, "QualifiedMinCountConstraintComponent"))
    project, iri = _first(records, "proj")
    project.append(f'<{iri}> <https://schema.org/startDate> "spring {rng.randint(1, 9)}" .')
    planted.add((iri, "https://schema.org/startDate", "OrConstraintComponent"))
    membership, iri = _first(records, "mem")
    membership[:] = [
        line for line in membership if "<http://www.w3.org/ns/org#organization>" not in line
    ]
    planted.add((iri, "http://www.w3.org/ns/org#organization", "MinCountConstraintComponent"))
    standard, iri = _first(records, "std")
    standard.append(f'<{iri}> <{ONT}wikidataId> "X{rng.randint(1, 99)}" .')
    planted.add((iri, ONT + "wikidataId", "PatternConstraintComponent"))
    standard.append(f'<{iri}> <http://purl.org/dc/terms/issued> "long ago" .')
    planted.add((iri, "http://purl.org/dc/terms/issued", "OrConstraintComponent"))
    policy, iri = _first(records, "pol")
    policy[:] = [line for line in policy if not line.startswith(f"<{iri}> <{ONT}country>")]
    planted.add((iri, ONT + "country", "MinCountConstraintComponent"))
    return planted


RDF_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _graph(records: list[list[str]]) -> Graph:
    text = "\n".join(line for record in records for line in record) + "\n"
    return Graph().parse(data=text, format="nt") + validate.ontology_graph()


def test_planted_violations_are_found_alike_by_both_engines() -> None:
    clean = _records(3_000)
    dirty = [list(record) for record in clean]
    planted = plant(dirty, random.Random(3))  # noqa: S311 - test data, not secrets
    before = {key[:3] for key in result_keys(validate_graph(_graph(clean)).report)}
    assert not planted & before, "the generator already made what was to be planted"
    _, fast = both(_graph(dirty))
    found = {key[:3] for key in result_keys(fast.report)}
    assert planted <= found, f"planted but not found: {planted - found}"
    assert not fast.conforms


@pytest.mark.parametrize("shapes_file", FEATURE_SHAPES, ids=lambda p: p.stem)
def test_shacl_features_beyond_shapes_ttl_get_the_same_findings(shapes_file: Path) -> None:
    shapes = Graph().parse(shapes_file)
    data = Graph().parse(FEATURES / "_data.ttl")
    assert fast_path_blockers(shapes) == []
    reference = pyshacl_report(data, shapes, None)
    assert result_keys(reference), f"{shapes_file.name} fired nothing"
    assert result_keys(report_graph(turbo_report(data, shapes))) == result_keys(reference)


def test_every_fast_path_term_is_covered_by_a_differential_test() -> None:
    used: set[str] = set()
    for path in [paths.SHAPES, *FEATURE_SHAPES]:
        for triple in Graph().parse(path):
            used.update(t.split("#", 1)[1] for t in map(str, triple) if t.startswith(SH_NS))
    assert FAST_PATH_TERMS <= used, f"claimed but never tested: {sorted(FAST_PATH_TERMS - used)}"


SH_NS = "http://www.w3.org/ns/shacl#"
SHAPES_PREFIX = f"@prefix sh: <{SH_NS}> .\n@prefix ex: <http://example.org/> .\n"


@pytest.mark.parametrize(
    ("shapes_text", "reason"),
    [
        # SHACL-JS: pyshacl-turbo raises NotImplementedError.
        (
            'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:js [ sh:jsFunctionName "f" ] .',
            "sh:js",
        ),
        # SHACL rules (SHACL-AF) change the data graph: never checked on the fast path.
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:rule [ a sh:TripleRule ] .",
            "sh:rule",
        ),
        # pyshacl-turbo words default messages differently ("... violated at ex:a").
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
            "sh:in ( 1 2 ) ] .",
            "no sh:message",
        ),
    ],
    ids=["shacl-js", "shacl-rules", "default-messages"],
)
def test_unchecked_shapes_fall_back_to_pyshacl(shapes_text: str, reason: str) -> None:
    shapes = Graph().parse(data=SHAPES_PREFIX + shapes_text, format="turtle")
    blockers = fast_path_blockers(shapes)
    assert any(reason in b for b in blockers), blockers
    assert resolve("auto", shapes) == ("pyshacl", blockers)
    with pytest.raises(Ic2kgError, match="fast SHACL path cannot"):
        resolve("turbo", shapes)


def test_validate_files_falls_back_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = validate.shapes_graph() + Graph().parse(
        data=SHAPES_PREFIX + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
        "sh:property [ sh:path ex:p ; sh:in ( 1 ) ] .\nex:x a ex:C ; ex:p 2 .",
        format="turtle",
    )
    monkeypatch.setattr(validate, "shapes_graph", lambda: shapes)
    result = validate_files([CLI_RESOURCES / "violating.ttl"])
    assert result.engine == "pyshacl"
    assert any("no sh:message" in reason for reason in result.fallback)


def test_ic2kg_shapes_take_the_fast_path() -> None:
    assert fast_path_blockers(validate.shapes_graph()) == []
    result = validate_files([CLI_RESOURCES / "violating.ttl"])
    reference = validate_graph(parse_files([CLI_RESOURCES / "violating.ttl"]), engine="pyshacl")
    assert (result.engine, result.fallback) == ("turbo", ())
    assert Counter(result.findings) == Counter(reference.findings)
    assert not result.conforms


def _rudof_and_reference(files: list[Path], tmp_path: Path) -> tuple[Counter[Key], Counter[Key]]:
    graph = parse_files(files) + validate.ontology_graph()
    data = tmp_path / "data.nt"
    data.write_text(graph.serialize(format="nt"), encoding="utf-8")
    return rudof_keys(data, paths.SHAPES), result_keys(
        pyshacl_report(graph, validate.shapes_graph(), None)
    )


def test_rudof_finds_the_same_on_every_shape_fixture(tmp_path: Path) -> None:
    rudof, reference = _rudof_and_reference(
        [paths.ONTOLOGY_EDIT, *sorted(SHAPE_FIXTURES.glob("*.ttl"))], tmp_path
    )
    assert rudof == reference


def test_rudof_finds_the_same_on_the_curated_graph(
    curated_graph: Graph, curated_reference: ValidationResult, tmp_path: Path
) -> None:
    data = tmp_path / "data.nt"
    data.write_text((curated_graph + validate.ontology_graph()).serialize(format="nt"), "utf-8")
    assert rudof_keys(data, paths.SHAPES) == result_keys(curated_reference.report)


def test_shape_groups_in_two_processes_find_what_one_process_finds() -> None:
    files = [paths.ONTOLOGY_EDIT, *paths.graph_files(), *sorted(SHAPE_FIXTURES.glob("*.ttl"))]
    whole = validate_files(files)
    split = validate_files(files, workers=2)
    assert (split.engine, len(split.report)) == ("turbo", 0)
    assert split.findings == whole.findings  # same order too: both sorted in full
    assert split.conforms is whole.conforms is False


def test_shape_groups_cover_every_node_shape_once() -> None:
    store = validate.load_store([paths.ONTOLOGY_EDIT, *paths.graph_files()])
    shapes = validate.shapes_graph()
    groups = shape_groups(store, shapes, validate.ontology_graph(), 3)
    named = sorted(str(s) for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))
    assert len(groups) == 3
    assert sorted(name for group in groups for name in group) == named


#: Where rudof parts from pySHACL on the SHACL features beyond shapes.ttl: findings it misses.
RUDOF_MISSES = {
    # A literal reached by sh:targetObjectsOf is no focus node to rudof.
    "targets-and-paths": {
        ('"not a node"', "http://example.org/p", "MinCountConstraintComponent", "Violation", "")
    },
    # rudof has no SPARQL-based targets (SHACL-AF).
    "sparql": {
        (
            "http://example.org/c",
            "http://example.org/code",
            "MinCountConstraintComponent",
            "Violation",
            "",
        )
    },
}


@pytest.mark.parametrize("shapes_file", FEATURE_SHAPES, ids=lambda p: p.stem)
def test_rudof_parts_from_pyshacl_only_where_documented(shapes_file: Path, tmp_path: Path) -> None:
    data = Graph().parse(FEATURES / "_data.ttl")
    target = tmp_path / "data.nt"
    target.write_text(data.serialize(format="nt"), encoding="utf-8")
    reference = result_keys(pyshacl_report(data, Graph().parse(shapes_file), None))
    rudof = rudof_keys(target, shapes_file)
    assert not rudof - reference
    assert set(reference - rudof) == RUDOF_MISSES.get(shapes_file.stem, set())


def test_validate_graph_as_post_validate_calls_it_takes_the_fast_path() -> None:
    graph = parse_files([CLI_RESOURCES / "violating.ttl"])
    fast = validate_graph(graph)
    assert (fast.engine, fast.fallback) == ("turbo", ())
    assert Counter(fast.findings) == Counter(validate_graph(graph, engine="pyshacl").findings)
    assert len(fast.report) > 0, "the Turtle report of POST /validate comes from this graph"


def test_cli_engines_and_workers_print_the_same_report() -> None:
    from click.testing import CliRunner

    from ic2kg.cli.main import main

    violating = str(CLI_RESOURCES / "violating.ttl")
    outputs = []
    for options in ([], ["--engine", "pyshacl"], ["--workers", "2"]):
        result = CliRunner().invoke(main, ["validate", "--format", "json", *options, violating])
        assert result.exit_code == 1, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1] == outputs[2]
    refused = CliRunner().invoke(
        main, ["validate", "--workers", "2", "--format", "turtle", violating]
    )
    assert refused.exit_code == 2
