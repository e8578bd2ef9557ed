"""Brokers between the European and Chinese communities, communities, isolated stakeholders
(question 16)."""

from __future__ import annotations

import random

import networkx as nx

from ic2kg.errors import BadParameter
from ic2kg.gaps.graphs import collaboration_graph
from ic2kg.gaps.model import Broker, Community, Isolated, Lang, Named, NetworkReport
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.weights import NetworkParameters


def network_roles(
    snapshot: Snapshot,
    *,
    top: int | None = 10,
    parameters: NetworkParameters | None = None,
    lang: Lang = "en",
) -> NetworkReport:
    """Brokers (betweenness on European-Chinese shortest paths), Louvain communities, isolates.

    Betweenness is ``networkx.betweenness_centrality_subset`` with the European organisations
    as sources and the Chinese ones as targets, so only paths between the two communities
    count. Above ``parameters.sample_above`` European sources it is estimated from a seeded
    sample of them. Communities come from ``louvain_communities`` with a fixed seed.
    """
    parameters = parameters or NetworkParameters()
    if top is not None and top < 1:
        raise BadParameter("top", f"must be at least 1, got {top}")
    graph = collaboration_graph(snapshot, lang=lang)
    europe = sorted(n for n, d in graph.nodes(data=True) if d["side"] == "europe")
    china = sorted(n for n, d in graph.nodes(data=True) if d["side"] == "china")
    sampled: int | None = None
    sources = europe
    if len(europe) > parameters.sample_above:
        # A seeded sample, for reproducible estimates; nothing here needs crypto randomness.
        rng = random.Random(parameters.seed)  # noqa: S311
        sources = rng.sample(europe, parameters.sample_size)
        sampled = len(sources)
    scores = (
        nx.betweenness_centrality_subset(graph, sources, china, normalized=False)
        if sources and china
        else {}
    )
    ranked = sorted(
        ((value, node) for node, value in scores.items() if value > 0),
        key=lambda item: (-item[0], graph.nodes[item[1]]["label"]),
    )
    brokers = tuple(
        Broker(
            rank=i + 1,
            node=Named(node, graph.nodes[node]["label"]),
            kind=graph.nodes[node]["kind"],
            region=graph.nodes[node]["region"],
            betweenness=round(value, 4),
            europe_neighbours=_neighbours(graph, node, "europe"),
            china_neighbours=_neighbours(graph, node, "china"),
        )
        for i, (value, node) in enumerate(ranked[:top])
    )
    return NetworkReport(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        sampled_sources=sampled,
        brokers=brokers,
        communities=_communities(graph, parameters),
        isolated=_isolated(graph, snapshot, lang),
    )


def _neighbours(graph: nx.Graph, node: str, side: str) -> int:
    """Organisations of one side within two hops (through an activity, network or standard)."""
    found = set()
    for neighbour in graph.neighbors(node):
        if graph.nodes[neighbour]["side"] == side:
            found.add(neighbour)
        for second in graph.neighbors(neighbour):
            if second != node and graph.nodes[second]["side"] == side:
                found.add(second)
    return len(found)


def _communities(graph: nx.Graph, parameters: NetworkParameters) -> tuple[Community, ...]:
    linked = graph.subgraph(n for n in graph if graph.degree(n) > 0)
    if linked.number_of_nodes() == 0:
        return ()
    groups = nx.community.louvain_communities(
        linked, seed=parameters.seed, resolution=parameters.resolution
    )
    ordered = sorted(
        (sorted(group, key=lambda n: (graph.nodes[n]["label"], n)) for group in groups),
        key=lambda members: (-len(members), graph.nodes[members[0]]["label"]),
    )
    return tuple(
        Community(
            index=i + 1,
            size=len(members),
            europe=sum(graph.nodes[n]["side"] == "europe" for n in members),
            china=sum(graph.nodes[n]["side"] == "china" for n in members),
            members=tuple(Named(n, graph.nodes[n]["label"]) for n in members),
        )
        for i, members in enumerate(m for m in ordered if len(m) >= parameters.min_community)
    )


def _isolated(graph: nx.Graph, snapshot: Snapshot, lang: Lang) -> tuple[Isolated, ...]:
    """Organisations with no link at all, then those with no path to the other side."""
    result = []
    component_sides: dict[str, set[str]] = {}
    for component in nx.connected_components(graph):
        sides = {graph.nodes[n]["side"] for n in component} - {None}
        for node in component:
            component_sides[node] = sides
    for node in sorted(graph, key=lambda n: (graph.nodes[n]["label"], n)):
        data = graph.nodes[node]
        if data["kind"] != "organisation" or data["side"] is None:
            continue
        if graph.degree(node) == 0:
            reason = "no programme, call, project, working group, membership or standard"
        elif len(component_sides[node]) < 2:
            other = "Chinese" if data["side"] == "europe" else "European"
            reason = f"linked, but no path to any {other} stakeholder"
        else:
            continue
        result.append(Isolated(snapshot.named(node, lang), data["kind"], data["region"], reason))
    return tuple(result)
