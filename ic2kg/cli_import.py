"""``ic2kg import``: turn registry dumps into Turtle under graph/imported/.

ic2kg import cordis DIR [--country CN] [--topic-prefix SC1-] [--programme H2020]
ic2kg import ga4gh FILE
ic2kg import fhir FILE
"""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import Graph
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ic2kg.cli import console, out, reports_errors


def _curated_graph(exclude: Path) -> Graph:
    from ic2kg import paths
    from ic2kg.validate import parse_files

    # The file being regenerated must not match against its own previous version.
    return parse_files([paths.ONTOLOGY_EDIT, *(p for p in paths.graph_files() if p != exclude)])


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    )


@click.group(name="import")
def import_group() -> None:
    """Import open registry dumps into graph/imported/ (see scripts/refresh-data.sh)."""


@import_group.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--country",
    "countries",
    multiple=True,
    help="Keep projects with a participant in this country (repeatable; EL/UK accepted).",
)
@click.option(
    "--topic-prefix",
    "topic_prefixes",
    multiple=True,
    help="Keep projects whose topic starts so (repeatable), e.g. SC1- HORIZON-HLTH-.",
)
@click.option(
    "--programme",
    "programmes",
    multiple=True,
    help="Keep projects of this framework programme (FP7, H2020, HORIZON).",
)
@click.option(
    "--release", default="", help="Name of the dump's release for the file header, e.g. 2025-08."
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--review", "review_path", type=click.Path(dir_okay=False, path_type=Path), default=None
)
@reports_errors
def cordis(
    folder: Path,
    countries: tuple[str, ...],
    topic_prefixes: tuple[str, ...],
    programmes: tuple[str, ...],
    release: str,
    output: Path | None,
    review_path: Path | None,
) -> None:
    """Import the CORDIS project.json + organization.json (or .csv) dump in FOLDER."""
    from ic2kg.importers import cordis as importer
    from ic2kg.importers.cordis_read import Selection
    from ic2kg.importers.cordis_write import write_outputs

    target = output or importer.OUTPUT
    review = review_path or importer.REVIEW_TSV
    selection = Selection(frozenset(countries), tuple(topic_prefixes), frozenset(programmes))
    curated = _curated_graph(target)
    with _bar() as bar:
        task = bar.add_task("CORDIS projects", total=None)

        def advance(_: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = importer.import_cordis(
            folder,
            curated,
            selection=selection,
            review_path=review,
            release=release,
            progress=advance,
        )
    write_outputs(
        result,
        target,
        review,
        importer.CONFLICTS_TSV if output is None else target.with_suffix(".conflicts.tsv"),
    )
    counts = result.resolution.matched()
    out.print(
        f"{result.projects_new} projects added, {result.projects_merged} merged with the graph; "
        f"{result.participations} participations; organisations: {counts}; "
        f"{len(result.review)} proposals in {review}; {len(result.conflicts)} conflicts; "
        f"{len(result.skipped)} participations left out (no country). Wrote {target}."
    )
