"""Partners that share Action Plan priorities but have no joint activity yet (question 13)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from ic2kg.errors import BadParameter
from ic2kg.gaps.model import (
    ExcludedPair,
    JointActivity,
    Lang,
    Opportunity,
    OpportunityReport,
    PartyKind,
    ScoreParts,
    SharedLink,
    SharedPriority,
    side_of,
)
from ic2kg.gaps.snapshot import PartySets, Profile, RawPath, Snapshot
from ic2kg.gaps.weights import OpportunityWeights

# A pair's score is the weighted mean of its four terms rounded to 4 decimals, each term itself
# rounded to 4 decimals: it differs from the unrounded weighted mean by at most 1e-4. Pairs whose
# unrounded mean lies within twice that (plus float noise) of the N-th best can still make the
# top N; every other pair cannot.
_ROUNDING_MARGIN = 2.5e-4
# Pairs scored per array block: bounds memory (a few float64 arrays of this many cells).
_BLOCK_CELLS = 1 << 22

FloatArray = npt.NDArray[np.float64]


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """|a & b| / |a | b|, 0 when both are empty."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def opportunities(
    snapshot: Snapshot,
    *,
    focus: str | None = None,
    partner_kind: PartyKind = "organisation",
    top: int | None = None,
    weights: OpportunityWeights | None = None,
    lang: Lang = "en",
) -> OpportunityReport:
    """Rank European-Chinese pairs that share priorities and have no joint activity.

    With ``focus`` (a country, funder or organisation IRI in Europe or China), the candidates
    are the parties of ``partner_kind`` on the other side; without it, every pair of a
    European and a Chinese party of ``partner_kind``. A pair with any joint programme, call or
    project (both sides, or organisations of a country side, take part in it) is excluded and
    listed in ``excluded`` with that activity.

    Every pair is scored from the parties' priority, standard and network sets (no paths);
    evidence paths are built only for the ``top`` pairs returned and the excluded pairs.

    :raises BadParameter: the focus is unknown or based neither in Europe nor in China.
    """
    weights = weights or OpportunityWeights()
    if top is not None and top < 1:
        raise BadParameter("top", f"must be at least 1, got {top}")
    if focus is not None:
        if focus not in snapshot.entities:
            raise BadParameter("focus", f"<{focus}> is not in the graph")
        side = side_of(snapshot.region(focus))
        if side is None:
            raise BadParameter(
                "focus",
                f"{snapshot.label(focus)} is based neither in Europe nor in China",
                hint="choose a European or Chinese country, funder or organisation",
            )
        other = "china" if side == "europe" else "europe"
        left = [focus]
        right = [b for b in snapshot.parties(partner_kind, other) if b != focus]
    else:
        left = snapshot.parties(partner_kind, "europe")
        right = snapshot.parties(partner_kind, "china")
    scheme_size = max(1, len(snapshot.action_plan()))
    terms = weights.terms()
    total = sum(terms.values())
    sets_a = [snapshot.sets(a) for a in left]
    sets_b = [snapshot.sets(b) for b in right]
    joint = _joint_partners(sets_a, sets_b)
    excluded = tuple(
        _excluded(snapshot, sets_a[i].party, sets_b[j].party, activities, lang)
        for i, j, activities in _excluded_pairs(sets_a, sets_b, joint, weights.min_shared)
    )
    keyed = []
    for i, j in _candidates(sets_a, sets_b, joint, scheme_size, weights, top):
        sa, sb = sets_a[i], sets_b[j]
        parts = _parts(sa, sb, scheme_size)
        score = round(sum(getattr(parts, n) * w for n, w in terms.items()) / total, 4)
        shared = len(sa.priorities & sb.priorities)
        labels = (snapshot.label(sa.party, lang), snapshot.label(sb.party, lang))
        # (i, j) last: equal keys keep the pair order (Europe, then China, by IRI).
        keyed.append(((-score, -shared, *labels, i, j), sa.party, sb.party))
    keyed.sort(key=lambda item: item[0])
    ranked = tuple(
        replace(
            _score(snapshot, snapshot.profile(a), snapshot.profile(b), scheme_size, weights, lang),
            rank=n + 1,
        )
        for n, (_, a, b) in enumerate(keyed[:top])
    )
    return OpportunityReport(
        focus=snapshot.named(focus, lang) if focus else None,
        partner_kind=partner_kind,
        opportunities=ranked,
        excluded=excluded,
    )


