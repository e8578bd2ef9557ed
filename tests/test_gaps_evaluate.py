"""The backtest (ic2kg.gaps.evaluate) and the graph as of a year (Snapshot.as_of), on
tests/resources/gaps/backtest.ttl, whose positives and rankings are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from ic2kg import paths
from ic2kg.build import build
from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, evidence, load_snapshot
from ic2kg.gaps import evaluate as backtest
from ic2kg.gaps.evaluate import Cutoff, evaluate, markdown
from ic2kg.gaps.weights import OpportunityWeights
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore

W = OpportunityWeights(
    topics=0.3, partners=0.25, distance=0.1, standards=0.05, memberships=0.05, activity=0.25
)


@pytest.fixture(scope="module")
def record() -> Snapshot:
    store = EmbeddedStore()
    build(
        store, [paths.ONTOLOGY_EDIT, paths.ROOT / "tests" / "resources" / "gaps" / "backtest.ttl"]
    )
    return load_snapshot(store)


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


def test_positives_are_pairs_first_together_after_the_cutoff(record: Snapshot) -> None:
    cut = Cutoff(record, 2018)
    assert {cut.pair(p) for p in cut.positives} == {
        (iri("org-es-hosp"), iri("org-cn-uni-b")),
        (iri("org-de-company"), iri("org-cn-uni-b")),
    }
    # DE University and CN University A meet again in 2021: not a first collaboration.
    assert (iri("org-de-uni"), iri("org-cn-uni-a")) not in {cut.pair(p) for p in cut.positives}
    # Five European x five Chinese organisations, less the three pairs that worked together.
    assert (len(cut.europe), len(cut.china), cut.candidates) == (5, 5, 22)
    assert Cutoff(record, 2021).positives == set()


def test_metrics_of_each_method_as_of_2018(record: Snapshot) -> None:
    result = evaluate(record, (2018,), k=3, weights=W, tune=False)
    by_method = {r.method: r for r in result.results}
    assert set(by_method) == {
        "ic2kg",
        "random",
        "preferential attachment",
        "common neighbours",
        "Adamic-Adar",
    }
    # ic2kg: the two funder pairs, then ES Hospital-CN University B (a positive) third.
    ours = by_method["ic2kg"]
    assert (ours.hits_at_k, ours.precision_at_k, ours.recall_at_k) == (1, 0.3333, 0.5)
    assert (ours.chinese_in_top, ours.european_in_top, ours.most_pairs_one_organisation) == (
        3,
        2,
        2,
    )
    # Preferential attachment: ES Hospital x CN University B is the only pair of organisations
    # that both have partners (1 x 1), so it ranks first: average precision >= 1/2.
    attachment = by_method["preferential attachment"]
    assert attachment.hits_at_k >= 1 and attachment.average_precision >= 0.5
    assert result.cutoffs[0].positives == 2 and result.cutoffs[0].candidates == 22
    assert "| 2018 | ic2kg | 0.333 | 0.500 |" in markdown(result)


def test_weights_are_chosen_on_the_earliest_cutoff_only(
    record: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    choose = backtest.choose_weights

    def spy(ranker: backtest.Ranker, k: int, start: OpportunityWeights) -> OpportunityWeights:
        seen.append(ranker.cut.year)
        return choose(ranker, k, start)

    monkeypatch.setattr(backtest, "choose_weights", spy)
    result = evaluate(record, (2019, 2018), k=1, weights=W)
    assert seen == [2018] and result.tuned_on == 2018
    # Chosen on 2018, the weights put ES Hospital-CN University B first there.
    first = next(r for r in result.results if r.method == "ic2kg" and r.cutoff == 2018)
    assert first.precision_at_k == 1.0


def test_bad_evaluation_input_is_rejected(record: Snapshot) -> None:
    with pytest.raises(BadParameter):
        evaluate(record, (), k=10)
    with pytest.raises(BadParameter):
        evaluate(record, (2018,), k=0)


def test_random_baseline_is_seeded(record: Snapshot) -> None:
    cut = Cutoff(record, 2018)
    first = backtest._baseline(cut, "random", np.random.default_rng(backtest.SEED))
    again = backtest._baseline(cut, "random", np.random.default_rng(backtest.SEED))
    assert first.tolist() == again.tolist() and len(first) == cut.candidates
