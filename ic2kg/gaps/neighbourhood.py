"""The part of the collaboration graph around one organisation or country, for a picture."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

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

    A country's organisations are one step from it. With more than ``limit`` nodes each ring of
    equal distance gets a share of them (:func:`_rings`), so the picture is the same on every
    call and reaches as far as ``hops``.
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
    sides = {n: side_of(snapshot.region(n)) for n in distance}
    kept = _rings(focus, distance, degree, sides, (graph, picture), hops, limit)
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
        truncated=len(distance) > len(kept),
    )


def _rings(
    focus: str,
    distance: dict[str, int],
    degree: dict[str, int],
    sides: Mapping[str, str | None],
    graphs: tuple[nx.Graph, nx.Graph],
    hops: int,
    limit: int,
) -> list[str]:
    """The nodes to draw, ring by ring (the nodes ``k`` steps away are ring ``k``).

    Each ring may use its share of what the earlier rings left (ring k of h: 1 / (h - k + 1)),
    so a country's hundreds of organisations cannot fill the picture and leave out the projects
    and partners beyond them, which made a star. Within a ring, organisations on the other side
    of the focus (Chinese ones for a European focus) come first, as the picture is there to show
    the ways across; then the nodes linked to most kept nodes of the ring before, then the most
    linked, then by IRI.
    """
    other = {"europe": "china", "china": "europe"}.get(sides[focus] or "")
    kept = [focus]
    previous = {focus}
    left = limit - 1
    for ring in range(1, hops + 1):
        share = left if ring == hops else left // (hops - ring + 1)
        links: dict[str, int] = {}
        for node in previous:
            near = {n for g in graphs if node in g for n in g.neighbors(node)}
            for n in near:
                if distance.get(n) == ring:
                    links[n] = links.get(n, 0) + 1
        order = sorted(links, key=lambda n: (sides[n] != other, -links[n], -degree[n], n))
        taken = order[: max(0, share)]
        kept += taken
        left -= len(taken)
        previous = set(taken)
        if not previous:
            break
    return kept
