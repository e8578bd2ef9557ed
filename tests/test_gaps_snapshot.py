"""The gap snapshot (ic2kg.gaps.snapshot): path-free party sets and the fast row reader."""

from __future__ import annotations

import pytest

from ic2kg.gaps import Snapshot, evidence, load_snapshot
from ic2kg.gaps.model import PartyKind
from ic2kg.gaps.opportunities import opportunities
from ic2kg.store import Bindings, EmbeddedStore, QueryResult, Store

KINDS: tuple[PartyKind, ...] = ("country", "funder", "organisation")


class _Wrapped(Store):
    """Any store that is not the embedded one: rows come through Store.select as rdflib terms."""

    def __init__(self, inner: EmbeddedStore) -> None:
        self.inner = inner

    def query(self, sparql: str, bindings: Bindings | None = None) -> QueryResult:
        return self.inner.query(sparql, bindings)

    def load(self, data: bytes, rdf_format: str = "turtle", *, source: str = "<input>") -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def dump(self, rdf_format: str = "ntriples") -> bytes:
        raise NotImplementedError

    def triple_count(self) -> int:
        return self.inner.triple_count()


@pytest.fixture(scope="module", params=["fixture", "curated"])
def store(request: pytest.FixtureRequest) -> EmbeddedStore:
    name = "gaps_store" if request.param == "fixture" else "curated_store"
    found = request.getfixturevalue(name)
    assert isinstance(found, EmbeddedStore)
    return found


def test_party_sets_are_the_profile_keys(store: EmbeddedStore) -> None:
    snapshot = load_snapshot(store)
    parties = snapshot.parties("country") + snapshot.parties("organisation")
    assert parties
    for party in parties:
        sets, profile = evidence.party_sets(snapshot, party), evidence.profile(snapshot, party)
        assert sets.priorities == set(profile.priorities), party
        assert sets.activities == set(profile.activities), party
        assert sets.standards == set(profile.standards), party
        assert sets.networks == set(profile.networks), party


def test_fast_rows_equal_rows_through_the_store_interface(store: EmbeddedStore) -> None:
    fast, generic = load_snapshot(store), load_snapshot(_Wrapped(store))
    for name in (
        "entities",
        "concepts",
        "sources",
        "involvement",
        "priority_statements",
        "hierarchy",
        "policy_parties",
        "memberships",
        "declarations",
        "derivations",
        "biobanks",
        "participant_countries",
        "taxonomy",
        "topics",
        "starts",
        "participant_types",
    ):
        assert getattr(fast, name) == getattr(generic, name), name


def test_top_rows_equal_the_head_of_the_full_ranking(store: EmbeddedStore) -> None:
    """Scoring with arrays and explaining only the rows kept changes no row: the first rows
    asked for are the first pairs of the exhaustive ranking (every pair scored, none pruned),
    with their scores, and the first pairs left out."""
    from ic2kg.gaps.opportunities import _excluded_for, ranked_pairs, sides
    from ic2kg.gaps.weights import OpportunityWeights

    snapshot: Snapshot = load_snapshot(store)
    weights = OpportunityWeights()
    for kind in KINDS:
        left, right = sides(snapshot, None, kind, scope="all")
        pairs, chosen = ranked_pairs(snapshot, left, right, weights, top=None)
        full = [
            (left[int(pairs.rows[p])], right[int(pairs.cols[p])], round(float(pairs.score[p]), 4))
            for p in chosen
        ]
        excluded = _excluded_for(snapshot, left, right, "en", None)
        for top in (1, 2, 5, 20):
            head = opportunities(snapshot, scope="all", partner_kind=kind, top=top)
            got = [(o.a.iri, o.b.iri, o.score) for o in head.opportunities]
            assert got == full[:top], (kind, top)
            assert head.excluded == excluded[:top]
