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
@click.argument("identifier")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def lookup(identifier: str, fmt: str, endpoint: str | None, store_path: Path | None) -> None:
    """Which entity of ours is IDENTIFIER (a CURIE, an IRI, a QID, a ROR ID, an ISO code...)?

    Exit code 1 when nothing matches.
    """
    from ic2kg.build import open_store
    from ic2kg.link import lookup as run_lookup

    matches = run_lookup(open_store(settings_for(endpoint, store_path)), identifier)
    if fmt == "json":
        click.echo(json.dumps([m.__dict__ for m in matches], ensure_ascii=False, indent=2))
    else:
        for match in matches:
            out.print(
                f"{match.entity}\t{match.label or ''}\t{match.how}\t{match.reference}",
                highlight=False,
            )
        if not matches:
            console.print(f"no entity of ic2kg carries or maps to {identifier}")
    sys.exit(0 if matches else 1)


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
