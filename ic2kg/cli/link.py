"""Commands for links to external registries and vocabularies.

ic2kg link lookup ID       which entity of ours an external identifier is (question 11)
ic2kg mappings [--check]   regenerate graph/mappings/entities.sssom.tsv, re-serialise tables
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ic2kg.cli.common import (
    ENDPOINT_OPTION,
    STORE_PATH_OPTION,
    console,
    out,
    reports_errors,
    settings_for,
)


@click.group()
def link() -> None:
    """Links between ic2kg entities and external registries (Wikidata, ROR, FAIRsharing, ...)."""


@link.command()
@click.argument("identifiers", nargs=-1)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def lookup(
    identifiers: tuple[str, ...], fmt: str, endpoint: str | None, store_path: Path | None
) -> None:
    """Which entity of ours is each IDENTIFIER (a CURIE, an IRI, a DOI, a QID, an ISO code...)?

    With no IDENTIFIER, or ``-``, reads one identifier a line from standard input (blank lines
    and ``#`` comments skipped); the graph's identifiers are read once for all of them. Table
    rows are ``identifier entity label how reference``. Exit code 1 when an identifier matches
    nothing, 2 when one is not an identifier (with one IDENTIFIER: the error alone).
    """
    from ic2kg.build import open_store
    from ic2kg.link import LinkIndex, parse

    texts = list(identifiers)
    if not texts or texts == ["-"]:
        texts = [line.strip() for line in sys.stdin]
        texts = [text for text in texts if text and not text.startswith("#")]
    if len(texts) == 1:
        parse(texts[0])  # a single bad identifier is the command's error (exit 2)
    index = LinkIndex.of(open_store(settings_for(endpoint, store_path)))
    answers = index.lookup_many(texts)
    if fmt == "json":
        rows = [
            {"id": a.id, "matches": [m.__dict__ for m in a.matches], "error": a.error}
            for a in answers
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    for answer in answers:
        if fmt == "table":
            for match in answer.matches:
                line = f"{answer.id}\t{match.entity}\t{match.label or ''}\t{match.how}\t"
                out.print(line + match.reference, highlight=False)
        if answer.error:
            console.print(f"{answer.id}: {answer.error}", highlight=False)
        elif not answer.matches:
            console.print(f"no entity of ic2kg carries or maps to {answer.id}", highlight=False)
    if any(a.error for a in answers):
        sys.exit(2)
    sys.exit(0 if all(a.matches for a in answers) else 1)


@click.command()
@click.option("--check", is_flag=True, help="Exit 1 if a mapping table is out of date.")
@reports_errors
def mappings(check: bool) -> None:
    """Regenerate graph/mappings/entities.sssom.tsv and re-serialise every table with sssom-py."""
    from ic2kg.mappings import count_mappings, validate_file, write_tables

    changed = write_tables(check=check)
    for path in changed:
        console.print(f"{'out of date' if check else 'wrote'}: {path}")
    problems = {path.name: validate_file(path) for path in _mapping_files()}
    for name, found in problems.items():
        for problem in found:
            console.print(f"[red]{name}[/]: {problem}", highlight=False)
    for name, count in count_mappings().items():
        out.print(f"{name}: {count} mappings")
    sys.exit(1 if (check and changed) or any(problems.values()) else 0)


def _mapping_files() -> list[Path]:
    from ic2kg.mappings import mapping_files

    return mapping_files()
