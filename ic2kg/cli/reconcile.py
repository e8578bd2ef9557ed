"""Commands that reconcile the graph's organisations with external registries.

ic2kg reconcile ror DUMP [--funder-map FILE] [--date YYYY-MM-DD] [--check]

DUMP is ROR's data dump (https://zenodo.org/communities/ror-data: a zip or JSON array of
schema v2 records; JSON Lines and schema v1 records are read too, gzipped or not). The command
writes graph/imported/ror.ttl, graph/mappings/ror.sssom.tsv, graph/mappings/ror-review.tsv and
graph/mappings/ror-report.tsv. Decide the review file's rows (accept/reject) and run it again.
Exit codes: 0 done (or up to date with --check), 1 --check found files out of date, 2 bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ic2kg.cli.common import console, out, reports_errors


@click.group()
def reconcile() -> None:
    """Match the graph's organisations to registry records (ROR)."""


@reconcile.command()
@click.argument("dump", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--funder-map",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Crossref Funder ID to ROR map (JSON object), for Funder IDs a record lacks.",
)
@click.option("--date", default=None, help="Mapping date, when the dump gives none (YYYY-MM-DD).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file would change.")
@reports_errors
def ror(dump: Path, funder_map: Path | None, date: str | None, check: bool) -> None:
    """Reconcile every organisation of the graph with the ROR dump DUMP."""
    from collections import Counter

    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from ic2kg.reconcile.run import run

    with Progress(
        TextColumn("reading {task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(dump.name, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = run(dump, funder_map=funder_map, date=date, progress=advance, check=check)
    statuses = Counter(f.status for f in result.reconciliation.findings)
    provenance = result.provenance
    out.print(
        f"ROR release {provenance.release} ({provenance.records:,} records): "
        f"{result.organisations} organisations, "
        + ", ".join(f"{count} {status}" for status, count in sorted(statuses.items())),
        highlight=False,
    )
    for path in result.changed:
        console.print(f"{'out of date' if check else 'wrote'}: {path}", highlight=False)
    sys.exit(1 if check and result.changed else 0)
