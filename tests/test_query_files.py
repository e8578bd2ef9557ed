"""The saved-query files themselves: every .rq file under queries/ loads, parses and declares
its parameters; the loader finds files by folder and name and reports header errors by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from ic2kg import paths
from ic2kg.errors import QueryHeaderError, UnknownQueryError
from ic2kg.queries import (
    find_query_files,
    list_queries,
    load_query,
    parse_query_file,
    query_files,
)

FILES = query_files()


@pytest.mark.parametrize("path", [p for _, p in FILES], ids=lambda p: p.name)
def test_query_file_parses_and_has_a_complete_header(path: Path) -> None:
    spec = parse_query_file(path)
    prepareQuery(spec.sparql)  # rdflib's parser: valid SPARQL 1.1
    assert spec.summary, f"{path.name}: empty summary"
    assert spec.description, f"{path.name}: no description"
    assert spec.tags, f"{path.name}: no tags"
    for param in spec.params:
        assert f"?{param.name}" in spec.sparql, f"{path.name}: ?{param.name} unused"
        if param.required:
            assert param.example, f"{path.name}: required '{param.name}' needs an example"
    if spec.group == "competency":
        assert spec.example and spec.example.startswith(f"ic2kg query {spec.name}")
        assert "FILTER NOT EXISTS" not in spec.sparql.upper(), "use MINUS (much faster)"


@pytest.mark.parametrize(
    "path", find_query_files(), ids=lambda p: str(p.relative_to(paths.QUERIES_DIR))
)
def test_every_query_file_loads_parses_and_uses_its_params(path: Path) -> None:
    ref = str(path.relative_to(paths.QUERIES_DIR).with_suffix(""))
    spec = load_query(ref)
    assert spec.path == path and spec.group == path.parent.name
    assert spec.summary, f"{ref}: empty summary"
    prepareQuery(spec.sparql)  # rdflib's parser: valid SPARQL 1.1
    body = "\n".join(line for line in spec.sparql.splitlines() if not line.startswith("#+"))
    for param in spec.params:
        assert f"?{param.name}" in body, (
            f"{ref}: declared parameter ?{param.name} is not in the body"
        )


def test_find_query_files_sees_every_folder() -> None:
    folders = {p.parent.name for p in find_query_files()}
    assert {"competency", "checks", "rules", "reports", "void", "gaps", "link", "web"} <= folders
    assert find_query_files("web") == sorted((paths.QUERIES_DIR / "web").glob("*.rq"))
    assert not list((paths.ROOT / "api").rglob("*.rq")), "queries live under queries/ only"


def test_load_query_by_folder_and_name_is_cached() -> None:
    spec = load_query("web/entity-description")
    assert spec.name == "entity-description" and spec.group == "web" and spec.form == "CONSTRUCT"
    assert [p.name for p in spec.params] == ["entity"]
    assert load_query("web/entity-description") is spec


@pytest.mark.parametrize(
    "ref",
    [
        "web/no-such-query",
        "no-folder",
        "web/../checks/duplicate-label-violation",
        "nope/x",
        "/etc/passwd",
        f"{paths.QUERIES_DIR}/web/neighbourhood",
    ],
)
def test_load_query_rejects_unknown_names(ref: str) -> None:
    with pytest.raises(UnknownQueryError, match="no query"):
        load_query(ref)


def test_unknown_query_in_a_folder_lists_that_folder() -> None:
    with pytest.raises(UnknownQueryError) as error:
        load_query("link/lookup")
    assert "lookup-iri" in str(error.value) and "lookup-identifier" in str(error.value)


def test_load_query_reads_another_root(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "q.rq").write_text("#+ summary: mine\nASK { ?s ?p ?o }\n")
    assert load_query("mine/q", root=tmp_path).summary == "mine"
    assert find_query_files(root=tmp_path) == [tmp_path / "mine" / "q.rq"]


def test_bad_yaml_header_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(
        "#+ summary: fine\n#+ params:\n#+   x: {type: iri\n#+ tags: [a]\n"
        "SELECT ?x WHERE { ?x ?p ?o }\n"
    )
    with pytest.raises(QueryHeaderError) as error:
        parse_query_file(path)
    assert "bad.rq line" in str(error.value)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("#+ description: no summary\n", "missing '#\\+ summary"),
        ("#+ summary: s\n#+ params:\n#+   y: {type: iri}\n", "not used as \\?y"),
        ("#+ summary: s\n#+ params:\n#+   x: {type: date}\n", "needs a type"),
        ("#+ summary: s\n#+ params:\n#+   x: {type: iri, colour: red}\n", "unknown key"),
        ("#+ summary: s\n#+ author: me\n", "unknown header key"),
        ("#+ summary: s\n#+ tags: funding\n", "'tags' must be a list"),
        ("#+ summary: s\n#+ params: [x]\n", "'params' must map"),
        ("#+ summary: s\n#+ params:\n#+   - 1x: {type: iri}\n", "bad parameter name"),
        ("#+ summary: s\n#+ params:\n#+   limit: {type: integer}\n", "'limit' is reserved"),
        ("#+ summary: s\n#+ summary_zh: [a, b]\n", "'summary_zh' must be one line"),
    ],
)
def test_header_problems_are_reported(tmp_path: Path, header: str, message: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text(header + "SELECT ?x WHERE { ?x ?p ?o }\n")
    with pytest.raises(QueryHeaderError, match=message) as error:
        parse_query_file(path)
    line = header.count("\n")  # the last header line is the faulty one in every case
    assert f"q.rq line {line}:" in str(error.value)


def test_a_colon_in_an_unquoted_value_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "colon.rq"
    path.write_text("#+ summary: s\n#+ description: one thing: another\nASK { ?s ?p ?o }\n")
    with pytest.raises(QueryHeaderError, match=r"colon.rq line 2: .*not valid YAML") as error:
        parse_query_file(path)
    assert error.value.hint and "quote" in error.value.hint


def test_the_chinese_summary_is_read_and_english_fills_in(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: Funders\n#+ summary_zh: 资助机构\nASK { ?s ?p ?o }\n")
    spec = parse_query_file(path)
    assert (spec.summary_in("zh"), spec.summary_in("en")) == ("资助机构", "Funders")
    path.write_text("#+ summary: Funders\nASK { ?s ?p ?o }\n")
    assert parse_query_file(path).summary_in("zh") == "Funders"


def test_every_competency_question_has_a_chinese_summary() -> None:
    missing = [s.name for s in list_queries() if s.group == "competency" and not s.summary_zh]
    assert not missing, f"add '#+ summary_zh: ...' to {missing} (the editor lists them in Chinese)"
