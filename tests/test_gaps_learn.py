"""The learned pair model (ic2kg.gaps.learn) on tests/resources/gaps/learning.ttl, and the
stored model's freshness on the curated graph."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ic2kg import paths
from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, features, learn, load_snapshot, ranking
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore


def test_a_cutoff_pools_only_windows_whose_labels_end_by_it() -> None:
    assert learn.windows(2018) == [2015, 2016]
    assert learn.windows(2021) == [2015, 2016, 2017, 2018, 2019]
    assert learn.windows(2016) == []


def test_training_labels_come_from_the_window_years(learning_record: Snapshot) -> None:
    # Window 2015: E1-C2 (2016) and E2-C1 (2017); window 2016: E2-C1 (2017) only.
    _, labels_2015 = learn.training_rows(learning_record, features.cut(learning_record, 2015))
    _, labels_2016 = learn.training_rows(learning_record, features.cut(learning_record, 2016))
    assert (labels_2015.sum(), labels_2016.sum()) == (2, 1)
    model = learn.fit(learning_record, 2018)
    assert model.windows == (2015, 2016) and model.positives == 3


def test_the_model_never_reads_a_project_after_its_cutoff(learning_record: Snapshot) -> None:
    full = learn.fit(learning_record, 2018)
    blind = learn.fit(learning_record.as_of(2018), 2018)
    assert full == blind


def test_the_model_round_trips_through_json(learning_record: Snapshot) -> None:
    model = learn.fit(learning_record, 2018)
    again = learn.PairModel.from_json(model.to_json())
    assert again.to_json() == model.to_json()
    assert again.coefficients == pytest.approx(model.coefficients, abs=1e-6)


def test_contributions_add_up_to_the_score(learning_record: Snapshot) -> None:
    model = learn.fit(learning_record, 2018)
    data = features.table(features.cut(learning_record, 2018))
    total = model.contributions(data.values).sum(axis=1) + model.intercept
    assert np.allclose(total, model.score(data.values))


def test_nothing_to_learn_is_a_clear_error(learning_record: Snapshot) -> None:
    with pytest.raises(BadParameter, match="no new European-Chinese pair"):
        learn.fit(learning_record, 2016)


def test_a_stale_model_file_names_the_fix() -> None:
    with pytest.raises(BadParameter, match="gaps model --write"):
        learn.PairModel.from_json('{"coefficients": {"degree": 1.0}}')


def test_the_fingerprint_ignores_names_and_sources(learning_record: Snapshot) -> None:
    e1 = str(KG["org-e1"])
    renamed = replace(
        learning_record,
        entities={
            **learning_record.entities,
            e1: replace(learning_record.entities[e1], label_en="Another name", label_zh="别名"),
        },
        sources={**learning_record.sources, e1: ("https://example.org/another-page",)},
        involvement=tuple(
            (*r[:3], ("https://example.org/x",)) for r in learning_record.involvement
        ),
    )
    assert learn.fingerprint(renamed) == learn.fingerprint(learning_record)


def test_a_changed_training_input_changes_the_fingerprint(
    learning_record: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = learn.fingerprint(learning_record)
    l1 = str(KG["proj-l1"])
    moved = replace(learning_record, starts={**learning_record.starts, l1: 2013})
    fewer = replace(learning_record, involvement=learning_record.involvement[1:])
    assert learn.fingerprint(moved) != before
    assert learn.fingerprint(fewer) != before
    assert learn.fingerprint(learning_record.as_of(2018)) != before
    monkeypatch.setattr(learn, "C", learn.C * 10)
    assert learn.fingerprint(learning_record) != before
    monkeypatch.undo()
    monkeypatch.setattr(learn, "TRAINING_CODE", ("learn",))
    assert learn.fingerprint(learning_record) != before


def test_a_model_fitted_on_other_inputs_is_stale(learning_record: Snapshot) -> None:
    model = learn.fit_current(learning_record)
    assert model.fingerprint == learn.fingerprint(learning_record)
    assert learn.PairModel.from_json(model.to_json()).fingerprint == model.fingerprint
    assert learn.stale_reason(model, learning_record) is None
    later = replace(
        learning_record,
        starts={**learning_record.starts, str(KG["proj-l1"]): 2016},
    )
    assert learn.stale_reason(model, later) == (
        "the graph or the feature code changed since the pair model was fitted"
    )
    unmarked = replace(model, fingerprint="")
    assert "no fingerprint" in (learn.stale_reason(unmarked, learning_record) or "")


def test_the_stored_pair_model_was_fitted_on_this_graph(curated_store: EmbeddedStore) -> None:
    # The fast guard; `ic2kg gaps model --check` refits (about a minute) and compares all.
    reason = learn.stale_reason(ranking.stored_model(), load_snapshot(curated_store))
    assert reason is None, f"{paths.PAIR_MODEL}: {reason}; run ic2kg gaps model --write"
