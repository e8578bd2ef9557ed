"""Brokers between the European and Chinese communities, communities, isolated stakeholders
(question 16)."""

from __future__ import annotations

import random

import networkx as nx

from ic2kg.errors import BadParameter
from ic2kg.gaps.betweenness import Adjacency, subset_betweenness
from ic2kg.gaps.graphs import collaboration_graph
from ic2kg.gaps.model import Broker, Community, Isolated, Lang, Named, NetworkReport
from ic2kg.gaps.scope import Scope
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.weights import NetworkParameters


def network_roles(
    snapshot: Snapshot,
    *,
    top: int | None = 10,
    parameters: NetworkParameters | None = None,
    lang: Lang = "en",
    scope: Scope = "pm",
) -> NetworkReport:
    """Brokers (betweenness on European-Chinese shortest paths), Louvain communities, isolates.

    Betweenness counts only shortest paths between a European and a Chinese organisation (the
    quantity of ``networkx.betweenness_centrality_subset`` with one side as sources and the
    other as targets; it is symmetric, so the smaller side is used as sources). With more
    than ``parameters.sample_above`` organisations on that side it is estimated from a seeded
    sample of ``parameters.sample_size`` of them, scaled up to the whole side. Communities come
    from ``louvain_communities`` with a fixed seed. Betweenness and communities are computed
    once per snapshot, parameters and scope. ``scope`` "pm" keeps to organisations with PM
    activity or capacity and to health and PM activities (:mod:`ic2kg.gaps.scope`).
    """
    parameters = parameters or NetworkParameters()
    if top is not None and top < 1:
        raise BadParameter("top", f"must be at least 1, got {top}")
    graph = collaboration_graph(snapshot, lang=lang, scope=scope)
    scores, sampled = snapshot.memo(
        ("betweenness", parameters, scope), lambda: _betweenness(graph, parameters)
    )
    # Rounded for ranking, so float noise in sums cannot reorder equal values (then by label).
    ranked = sorted(
        ((value, node) for node, value in scores.items() if value > 0),
        key=lambda item: (-round(item[0], 9), graph.nodes[item[1]]["label"]),
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
    groups = snapshot.memo(("communities", parameters, scope), lambda: _louvain(graph, parameters))
    return NetworkReport(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        sampled_sources=sampled,
        brokers=brokers,
        communities=_communities(graph, groups, parameters),
        isolated=_isolated(graph, snapshot, lang),
    )


def _betweenness(
    graph: nx.Graph, parameters: NetworkParameters
) -> tuple[dict[str, float], int | None]:
    """Betweenness on European-Chinese shortest paths, and the sample size if sampled."""
    europe = sorted(n for n, d in graph.nodes(data=True) if d["side"] == "europe")
    china = sorted(n for n, d in graph.nodes(data=True) if d["side"] == "china")
    if not europe or not china:
        return {}, None
    # Every European-Chinese pair counts once whichever end the search starts from.
    sources, targets = (europe, china) if len(europe) <= len(china) else (china, europe)
    sampled: int | None = None
    if len(sources) > parameters.sample_above:
        whole = len(sources)
        # A seeded sample, for reproducible estimates; nothing here needs crypto randomness.
        rng = random.Random(parameters.seed)  # noqa: S311
        sources = sorted(rng.sample(sources, min(parameters.sample_size, whole)))
        sampled = len(sources)
    found = subset_betweenness(Adjacency(graph), sources, targets)
    scores = {str(node): value for node, value in found.items()}
    if sampled is not None:
        scale = whole / sampled
        scores = {node: value * scale for node, value in scores.items()}
    return scores, sampled


def _louvain(graph: nx.Graph, parameters: NetworkParameters) -> list[set[str]]:
    # A plain graph of the linked nodes, nodes and edges in sorted order: Louvain's result
    # depends on the order it visits nodes, and the graph's own order is the order the store
    # answered in, which changes with unrelated triples. (A subgraph view is also slower to walk.)
    linked = nx.Graph()
    linked.add_nodes_from(sorted(n for n in graph if graph.degree(n) > 0))
    linked.add_edges_from(sorted(tuple(sorted(edge)) for edge in graph.edges()))
    if linked.number_of_nodes() == 0:
        return []
    groups: list[set[str]] = nx.community.louvain_communities(
        linked, seed=parameters.seed, resolution=parameters.resolution
    )
    return groups


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


def _communities(
    graph: nx.Graph, groups: list[set[str]], parameters: NetworkParameters
) -> tuple[Community, ...]:
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


# Sentences of the isolated list, in the report's languages.
ISOLATED_REASONS: dict[Lang, dict[str, str]] = {
    "en": {
        "alone": "no programme, call, project, working group, membership or standard",
        "no path to china": "linked, but no path to any Chinese stakeholder",
        "no path to europe": "linked, but no path to any European stakeholder",
    },
    "zh": {
        "alone": "没有任何计划、征集、项目、工作组、成员关系或标准",
        "no path to china": "有连接，但没有通往任何中国利益相关方的路径",
        "no path to europe": "有连接，但没有通往任何欧洲利益相关方的路径",
    },
}


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
            reason = ISOLATED_REASONS[lang]["alone"]
        elif len(component_sides[node]) < 2:
            reason = ISOLATED_REASONS[lang][
                "no path to " + ("china" if data["side"] == "europe" else "europe")
            ]
        else:
            continue
        result.append(Isolated(snapshot.named(node, lang), data["kind"], data["region"], reason))
    return tuple(result)
