"""Network roles and the networkx graphs behind them (ic2kg.gaps.network, ic2kg.gaps.graphs)."""

from __future__ import annotations

import pytest

from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.graphs import projection, stakeholder_graph
from ic2kg.gaps.network import network_roles
from ic2kg.gaps.weights import NetworkParameters
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def snapshot(gaps_store: EmbeddedStore) -> Snapshot:
    return load_snapshot(gaps_store)


def test_brokers_ranked_exactly(snapshot: Snapshot) -> None:
    report = network_roles(snapshot, scope="all")
    # European sources, Chinese targets; networkx halves undirected path counts:
    # joint project on 3 paths, network on 2, CN funder and the ISO 20387 family on 1.
    assert [(b.node.label, b.betweenness) for b in report.brokers] == [
        ("Joint ES-CN Project", 1.5),
        ("Fixture Network", 1.0),
        ("CN Funder", 0.5),
        ("ISO 20387", 0.5),
    ]


def test_isolated_stakeholders(snapshot: Snapshot) -> None:
    isolated = [(i.node.label, i.reason) for i in network_roles(snapshot, scope="all").isolated]
    assert isolated == [
        ("DE Isolated Lab", "no programme, call, project, working group, membership or standard"),
        ("FR Biobank", "no programme, call, project, working group, membership or standard"),
        ("FR Funder", "linked, but no path to any Chinese stakeholder"),
    ]


def test_communities_are_seeded_and_stable(snapshot: Snapshot) -> None:
    first = network_roles(snapshot, scope="all").communities
    again = network_roles(snapshot, scope="all", parameters=NetworkParameters(seed=42)).communities
    assert first == again
    members = [sorted(m.label for m in c.members) for c in first]
    assert ["CN University", "ES Institute", "Joint ES-CN Project"] in members
    # 8 linked organisations (network included), 4 activities, 2 standard families.
    assert sum(c.size for c in first) == 14


def test_sampling_is_reported_on_large_graphs(snapshot: Snapshot) -> None:
    report = network_roles(
        snapshot, scope="all", parameters=NetworkParameters(sample_above=1, sample_size=2)
    )
    assert report.sampled_sources == 2


def test_stakeholder_multigraph_has_typed_edges(snapshot: Snapshot) -> None:
    graph = stakeholder_graph(snapshot)
    de, call = str(KG["org-de-funder"]), str(KG["call-de"])
    assert graph.nodes[de]["kind"] == "organisation"
    assert graph.has_edge(de, call, key="funds")
    assert graph.has_edge(call, str(KG["ap-p3-a1"]), key="addressesPriority")
    assert graph.has_edge(str(KG["bb-cn"]), str(KG["std-gb-t-37864-2019"]), key="adoptsStandard")
    assert graph.has_edge(de, str(KG["net-fixture"]), key="memberOf")


def test_country_projection_weights(snapshot: Snapshot) -> None:
    graph = projection(snapshot, "country")
    de, cn, es = (str(KG[f"country-{c}"]) for c in ("DE", "CN", "ES"))
    assert graph.edges[de, cn]["shared_priorities"] == 3
    assert graph.edges[de, cn]["shared_memberships"] == 1
    assert graph.edges[de, cn]["shared_standards"] == 1
    assert graph.edges[de, cn]["weight"] == 3 * 1.0 + 1.0 + 0.5
    assert graph.edges[es, cn]["joint_activities"] == 1


def test_funder_projection_links_funders(snapshot: Snapshot) -> None:
    graph = projection(snapshot, "funder")
    assert set(graph.nodes) == {str(KG[f"org-{n}-funder"]) for n in ("de", "fr", "cn")}
    assert (
        graph.edges[str(KG["org-de-funder"]), str(KG["org-cn-funder"])]["shared_memberships"] == 1
    )
