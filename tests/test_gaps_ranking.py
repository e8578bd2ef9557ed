"""The learned ranking with explanations (ic2kg.gaps.ranking) on
tests/resources/gaps/learning.ttl: as of 2020 Spain's known organisations are E2 (who has
worked with every Chinese organisation) and E4 (with C3 only)."""

from __future__ import annotations

import pytest

from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, learn, ranking
from ic2kg.namespaces import KG


def test_a_country_ranks_its_organisations_new_partners(learning_record: Snapshot) -> None:
    model = learn.fit_current(learning_record)
    spain = learning_record.country_by_code("ES")
    result = ranking.rank(learning_record, spain, model=model, scope="all")
    assert result.year == 2020 and result.windows == (2015, 2016, 2017)
    assert {(p.a.iri, p.b.iri) for p in result.pairs} == {
        (str(KG["org-e4"]), str(KG["org-c1"])),
        (str(KG["org-e4"]), str(KG["org-c2"])),
    }
    assert [p.rank for p in result.pairs] == [1, 2]
    for pair in result.pairs:
        assert pair.reasons, "every pair is explained"
        assert {r.part for r in pair.reasons} <= {"pm", *ranking.GROUPS}
        assert all(r.text.endswith(".") for r in pair.reasons)


def test_explanations_are_said_in_chinese(learning_record: Snapshot) -> None:
    model = learn.fit_current(learning_record)
    spain = learning_record.country_by_code("ES")
    result = ranking.rank(learning_record, spain, model=model, scope="all", lang="zh")
    assert result.focus.label == "西班牙"
    assert all(r.text.endswith("。") for p in result.pairs for r in p.reasons)


def test_every_feature_has_an_explanation_group() -> None:
    from ic2kg.gaps.features import FEATURES

    assert {ranking.group_of(f) for f in FEATURES} <= set(ranking.GROUPS)


def test_a_focus_outside_europe_and_china_is_rejected(learning_record: Snapshot) -> None:
    with pytest.raises(BadParameter):
        ranking.rank(learning_record, str(KG["proj-l1"]), model=learn.fit_current(learning_record))
