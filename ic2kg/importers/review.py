"""The review file of uncertain organisation merges: proposals of the importer, people's decisions.

A reviewer writes ``accept`` or ``reject`` in the decision column; the next run keeps every
decision and applies it. Rows are sorted so that reruns give the same file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ic2kg.errors import DataLoadError

COLUMNS = (
    "cordis_key",
    "cordis_name",
    "country",
    "candidate",
    "candidate_label",
    "score",
    "reason",
    "decision",
)
DECISIONS = ("", "accept", "reject")


@dataclass(frozen=True)
class ReviewRow:
    """One proposed merge of a CORDIS organisation with a candidate."""

    cordis_key: str
    cordis_name: str
    country: str
    candidate: str
    candidate_label: str
    score: str
    reason: str
    decision: str = ""


def read_decisions(path: Path) -> dict[tuple[str, str], str]:
    """(cordis_key, candidate) -> accept/reject, from an earlier review file (none if absent)."""
    return {key: row.decision for key, row in read_decided_rows(path).items()}


def read_decided_rows(path: Path) -> dict[tuple[str, str], ReviewRow]:
    """(cordis_key, candidate) -> the decided row of an earlier review file, as it was."""
    if not path.is_file():
        return {}
    decisions = {}
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t")
    if reader.fieldnames is None or not set(COLUMNS) <= set(reader.fieldnames):
        raise DataLoadError(
            f"expected the columns {', '.join(COLUMNS)}", where=str(path), hint="restore the header"
        )
    for number, row in enumerate(reader, start=2):
        decision = (row["decision"] or "").strip().lower()
        if decision not in DECISIONS:
            raise DataLoadError(
                f"decision {decision!r} is not accept, reject or empty",
                where=f"{path} line {number}",
            )
        if decision:
            values = {column: row[column] or "" for column in COLUMNS}
            values["decision"] = decision
            decisions[(row["cordis_key"], row["candidate"])] = ReviewRow(**values)
    return decisions


def render(rows: Iterable[ReviewRow]) -> str:
    """The review file's text: a header and one sorted row per proposal."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    # One row per proposal: a CORDIS name spelled in two records can propose the same pair twice
    # with two scores; the decided row, else the higher score, stands for both.
    best: dict[tuple[str, str], ReviewRow] = {}
    for row in rows:
        key = (row.cordis_key, row.candidate)
        kept = best.get(key)
        if kept is None or (bool(row.decision), float(row.score or 0)) > (
            bool(kept.decision),
            float(kept.score or 0),
        ):
            best[key] = row
    for row in sorted(best.values(), key=lambda r: (r.country, r.cordis_key, r.candidate)):
        writer.writerow([getattr(row, column) for column in COLUMNS])
    return out.getvalue()
