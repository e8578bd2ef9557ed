"""European-Chinese biobank pairs (ic2kg.gaps.biobanks)."""

from __future__ import annotations

import pytest

from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.biobanks import biobank_pairs
from ic2kg.gaps.weights import BiobankWeights
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def snapshot(gaps_store: EmbeddedStore) -> Snapshot:
    return load_snapshot(gaps_store)


def test_pairs_ranked_with_exact_scores(snapshot: Snapshot) -> None:
    pairs = biobank_pairs(snapshot).pairs
    # DE-CN: diseases 1/2, samples 2/3, both populations described, standards 1/2:
    # 0.35*0.5 + 0.2*0.6667 + 0.15*1 + 0.3*0.5 = 0.6083. FR-CN: 0 + 0.2*1 + 0.15*0.5 + 0.
    assert [(p.rank, p.europe.label, p.china.label, p.score) for p in pairs] == [
        (1, "DE Biobank", "CN Biobank", 0.6083),
        (2, "FR Biobank", "CN Biobank", 0.275),
    ]


def test_ready_pair_shares_a_standard_through_its_adoption(snapshot: Snapshot) -> None:
    """GB/T 37864-2019 is derived from ISO 20387: one family, so DE-CN is ready."""
    pair = biobank_pairs(snapshot).pairs[0]
    assert pair.ready
    assert [s.label for s in pair.shared_standards] == ["ISO 20387"]
    assert [d.label for d in pair.shared_diseases] == ["cancer"]
    # The CN biobank still lacks MIABIS, which the DE biobank declares.
    assert [(a.biobank.label, a.standard.label, a.reason) for a in pair.adopt_first] == [
        ("CN Biobank", "MIABIS", "DE Biobank declares it")
    ]
    assert {(s.subject.label, s.object.label) for s in pair.evidence} == {
        ("DE Biobank", "cancer"),
        ("CN Biobank", "cancer"),
        ("DE Biobank", "ISO 20387"),
        ("CN Biobank", "GB/T 37864-2019"),
    }


def test_pair_lacking_a_standard_names_it(snapshot: Snapshot) -> None:
    pair = biobank_pairs(snapshot).pairs[1]
    assert not pair.ready
    assert [(a.biobank.label, a.standard.label) for a in pair.adopt_first] == [
        ("FR Biobank", "ISO 20387")
    ]


def test_filter_by_biobank_and_weights(snapshot: Snapshot) -> None:
    report = biobank_pairs(snapshot, biobank=str(KG["bb-fr"]))
    assert [p.europe.label for p in report.pairs] == ["FR Biobank"]
    weights = BiobankWeights(disease_overlap=0, sample_complementarity=1, population=0, standards=0)
    ranked = biobank_pairs(snapshot, weights=weights).pairs
    assert [p.europe.label for p in ranked] == ["FR Biobank", "DE Biobank"]


def test_rejects_unknown_biobank(snapshot: Snapshot) -> None:
    with pytest.raises(BadParameter, match="not a biobank"):
        biobank_pairs(snapshot, biobank=str(KG["org-de-funder"]))
