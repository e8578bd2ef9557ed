"""Standards gaps and adoption leverage (ic2kg.gaps.standards)."""

from __future__ import annotations

import pytest

from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.standards import standards_report
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def snapshot(gaps_store: EmbeddedStore) -> Snapshot:
    return load_snapshot(gaps_store)


def test_default_group_gaps(snapshot: Snapshot) -> None:
    report = standards_report(snapshot)
    assert [p.label for p in report.parties] == ["China", "Germany"]
    assert [(g.party.label, g.lacks.label) for g in report.gaps] == [("China", "MIABIS")]
    gap = report.gaps[0]
    assert [d.label for d in gap.declared_by] == ["Germany"]
    assert (
        gap.paths[0].text() == "DE Biobank -country-> Germany; DE Biobank -adoptsStandard-> MIABIS"
    )


def test_pair_gap_both_ways(snapshot: Snapshot) -> None:
    report = standards_report(snapshot, [str(KG["country-FR"]), str(KG["country-CN"])])
    assert [(g.party.label, g.lacks.label) for g in report.gaps] == [("France", "ISO 20387")]


def test_leverage_ranks_adoptions_that_link_new_pairs(snapshot: Snapshot) -> None:
    leverage = standards_report(snapshot).leverage
    # The FR biobank adopting the ISO 20387 family links it with the DE and CN biobanks
    # (one EU-China pair); adopting MIABIS links it with the DE biobank only.
    assert [
        (x.rank, x.standard.label, x.adopter.label, x.new_pairs, x.new_eu_china_pairs)
        for x in leverage
    ] == [(1, "ISO 20387", "FR Biobank", 2, 1), (2, "MIABIS", "FR Biobank", 1, 0)]
    assert [p.label for p in leverage[0].partners] == ["CN Biobank", "DE Biobank"]


def test_rejects_bad_groups(snapshot: Snapshot) -> None:
    with pytest.raises(BadParameter, match="at least two"):
        standards_report(snapshot, [str(KG["country-FR"])])
    with pytest.raises(BadParameter, match="not a country or organisation"):
        standards_report(snapshot, [str(KG["std-miabis"]), str(KG["country-FR"])])
