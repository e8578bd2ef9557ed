"""Partners that can act together and have no joint activity yet, ranked (question 13)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from ic2kg.errors import BadParameter
from ic2kg.gaps import evidence
from ic2kg.gaps.facts import Profile, RawPath
from ic2kg.gaps.funders import funder_pair
from ic2kg.gaps.model import (
    ExcludedPair,
    JointActivity,
    Lang,
    Opportunity,
    OpportunityReport,
    PartyKind,
    Reason,
    Role,
    ScoreParts,
    SharedLink,
    SharedPriority,
    side_of,
)
from ic2kg.gaps.reasons import pm_reason, reasons
from ic2kg.gaps.scope import SCOPES, Scope, has_activity, in_scope
from ic2kg.gaps.scoring import PairScorer, ScoredPairs, compatible, diverse, order
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.weights import OPPORTUNITY_PARTS, OpportunityWeights

#: A pair ranked by a rule or the learned model: its two sides, score and reasons.
Ruled = tuple[str, str, float, tuple[Reason, ...]]


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """|a & b| / |a | b|, 0 when both are empty."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def sides(
    snapshot: Snapshot,
    focus: str | None,
    partner_kind: PartyKind,
    role: Role | None = None,
    priority: str | None = None,
    scope: Scope = "pm",
) -> tuple[list[str], list[str]]:
    """The two sides of the candidate pairs.

    With a focus: the focus (or, for a country, its organisations that can act as partners) on
    one side, the partners of the other side on the other. Without: European x Chinese parties
    of ``partner_kind``. Organisations that cannot act as partners (policy-only bodies) are left
    out; ``role`` keeps only partners of that role (the other side's, or the Chinese side's);
    ``priority`` (an Action Plan priority IRI) keeps only parties linked to that priority, so
    every pair shares it. ``scope`` "pm" keeps parties with PM activity or capacity
    (:mod:`ic2kg.gaps.scope`), "all" every research field.
    """
    if scope not in SCOPES:
        raise BadParameter("scope", f"unknown scope '{scope}'", hint="use pm or all")
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
        if snapshot.kind(focus) == "country" and partner_kind != "country":
            left = _actors(snapshot, snapshot.organisations_in(focus), partner_kind)
        else:
            left = [focus]
        right = _actors(snapshot, snapshot.parties(partner_kind, other), partner_kind)
    else:
        left = _actors(snapshot, snapshot.parties(partner_kind, "europe"), partner_kind)
        right = _actors(snapshot, snapshot.parties(partner_kind, "china"), partner_kind)
    if role is not None:
        right = [b for b in right if snapshot.role(b) == role]
    if priority is not None:
        if priority not in snapshot.action_plan():
            raise BadParameter(
                "priority",
                f"<{priority}> is not an ICPerMed Action Plan priority or goal",
                hint="use the IRI of a priority, e.g. https://w3id.org/ic2kg/id/ap-p1",
            )
        left = [a for a in left if priority in evidence.party_sets(snapshot, a).priorities]
        right = [b for b in right if priority in evidence.party_sets(snapshot, b).priorities]
    if scope == "pm":
        left, right = in_scope(snapshot, left), in_scope(snapshot, right)
    return left, right


def _actors(snapshot: Snapshot, parties: list[str], kind: PartyKind) -> list[str]:
    if kind == "country":
        return [p for p in parties if snapshot.kind(p) == "country"]
    wanted = {"funder"} if kind == "funder" else None
    return [
        p
        for p in parties
        if (found := snapshot.role(p)) is not None and (wanted is None or found in wanted)
    ]


def score_all(
    snapshot: Snapshot,
    left: list[str],
    right: list[str],
    weights: OpportunityWeights,
    *,
    keep: int | None = None,
) -> ScoredPairs:
    """Every eligible pair of ``left`` x ``right`` scored (only the ``keep`` best with it)."""
    scorer = PairScorer(
        snapshot,
        [evidence.party_sets(snapshot, a) for a in left],
        [evidence.party_sets(snapshot, b) for b in right],
        weights,
    )
    return scorer.best(keep)


