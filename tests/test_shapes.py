"""Every SHACL node shape accepts a valid fixture and fires exactly the expected constraints on an
invalid one (tests/resources/shapes/<Shape>.ttl, expectations in its `# expect:` lines)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from ic2kg import paths
from ic2kg.validate import parse_files, validate_graph

FIXTURES = Path(__file__).parent / "resources" / "shapes"
CONTEXT = FIXTURES / "_context.ttl"
EXPECT = re.compile(r"^# expect: (Violation|Warning) (\S+) (\S+)$", re.MULTILINE)
NODE_SHAPES = sorted(
    str(s).rsplit("#", 1)[-1] for s in Graph().parse(paths.SHAPES).subjects(RDF.type, SH.NodeShape)
)


def test_every_node_shape_has_a_fixture_and_every_fixture_a_shape() -> None:
    fixtures = sorted(p.stem for p in FIXTURES.glob("*.ttl") if p != CONTEXT)
    assert fixtures == NODE_SHAPES


def test_context_entities_conform() -> None:
    result = validate_graph(parse_files([CONTEXT]))
    assert result.conforms, result.text()


@pytest.mark.parametrize("shape", NODE_SHAPES)
def test_shape_fires_exactly_the_expected_constraints(shape: str) -> None:
    fixture = FIXTURES / f"{shape}.ttl"
    expected = set(EXPECT.findall(fixture.read_text(encoding="utf-8")))
    assert expected, f"{fixture.name} has no '# expect:' line: a shape must be shown to fire"
    result = validate_graph(parse_files([CONTEXT, fixture]))
    found = {
        (f.severity, f.focus, f.path)
        for f in result.findings
        if f.focus.startswith(("kg:valid-", "kg:invalid-"))
    }
    on_valid = {f for f in found if f[1].startswith("kg:valid-") and f[0] == "Violation"}
    assert not on_valid, f"valid fixture entities were rejected: {on_valid}\n{result.text()}"
    violations = {f for f in found if f[0] == "Violation"}
    assert violations == {e for e in expected if e[0] == "Violation"}, result.text()
    warnings = {e for e in expected if e[0] == "Warning"}
    assert warnings <= found, f"expected warnings missing: {warnings - found}\n{result.text()}"


def test_a_translated_chinese_label_counts_as_a_chinese_name() -> None:
    result = validate_graph(parse_files([CONTEXT, FIXTURES / "OrganisationShape.ttl"]))
    chinese = {f.focus for f in result.findings if f.shape == "shp:ChineseLabel"}
    assert "kg:invalid-org" in chinese
    assert "kg:valid-org-translated" not in chinese
