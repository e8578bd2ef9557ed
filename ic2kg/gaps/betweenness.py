"""Subset betweenness (Brandes) with array arithmetic, for the network roles (question 16).

The same quantity as ``networkx.betweenness_centrality_subset(graph, sources, targets,
normalized=False)`` on an unweighted undirected graph: for every node v, the sum over source s
and target t (v not s, not t) of the share of shortest s-t paths through v, halved because
networkx counts each unordered pair from both ends. Each breadth-first search runs level by
level on a compressed adjacency array, so its cost is a few array operations per level instead
of Python work per edge.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import networkx as nx
import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class Adjacency:
    """A graph's nodes in a fixed order and its neighbours as compressed arrays (CSR)."""

    def __init__(self, graph: nx.Graph) -> None:
        self.nodes: list[Hashable] = list(graph)
        self.index = {node: i for i, node in enumerate(self.nodes)}
        degrees = np.array([graph.degree(node) for node in self.nodes], dtype=np.int64)
        self.indptr: IntArray = np.zeros(len(self.nodes) + 1, dtype=np.int64)
        np.cumsum(degrees, out=self.indptr[1:])
        self.indices: IntArray = np.fromiter(
            (self.index[m] for node in self.nodes for m in graph.neighbors(node)),
            dtype=np.int64,
            count=int(self.indptr[-1]),
        )

    def positions(self, nodes: Iterable[Hashable]) -> IntArray:
        """The array positions of ``nodes``."""
        return np.array([self.index[n] for n in nodes], dtype=np.int64)


def subset_betweenness(
    adjacency: Adjacency, sources: Sequence[Hashable], targets: Iterable[Hashable]
) -> dict[Hashable, float]:
    """Unnormalised betweenness of every node on shortest source-target paths.

    Equal (up to float rounding) to ``networkx.betweenness_centrality_subset(graph, sources,
    targets, normalized=False)`` on the unweighted undirected graph ``adjacency`` was built
    from. Several sources are searched together: node v of the b-th source of a batch is cell
    ``b * n + v`` of flat arrays, so a batch costs one set of array operations per level.
    """
    n = len(adjacency.nodes)
    is_target = np.zeros(n)
    is_target[adjacency.positions(targets)] = 1.0
    result = np.zeros(n)
    starts = adjacency.positions(sources)
    batch = max(1, min(_MAX_BATCH, _BATCH_CELLS // max(n, 1)))
    state = _State(batch * n)
    for first in range(0, len(starts), batch):
        _accumulate(adjacency, starts[first : first + batch], is_target, state, result)
    if n - 1 >= 2:
        # networkx counts each unordered pair from both ends on undirected graphs and halves.
        result *= 0.5
    return dict(zip(adjacency.nodes, result.tolist(), strict=True))


_MAX_BATCH = 64
_BATCH_CELLS = 1 << 22


class _State:
    """Scratch arrays of one batch of searches, reset after each batch."""

    def __init__(self, cells: int) -> None:
        self.dist = np.full(cells, -1, dtype=np.int64)
        self.sigma = np.zeros(cells)
        self.delta = np.zeros(cells)
        self.slot = np.zeros(cells, dtype=np.int64)


def _accumulate(
    adjacency: Adjacency,
    sources: IntArray,
    is_target: FloatArray,
    state: _State,
    result: FloatArray,
) -> None:
    """Add the dependencies of a batch of sources to ``result`` (Brandes, level by level)."""
    n = len(adjacency.nodes)
    indptr, indices = adjacency.indptr, adjacency.indices
    dist, sigma, delta, slot = state.dist, state.sigma, state.delta, state.slot
    origin = np.arange(len(sources), dtype=np.int64) * n + sources
    dist[origin], sigma[origin] = 0, 1.0
    frontier: IntArray = origin
    # Per level: the cells searched from, and the shortest-path edges (u -> v) out of them.
    levels: list[tuple[IntArray, IntArray, IntArray]] = []
    depth = 0
    while frontier.size:
        node = frontier % n
        begin = indptr[node]
        counts = indptr[node + 1] - begin
        total = int(counts.sum())
        if total == 0:
            break
        u = np.repeat(frontier, counts)
        offsets = np.repeat(begin - (np.cumsum(counts) - counts), counts) + np.arange(total)
        v = np.repeat(frontier - node, counts) + indices[offsets]
        fresh = v[dist[v] == -1]
        # Keep one copy of each newly reached cell (the last write of slot wins).
        slot[fresh] = np.arange(fresh.size)
        reached = fresh[slot[fresh] == np.arange(fresh.size)]
        dist[reached] = depth + 1
        on_path = dist[v] == depth + 1
        u, v = u[on_path], v[on_path]
        if reached.size:
            slot[reached] = np.arange(reached.size)
            sigma[reached] = np.bincount(slot[v], weights=sigma[u], minlength=reached.size)
        levels.append((frontier, u, v))
        frontier = reached
        depth += 1
    # Dependencies, deepest level first (Brandes' accumulation restricted to targets).
    for previous, u, v in reversed(levels):
        if not v.size:
            continue
        coeff = (delta[v] + is_target[v % n]) / sigma[v]
        slot[previous] = np.arange(previous.size)
        delta[previous] += np.bincount(slot[u], weights=sigma[u] * coeff, minlength=previous.size)
    seen = np.concatenate([frontier, *(level[0] for level in levels)])
    delta[origin] = 0.0
    result += np.bincount(seen % n, weights=delta[seen], minlength=n)
    dist[seen], sigma[seen], delta[seen] = -1, 0.0, 0.0
