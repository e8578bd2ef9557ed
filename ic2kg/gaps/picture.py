"""The report's EU-China network picture: the top brokers and their best-linked neighbours, laid
out once from a fixed seed, every node numbered in the drawing and named in a list beside it.

A label beside each of 80 nodes cannot be placed without collisions on a page, so a node carries
its number inside its circle, the circles are pushed apart until none overlap, and the list names
each number in the page's language.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from ic2kg.gaps.graphs import collaboration_graph
from ic2kg.gaps.model import Lang, NetworkReport
from ic2kg.gaps.scope import Scope
from ic2kg.gaps.snapshot import Snapshot

PICTURE_NODES = 80
WIDTH, HEIGHT, RADIUS, MARGIN = 900, 640, 11, 6
# Centres at least this far apart: circles (and the numbers inside them) never touch.
GAP = 2 * RADIUS + 4
SIDE_ORDER = {"europe": 0, "china": 1, None: 2}


@dataclass(frozen=True)
class PictureNode:
    """A node of the picture: its number in the drawing and the list, and where it is drawn."""

    number: int
    iri: str
    label: str
    kind: str
    role: str | None
    side: str | None
    broker: int | None  # its rank among the brokers, None for a neighbour
    x: float
    y: float


@dataclass(frozen=True)
class NetworkPicture:
    """Nodes (numbered from 1: the brokers by rank, then the others by side and name) and edges
    as pairs of node numbers, in a WIDTH x HEIGHT drawing."""

    nodes: tuple[PictureNode, ...]
    edges: tuple[tuple[int, int], ...]
    width: int = WIDTH
    height: int = HEIGHT
    radius: int = RADIUS


def picture_nodes(graph: nx.Graph, brokers: list[str], limit: int = PICTURE_NODES) -> set[str]:
    """The brokers in ``graph`` and their best-linked neighbours, ``limit`` at most.

    The neighbours are taken in turn from Europe, China and the rest (activities, networks,
    standards), the best-linked of each first: by links alone the European organisations,
    seven times as many, would leave a handful of Chinese ones in an EU-China picture.
    """
    keep = [b for b in brokers if b in graph]
    neighbours = {n for b in keep for n in graph[b]} - set(keep)
    by_side: dict[str | None, list[str]] = {side: [] for side in SIDE_ORDER}
    for node in sorted(neighbours, key=lambda n: (-graph.degree(n), n)):
        by_side.setdefault(graph.nodes[node].get("side"), []).append(node)
    chosen: list[str] = []
    queues = [queue for queue in by_side.values() if queue]
    while queues and len(chosen) < max(limit - len(keep), 0):
        for queue in queues:
            if len(chosen) < limit - len(keep):
                chosen.append(queue.pop(0))
        queues = [queue for queue in queues if queue]
    return set(keep) | set(chosen)


def network_picture(
    snapshot: Snapshot, report: NetworkReport, lang: Lang, scope: Scope = "pm"
) -> NetworkPicture:
    """The numbered, non-overlapping picture of the brokers of ``report`` and their neighbours."""
    graph = collaboration_graph(snapshot, lang=lang, scope=scope)
    ranks = {b.node.iri: b.rank for b in report.brokers}
    kept = picture_nodes(graph, [b.node.iri for b in report.brokers])

    def order(node: str) -> tuple[int, int, str, str]:
        data = graph.nodes[node]
        rank = ranks.get(node)
        if rank is not None:
            return (0, rank, "", node)
        return (1, SIDE_ORDER.get(data["side"], 2), data["label"], node)

    ordered = sorted(kept, key=order)
    # A graph built in a fixed order, so the seeded layout does not depend on set order.
    sub = nx.Graph()
    sub.add_nodes_from(ordered)
    sub.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(kept).edges()))
    positions = _layout(sub, ordered)
    number = {node: i + 1 for i, node in enumerate(ordered)}
    nodes = tuple(
        PictureNode(
            number=number[node],
            iri=node,
            label=graph.nodes[node]["label"],
            kind=graph.nodes[node]["kind"],
            role=snapshot.role(node),
            side=graph.nodes[node]["side"],
            broker=ranks.get(node),
            x=round(float(positions[i][0]), 1),
            y=round(float(positions[i][1]), 1),
        )
        for i, node in enumerate(ordered)
    )
    edges = tuple(sorted((number[a], number[b]) for a, b in sub.edges()))
    return NetworkPicture(nodes, tuple((min(e), max(e)) for e in edges))


def _layout(graph: nx.Graph, ordered: list[str]) -> np.ndarray:
    """Seeded spring layout scaled to the drawing, then circles pushed apart (``separate``)."""
    if not ordered:
        return np.zeros((0, 2))
    spring = nx.spring_layout(graph, seed=42, k=2.5 / max(len(ordered), 1) ** 0.5)
    points = np.array([spring[n] for n in ordered], dtype=float)
    return fit(points, (WIDTH, HEIGHT), RADIUS + MARGIN, GAP)


def fit(points: np.ndarray, size: tuple[int, int], border: float, gap: float) -> np.ndarray:
    """A layout's points scaled to fill a drawing of ``size`` less ``border`` on every side, then
    pushed at least ``gap`` apart (``separate``): what the report and the explorer both draw."""
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    inner = np.array(size, dtype=float) - 2 * border
    return separate((points - low) / span * inner + border, gap, size, border)


def separate(
    points: np.ndarray, gap: float, size: tuple[int, int], border: float, rounds: int = 300
) -> np.ndarray:
    """Push points apart until every two are at least ``gap`` apart (or ``rounds`` passes are
    spent), keeping them ``border`` inside a drawing of ``size``; deterministic.

    Each pass moves the two points of every too-close pair apart, one pair after the other (a
    simultaneous update of all pairs oscillates in a crowd and never settles).
    """
    points = points.astype(float, copy=True)
    count = len(points)
    if count < 2:
        return points
    # Coincident points part along a fixed direction per index, not at random.
    angles = np.arange(count) * 2.399963
    fixed = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    upper = np.array(size, dtype=float) - border
    for _ in range(rounds):
        moved = False
        for i in range(count - 1):
            delta = points[i] - points[i + 1 :]
            distance = np.sqrt((delta**2).sum(axis=1))
            close = distance < gap
            if not close.any():
                continue
            moved = True
            apart = fixed[i] - fixed[i + 1 :]
            apart /= np.maximum(np.sqrt((apart**2).sum(axis=1)), 1e-9)[:, None]
            direction = np.where(
                (distance < 1e-6)[:, None], apart, delta / np.maximum(distance, 1e-9)[:, None]
            )
            # Each moves half of the overlap plus a pixel's margin, so that a pair held by the
            # border on one side still ends clear after a few passes.
            push = direction[close] * ((gap + 1.0 - distance[close]) * 0.5)[:, None]
            points[i] = np.clip(points[i] + push.sum(axis=0), border, upper)
            others = np.flatnonzero(close) + i + 1
            points[others] = np.clip(points[others] - push, border, upper)
        if not moved:
            break
    return points
