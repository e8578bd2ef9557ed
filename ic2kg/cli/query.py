"""Commands over the query library and raw SPARQL.

    ic2kg queries [--format table|json]        the saved queries with their summaries
    ic2kg query NAME --param key=value ...     run a saved query (--format table|csv|tsv|json)
    ic2kg sparql QUERY | -f FILE               run any SPARQL query

Add ``--endpoint URL`` (or IC2KG_ENDPOINT) to query a remote SPARQL server instead of the
embedded store. Exit code 2 for an unknown query or parameter, a bad query or an unreachable
endpoint.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
from rdflib import BNode, Graph, Literal, URIRef
from rich.table import Table

from ic2kg.cli.common import (
    ENDPOINT_OPTION,
    LANG_OPTION,
    STORE_PATH_OPTION,
    out,
    reports_errors,
    settings_for,
)
from ic2kg.errors import BadParameter, QueryError
from ic2kg.store import QueryResult, SelectResult, Term

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format (CONSTRUCT results are always Turtle).",
)


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@reports_errors
def queries(fmt: str) -> None:
    """List the saved queries of queries/competency and queries/checks."""
    from ic2kg.queries import list_queries

    specs = list_queries()
    if fmt == "json":
        click.echo(json.dumps([s.as_dict() for s in specs], ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{len(specs)} saved queries", show_lines=False)
    table.add_column("name", style="bold cyan", no_wrap=True)
    table.add_column("summary")
    table.add_column("parameters", style="green")
    for spec in specs:
        params = ", ".join(
            f"{p.name}{'*' if p.required else ''}{'+' if p.multi else ''}:{p.type}"
            for p in spec.params
        )
        table.add_row(spec.name, spec.summary, params)
    out.print(table)
    out.print("[dim]* required, + several values (comma-separated or repeated --param)[/]")


@click.command()
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "raw_params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value; repeat it, or separate values with commas, for multi-valued ones.",
)
@FORMAT_OPTION
@LANG_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most N rows.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip N rows first.")
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def query(
    name: str,
    raw_params: tuple[str, ...],
    fmt: str,
    lang: str,
    limit: int | None,
    offset: int,
    endpoint: str | None,
    store_path: Path | None,
) -> None:
    """Run the saved query NAME (see `ic2kg queries`) with its parameters."""
    from ic2kg.build import open_store
    from ic2kg.queries import get_query, run_query

    get_query(name)  # an unknown name fails before the store is built
    params = _parse_params(raw_params)
    store = open_store(settings_for(endpoint, store_path))
    result = run_query(store, name, params, limit=limit, offset=offset, lang=lang)
    _emit(result, fmt, title=name)


@click.command()
@click.argument("text", required=False)
@click.option(
    "--file",
    "-f",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the query from FILE.",
)
@FORMAT_OPTION
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def sparql(
    text: str | None,
    file: Path | None,
    fmt: str,
    endpoint: str | None,
    store_path: Path | None,
) -> None:
    """Run a SPARQL query given as TEXT or in --file (the ic2kg prefixes are predeclared)."""
    from ic2kg.build import open_store
    from ic2kg.namespaces import sparql_prologue

    if (text is None) == (file is None):
        raise QueryError("give the query either as an argument or with --file, not both")
    body = file.read_text(encoding="utf-8") if file else (text or "")
    store = open_store(settings_for(endpoint, store_path))
    _emit(store.query(sparql_prologue() + body), fmt, title=str(file) if file else None)


def _parse_params(raw: tuple[str, ...]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for item in raw:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadParameter(item, "expected KEY=VALUE", hint="e.g. --param country=ES")
        params.setdefault(key.strip(), []).append(value)
    return params


def _emit(result: QueryResult, fmt: str, *, title: str | None = None) -> None:
    if isinstance(result, bool):
        click.echo(json.dumps({"boolean": result}) if fmt == "json" else str(result).lower())
    elif isinstance(result, Graph):
        click.echo(result.serialize(format="turtle"))
    elif fmt == "json":
        click.echo(json.dumps(_sparql_json(result), ensure_ascii=False, indent=2))
    elif fmt in ("csv", "tsv"):
        click.echo(_delimited(result, "," if fmt == "csv" else "\t"), nl=False)
    else:
        _print_table(result, title)


def _print_table(result: SelectResult, title: str | None) -> None:
    table = Table(title=f"{title}: {len(result.rows)} rows" if title else None)
    for name in result.variables:
        table.add_column(name, overflow="fold")
    for row in result.rows:
        table.add_row(*[_display(row.get(name)) for name in result.variables])
    out.print(table)


def _display(term: Term | None) -> str:
    """A short human form: CURIEs for known namespaces, bare literal text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        from ic2kg.namespaces import curie

        return curie(str(term)) or str(term)
    return str(term)


def _delimited(result: SelectResult, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([str(row[name]) if name in row else "" for name in result.variables])
    return buffer.getvalue()


def _sparql_json(result: SelectResult) -> dict[str, object]:
    """SPARQL 1.1 Query Results JSON."""

    def encode(term: Term) -> dict[str, str]:
        if isinstance(term, URIRef):
            return {"type": "uri", "value": str(term)}
        if isinstance(term, BNode):
            return {"type": "bnode", "value": str(term)}
        assert isinstance(term, Literal)  # noqa: S101 - Term is a closed union
        value = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype:
            value["datatype"] = str(term.datatype)
        return value

    return {
        "head": {"vars": list(result.variables)},
        "results": {
            "bindings": [{name: encode(term) for name, term in row.items()} for row in result.rows]
        },
    }