def caps(snapshot: Snapshot, left: list[str], weights: OpportunityWeights) -> tuple[int, int]:
    """The diversity caps of the left and the right side of the pairs."""
    europe, china = weights.max_per_european, weights.max_per_chinese
    if left and side_of(snapshot.region(left[0])) == "china":
        return china, europe
    return europe, china


def ranked_pairs(
    snapshot: Snapshot,
    left: list[str],
    right: list[str],
    weights: OpportunityWeights,
    *,
    focus: str | None = None,
    top: int | None = None,
    scope: Scope = "all",
) -> tuple[ScoredPairs, list[int]]:
    """The scored pairs and the positions of the ranked list, diversity cap applied.

    With a focus each partner of the other side appears once ("one partner, one place"); in
    the PM scope a pair needs PM activity on at least one side."""
    keep = None if top is None else max(top * 25, 2000)
    cap_left, cap_right = caps(snapshot, left, weights)
    if focus is not None:
        cap_right = 1
    while True:
        pairs = score_all(snapshot, left, right, weights, keep=keep)
        if scope == "pm":
            active_left = np.array([has_activity(snapshot, a) for a in left], dtype=bool)
            active_right = np.array([has_activity(snapshot, b) for b in right], dtype=bool)
            if len(pairs):
                pairs = pairs.take(active_left[pairs.rows] | active_right[pairs.cols])
        ranked = order(pairs, left, right)
        chosen, filled = diverse(pairs, ranked, left, right, (cap_left, cap_right), focus, top)
        if filled or keep is None or len(pairs) < keep:
            return pairs, chosen
        keep *= 4


def opportunities(
    snapshot: Snapshot,
    *,
    focus: str | None = None,
    partner_kind: PartyKind = "organisation",
    role: Role | None = None,
    priority: str | None = None,
    top: int | None = None,
    weights: OpportunityWeights | None = None,
    lang: Lang = "en",
    scope: Scope = "pm",
) -> OpportunityReport:
    """Rank European-Chinese pairs that can act together and have no joint activity yet.

    With ``focus`` (a country, funder or organisation IRI in Europe or China), the candidates
    pair it (a country: its organisations) with partners of ``partner_kind`` on the other side;
    without it, every European x Chinese pair of that kind. Funders pair with funders,
    biobanks with biobanks, research organisations, universities, hospitals and companies with
    each other; bodies that only issue policy are not partners. A pair with any joint
    programme, call or project is excluded and listed in ``excluded`` (focus given) with it.
    On a snapshot cut with :meth:`Snapshot.as_of` the ranking sees the graph of that year.

    :raises BadParameter: the focus is unknown or based neither in Europe nor in China.
    """
    weights = weights or OpportunityWeights()
    if top is not None and top < 1:
        raise BadParameter("top", f"must be at least 1, got {top}")
    # The served graph does not change: each question is answered once per snapshot.
    key = ("opportunities", focus, partner_kind, role, priority, top, weights, lang, scope)
    return snapshot.memo(
        key,
        lambda: _opportunities(
            snapshot, focus, partner_kind, role, priority, top, weights, lang, scope
        ),
    )


def _opportunities(
    snapshot: Snapshot,
    focus: str | None,
    partner_kind: PartyKind,
    role: Role | None,
    priority: str | None,
    top: int | None,
    weights: OpportunityWeights,
    lang: Lang,
    scope: Scope,
) -> OpportunityReport:
    left, right = sides(snapshot, focus, partner_kind, role, priority, scope)
    ruled: list[Ruled] | None = None
    if partner_kind == "funder" and scope == "pm":
        ruled = _funder_pairs(snapshot, left, right, lang)
    elif partner_kind == "organisation" and scope == "pm" and focus is not None:
        ruled = _learned_pairs(snapshot, focus, left, right, top, lang)
    if ruled is not None:
        return OpportunityReport(
            focus=snapshot.named(focus, lang) if focus else None,
            partner_kind=partner_kind,
            opportunities=_records(snapshot, left, right, ruled[:top], weights, lang),
            excluded=_excluded_for(snapshot, left, right, lang, top),
            as_of=snapshot.as_of_year,
            role=role,
            priority=snapshot.named(priority, lang) if priority else None,
        )
    pairs, chosen = ranked_pairs(snapshot, left, right, weights, focus=focus, top=top, scope=scope)
    ranked = tuple(
        replace(
            _record(
                snapshot,
                left[int(pairs.rows[p])],
                right[int(pairs.cols[p])],
                pairs,
                p,
                weights,
                lang,
            ),
            rank=n + 1,
        )
        for n, p in enumerate(chosen[:top])
    )
    excluded = _excluded_for(snapshot, left, right, lang, top)
    return OpportunityReport(
        focus=snapshot.named(focus, lang) if focus else None,
        partner_kind=partner_kind,
        opportunities=ranked,
        excluded=excluded,
        as_of=snapshot.as_of_year,
        role=role,
        priority=snapshot.named(priority, lang) if priority else None,
    )


