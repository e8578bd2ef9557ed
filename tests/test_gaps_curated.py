"""Gap analyses on the curated graph: facts that must hold as curators add data, and every
evidence step of every explanation is a triple of the graph (asked with SPARQL ASK)."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.biobanks import biobank_pairs
from ic2kg.gaps.coverage import coverage
from ic2kg.gaps.loader import read_query
from ic2kg.gaps.model import EvidencePath, Step
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.standards import standards_report
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore, Store


@pytest.fixture(scope="module")
def snapshot(curated_store: EmbeddedStore) -> Snapshot:
    return load_snapshot(curated_store)


def _assert_steps_exist(store: Store, steps: list[Step]) -> None:
    query = read_query("triple-exists")
    assert steps, "no evidence steps to check"
    for step in steps:
        bindings = {
            "subject": URIRef(step.subject.iri),
            "predicate": URIRef(step.predicate),
            "object": URIRef(step.object.iri),
        }
        assert store.ask(query, bindings), f"evidence step not in the graph: {step.text()}"
        assert step.sources, f"evidence step without a source: {step.text()}"


def _steps(paths: tuple[EvidencePath, ...]) -> list[Step]:
    return [step for path in paths for step in path.steps]


def test_sino_eu_permed_partners_are_not_opportunities(snapshot: Snapshot) -> None:
    """Germany (DLR-PT) and China (JITTC, GIBH) are partners in Sino-EU PerMed (issue 9)."""
    report = opportunities(snapshot, partner_kind="country")
    pairs = {(o.a.iri, o.b.iri) for o in report.opportunities}
    germany_china = (str(KG["country-DE"]), str(KG["country-CN"]))
    assert germany_china not in pairs
    excluded = {(e.a.iri, e.b.iri): e for e in report.excluded}
    assert str(KG["proj-sino-eu-permed"]) in {j.activity.iri for j in excluded[germany_china].joint}


def test_every_explanation_step_is_in_the_graph(
    snapshot: Snapshot, curated_store: EmbeddedStore
) -> None:
    report = opportunities(snapshot, top=10)
    assert report.opportunities, "the curated graph should yield EU-China opportunities"
    steps: list[Step] = []
    for o in report.opportunities:
        for shared in o.shared_priorities:
            steps += _steps(shared.paths_a) + _steps(shared.paths_b)
        for link in (*o.shared_standards, *o.shared_networks):
            steps += _steps(link.paths_a) + _steps(link.paths_b)
    for excluded in report.excluded:
        for joint in excluded.joint:
            steps += list(joint.path_a.steps) + list(joint.path_b.steps)
    for pair in biobank_pairs(snapshot).pairs:
        steps += list(pair.evidence)
    for gap in standards_report(snapshot).gaps:
        steps += _steps(gap.paths)
    _assert_steps_exist(curated_store, steps)


def test_funder_opportunities_pair_funders_across_regions(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, partner_kind="funder", top=20)
    assert report.opportunities
    for o in report.opportunities:
        assert o.a.role == o.b.role == "funder", (o.a, o.b)
        assert o.reasons and all(r.text.endswith(".") for r in o.reasons), o.reasons
        assert snapshot.region(o.a.iri) in {str(KG["region-eu"]), str(KG["region-europe-other"])}
        assert snapshot.region(o.b.iri) == str(KG["region-china"])


def test_policy_only_bodies_are_not_partners_of_spain(snapshot: Snapshot) -> None:
    """Issue 16: the State Council, the CPC Central Committee, the NPC Standing Committee and
    the NDRC issue policy and fund no call in the graph: context, not partners."""
    report = opportunities(snapshot, focus=str(KG["country-ES"]))
    partners = {o.b.iri for o in report.opportunities}
    assert report.opportunities
    for body in (
        "org-state-council-cn",
        "org-cpc-central-committee",
        "org-npc-standing-committee",
        "org-ndrc-cn",
    ):
        assert str(KG[body]) in snapshot.entities, body
        assert snapshot.role(str(KG[body])) is None, body
        assert str(KG[body]) not in partners, body
    assert snapshot.role(str(KG["org-most-cn"])) == "funder"


def test_era_permed_calls_cover_priorities_in_spain(snapshot: Snapshot) -> None:
    """ISCIII (Spain) coordinates ERA PerMed JTC2018, which addresses Action Plan priorities."""
    report = coverage(snapshot, country=str(KG["country-ES"]))
    calls = {a for c in report.cells if c.area_kind == "country" for a in c.activities}
    assert str(KG["call-era-permed-jtc2018"]) in calls
    assert any(c.calls for c in report.cells if c.area.iri == str(KG["country-ES"]))


def test_kadoorie_biobank_is_a_chinese_pairing_candidate(snapshot: Snapshot) -> None:
    chinese = {p.china.iri for p in biobank_pairs(snapshot).pairs}
    assert str(KG["bb-ckb"]) in chinese
