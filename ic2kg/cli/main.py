"""The `ic2kg` command group, its lazily loaded sub-commands and the graph commands.

Exit codes: 0 success (and data conforms), 1 data violates the shapes, 2 bad input (a file
that does not parse, an unknown query or parameter, an unreachable endpoint).

    ic2kg build              load ontology + graph/ into the store, print counts per class
    ic2kg validate [FILES]   check data against the SHACL shapes
    ic2kg stats              triples, entities per class, label and identifier coverage
    ic2kg export --format turtle|ntriples|jsonld|trig|rdfxml [--output FILE]
    ic2kg countries          regenerate graph/countries.ttl from pycountry
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any, cast

import click
from rich.table import Table

from ic2kg.cli.common import (
    ENDPOINT_OPTION,
    STORE_PATH_OPTION,
    console,
    out,
    progress_printer,
    reports_errors,
    settings_for,
)


class LazyGroup(click.Group):
    """A group whose sub-commands live in their own modules, imported only when used."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            assert isinstance(command, click.Command)  # noqa: S101 - programming error if not
            return command
        return super().get_command(ctx, cmd_name)


# Commands of other concerns live beside their library modules; add one line per command.
LAZY_COMMANDS: dict[str, str] = {
    "link": "ic2kg.cli.link:link",
    "mappings": "ic2kg.cli.link:mappings",
    "docs": "ic2kg.cli.docs:docs",
    "release": "ic2kg.cli.release:release",
    "gaps": "ic2kg.cli.gaps:gaps",
    "report": "ic2kg.cli.gaps:report",
    "serve": "ic2kg.cli.serve:serve",
    "queries": "ic2kg.cli.query:queries",
    "query": "ic2kg.cli.query:query",
    "sparql": "ic2kg.cli.query:sparql",
    "import": "ic2kg.cli.imports:import_group",
    "reconcile": "ic2kg.cli.reconcile:reconcile",
}


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS)
@click.version_option(package_name="ic2kg")
def main() -> None:
    """ic2kg: knowledge graph of personalised-medicine stakeholders and standards, EU and China."""


