"""The learned pair model (ic2kg.gaps.learn) on tests/resources/gaps/learning.ttl."""

from __future__ import annotations

import numpy as np
import pytest

from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, features, learn


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
