"""``ic2kg import``: turn registry dumps into Turtle under graph/imported/.

ic2kg import cordis DIR [--country CN] [--topic-prefix SC1-] [--programme H2020]
ic2kg import ga4gh FILE
ic2kg import fhir FILE
ic2kg import fairsharing [FILE]
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
from rdflib import Graph
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ic2kg.cli.common import console, out, reports_errors
from ic2kg.importers.standards import StandardsImport


def _curated_graph(*exclude: Path) -> Graph:
    from ic2kg import paths
    from ic2kg.validate import parse_files

    # The file being regenerated (its default place and --output) must not match against its
    # own previous version.
    skipped = {p.resolve() for p in exclude}
    return parse_files(
        [paths.ONTOLOGY_EDIT, *(p for p in paths.graph_files() if p.resolve() not in skipped)]
    )


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    )


@click.group(name="import")
def import_group() -> None:
    """Import open registry dumps into graph/imported/ (see scripts/refresh-data.sh)."""


@import_group.command()
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
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
@click.option(
    "--ror-dump",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="ROR dump (JSON array or JSON Lines, gzipped or not): match participants through ROR.",
)
@reports_errors
def cordis(
    folders: tuple[Path, ...],
    countries: tuple[str, ...],
    topic_prefixes: tuple[str, ...],
    programmes: tuple[str, ...],
    release: str,
    output: Path | None,
    review_path: Path | None,
    ror_dump: Path | None,
) -> None:
    """Import the CORDIS project.json + organization.json (or .csv) dumps in FOLDERS.

    One folder per framework programme (FP7, H2020, HORIZON); all go into one file.
    """
    from ic2kg.importers import cordis as importer
    from ic2kg.importers.cordis_read import Selection
    from ic2kg.importers.cordis_write import write_outputs

    target = output or importer.OUTPUT
    review = review_path or importer.REVIEW_TSV
    selection = Selection(frozenset(countries), tuple(topic_prefixes), frozenset(programmes))
    curated = _curated_graph(target, importer.OUTPUT)
    with _bar() as bar:
        matcher, names, ror_release = None, None, ""
        if ror_dump:
            from ic2kg.importers.ror_bridge import ror_lookups

            reading = bar.add_task("ROR dump (bytes)", total=None)
            matcher, names, ror_release = ror_lookups(
                ror_dump, lambda done, total: bar.update(reading, completed=done, total=total)
            )
        task = bar.add_task("CORDIS projects", total=None)

        def advance(_: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = importer.import_cordis(
            list(folders),
            curated,
            selection=selection,
            review_path=review,
            ror_matcher=matcher,
            ror_names=names,
            ror_release=ror_release,
            release=release,
            progress=advance,
        )
    write_outputs(
        result,
        target,
        review,
        importer.CONFLICTS_TSV if output is None else target.with_suffix(".conflicts.tsv"),
        importer.ROR_SSSOM if output is None else target.with_suffix(".ror.sssom.tsv"),
    )
    counts = result.resolution.matched()
    out.print(
        f"{result.projects_new} projects added, {result.projects_merged} merged with the graph; "
        f"{result.participations} participations; {result.records} rows kept as records of "
        f"curated participations (amount and activity type); organisations: {counts}; "
        f"{len(result.review)} proposals in {review}; {len(result.conflicts)} conflicts; "
        f"{len(result.skipped)} participations left out (no country). Wrote {target}."
    )


@import_group.command()
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--schema",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The registry's schema SQL (CREATE TABLE statements), when DUMP holds only INSERTs.",
)
@click.option("--release", default="", help="Name of the registry snapshot, e.g. 2022-08-29.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@reports_errors
def ga4gh(dump: Path, schema: Path | None, release: str, output: Path | None) -> None:
    """Import the GA4GH standards registry (PostgreSQL INSERT statements) in DUMP."""
    from ic2kg.importers import ga4gh as importer

    target = output or importer.OUTPUT
    result = importer.import_ga4gh(dump, _curated_graph(target, importer.OUTPUT), schema, release)
    _write_standards(result, target)


@import_group.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--release", default="", help="Name of the registry snapshot, e.g. 2026-08-22.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@reports_errors
def fhir(path: Path, release: str, output: Path | None) -> None:
    """Import the guides in scope from the FHIR IG registry file PATH (fhir-ig-list.json)."""
    from ic2kg.importers import fhir as importer

    target = output or importer.OUTPUT
    result = importer.import_fhir(path, _curated_graph(target, importer.OUTPUT), release)
    _write_standards(result, target)


@import_group.command()
@click.argument(
    "path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--review", "review_path", type=click.Path(dir_okay=False, path_type=Path), default=None
)
@reports_errors
def fairsharing(path: Path | None, output: Path | None, review_path: Path | None) -> None:
    """Import health-research records from a FAIRsharing file in the bioregistry form.

    PATH defaults to the copy inside the installed bioregistry package
    (bioregistry/external/fairsharing/processed.json). Writes graph/imported/fairsharing.ttl,
    graph/mappings/fairsharing.sssom.tsv and graph/mappings/fairsharing-review.tsv.
    """
    from ic2kg.importers import fairsharing as importer
    from ic2kg.importers import fairsharing_match as match

    source = path or importer.default_input()
    target = output or importer.OUTPUT
    review = review_path or match.REVIEW
    sssom = match.MAPPINGS if output is None else target.with_suffix(".sssom.tsv")
    importer.read_records(source)  # a bad file fails before graph/ is read
    graph = _curated_graph(target, importer.OUTPUT)
    result = match.import_fairsharing(source, graph, review)
    for file, text in ((target, result.turtle), (sssom, result.sssom), (review, result.review)):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    hows = ", ".join(
        f"{n} {h}" for h, n in sorted(Counter(o.how for o in result.outcomes.values()).items())
    )
    out.print(
        f"{len(result.selected)} of {result.records} records selected; entities: {hows}; "
        f"{result.open_reviews} proposals open in {review}. Wrote {target} and {sssom}.",
        highlight=False,
    )


def _write_standards(result: StandardsImport, target: Path) -> None:
    from ic2kg.importers.turtle import write_turtle

    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(write_turtle(result.graph, result.header), encoding="utf-8")
    merged = "; ".join(
        f"{key} -> {iri.rsplit('/', 1)[-1]} ({how})" for key, iri, how in result.merged
    )
    out.print(
        f"{len(result.new)} standards added, {len(result.merged)} merged with curated ones"
        f"{': ' + merged if merged else ''}; new issuers: {len(result.new_issuers)}. "
        f"Wrote {target}.",
        highlight=False,
    )