def _joint_partners(sets_a: list[PartySets], sets_b: list[PartySets]) -> list[set[int]]:
    """For each party of side a, the indices of the b parties it shares an activity with."""
    by_activity: dict[str, list[int]] = defaultdict(list)
    for j, sb in enumerate(sets_b):
        for activity in sb.activities:
            by_activity[activity].append(j)
    partners: list[set[int]] = []
    for sa in sets_a:
        found: set[int] = set()
        for activity in sa.activities:
            found.update(by_activity.get(activity, ()))
        partners.append(found)
    return partners


def _excluded_pairs(
    sets_a: list[PartySets], sets_b: list[PartySets], joint: list[set[int]], min_shared: int
) -> Iterator[tuple[int, int, list[str]]]:
    """Pairs sharing enough priorities that already have a joint activity, in pair order."""
    for i, partners in enumerate(joint):
        sa = sets_a[i]
        for j in sorted(partners):
            sb = sets_b[j]
            if len(sa.priorities & sb.priorities) >= min_shared:
                yield i, j, sorted(sa.activities & sb.activities)


def _membership(
    sets: list[frozenset[str]], index: dict[str, int]
) -> tuple[npt.NDArray[np.float32], FloatArray]:
    """A 0/1 party x item matrix and the set sizes."""
    matrix = np.zeros((len(sets), len(index)), dtype=np.float32)
    for row, items in enumerate(sets):
        matrix[row, [index[x] for x in items]] = 1.0
    return matrix, np.array([len(x) for x in sets], dtype=np.float64)


class _Side:
    """Priority, standard and network membership matrices of one side of the pairs."""

    def __init__(self, sets: list[PartySets], universe: dict[str, dict[str, int]]) -> None:
        self.priorities, self.n_priorities = _membership(
            [s.priorities for s in sets], universe["priorities"]
        )
        self.standards, self.n_standards = _membership(
            [s.standards for s in sets], universe["standards"]
        )
        self.networks, self.n_networks = _membership(
            [s.networks for s in sets], universe["networks"]
        )


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """numerator / denominator, 0 where the denominator is 0 (as the set formulas do)."""
    out = np.zeros_like(numerator)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _candidates(
    sets_a: list[PartySets],
    sets_b: list[PartySets],
    joint: list[set[int]],
    scheme_size: int,
    weights: OpportunityWeights,
    top: int | None,
) -> list[tuple[int, int]]:
    """Pairs (indices into sets_a, sets_b) that can be among the ``top`` opportunities.

    Scores every pair at once with matrix products of 0/1 membership matrices (shared counts,
    set sizes, then the four terms unrounded); keeps the pairs whose unrounded score is within
    ``_ROUNDING_MARGIN`` of the ``top``-th best, which always includes the exact top ``top``
    (ties included). With ``top`` None every pair that qualifies is kept.
    """
    if not sets_a or not sets_b:
        return []
    universe = {
        name: {
            x: k
            for k, x in enumerate(sorted({x for s in (*sets_a, *sets_b) for x in getattr(s, name)}))
        }
        for name in ("priorities", "standards", "networks")
    }
    a, b = _Side(sets_a, universe), _Side(sets_b, universe)
    terms = weights.terms()
    total = sum(terms.values())
    block = max(1, _BLOCK_CELLS // len(sets_b))
    best = np.empty(0)
    threshold = -np.inf
    kept: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]] = []
    for start in range(0, len(sets_a), block):
        stop = min(start + block, len(sets_a))
        shared = (a.priorities[start:stop] @ b.priorities.T).astype(np.float64)
        valid = shared >= weights.min_shared
        for i in range(start, stop):
            if joint[i]:
                valid[i - start, sorted(joint[i])] = False
        union = a.n_priorities[start:stop, None] + b.n_priorities[None, :] - shared
        common_standards = (a.standards[start:stop] @ b.standards.T).astype(np.float64)
        common_networks = (a.networks[start:stop] @ b.networks.T).astype(np.float64)
        score = (
            terms["priority_overlap"] * (shared / scheme_size)
            + terms["complementarity"] * _ratio(union - shared, union)
            + terms["standards"]
            * _ratio(
                common_standards,
                a.n_standards[start:stop, None] + b.n_standards[None, :] - common_standards,
            )
            + terms["networks"]
            * _ratio(
                common_networks,
                a.n_networks[start:stop, None] + b.n_networks[None, :] - common_networks,
            )
        ) / total
        rows, cols = np.nonzero(valid)
        values = score[rows, cols]
        if top is not None:
            pool = np.concatenate([best, values])
            if len(pool) > top:
                pool = np.partition(pool, len(pool) - top)[len(pool) - top :]
            best = pool
            if len(best) >= top:
                threshold = float(best.min()) - _ROUNDING_MARGIN
            keep = values >= threshold
            rows, cols, values = rows[keep], cols[keep], values[keep]
        kept.append((rows + start, cols, values))
    chosen: list[tuple[int, int]] = []
    for rows, cols, values in kept:
        keep = values >= threshold
        chosen += zip(rows[keep].tolist(), cols[keep].tolist(), strict=True)
    return chosen


