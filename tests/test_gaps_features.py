"""Pair features as of a year (ic2kg.gaps.features) on tests/resources/gaps/learning.ttl, whose
known organisations, candidates and positives are stated in the fixture's header."""

from __future__ import annotations

import math

import pytest

from ic2kg.gaps import Snapshot, features
from ic2kg.namespaces import KG


def iri(name: str) -> str:
    return str(KG[f"org-{name}"])


def pairs(c: features.Cut, rows: list[int], cols: list[int]) -> list[tuple[str, str]]:
    return [(c.europe[i], c.china[j]) for i, j in zip(rows, cols, strict=True)]


def test_candidates_are_known_pairs_that_never_worked_together(learning_record: Snapshot) -> None:
    c = features.cut(learning_record, 2018)
    # E4 first appears in a 2020 project: unknown at the end of 2018, so no candidate.
    assert c.europe == [iri("e1"), iri("e2"), iri("e3")]
    assert c.china == [iri("c1"), iri("c2"), iri("c3")]
    rows, cols = c.candidates()
    assert pairs(c, rows.tolist(), cols.tolist()) == [
        (iri("e1"), iri("c3")),
        (iri("e2"), iri("c3")),
        (iri("e3"), iri("c1")),
        (iri("e3"), iri("c2")),
    ]


def test_positives_are_candidates_first_together_later(learning_record: Snapshot) -> None:
    c = features.cut(learning_record, 2018)
    found = features.first_together(learning_record, c, 2018)
    named = {(c.europe[i], c.china[j]): ps for (i, j), ps in found.items()}
    assert named == {
        (iri("e1"), iri("c3")): [str(KG["proj-l7"])],
        (iri("e2"), iri("c3")): [str(KG["proj-l8"])],
    }
    # A window: only projects up to its last year count.
    assert len(features.first_together(learning_record, c, 2018, 2019)) == 1


def test_graph_features_follow_the_co_participation_graph(learning_record: Snapshot) -> None:
    c = features.cut(learning_record, 2018)
    data = features.table(c)
    by_pair = dict(
        zip(pairs(c, data.rows.tolist(), data.cols.tolist()), range(len(data)), strict=True)
    )
    e1c3 = by_pair[(iri("e1"), iri("c3"))]
    e2c3 = by_pair[(iri("e2"), iri("c3"))]
    e3c1 = by_pair[(iri("e3"), iri("c1"))]
    # E1 and C3 share one partner, E3 (partners: E1 and C3): Adamic-Adar 1/ln 2, allocation 1/2.
    assert data.column("common")[e1c3] == pytest.approx(math.log1p(1))
    assert data.column("adamic_adar")[e1c3] == pytest.approx(1 / math.log(2))
    assert data.column("allocation")[e1c3] == pytest.approx(0.5)
    # E3 and C1 share E1, who has three partners (C1, C2, E3).
    assert data.column("allocation")[e3c1] == pytest.approx(1 / 3)
    # E2 (partners C1, C2) and C3 (partner E3) share none, and no partner of E2 worked with
    # E3: no path of three steps either.
    assert data.column("common")[e2c3] == 0
    assert data.column("paths3")[e2c3] == 0
    # Sides: E1 has three partners, two of them Chinese; it is a research organisation.
    assert data.column("eu_degree")[e1c3] == pytest.approx(math.log1p(3))
    assert data.column("eu_cross")[e1c3] == pytest.approx(math.log1p(2))
    assert data.column("eu_role_research")[e1c3] == 1.0
    assert data.column("eu_role_company")[e3c1] == 1.0
    # E1 (SC1-PM-2014) and C3 (SC1-PM-2015) share the call-topic family SC1-PM.
    assert data.column("families")[e1c3] == pytest.approx(math.log1p(1))
    assert data.column("families")[e2c3] == 0


def test_call_family_cuts_before_the_first_number() -> None:
    assert features.call_family("PHC-01-2014") == "PHC"
    assert features.call_family("MSCA-RISE-2016") == "MSCA-RISE"
    assert features.call_family("HORIZON-MSCA-2022-SE-01-01") == "HORIZON-MSCA"


def test_features_read_nothing_after_the_cutoff(learning_record: Snapshot) -> None:
    full = features.table(features.cut(learning_record, 2018))
    cut_first = features.table(features.cut(learning_record.as_of(2018), 2018))
    assert (full.values == cut_first.values).all()
