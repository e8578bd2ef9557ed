"""The command that builds a release of the graph.

ic2kg release              write dist/graph-VERSION-DATE/ with every artefact and SHA256SUMS
"""

from __future__ import annotations

from pathlib import Path

import click

from ic2kg.cli.common import out, progress_printer, reports_errors


@click.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Parent folder of graph-VERSION-DATE/ (default: dist).",
)
@click.option("--quiet", is_flag=True, help="No progress lines.")
@reports_errors
def release(output: Path | None, quiet: bool) -> None:
    """Write dist/graph-VERSION-DATE/: graph, mappings, SHACL report, VoID and SHA256SUMS."""
    from ic2kg.release import make_release

    result = make_release(output, progress=progress_printer(not quiet))
    out.print(f"wrote {len(result.files)} files to {result.folder}")
