"""The opportunity score of every candidate pair at once, from sparse party x item matrices.

Parts (each in [0, 1], docs/gaps.md "How opportunities are scored"):

* ``topics``: cosine of the pair's topic sets, each topic weighted by its inverse document
  frequency (a topic few parties name says more than one everyone names);
* ``partners``: ``1 - exp(-AA)``, AA the Adamic-Adar sum over their common partners;
* ``distance``: 1 at two steps in the collaboration network (a common partner), 0.5 at three;
* ``standards``, ``memberships``: Jaccard of standard families and of networks;
* ``activity``: the geometric mean of both sides' recent activity, log-scaled to the most active.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from ic2kg.gaps import evidence
from ic2kg.gaps.diversity import capped
from ic2kg.gaps.facts import PartySets
from ic2kg.gaps.model import ROLES, Role
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.weights import OPPORTUNITY_PARTS, OpportunityWeights

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
# Dense cells per block of pairs: bounds memory (about ten float64 arrays of this size).
_BLOCK_CELLS = 1 << 21
# Who can act with whom: funders co-fund with funders, biobanks pair with biobanks, and
# research performers (research organisations, universities, hospitals, companies) with each
# other. Code 0 is a country, which pairs with anything.
_GROUP = {"funder": 1, "biobank": 2, "research": 3, "university": 3, "hospital": 3, "company": 3}


def compatible(a: Role | None, b: Role | None) -> bool:
    """Whether two partner roles can work together (None: a country, always)."""
    return a is None or b is None or _GROUP[a] == _GROUP[b]


@dataclass(frozen=True)
class ScoredPairs:
    """Eligible pairs as indices into the two sides, with parts, score and evidence count."""

    rows: IntArray
    cols: IntArray
    parts: FloatArray
    score: FloatArray
    evidence: IntArray

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, keep: npt.NDArray[np.bool_] | IntArray) -> ScoredPairs:
        """The pairs selected by a mask or index array."""
        return ScoredPairs(
            self.rows[keep],
            self.cols[keep],
            self.parts[keep],
            self.score[keep],
            self.evidence[keep],
        )

    @staticmethod
    def concat(chunks: list[ScoredPairs]) -> ScoredPairs:
        """All chunks as one."""
        if not chunks:
            empty = np.zeros(0, dtype=np.int64)
            return ScoredPairs(
                empty, empty, np.zeros((0, len(OPPORTUNITY_PARTS))), np.zeros(0), empty
            )
        return ScoredPairs(
            np.concatenate([c.rows for c in chunks]),
            np.concatenate([c.cols for c in chunks]),
            np.concatenate([c.parts for c in chunks]),
            np.concatenate([c.score for c in chunks]),
            np.concatenate([c.evidence for c in chunks]),
        )


def _binary(sets: list[frozenset[str]], index: dict[str, int]) -> sparse.csr_matrix:
    rows = [r for r, items in enumerate(sets) for x in items if x in index]
    cols = [index[x] for items in sets for x in items if x in index]
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(1, len(index))))


def _index(*groups: list[frozenset[str]]) -> dict[str, int]:
    return {x: k for k, x in enumerate(sorted({x for g in groups for s in g for x in s}))}


def _jaccard(common: FloatArray, size_a: FloatArray, size_b: FloatArray) -> FloatArray:
    union = size_a[:, None] + size_b[None, :] - common
    out = np.zeros_like(common)
    np.divide(common, union, out=out, where=union > 0)
    return out


class PairScorer:
    """Scores left x right pairs block by block; built once per snapshot, sides and weights."""

    def __init__(
        self,
        snapshot: Snapshot,
        left: list[PartySets],
        right: list[PartySets],
        weights: OpportunityWeights,
    ) -> None:
        self.left, self.right, self.weights = left, right, weights
        topics = _index([s.topics for s in left], [s.topics for s in right])
        t_left = _binary([s.topics for s in left], topics)
        t_right = _binary([s.topics for s in right], topics)
        df = np.asarray(t_left.sum(axis=0) + t_right.sum(axis=0)).ravel()
        idf = np.log((1.0 + len(left) + len(right)) / (1.0 + df)) + 1.0
        self.idf = {t: float(idf[k]) for t, k in topics.items()}
        self.t_left, self.t_right = t_left, t_right
        self.tw_left = _normalised(t_left @ sparse.diags(idf))
        self.tw_right = _normalised(t_right @ sparse.diags(idf))
        partners = _index([s.partners for s in left], [s.partners for s in right])
        self.p_left = _binary([s.partners for s in left], partners)
        self.p_right = _binary([s.partners for s in right], partners)
        universe = sorted(partners, key=partners.__getitem__)
        # One column at least (as _binary makes), so the products keep their shapes.
        degree = np.zeros(max(1, len(universe)))
        degree[: len(universe)] = [len(evidence.party_sets(snapshot, z).partners) for z in universe]
        self.pw_left = self.p_left @ sparse.diags(1.0 / np.log(2.0 + degree))
        links = [evidence.party_sets(snapshot, z).partners for z in universe] or [frozenset()]
        self.adjacency = _binary(links, partners)
        standards = _index([s.standards for s in left], [s.standards for s in right])
        self.s_left = _binary([s.standards for s in left], standards)
        self.s_right = _binary([s.standards for s in right], standards)
        networks = _index([s.networks for s in left], [s.networks for s in right])
        self.n_left = _binary([s.networks for s in left], networks)
        self.n_right = _binary([s.networks for s in right], networks)
        activities = _index([s.activities for s in left], [s.activities for s in right])
        self.j_left = _binary([s.activities for s in left], activities)
        self.j_right = _binary([s.activities for s in right], activities)
        recent = [s.recent for s in (*left, *right)]
        top = math.log1p(max(recent, default=0)) or 1.0
        self.f_left = np.array([math.log1p(s.recent) / top for s in left])
        self.f_right = np.array([math.log1p(s.recent) / top for s in right])
        codes = {None: 0} | {r: _GROUP[r] for r in ROLES}
        self.g_left = np.array([codes[snapshot.role(s.party)] for s in left])
        self.g_right = np.array([codes[snapshot.role(s.party)] for s in right])
        self.same = {s.party: j for j, s in enumerate(right)}
        self.s_size_l = np.array([len(s.standards) for s in left], dtype=np.float64)
        self.s_size_r = np.array([len(s.standards) for s in right], dtype=np.float64)
        self.n_size_l = np.array([len(s.networks) for s in left], dtype=np.float64)
        self.n_size_r = np.array([len(s.networks) for s in right], dtype=np.float64)

    def blocks(self, floor: Callable[[], float] = lambda: -np.inf) -> Iterator[ScoredPairs]:
        """The eligible pairs of each block of left rows.

        Eligible: roles that can work together, no joint programme, call or project yet, and at
        least one shared topic, partner, standard or network, or a path of three steps.

        Rows are taken most active first and columns likewise. Every part is at most 1 and the
        activity part is ``sqrt(f_a f_b)``, so a pair scores at most ``(other weights + w *
        sqrt(f_a f_b)) / total``: pairs whose bound is below ``floor()`` (the score a pair
        needs to be kept) are never scored, and once a row's bound is, no later row is scored.
        """
        if not self.left or not self.right:
            return
        terms = self.weights.terms()
        weight = np.array([terms[n] for n in OPPORTUNITY_PARTS])
        total = float(weight.sum())
        w_activity = terms["activity"]
        others = total - w_activity
        row_order = np.argsort(-self.f_left, kind="stable")
        col_order = np.argsort(-self.f_right, kind="stable")
        f_cols = self.f_right[col_order]
        t_right_t = self.t_right[col_order].T.tocsc()
        tw_right_t = self.tw_right[col_order].T.tocsc()
        p_right_t = self.p_right[col_order].T.tocsc()
        s_right_t = self.s_right[col_order].T.tocsc()
        n_right_t = self.n_right[col_order].T.tocsc()
        j_right_t = self.j_right[col_order].T.tocsc()
        g_right = self.g_right[col_order]
        s_size_r, n_size_r = self.s_size_r[col_order], self.n_size_r[col_order]
        position = np.empty(len(self.right), dtype=np.int64)
        position[col_order] = np.arange(len(self.right))
        start = 0
        while start < len(self.left):
            bound = (others + w_activity * np.sqrt(self.f_left[row_order[start]] * f_cols)) / total
            # Columns are in decreasing bound order: keep the prefix that can still make it.
            width = int(np.count_nonzero(bound >= floor()))
            if width == 0:
                return
            step = max(1, _BLOCK_CELLS // width)
            rows = row_order[start : start + step]
            start += step
            cols = slice(0, width)
            shared_topics = (self.t_left[rows] @ t_right_t[:, cols]).toarray()
            topics = (self.tw_left[rows] @ tw_right_t[:, cols]).toarray()
            common = (self.p_left[rows] @ p_right_t[:, cols]).toarray()
            adamic = (self.pw_left[rows] @ p_right_t[:, cols]).toarray()
            three = ((self.p_left[rows] @ self.adjacency) @ p_right_t[:, cols]).toarray() > 0
            distance = np.where(common > 0, 1.0, np.where(three, 0.5, 0.0))
            s_common = (self.s_left[rows] @ s_right_t[:, cols]).toarray()
            n_common = (self.n_left[rows] @ n_right_t[:, cols]).toarray()
            joint = (self.j_left[rows] @ j_right_t[:, cols]).toarray() > 0
            groups_l = self.g_left[rows][:, None]
            groups_r = g_right[None, cols]
            fits = (groups_l == 0) | (groups_r == 0) | (groups_l == groups_r)
            shared = shared_topics + common + s_common + n_common
            valid = fits & ~joint & ((shared > 0) | three)
            for k, i in enumerate(rows.tolist()):
                j = self.same.get(self.left[i].party)
                if j is not None and position[j] < width:
                    valid[k, position[j]] = False
            r, c = np.nonzero(valid)
            parts = np.stack(
                [
                    np.clip(topics[r, c], 0.0, 1.0),
                    1.0 - np.exp(-adamic[r, c]),
                    distance[r, c],
                    _jaccard(s_common, self.s_size_l[rows], s_size_r[cols])[r, c],
                    _jaccard(n_common, self.n_size_l[rows], n_size_r[cols])[r, c],
                    np.sqrt(self.f_left[rows][r] * f_cols[c]),
                ],
                axis=1,
            )
            yield ScoredPairs(
                rows[r].astype(np.int64),
                col_order[c].astype(np.int64),
                parts,
                parts @ weight / total,
                shared[r, c].astype(np.int64),
            )

    def best(self, keep: int | None) -> ScoredPairs:
        """Eligible pairs whose score is at least the ``keep``-th best (all with None)."""
        chunks: list[ScoredPairs] = []
        # The keep-th best score so far; the blocks read it to skip pairs that cannot reach it.
        floor = [-np.inf]
        for block in self.blocks(lambda: floor[0]):
            if keep is not None:
                block = block.take(block.score >= floor[0])
                pool = ScoredPairs.concat([*chunks, block])
                if len(pool) > keep:
                    cut = float(np.partition(pool.score, len(pool) - keep)[len(pool) - keep])
                    floor[0] = cut
                    pool = pool.take(pool.score >= cut)
                chunks = [pool]
            else:
                chunks.append(block)
        return ScoredPairs.concat(chunks)


def _normalised(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.csr_matrix(sparse.diags(scale) @ matrix)


def order(pairs: ScoredPairs, left: list[str], right: list[str]) -> IntArray:
    """Positions of ``pairs`` best first: score (to 6 decimals), then evidence, then IRIs.

    Never by label, so the order is the same in every language.
    """
    rank_l = np.argsort(np.argsort(np.array(left, dtype=object)))
    rank_r = np.argsort(np.argsort(np.array(right, dtype=object)))
    keys = (
        rank_r[pairs.cols] if len(pairs) else pairs.cols,
        rank_l[pairs.rows] if len(pairs) else pairs.rows,
        -pairs.evidence,
        -np.round(pairs.score, 6),
    )
    return np.lexsort(keys).astype(np.int64)


def diverse(
    pairs: ScoredPairs,
    ranked: IntArray,
    left: list[str],
    right: list[str],
    caps: tuple[int, int],
    focus: str | None,
    top: int | None,
) -> tuple[list[int], bool]:
    """Walk the ranked pairs and keep those whose organisations (the focus aside) hold fewer
    kept pairs than their side's cap (``caps``: left side, right side); the pairs passed over
    follow in their order when ``top`` is None (:func:`ic2kg.gaps.diversity.capped`).

    Returns the positions and whether the walk filled ``top`` with pairs under the caps
    (always True without ``top``); when it did not, the pairs passed over fill the list.
    """
    focus_left = left.index(focus) if focus in left else -1
    return capped(pairs.rows, pairs.cols, ranked, caps, exempt_left=focus_left, top=top)
