"""Array betweenness (ic2kg.gaps.betweenness) against networkx, and seeded sampling."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from ic2kg.gaps import load_snapshot
from ic2kg.gaps.betweenness import Adjacency, subset_betweenness
from ic2kg.gaps.network import network_roles
from ic2kg.gaps.weights import NetworkParameters
from ic2kg.store import EmbeddedStore


def _graphs() -> list[nx.Graph]:
    """Random graphs with several components, multiple shortest paths and isolated nodes."""
    found = []
    for seed in range(6):
        graph = nx.gnm_random_graph(60, 70 + 10 * seed, seed=seed)
        graph.add_nodes_from(range(60, 64))  # isolated
        found.append(nx.relabel_nodes(graph, {n: f"n{n}" for n in graph}))
    found.append(nx.relabel_nodes(nx.grid_2d_graph(5, 6), lambda n: f"g{n[0]}-{n[1]}"))
    return found


@pytest.mark.parametrize("graph", _graphs())
def test_equals_networkx_subset_betweenness(graph: nx.Graph) -> None:
    nodes = sorted(graph)
    rng = random.Random(len(nodes))  # noqa: S311 - a fixed test sample, not security
    sources = rng.sample(nodes, 12)
    targets = rng.sample([n for n in nodes if n not in sources], 15)
    expected = nx.betweenness_centrality_subset(graph, sources, targets, normalized=False)
    found = subset_betweenness(Adjacency(graph), sources, targets)
    assert set(found) == set(expected)
    for node, value in expected.items():
        assert found[node] == pytest.approx(value, abs=1e-9), node
    assert any(value > 0 for value in found.values()), "the case should exercise some paths"


@pytest.mark.parametrize("graph", _graphs()[:3])
def test_sources_and_targets_can_swap(graph: nx.Graph) -> None:
    """Undirected: the pairs counted are the same whichever side the searches start from."""
    nodes = sorted(graph)
    left, right = nodes[:20], nodes[30:45]
    adjacency = Adjacency(graph)
    forward = subset_betweenness(adjacency, left, right)
    backward = subset_betweenness(adjacency, right, left)
    for node, value in forward.items():
        assert backward[node] == pytest.approx(value, abs=1e-9), node


def test_sampled_betweenness_is_deterministic(gaps_store: EmbeddedStore) -> None:
    parameters = NetworkParameters(sample_above=1, sample_size=2, seed=7)
    first = network_roles(load_snapshot(gaps_store), scope="all", parameters=parameters, top=None)
    again = network_roles(load_snapshot(gaps_store), scope="all", parameters=parameters, top=None)
    assert first.sampled_sources == 2
    assert first.brokers, "the sample should find brokers on the fixture"
    assert first.brokers == again.brokers


def test_exact_betweenness_is_cached_per_snapshot(gaps_store: EmbeddedStore) -> None:
    snapshot = load_snapshot(gaps_store)
    first = network_roles(snapshot, scope="all")
    assert ("betweenness", NetworkParameters(), "all") in snapshot._memo
    assert network_roles(snapshot, scope="all") == first
    assert (
        network_roles(snapshot, scope="all", lang="zh").brokers[0].betweenness
        == first.brokers[0].betweenness
    )
