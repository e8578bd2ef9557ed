"""Collaboration opportunities (ic2kg.gaps.opportunities), including issue 9:
a pair with a joint funded project is not reported as lacking collaboration."""

from __future__ import annotations

import pytest

from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.weights import OpportunityWeights
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore

EX = "https://example.org/src/"


@pytest.fixture(scope="module")
def snapshot(gaps_store: EmbeddedStore) -> Snapshot:
    return load_snapshot(gaps_store)


def test_country_pairs_ranked_exactly(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, partner_kind="country")
    ranked = [(o.rank, o.a.label, o.b.label, o.score) for o in report.opportunities]
    # DE-CN share three priorities (P1, P2, P3), a network and the ISO 20387 family:
    # 0.55*3/6 + 0.15*3/6 + 0.15*1/2 + 0.15*1 = 0.575. FR-CN share P1 only:
    # 0.55*1/6 + 0.15*3/4 = 0.2042.
    assert ranked == [(1, "Germany", "China", 0.575), (2, "France", "China", 0.2042)]


def test_issue_9_joint_project_pair_is_not_an_opportunity(snapshot: Snapshot) -> None:
    """Spain and China share P1 and P2 but run a joint funded project: no gap."""
    report = opportunities(snapshot, partner_kind="country")
    assert ("Spain", "China") not in [(o.a.label, o.b.label) for o in report.opportunities]
    (excluded,) = [e for e in report.excluded if e.a.label == "Spain"]
    assert excluded.b.label == "China"
    assert [j.activity.label for j in excluded.joint] == ["Joint ES-CN Project"]
    assert excluded.joint[0].path_a.text() == (
        "ES Institute -country-> Spain; ES Institute -coordinates-> Joint ES-CN Project"
    )


def test_explanation_names_shared_priorities_paths_and_sources(snapshot: Snapshot) -> None:
    top = opportunities(snapshot, partner_kind="country").opportunities[0]
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


def test_organisation_pairs_and_exclusions(snapshot: Snapshot) -> None:
    report = opportunities(snapshot)
    assert [(o.a.label, o.b.label) for o in report.opportunities] == [
        ("DE Funder", "CN Funder"),
        ("DE Funder", "CN University"),
        ("FR Funder", "CN Funder"),
        ("FR Funder", "CN University"),
    ]
    # The CN funder funds the joint project, the CN university is a partner in it.
    assert sorted((e.a.label, e.b.label) for e in report.excluded) == [
        ("ES Institute", "CN Funder"),
        ("ES Institute", "CN University"),
    ]


def test_focus_on_a_country_lists_chinese_partners(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, focus=str(KG["country-DE"]), partner_kind="organisation")
    assert report.focus is not None and report.focus.label == "Germany"
    assert [o.b.label for o in report.opportunities] == ["CN Funder", "CN University"]


def test_focus_on_a_chinese_funder_lists_european_partners(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, focus=str(KG["org-cn-funder"]), partner_kind="funder")
    assert [o.b.label for o in report.opportunities] == ["DE Funder", "FR Funder"]


def test_top_limits_rows(snapshot: Snapshot) -> None:
    report = opportunities(snapshot, top=1)
    assert [o.rank for o in report.opportunities] == [1]


def test_weights_change_the_ranking(snapshot: Snapshot) -> None:
    # With complementarity alone FR-CN (3/4) outranks DE-CN (1/2).
    weights = OpportunityWeights(priority_overlap=0, complementarity=1, standards=0, networks=0)
    report = opportunities(snapshot, partner_kind="country", weights=weights)
    assert [o.a.label for o in report.opportunities] == ["France", "Germany"]


def test_bad_focus_and_weights_are_rejected(snapshot: Snapshot) -> None:
    with pytest.raises(BadParameter, match="neither in Europe nor in China"):
        opportunities(snapshot, focus=str(KG["country-US"]))
    with pytest.raises(BadParameter, match="not in the graph"):
        opportunities(snapshot, focus=str(KG["org-nowhere"]))
    with pytest.raises(BadParameter, match=">= 0"):
        OpportunityWeights(networks=-1)


def test_participant_countries_make_a_joint_project(snapshot: Snapshot) -> None:
    """Italy and China share P2 and are participant countries of one project: no gap."""
    report = opportunities(snapshot, partner_kind="country")
    assert "Italy" not in [o.a.label for o in report.opportunities]
    (excluded,) = [e for e in report.excluded if e.a.label == "Italy"]
    (joint,) = excluded.joint
    assert joint.activity.label == "CORDIS-only Project"
    assert joint.path_a.text() == "CORDIS-only Project -participantCountry-> Italy"
    assert joint.path_a.steps[0].sources == (EX + "cordis",)