@main.command()
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@click.option("--quiet", is_flag=True, help="No progress lines.")
@reports_errors
def build(endpoint: str | None, store_path: Path | None, quiet: bool) -> None:
    """Load the ontology and graph/ into the store and print the counts per class."""
    from ic2kg.build import build as run_build
    from ic2kg.build import open_store
    from ic2kg.stats import graph_stats

    store = open_store(settings_for(endpoint, store_path), build_if_empty=False)
    store.clear()
    report = run_build(store, progress=progress_printer(not quiet))
    stats = graph_stats(store)
    out.print(
        f"Built {report.triples} triples from {len(report.files)} files "
        f"({report.derived} derived by rules)."
    )
    _print_counts(stats.classes)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--max-per-shape",
    default=3,
    show_default=True,
    help="Examples listed per shape and message after the summary (0: the summary only).",
)
@click.option("--verbose", is_flag=True, help="List every finding, not just examples.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Validate the kg: entities this many at a time, one worker process per core: for "
    "graphs of a million triples, where whole-graph validation grows too slow. Same findings; "
    "no --format turtle report.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "turbo", "pyshacl"]),
    default="auto",
    show_default=True,
    help="SHACL engine: auto = pyshacl-turbo (Rust) unless the shapes use a feature it is not "
    "checked on, then pySHACL (the reference).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Fast path: validate groups of node shapes in this many processes (more memory, "
    "same findings; no --format turtle report).",
)
@reports_errors
def validate(
    files: tuple[Path, ...],
    fmt: str,
    max_per_shape: int,
    verbose: bool,
    batch_size: int | None,
    engine: str,
    workers: int,
) -> None:
    """Validate FILES (default: the ontology and every graph/ file) against the SHACL shapes.

    Exit code 1 when any sh:Violation is found; warnings alone exit 0.
    """
    from ic2kg import paths
    from ic2kg.namespaces import KG
    from ic2kg.shacl_engines import Engine
    from ic2kg.validate import ValidationResult, parse_files, validate_files, validate_in_batches

    if batch_size and fmt == "turtle":
        raise click.UsageError("--format turtle needs the whole-graph report: drop --batch-size")
    if workers > 1 and fmt == "turtle":
        raise click.UsageError("--format turtle needs the whole-graph report: drop --workers")
    chosen = list(files) if files else [paths.ONTOLOGY_EDIT, *paths.graph_files()]
    chosen_engine = cast(Engine, engine)
    if batch_size:
        graph = parse_files(chosen)
        show = progress_printer()
        done = 0

        def advance(size: int) -> None:
            nonlocal done
            done += size
            show(f"{done:,} entities validated")

        findings = validate_in_batches(
            graph,
            KG,
            batch_size=batch_size,
            workers=os.cpu_count() or 1,
            on_batch=advance,
            engine=chosen_engine,
        )
        result = ValidationResult.of(findings)
    else:
        result = validate_files(chosen, engine=chosen_engine, workers=workers)
        for reason in result.fallback:
            click.echo(f"SHACL: pySHACL instead of the fast path: {reason}", err=True)
    if fmt == "turtle":
        click.echo(result.report.serialize(format="turtle"))
    elif fmt == "json":
        payload = {"conforms": result.conforms, "results": [f.as_dict() for f in result.findings]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        out.print(result.text(max_per_shape=None if verbose else max_per_shape), highlight=False)
    sys.exit(0 if result.conforms else 1)


@main.command()
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@reports_errors
def stats(endpoint: str | None, store_path: Path | None, fmt: str) -> None:
    """Triples, entities per class, label and identifier coverage, and sources by kind."""
    from ic2kg.build import open_store
    from ic2kg.stats import graph_stats

    store = open_store(settings_for(endpoint, store_path))
    result = graph_stats(store)
    if fmt == "json":
        click.echo(json.dumps(result.__dict__, ensure_ascii=False, indent=2))
        return
    out.print(f"Triples: {result.triples}")
    _print_counts(result.classes)
    out.print(
        f"Entities: {result.entities}; with an English label: {result.labelled_entities}; "
        f"with a Chinese label: {result.with_chinese_label}; "
        f"with an external identifier: {result.with_external_identifier}"
    )
    kinds = ", ".join(f"{kind} {n}" for kind, n in result.sources_by_kind.items())
    out.print(f"Cited URLs by kind of source: {kinds}")
    out.print(f"Entities whose only sources are weak: {result.weakly_sourced_entities}")
    out.print(
        f"Chinese labels published by a source: {result.chinese_labels_published}; "
        f"translated by the ic2kg curators: {result.chinese_labels_translated}"
    )


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "ntriples", "jsonld", "trig", "rdfxml"]),
    default="turtle",
    show_default=True,
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def export(fmt: str, output: Path | None, endpoint: str | None, store_path: Path | None) -> None:
    """Write the built graph in FORMAT to --output (default: standard output)."""
    from ic2kg.build import open_store
    from ic2kg.export import export_graph

    data = export_graph(open_store(settings_for(endpoint, store_path)), fmt)
    if output:
        output.write_bytes(data)
        console.print(f"wrote {len(data)} bytes to {output}")
    else:
        sys.stdout.buffer.write(data)


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if graph/countries.ttl is not up to date.")
@reports_errors
def countries(check: bool) -> None:
    """Regenerate graph/countries.ttl from pycountry (names in en and zh, ISO 3166 codes)."""
    from ic2kg import countries as country_data
    from ic2kg import paths

    if check:
        current = paths.COUNTRIES_TTL.read_text(encoding="utf-8")
        if current != country_data.render():
            console.print("graph/countries.ttl is out of date: run `ic2kg countries`")
            sys.exit(1)
        out.print("graph/countries.ttl is up to date")
        return
    out.print(f"wrote {country_data.write()} countries to {paths.COUNTRIES_TTL}")


def _print_counts(classes: dict[str, int]) -> None:
    table = Table(title="Entities per class")
    table.add_column("class")
    table.add_column("count", justify="right")
    for name, count in classes.items():
        table.add_row(name, str(count))
    out.print(table)
