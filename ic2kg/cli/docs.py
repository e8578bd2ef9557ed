"""The command that writes the ontology's HTML documentation.

ic2kg docs [--output DIR]  HTML documentation of the ontology (en and zh labels), with the terms of
                           other vocabularies the built graph reuses and their usage counts
"""

from __future__ import annotations

from pathlib import Path

import click

from ic2kg.cli.common import out, reports_errors


@click.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for ontology.html (default: dist/docs).",
)
@reports_errors
def docs(output: Path | None) -> None:
    """Write HTML documentation of the ontology (a Jinja page with en and zh labels), with the
    terms of other vocabularies that the graph built from graph/ reuses, and how often."""
    from ic2kg.docs import write_docs

    target = write_docs(output)
    out.print(f"wrote {target}")
