"""Write what a CORDIS import produced: the Turtle, the review proposals, the conflicts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ic2kg.importers.cordis import CordisImport
from ic2kg.importers.review import render
from ic2kg.importers.turtle import write_turtle


def conflicts_text(result: CordisImport) -> str:
    """The curated-versus-CORDIS conflicts as a sorted TSV."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(("entity", "predicate", "curated", "cordis"))
    for conflict in result.conflicts:
        writer.writerow((conflict.entity, conflict.predicate, conflict.curated, conflict.imported))
    return out.getvalue()


def write_outputs(result: CordisImport, turtle: Path, review: Path, conflicts: Path) -> None:
    """Write the three files; each is the same bytes when the inputs are the same."""
    turtle.parent.mkdir(parents=True, exist_ok=True)
    text = write_turtle(result.graph, result.header)
    turtle.write_text(text, encoding="utf-8")
    review.write_text(render(result.review), encoding="utf-8")
    conflicts.write_text(conflicts_text(result), encoding="utf-8")
