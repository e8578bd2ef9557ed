"""Collaboration opportunities (ic2kg.gaps.opportunities) on two fixtures whose answers are
known by construction: tests/resources/gaps/fixture.ttl (issue 9: a pair with a joint funded
project is no gap) and tests/resources/gaps/backtest.ttl (issue 16: partners that can act,
scores from the collaboration record, reasons in plain sentences)."""

from __future__ import annotations

import numpy as np
import pytest

from ic2kg import paths
from ic2kg.build import build
from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.scoring import ScoredPairs, order
from ic2kg.gaps.weights import OpportunityWeights
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore

EX = "https://example.org/src/"
RESOURCES = paths.ROOT / "tests" / "resources" / "gaps"
# The weights these tests compute their expected scores with (the defaults may change when
# `ic2kg gaps evaluate` chooses new ones).
W = OpportunityWeights(
    topics=0.3, partners=0.25, distance=0.1, standards=0.05, memberships=0.05, activity=0.25
)


@pytest.fixture(scope="module")
def snapshot(gaps_store: EmbeddedStore) -> Snapshot:
    return load_snapshot(gaps_store)


@pytest.fixture(scope="module")
def record() -> Snapshot:
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, RESOURCES / "backtest.ttl"])
    return load_snapshot(store)


def iri(name: str) -> str:
    return str(KG[name])


def test_country_pairs_ranked_exactly(snapshot: Snapshot) -> None:
    # Standards and memberships only: DE-CN share the ISO 20387 family (Jaccard 1/2) and the
    # network (1): (0.5 + 1) / 2. FR-CN share topic P1 only, so they qualify with score 0.
    weights = OpportunityWeights(
        topics=0, partners=0, distance=0, standards=1, memberships=1, activity=0
    )
    report = opportunities(snapshot, scope="all", partner_kind="country", weights=weights)
    ranked = [(o.rank, o.a.label, o.b.label, o.score) for o in report.opportunities]
    assert ranked == [(1, "Germany", "China", 0.75), (2, "France", "China", 0.0)]


def test_priority_filter_keeps_the_pairs_sharing_it(snapshot: Snapshot) -> None:
    def pairs(kind: str, priority: str | None) -> list[tuple[str, str]]:
        report = opportunities(snapshot, scope="all", partner_kind=kind, priority=priority)  # type: ignore[arg-type]
        return [(o.a.label, o.b.label) for o in report.opportunities]

    # FR-CN share P1 only; DE-CN share P1-P3; the DE-CN biobanks share no priority.
    assert pairs("country", iri("ap-p1")) == [("Germany", "China"), ("France", "China")]
    assert pairs("country", iri("ap-p2")) == [("Germany", "China")]
    assert pairs("organisation", None)[1] == ("DE Biobank", "CN Biobank")
    assert pairs("organisation", iri("ap-p1")) == [
        ("DE Funder", "CN Funder"),
        ("FR Funder", "CN Funder"),
    ]
    assert pairs("organisation", iri("ap-p4")) == []
    report = opportunities(snapshot, scope="all", partner_kind="country", priority=iri("ap-p2"))
    assert report.priority is not None and report.priority.label == "P2 Big Data"


def test_unknown_priority_is_a_bad_parameter(snapshot: Snapshot) -> None:
    with pytest.raises(BadParameter, match="not an ICPerMed Action Plan priority"):
        opportunities(snapshot, scope="all", priority=iri("country-DE"))


def test_issue_9_joint_project_pair_is_not_an_opportunity(snapshot: Snapshot) -> None:
    """Spain and China share P1 and P2 but run a joint funded project: no gap."""
    report = opportunities(snapshot, scope="all", partner_kind="country")
    assert ("Spain", "China") not in [(o.a.label, o.b.label) for o in report.opportunities]
    (excluded,) = [e for e in report.excluded if e.a.label == "Spain"]
    assert excluded.b.label == "China"
    assert [j.activity.label for j in excluded.joint] == ["Joint ES-CN Project"]
    assert excluded.joint[0].path_a.text() == (
        "ES Institute -country-> Spain; ES Institute -coordinates-> Joint ES-CN Project"
    )


