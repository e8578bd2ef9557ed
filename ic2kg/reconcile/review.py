"""The review file of the ROR reconciliation: candidate pairs a person accepts or rejects.

graph/mappings/ror-review.tsv holds one row per (organisation, ROR record) pair that was not
accepted automatically. A reviewer writes ``accept`` or ``reject`` in the ``decision`` column
and why in ``reason``; ``ic2kg reconcile ror`` reads the decisions back and keeps them on every
rerun, also for pairs it no longer proposes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ic2kg.errors import DataLoadError

COLUMNS = (
    "subject_id",
    "subject_label",
    "subject_country",
    "object_id",
    "object_label",
    "object_country",
    "object_types",
    "score",
    "evidence",
    "decision",
    "reason",
)
DECISIONS = ("", "accept", "reject")
HEADER = (
    "# ROR candidates that ic2kg reconcile ror did not accept on its own (several candidates, or\n"
    "# a score under the threshold). Write accept or reject in the decision column and the\n"
    "# reason (what in the record or a source shows it) in the reason column; the decisions are\n"
    "# kept when the command runs again. Rows are regenerated: edit only decision and reason.\n"
)


@dataclass(frozen=True)
class ReviewRow:
    """One candidate pair: the organisation (kg: CURIE), the record (ror: CURIE), a decision."""

    subject_id: str
    subject_label: str
    subject_country: str
    object_id: str
    object_label: str
    object_country: str
    object_types: str
    score: str
    evidence: str
    decision: str = ""
    reason: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """The pair a decision is about."""
        return (self.subject_id, self.object_id)


def read_review(path: Path) -> dict[tuple[str, str], ReviewRow]:
    """The rows of a review file by (organisation, record); an absent file has none.

    :raises DataLoadError: on a missing column or a decision other than accept/reject.
    """
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t")
    missing = set(COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise DataLoadError(
            f"review file lacks the columns {', '.join(sorted(missing))}",
            where=str(path),
            hint="regenerate it with ic2kg reconcile ror and copy the decisions back",
        )
    found: dict[tuple[str, str], ReviewRow] = {}
    comment_lines = len(text.splitlines()) - len(lines)
    for number, raw in enumerate(reader, start=comment_lines + 2):
        row = ReviewRow(**{column: (raw.get(column) or "").strip() for column in COLUMNS})
        if row.decision not in DECISIONS:
            raise DataLoadError(
                f"decision '{row.decision}' is neither accept nor reject",
                where=f"{path} line {number}",
            )
        found[row.key] = row
    return found


def merge_decisions(
    proposed: Iterable[ReviewRow], previous: dict[tuple[str, str], ReviewRow]
) -> list[ReviewRow]:
    """The new review rows with the previous decisions and notes copied in, plus every earlier
    decided row that is no longer proposed (a decision is never lost), sorted for a stable file.
    """
    merged: dict[tuple[str, str], ReviewRow] = {}
    for row in proposed:
        earlier = previous.get(row.key)
        if earlier is not None and (earlier.decision or earlier.reason):
            row = replace(row, decision=earlier.decision, reason=earlier.reason)
        merged[row.key] = row
    for key, earlier in previous.items():
        if key not in merged and earlier.decision:
            merged[key] = earlier
    return sorted(merged.values(), key=_order)


def _order(row: ReviewRow) -> tuple[str, float, str]:
    try:
        score = -float(row.score)
    except ValueError:
        score = 0.0
    return (row.subject_id, score, row.object_id)


def render_review(rows: Iterable[ReviewRow], *, header: str = HEADER) -> str:
    """The text of a review file (comment lines, then tab-separated rows, LF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, column) for column in COLUMNS])
    return header + buffer.getvalue()
