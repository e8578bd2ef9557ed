"""The PM scope of the planner's views (ic2kg.gaps.scope) on the curated graph: who is a PM
actor, and what a country's ranking then names."""

from __future__ import annotations

import pytest

from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.scope import pm_profile, profile_report
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def snapshot(curated_store: EmbeddedStore) -> Snapshot:
    return load_snapshot(curated_store)


@pytest.mark.parametrize("country", ["ES", "DE", "IT", "FR", "NL"])
def test_default_view_names_pm_actors_and_each_partner_once(
    snapshot: Snapshot, country: str
) -> None:
    report = opportunities(snapshot, focus=snapshot.country_by_code(country), top=20)
    pairs = report.opportunities
    assert pairs, country
    for o in pairs:
        a, b = pm_profile(snapshot, o.a.iri), pm_profile(snapshot, o.b.iri)
        assert a.eligible and b.eligible and (a.has_activity or b.has_activity), o
        # The first reason says why the pair is about PM or health, citing what exists.
        assert o.reasons[0].part == "pm" and o.reasons[0].sources, o.reasons[0]
    partners = [o.b.iri for o in pairs]
    assert len(set(partners)) == len(partners), "a partner appears twice"


def test_all_research_fields_keep_the_old_view(snapshot: Snapshot) -> None:
    spain = snapshot.country_by_code("ES")
    everything = opportunities(snapshot, focus=spain, top=50, scope="all").opportunities
    outside = [o for o in everything if not pm_profile(snapshot, o.b.iri).eligible]
    assert outside, "the all-fields view should reach organisations outside the PM scope"
    with pytest.raises(BadParameter, match="scope"):
        opportunities(snapshot, focus=spain, scope="everything")  # type: ignore[arg-type]


def test_profile_of_a_pm_funder_and_of_a_biobank(snapshot: Snapshot) -> None:
    isciii = profile_report(snapshot, str(KG["org-isciii"]))
    assert isciii.pm_activity and isciii.in_scope
    assert "PM funder" in isciii.capacity
    assert any(a.pm and a.sources for a in isciii.activities)
    zh = profile_report(snapshot, str(KG["org-isciii"]), "zh")
    assert [a.activity.iri for a in zh.activities] == [a.activity.iri for a in isciii.activities]
    biobanks = [iri for iri in snapshot.biobanks if iri in snapshot.entities]
    assert any("biobank" in pm_profile(snapshot, b).capacity for b in biobanks)
    with pytest.raises(BadParameter):
        profile_report(snapshot, str(KG["country-ES"]))


def test_brokers_of_the_pm_network_are_pm_actors(snapshot: Snapshot) -> None:
    from ic2kg.gaps.network import network_roles

    report = network_roles(snapshot, top=10)
    organisations = [b.node.iri for b in report.brokers if b.kind == "organisation"]
    assert organisations
    assert all(pm_profile(snapshot, iri).eligible for iri in organisations)
    activities = [b.node.iri for b in report.brokers if b.kind != "organisation"]
    assert all(snapshot.lens[a].health for a in activities if a in snapshot.lens)


def test_funder_pairs_ranked_by_the_co_funding_rule(snapshot: Snapshot) -> None:
    from ic2kg.gaps.funders import FUNDER_WEIGHTS

    report = opportunities(
        snapshot, focus=snapshot.country_by_code("ES"), partner_kind="funder", top=20
    )
    pairs = report.opportunities
    assert pairs
    scores = [o.score for o in pairs]
    assert scores == sorted(scores, reverse=True)
    for o in pairs:
        rule = [r for r in o.reasons if r.part in FUNDER_WEIGHTS]
        # No card reads a score without its reasons: the score is the rule's weighted mean.
        assert o.score > 0 and rule, o
        total = sum(FUNDER_WEIGHTS.values())
        assert abs(sum(r.value * r.weight for r in rule) / total - o.score) < 1e-3
    # The Chinese funders that already co-fund with Europe come first.
    assert any(r.part == "china_route" and r.sources for r in pairs[0].reasons)
