"""Coverage of Action Plan priorities by country and region (ic2kg.gaps.coverage)."""

from __future__ import annotations

import pytest

from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.coverage import coverage
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def snapshot(gaps_store: EmbeddedStore) -> Snapshot:
    return load_snapshot(gaps_store)


def _cell(snapshot: Snapshot, priority: str, area: str) -> tuple[int, int, int, int]:
    report = coverage(snapshot)
    (cell,) = [
        c
        for c in report.cells
        if c.priority.iri == str(KG[priority]) and c.area.iri == str(KG[area])
    ]
    return cell.programmes, cell.calls, cell.projects, cell.policies


def test_uncovered_cells_are_reported(snapshot: Snapshot) -> None:
    report = coverage(snapshot)
    uncovered = [(u.priority.label, u.missing_in) for u in report.uncovered]
    # P4 only in a Chinese programme; P5 only in a German policy (policies do not cover);
    # activity 3.1 only in a German call.
    assert uncovered == [
        ("P4 Market", "europe"),
        ("P5 Healthcare", "both"),
        ("A3.1 Clinical trials", "china"),
    ]
    p5 = report.uncovered[1]
    assert (p5.policies_europe, p5.policies_china) == (1, 0)


def test_covered_priorities_are_not_reported(snapshot: Snapshot) -> None:
    missing = {u.priority.label for u in coverage(snapshot).uncovered}
    assert {"P1 Awareness", "P2 Big Data", "P3 Translation"}.isdisjoint(missing)


def test_activity_counts_for_its_perspective(snapshot: Snapshot) -> None:
    # The German call addresses activity 3.1, so it counts for P3 too.
    assert _cell(snapshot, "ap-p3", "country-DE") == (0, 1, 0, 0)
    assert _cell(snapshot, "ap-p3-a1", "country-DE") == (0, 1, 0, 0)


def test_counts_per_country_and_region(snapshot: Snapshot) -> None:
    # P1: DE call, FR programme, ES-CN joint project; CN programme and the joint project.
    assert _cell(snapshot, "ap-p1", "country-ES") == (0, 0, 1, 0)
    assert _cell(snapshot, "ap-p1", "country-CN") == (1, 0, 1, 0)
    assert _cell(snapshot, "ap-p1", "region-eu") == (1, 1, 1, 0)
    assert _cell(snapshot, "ap-p5", "region-eu") == (0, 0, 0, 1)
    assert _cell(snapshot, "ap-p1", "region-other") == (0, 0, 0, 0)


def test_country_filter_keeps_one_country(snapshot: Snapshot) -> None:
    report = coverage(snapshot, country=str(KG["country-FR"]))
    assert [c.label for c in report.countries] == ["France"]
    assert {c.area.label for c in report.cells if c.area_kind == "country"} == {"France"}


def test_unknown_country_is_rejected(snapshot: Snapshot) -> None:
    with pytest.raises(BadParameter, match="not in the graph"):
        coverage(snapshot, country=str(KG["country-XX"]))


def test_chinese_labels(snapshot: Snapshot) -> None:
    report = coverage(snapshot, lang="zh")
    assert "中国" in [r.label for r in report.regions]
    # Falls back to English where no Chinese label exists.
    assert "P4 Market" in [p.label for p in report.priorities]