def _parts(sa: PartySets, sb: PartySets, scheme_size: int) -> ScoreParts:
    mine, theirs = sa.priorities, sb.priorities
    union = mine | theirs
    return ScoreParts(
        priority_overlap=round(len(mine & theirs) / scheme_size, 4),
        complementarity=round(len(mine ^ theirs) / len(union), 4) if union else 0.0,
        standards=round(jaccard(sa.standards, sb.standards), 4),
        networks=round(jaccard(sa.networks, sb.networks), 4),
    )


def _score(
    snapshot: Snapshot,
    pa: Profile,
    pb: Profile,
    scheme_size: int,
    weights: OpportunityWeights,
    lang: Lang,
) -> Opportunity:
    """The full opportunity record of one pair, with its evidence paths."""
    mine, theirs = set(pa.priorities), set(pb.priorities)
    shared = mine & theirs
    standards_a, standards_b = set(pa.standards), set(pb.standards)
    networks_a, networks_b = set(pa.networks), set(pb.networks)
    parts = _parts(snapshot.sets(pa.party), snapshot.sets(pb.party), scheme_size)
    terms = weights.terms()
    total = sum(terms.values())
    score = sum(getattr(parts, name) * weight for name, weight in terms.items()) / total
    order = snapshot.memo(
        ("action-plan-order",), lambda: {iri: i for i, iri in enumerate(snapshot.action_plan())}
    )
    n = weights.paths_per_side

    def link(
        target: str,
        a: dict[str, tuple[RawPath, ...]],
        b: dict[str, tuple[RawPath, ...]],
    ) -> SharedLink:
        return SharedLink(
            snapshot.named(target, lang),
            tuple(snapshot.path(p, lang) for p in a[target][:n]),
            tuple(snapshot.path(p, lang) for p in b[target][:n]),
        )

    return Opportunity(
        rank=0,
        a=snapshot.named(pa.party, lang),
        b=snapshot.named(pb.party, lang),
        score=round(score, 4),
        parts=parts,
        shared_priorities=tuple(
            SharedPriority(
                snapshot.named(p, lang),
                tuple(snapshot.path(x, lang) for x in pa.priorities[p][:n]),
                tuple(snapshot.path(x, lang) for x in pb.priorities[p][:n]),
            )
            for p in sorted(shared, key=lambda p: (order.get(p, len(order)), p))
        ),
        only_a=tuple(snapshot.named(p, lang) for p in sorted(mine - theirs)),
        only_b=tuple(snapshot.named(p, lang) for p in sorted(theirs - mine)),
        shared_standards=tuple(
            link(s, pa.standards, pb.standards) for s in sorted(standards_a & standards_b)
        ),
        shared_networks=tuple(
            link(s, pa.networks, pb.networks) for s in sorted(networks_a & networks_b)
        ),
    )


def _excluded(snapshot: Snapshot, a: str, b: str, joint: list[str], lang: Lang) -> ExcludedPair:
    """An excluded pair with one path per side to each joint activity (joint paths only)."""
    paths_a, paths_b = snapshot.joint_paths(a), snapshot.joint_paths(b)
    return ExcludedPair(
        a=snapshot.named(a, lang),
        b=snapshot.named(b, lang),
        joint=tuple(
            JointActivity(
                snapshot.named(activity, lang),
                snapshot.path(paths_a[activity][0], lang),
                snapshot.path(paths_b[activity][0], lang),
            )
            for activity in joint
        ),
    )
