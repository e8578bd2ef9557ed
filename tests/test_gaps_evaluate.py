"""The backtest (ic2kg.gaps.evaluate) on tests/resources/gaps/learning.ttl, and the graph as of a
year (Snapshot.as_of) on tests/resources/gaps/backtest.ttl; both fixtures state what follows
from them."""

from __future__ import annotations

import numpy as np
import pytest

from ic2kg import paths
from ic2kg.build import build
from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, evidence, load_snapshot
from ic2kg.gaps import evaluate as backtest
from ic2kg.gaps.evaluate import evaluate, markdown
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def record() -> Snapshot:
    store = EmbeddedStore()
    build(
        store, [paths.ONTOLOGY_EDIT, paths.ROOT / "tests" / "resources" / "gaps" / "backtest.ttl"]
    )
    return load_snapshot(store)


@pytest.fixture(scope="module")
def result(learning_record: Snapshot) -> backtest.Evaluation:
    return evaluate(learning_record, (2018,), ks=(1, 2), replicates=50)


def iri(name: str) -> str:
    return str(KG[name])


def test_as_of_removes_later_activities_and_their_participations(record: Snapshot) -> None:
    cut = record.as_of(2018)
    assert cut.as_of_year == 2018 and record.as_of_year is None
    assert record.year == 2021 and cut.year == 2018
    assert iri("proj-d") not in cut.entities and iri("proj-d") in record.entities
    assert iri("proj-d") not in evidence.party_sets(cut, iri("org-es-hosp")).activities
    assert evidence.party_sets(cut, iri("org-es-hosp")).partners == {iri("org-cn-uni-a")}
    assert evidence.party_sets(record, iri("org-es-hosp")).partners == {
        iri("org-cn-uni-a"),
        iri("org-cn-uni-b"),
        iri("org-de-company"),
    }
    # Calls are dated by dcterms:issued and stay: they started by 2018.
    assert iri("call-es") in evidence.party_sets(cut, iri("org-es-funder")).activities
    # Nothing starts after 2021: the graph as of 2021 is the whole record.
    assert record.as_of(2021).involvement == record.involvement


def test_counts_follow_the_fixture(result: backtest.Evaluation) -> None:
    everything = next(d for d in result.cutoffs if d.scope == "all")
    assert (everything.european, everything.chinese, everything.candidates) == (3, 3, 4)
    # E1-C3 (L7) and E2-C3 (L8); E4-C3 (L8) is out of reach: E4 is unknown at the end of 2018.
    assert (everything.positives, everything.projects, everything.unreachable) == (2, 2, 1)
    assert everything.windows == (2015, 2016) and everything.training_positives == 3
    # No activity of the fixture is about health: the PM scope is empty, and says so.
    pm = next(d for d in result.cutoffs if d.scope == "pm")
    assert (pm.candidates, pm.positives) == (0, 0)


def test_preferential_attachment_ranks_by_degree_product(result: backtest.Evaluation) -> None:
    # Degrees: E1 3, E2 2, E3 2; C1 2, C2 2, C3 1. E3-C1 and E3-C2 (4) lead, then E1-C3 (3),
    # a positive, then E2-C3 (2), a positive: AP = (1/3 + 2/4) / 2.
    attachment = next(
        r
        for r in result.results
        if r.method == "preferential attachment" and r.scope == "all" and not r.capped
    )
    assert attachment.precision[2].value == 0.0
    assert attachment.average_precision.value == pytest.approx((1 / 3 + 2 / 4) / 2, abs=1e-4)
    assert attachment.most_pairs_one_organisation == 2
    methods = {(r.method, r.capped) for r in result.results if r.scope == "all"}
    assert methods == {(m, c) for m in backtest.METHODS for c in (True, False)}


def test_the_cap_spreads_the_list(result: backtest.Evaluation) -> None:
    capped = next(
        r
        for r in result.results
        if r.method == "preferential attachment" and r.scope == "all" and r.capped
    )
    # Caps of 4 hold no organisation of a two-pair list back: the same list.
    assert capped.most_pairs_one_organisation <= 4


def test_weighted_metrics_follow_the_definitions() -> None:
    ranks = np.array([1, 3, 4])
    ones = np.ones((1, 3))
    precision, recall, ap = backtest._metrics(ranks, ones, (1, 4))
    assert precision[:, 0].tolist() == [1.0, 0.75] and recall[0] == 1.0
    assert ap[0] == pytest.approx((1 / 1 + 2 / 3 + 3 / 4) / 3)
    # A replicate that drops the positive at rank 3 (weight 0) and doubles the one at rank 1.
    precision, _, ap = backtest._metrics(ranks, np.array([[2.0, 0.0, 1.0]]), (1, 4))
    assert precision[0, 0] == 2.0
    assert ap[0] == pytest.approx((2 * 2 / 1 + 1 * 3 / 4) / 3)


def test_a_pair_brought_by_two_projects_weighs_their_mean_draw() -> None:
    draws = np.array([[0, 2, 1], [1, 1, 1]])
    weights = backtest._pair_weights(draws, [[0, 1], [2]])
    assert weights.tolist() == [[1.0, 1.0], [1.0, 1.0]]
    weights = backtest._pair_weights(np.array([[0, 4, 3]]), [[0, 1], [2]])
    assert weights.tolist() == [[2.0, 3.0]]


def test_the_backtest_is_reproducible_and_printed(
    learning_record: Snapshot, result: backtest.Evaluation
) -> None:
    again = evaluate(learning_record, (2018,), ks=(1, 2), replicates=50)
    assert again == result
    text = markdown(result)
    assert "| 2018 | preferential attachment | none | 0.00 [0.00, 0.00] | 0.00" in text
    assert "| 2018 | all | 3 | 3 | 4 | 2 | 2 | 1 | 2015-2016 | 3 |" in text


def test_bad_evaluation_input_is_rejected(learning_record: Snapshot) -> None:
    with pytest.raises(BadParameter):
        evaluate(learning_record, (), ks=(10,))
    with pytest.raises(BadParameter):
        evaluate(learning_record, (2018,), ks=(0,))


def test_random_order_is_seeded() -> None:
    scores = np.zeros(50)
    first = backtest.order_of(scores, np.random.default_rng(backtest.SEED))
    again = backtest.order_of(scores, np.random.default_rng(backtest.SEED))
    assert first.tolist() == again.tolist() and sorted(first.tolist()) == list(range(50))