def test_explanation_names_shared_priorities_paths_and_sources(snapshot: Snapshot) -> None:
    top = opportunities(snapshot, scope="all", partner_kind="country", weights=W).opportunities[0]
    assert [s.priority.label for s in top.shared_priorities] == [
        "P1 Awareness",
        "P2 Big Data",
        "P3 Translation",
    ]
    p3 = top.shared_priorities[2]
    assert p3.paths_a[0].text() == (
        "DE Funder -country-> Germany; DE Funder -funds-> DE Call; "
        "DE Call -addressesPriority-> A3.1 Clinical trials; "
        "A3.1 Clinical trials -broader-> P3 Translation"
    )
    assert [s.sources for s in p3.paths_a[0].steps] == [
        (EX + "de-funder",),
        (EX + "call-de-funders",),
        (EX + "call-de-text",),
        (EX + "plan",),
    ]
    # The CN funder's funding of its programme is a direct statement: the programme's source.
    assert [s.sources for s in p3.paths_b[0].steps] == [
        (EX + "cn-funder",),
        (EX + "prog-cn",),
        (EX + "prog-cn-text",),
    ]
    assert [n.target.label for n in top.shared_networks] == ["Fixture Network"]
    assert top.shared_networks[0].paths_a[0].steps[-1].sources == (EX + "network-members",)
    assert [s.target.label for s in top.shared_standards] == ["ISO 20387"]
    # Germany's P5 comes from its strategy, activity 3.1 from its call; P4 only from China.
    assert {p.label for p in top.only_a} == {"P5 Healthcare", "A3.1 Clinical trials"}
    assert [p.label for p in top.only_b] == ["P4 Market"]


def test_organisation_pairs_match_roles_and_exclude_joint_work(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, scope="all", weights=W)
    # Funders with funders, biobanks with biobanks; the ES institute and the CN university
    # work together already, and the DE isolated lab shares nothing with anyone.
    assert [(o.a.label, o.b.label) for o in report.opportunities] == [
        ("DE Funder", "CN Funder"),
        ("FR Funder", "CN Funder"),
        ("DE Biobank", "CN Biobank"),
    ]
    assert [(o.a.role, o.b.role) for o in report.opportunities] == [
        ("funder", "funder"),
        ("funder", "funder"),
        ("biobank", "biobank"),
    ]
    assert [(e.a.label, e.b.label) for e in report.excluded] == [("ES Institute", "CN University")]


def test_focus_on_a_country_pairs_its_organisations(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, scope="all", focus=iri("country-DE"), weights=W)
    assert report.focus is not None and report.focus.label == "Germany"
    assert [(o.a.label, o.b.label) for o in report.opportunities] == [
        ("DE Funder", "CN Funder"),
        ("DE Biobank", "CN Biobank"),
    ]


def test_focus_on_a_chinese_funder_lists_european_funders(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, scope="all", focus=iri("org-cn-funder"), partner_kind="funder")
    assert [o.b.label for o in report.opportunities] == ["DE Funder", "FR Funder"]


def test_top_limits_rows(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, scope="all", top=1)
    assert [o.rank for o in report.opportunities] == [1]


def test_bad_focus_and_weights_are_rejected(snapshot: Snapshot) -> None:
    with pytest.raises(BadParameter, match="neither in Europe nor in China"):
        opportunities(snapshot, scope="all", focus=iri("country-US"))
    with pytest.raises(BadParameter, match="not in the graph"):
        opportunities(snapshot, scope="all", focus=iri("org-nowhere"))
    with pytest.raises(BadParameter, match=">= 0"):
        OpportunityWeights(memberships=-1)
    with pytest.raises(BadParameter, match="at least 1"):
        OpportunityWeights(max_per_chinese=0)


# ---------------------------------------------------------------- the collaboration record


def test_roles_come_from_classes_and_funding(record: Snapshot) -> None:
    roles = {
        record.label(i): record.role(i) for i in record.entities if record.kind(i) == "organisation"
    }
    assert roles == {
        "DE University": "research",
        "ES Hospital": "research",
        "DE Company": "company",
        "ES Funder": "funder",
        "DE Ministry": None,  # a ministry that funds nothing: context
        "CN University A": "research",
        "CN University B": "research",
        "CN Funder": "funder",
        "CN Commission": "funder",  # a ministry that funds a call
        "CN Council": None,  # issues a strategy only
    }


def test_ranking_as_of_2018_exactly(record: Snapshot) -> None:
    """As of 2018 (projects D and E removed): ES Funder-CN Funder share the one topic both name
    (cosine 1): 0.3 x 1. ES Funder-CN Commission: idf-weighted cosine of {Cohorts} and
    {Cohorts, Rare diseases} = 1.8109 / sqrt(1.8109^2 + 1.5878^2) = 0.7519, times 0.3.
    ES Hospital-CN University B: three steps apart (0.5), each with one activity in 2016-2018
    while the most active (DE University) has two: log 2 / log 3 = 0.6309; 0.1 x 0.5 +
    0.25 x 0.6309. DE Company has no activity by 2018; funders never pair with universities."""
    report = opportunities(record.as_of(2018), scope="all", weights=W)
    assert report.as_of == 2018
    assert [(o.a.label, o.b.label, o.score) for o in report.opportunities] == [
        ("ES Funder", "CN Funder", 0.3),
        ("ES Funder", "CN Commission", 0.2256),
        ("ES Hospital", "CN University B", 0.2077),
    ]
    third = report.opportunities[2]
    assert (third.parts.distance, third.parts.activity, third.parts.topics) == (0.5, 0.6309, 0.0)