def _funder_pairs(snapshot: Snapshot, left: list[str], right: list[str], lang: Lang) -> list[Ruled]:
    """Funder pairs ranked by the co-funding rule (:mod:`ic2kg.gaps.funders`), best first, then
    by IRIs; every pair without a joint activity that some route or shared priority links."""
    found = []
    for a in left:
        for b in right:
            if a == b or (
                evidence.party_sets(snapshot, a).activities
                & evidence.party_sets(snapshot, b).activities
            ):
                continue
            europe, china = (a, b) if side_of(snapshot.region(a)) == "europe" else (b, a)
            rule = funder_pair(snapshot, europe, china, lang)
            if rule.score > 0:  # no route and nothing shared: no reason to pair them
                pm = pm_reason(snapshot, a, b, lang)
                reasons = tuple(r for r in (*rule.reasons, pm) if r is not None)
                found.append((a, b, rule.score, reasons))
    return sorted(found, key=lambda f: (-f[2], f[0], f[1]))


def _learned_pairs(
    snapshot: Snapshot, focus: str, left: list[str], right: list[str], top: int | None, lang: Lang
) -> list[Ruled]:
    """The focus' organisation pairs by the learned model (:mod:`ic2kg.gaps.ranking`), kept to
    the candidates of :func:`sides` (its role and priority filters)."""
    from ic2kg.gaps.ranking import rank

    wanted_left, wanted_right = set(left), set(right)
    learned = rank(snapshot, focus, top=max(top or 100, 500), lang=lang, scope="pm")
    return [
        (p.a.iri, p.b.iri, p.score, p.reasons)
        for p in learned.pairs
        if p.a.iri in wanted_left and p.b.iri in wanted_right
    ]


def _records(
    snapshot: Snapshot,
    left: list[str],
    right: list[str],
    ruled: list[Ruled],
    weights: OpportunityWeights,
    lang: Lang,
) -> tuple[Opportunity, ...]:
    """Opportunity records of pairs that a rule or the learned model ranked, with their score
    and reasons; each keeps the record-based parts of the weighted score for reference (0 where
    the record shows none) and its evidence paths."""
    index_l = {a: i for i, a in enumerate(left)}
    index_r = {b: j for j, b in enumerate(right)}
    pairs = score_all(snapshot, left, right, weights)
    where = {
        (int(r), int(c)): k for k, (r, c) in enumerate(zip(pairs.rows, pairs.cols, strict=True))
    }
    found = []
    for n, (a, b, score, why) in enumerate(ruled):
        position = where.get((index_l.get(a, -1), index_r.get(b, -1)))
        values = (
            {
                k: round(float(v), 4)
                for k, v in zip(OPPORTUNITY_PARTS, pairs.parts[position], strict=True)
            }
            if position is not None
            else dict.fromkeys(OPPORTUNITY_PARTS, 0.0)
        )
        pa, pb = evidence.profile(snapshot, a), evidence.profile(snapshot, b)
        found.append(
            Opportunity(
                rank=n + 1,
                a=snapshot.partner(a, lang),
                b=snapshot.partner(b, lang),
                score=score,
                parts=ScoreParts(**values),
                reasons=why,
                **_evidence(snapshot, pa, pb, weights.paths_per_side, lang),
            )
        )
    return tuple(found)


