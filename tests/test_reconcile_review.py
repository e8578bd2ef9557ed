"""The review file: decisions and notes survive regeneration; bad decisions are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from ic2kg.errors import DataLoadError
from ic2kg.reconcile.review import ReviewRow, merge_decisions, read_review, render_review


def row(
    subject: str, obj: str, score: str = "0.90", decision: str = "", reason: str = ""
) -> ReviewRow:
    return ReviewRow(
        subject,
        "label",
        "CN",
        obj,
        "record",
        "CN",
        "education",
        score,
        "name match",
        decision,
        reason,
    )


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "review.tsv"
    rows = [row("kg:a", "ror:0abcdef01", decision="accept", reason='the "record" says so')]
    path.write_text(render_review(rows), encoding="utf-8")
    assert list(read_review(path).values()) == rows


def test_decisions_and_notes_survive_and_old_decisions_stay() -> None:
    previous = {
        r.key: r
        for r in [
            row("kg:a", "ror:0abcdef01", decision="reject", reason="another city"),
            row("kg:a", "ror:0abcdef02", reason="ask the curator"),
            row("kg:b", "ror:0abcdef03", decision="accept", reason="no longer proposed"),
            row("kg:c", "ror:0abcdef04"),
        ]
    }
    proposed = [row("kg:a", "ror:0abcdef01", "0.95"), row("kg:a", "ror:0abcdef02", "0.80")]
    merged = {r.key: r for r in merge_decisions(proposed, previous)}
    assert merged[("kg:a", "ror:0abcdef01")].decision == "reject"
    assert merged[("kg:a", "ror:0abcdef01")].score == "0.95", "rows are regenerated"
    assert merged[("kg:a", "ror:0abcdef02")].reason == "ask the curator"
    assert merged[("kg:b", "ror:0abcdef03")].decision == "accept"
    assert ("kg:c", "ror:0abcdef04") not in merged, "undecided rows not proposed any more go"


def test_rejects_an_unknown_decision(tmp_path: Path) -> None:
    path = tmp_path / "review.tsv"
    path.write_text(
        render_review([row("kg:a", "ror:0abcdef01", decision="maybe")]), encoding="utf-8"
    )
    with pytest.raises(DataLoadError, match="line 6"):
        read_review(path)


def test_rejects_a_file_without_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "review.tsv"
    path.write_text("subject_id\tobject_id\nkg:a\tror:0abcdef01\n", encoding="utf-8")
    with pytest.raises(DataLoadError, match="lacks the columns"):
        read_review(path)


def test_absent_file_has_no_rows(tmp_path: Path) -> None:
    assert read_review(tmp_path / "none.tsv") == {}
