"""The part of the collaboration graph around one organisation or country, for a picture."""

from __future__ import annotations

from collections import deque

import networkx as nx

from ic2kg.errors import BadParameter
from ic2kg.gaps.graphs import collaboration_graph
from ic2kg.gaps.model import (
    Lang,
    Neighbourhood,
    NeighbourhoodEdge,
    NeighbourhoodNode,
    side_of,
)
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.namespaces import IC2KG

P_COUNTRY = str(IC2KG.country)


def neighbourhood(
    snapshot: Snapshot, focus: str, *, hops: int = 2, limit: int = 60, lang: Lang = "en"
) -> Neighbourhood:
    """Nodes within ``hops`` steps of ``focus`` in the collaboration graph, and their links.

    A country's organisations are one step from it. With more than ``limit`` nodes the nearest
    are kept, then the most linked, then by IRI (so the picture is the same on every call).
    ``betweenness`` is each node's share of the shortest paths between the picture's other
    nodes that run through it (networkx, normalised): how much it joins the neighbourhood.

    :raises BadParameter: the focus is not in the graph, or is not an organisation or country.
    """
    if hops < 1 or limit < 1:
        raise BadParameter("hops", "hops and the node limit must be at least 1")
    if focus not in snapshot.entities:
        raise BadParameter("focus", f"<{focus}> is not in the graph", hint="use a full IRI")
    kind = snapshot.kind(focus)
    if kind not in ("organisation", "country"):
        raise BadParameter("focus", f"<{focus}> is a {kind}, not an organisation or country")
    graph: nx.Graph = snapshot.memo(
        ("collaboration-graph", lang), lambda: collaboration_graph(snapshot, lang=lang)
    )
    picture = nx.Graph()
    picture.add_node(focus)
    if kind == "country":
        for organisation in snapshot.organisations_in(focus):
            picture.add_edge(focus, organisation, predicate=P_COUNTRY)
    distance = {focus: 0}
    queue = deque([focus])
    while queue:
        node = queue.popleft()
        if distance[node] >= hops:
            continue
        near = set(picture.neighbors(node)) if node == focus and kind == "country" else set()
        if node in graph:
            near |= set(graph.neighbors(node))
        for other in sorted(near):
            if other not in distance:
                distance[other] = distance[node] + 1
                queue.append(other)
    degree = {n: graph.degree(n) if n in graph else picture.degree(n) for n in distance}
    ordered = sorted(distance, key=lambda n: (distance[n], -degree[n], n))
    kept = ordered[:limit]
    chosen = set(kept)
    sub = nx.Graph()
    sub.add_nodes_from(kept)
    edges: list[NeighbourhoodEdge] = []
    for a, b, data in (*graph.subgraph(chosen).edges(data=True), *picture.edges(data=True)):
        if a in chosen and b in chosen and not sub.has_edge(a, b):
            sub.add_edge(a, b)
            x, y = sorted((a, b))
            edges.append(NeighbourhoodEdge(x, y, str(data.get("predicate", ""))))
    betweenness = nx.betweenness_centrality(sub, normalized=True) if len(sub) > 2 else {}
    nodes = tuple(
        NeighbourhoodNode(
            iri=n,
            label=snapshot.label(n, lang),
            kind=snapshot.kind(n),
            side=side_of(snapshot.region(n)),
            role=snapshot.role(n),
            hops=distance[n],
            betweenness=round(float(betweenness.get(n, 0.0)), 4),
        )
        for n in kept
    )
    return Neighbourhood(
        focus=snapshot.named(focus, lang),
        hops=hops,
        nodes=nodes,
        edges=tuple(sorted(edges, key=lambda e: (e.source, e.target))),
        truncated=len(ordered) > limit,
    )