def _record(
    snapshot: Snapshot,
    a: str,
    b: str,
    pairs: ScoredPairs,
    position: int,
    weights: OpportunityWeights,
    lang: Lang,
) -> Opportunity:
    """The full opportunity record of one pair, with its reasons and evidence paths."""
    values = {
        n: round(float(v), 4) for n, v in zip(OPPORTUNITY_PARTS, pairs.parts[position], strict=True)
    }
    parts = ScoreParts(**values)
    pa, pb = evidence.profile(snapshot, a), evidence.profile(snapshot, b)
    sa, sb = evidence.party_sets(snapshot, a), evidence.party_sets(snapshot, b)
    return Opportunity(
        rank=0,
        a=snapshot.partner(a, lang),
        b=snapshot.partner(b, lang),
        score=round(float(pairs.score[position]), 4),
        parts=parts,
        reasons=tuple(
            r
            for r in (
                pm_reason(snapshot, a, b, lang),
                *reasons(snapshot, sa, sb, parts, weights, lang),
            )
            if r is not None
        ),
        **_evidence(snapshot, pa, pb, weights.paths_per_side, lang),
    )


def _evidence(
    snapshot: Snapshot,
    pa: Profile,
    pb: Profile,
    n: int,
    lang: Lang,
) -> dict[str, Any]:
    order_of = snapshot.memo(
        ("action-plan-order",), lambda: {iri: i for i, iri in enumerate(snapshot.action_plan())}
    )
    mine, theirs = set(pa.priorities), set(pb.priorities)

    def link(
        target: str, a: dict[str, tuple[RawPath, ...]], b: dict[str, tuple[RawPath, ...]]
    ) -> SharedLink:
        return SharedLink(
            snapshot.named(target, lang),
            tuple(snapshot.path(p, lang) for p in a[target][:n]),
            tuple(snapshot.path(p, lang) for p in b[target][:n]),
        )

    return {
        "shared_priorities": tuple(
            SharedPriority(
                snapshot.named(p, lang),
                tuple(snapshot.path(x, lang) for x in pa.priorities[p][:n]),
                tuple(snapshot.path(x, lang) for x in pb.priorities[p][:n]),
            )
            for p in sorted(mine & theirs, key=lambda p: (order_of.get(p, len(order_of)), p))
        ),
        "only_a": tuple(snapshot.named(p, lang) for p in sorted(mine - theirs)),
        "only_b": tuple(snapshot.named(p, lang) for p in sorted(theirs - mine)),
        "shared_standards": tuple(
            link(s, pa.standards, pb.standards)
            for s in sorted(set(pa.standards) & set(pb.standards))
        ),
        "shared_networks": tuple(
            link(s, pa.networks, pb.networks) for s in sorted(set(pa.networks) & set(pb.networks))
        ),
    }


def _excluded_for(
    snapshot: Snapshot, left: list[str], right: list[str], lang: Lang, top: int | None
) -> tuple[ExcludedPair, ...]:
    """Candidate pairs left out because they already share an activity (the first ``top``)."""
    by_activity: dict[str, list[str]] = {}
    for b in right:
        for activity in evidence.party_sets(snapshot, b).activities:
            by_activity.setdefault(activity, []).append(b)
    found: list[ExcludedPair] = []
    for a in left:
        partners: dict[str, list[str]] = {}
        for activity in sorted(evidence.party_sets(snapshot, a).activities):
            for b in by_activity.get(activity, []):
                if b != a and compatible(snapshot.role(a), snapshot.role(b)):
                    partners.setdefault(b, []).append(activity)
        for b in sorted(partners):
            if top is not None and len(found) >= top:
                return tuple(found)
            found.append(_excluded(snapshot, a, b, partners[b], lang))
    return tuple(found)


def _excluded(snapshot: Snapshot, a: str, b: str, joint: list[str], lang: Lang) -> ExcludedPair:
    """An excluded pair with one path per side to each joint activity (joint paths only)."""
    paths_a, paths_b = evidence.joint_paths(snapshot, a), evidence.joint_paths(snapshot, b)
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


def pair_scores(
    snapshot: Snapshot, left: list[str], right: list[str], weights: OpportunityWeights
) -> dict[tuple[str, str], float]:
    """Every eligible pair's score by (left IRI, right IRI): for the backtest."""
    pairs = score_all(snapshot, left, right, weights)
    return {
        (left[int(i)], right[int(j)]): float(s)
        for i, j, s in zip(pairs.rows, pairs.cols, pairs.score, strict=True)
    }