def test_common_partner_counts_after_2020(record: Snapshot) -> None:
    """On the whole record DE Company and CN University A share ES Hospital, who has three
    partners: Adamic-Adar 1 / log(2 + 3), part 1 - exp(-0.6213) = 0.4628."""
    top = opportunities(record, scope="all", weights=W).opportunities[0]
    assert (top.a.label, top.b.label) == ("DE Company", "CN University A")
    assert top.parts.partners == 0.4628 and top.parts.distance == 1.0
    # Reasons come largest share first: activity (0.25 x 1.0), then partners (0.25 x 0.4628).
    assert [r.part for r in top.reasons] == ["activity", "partners"]
    assert top.reasons[1].text == "DE Company and CN University A share one partner: ES Hospital."
    assert [s.url for s in top.reasons[1].sources] == [
        "https://example.org/bt/proj-d",
        "https://example.org/bt/proj-b",
    ]


def test_reasons_are_sentences_with_sourced_domains(record: Snapshot) -> None:
    snap = record.as_of(2018)
    english = opportunities(snap, scope="all", weights=W).opportunities
    chinese = opportunities(snap, scope="all", weights=W, lang="zh").opportunities
    assert (
        english[0].reasons[0].text
        == "ES Funder and CN Funder both fund work on Cohorts (2015, 2017)."
    )
    assert chinese[0].reasons[0].text == "ES Funder和中国资助方都资助队列方面的工作（2015、2017）。"
    assert [s.domain for s in english[0].reasons[0].sources] == ["es-funder.example", "example.org"]
    far = english[2].reasons
    # Activity 0.25 x 0.6309 weighs more than distance 0.1 x 0.5: it comes first.
    assert [r.part for r in far] == ["activity", "distance"]
    assert far[1].text == (
        "ES Hospital and CN University B are three steps apart in the EU-China collaboration "
        "network: ES Hospital worked with CN University A, CN University A with DE University, "
        "and DE University with CN University B."
    )
    assert chinese[2].reasons[1].text.startswith("在欧中合作网络中，西班牙医院与中国大学乙相距三步")
    assert far[0].text == (
        "In 2016-2018, ES Hospital took part in one and CN University B in one projects, calls or "
        "programmes that started then."
    )
    # The ranking is the same in every language: never ordered by label.
    assert [(o.a.iri, o.b.iri) for o in english] == [(o.a.iri, o.b.iri) for o in chinese]


def test_role_filter_and_focus_on_spain(record: Snapshot) -> None:
    snap = record.as_of(2018)
    report = opportunities(snap, scope="all", focus=iri("country-ES"), role="funder", weights=W)
    assert [(o.a.label, o.b.label) for o in report.opportunities] == [
        ("ES Funder", "CN Funder"),
        ("ES Funder", "CN Commission"),
    ]
    everyone = opportunities(snap, scope="all", focus=iri("country-ES"), weights=W)
    assert ("ES Hospital", "CN University A") in [(e.a.label, e.b.label) for e in everyone.excluded]
    assert "CN Council" not in {o.b.label for o in everyone.opportunities}


def test_no_organisation_beyond_the_cap(record: Snapshot) -> None:
    capped = OpportunityWeights(
        topics=0.3,
        partners=0.25,
        distance=0.1,
        standards=0.05,
        memberships=0.05,
        activity=0.25,
        max_per_european=1,
        max_per_chinese=1,
    )
    report = opportunities(record.as_of(2018), scope="all", weights=capped, top=2)
    # ES Funder holds the first pair, so its second (with CN Commission) gives way.
    assert [(o.a.label, o.b.label) for o in report.opportunities] == [
        ("ES Funder", "CN Funder"),
        ("ES Hospital", "CN University B"),
    ]


def test_ties_are_broken_by_evidence_then_iri() -> None:
    pairs = ScoredPairs(
        rows=np.array([0, 1, 1], dtype=np.int64),
        cols=np.array([0, 0, 1], dtype=np.int64),
        parts=np.zeros((3, 6)),
        score=np.array([0.5, 0.5, 0.5]),
        evidence=np.array([1, 3, 1], dtype=np.int64),
    )
    # The most evidence first, then (equal evidence) by IRI: "a:x" before "a:y".
    assert order(pairs, ["a:y", "a:x"], ["b:1", "b:2"]).tolist() == [1, 2, 0]


def test_participant_countries_make_a_joint_project(snapshot: Snapshot) -> None:
    """Italy and China share P2 and are participant countries of one project: no gap."""
    report = opportunities(snapshot, scope="all", partner_kind="country")
    assert "Italy" not in [o.a.label for o in report.opportunities]
    (excluded,) = [e for e in report.excluded if e.a.label == "Italy"]
    (joint,) = excluded.joint
    assert joint.activity.label == "CORDIS-only Project"
    assert joint.path_a.text() == "CORDIS-only Project -participantCountry-> Italy"
    assert joint.path_a.steps[0].sources == (EX + "cordis",)
