"""Partners that share Action Plan priorities but have no joint activity yet (question 13)."""

from __future__ import annotations

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
from ic2kg.gaps.snapshot import Profile, RawPath, Snapshot
from ic2kg.gaps.weights import OpportunityWeights


def jaccard(a: set[str], b: set[str]) -> float:
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
        pairs = [(focus, b) for b in snapshot.parties(partner_kind, other) if b != focus]
    else:
        pairs = [
            (a, b)
            for a in snapshot.parties(partner_kind, "europe")
            for b in snapshot.parties(partner_kind, "china")
        ]
    scheme_size = max(1, len(snapshot.action_plan()))
    terms = weights.terms()
    total = sum(terms.values())
    # Score every pair cheaply first; explanations are built only for the rows kept.
    found: list[tuple[tuple[float, int, str, str], Profile, Profile, set[str]]] = []
    excluded: list[ExcludedPair] = []
    for a, b in pairs:
        pa, pb = snapshot.profile(a), snapshot.profile(b)
        shared = pa.priorities.keys() & pb.priorities.keys()
        if len(shared) < weights.min_shared:
            continue
        joint = sorted(pa.activities.keys() & pb.activities.keys())
        if joint:
            excluded.append(_excluded(snapshot, pa, pb, joint, lang))
            continue
        parts = _parts(pa, pb, shared, scheme_size)
        score = round(sum(getattr(parts, n) * w for n, w in terms.items()) / total, 4)
        key = (-score, -len(shared), snapshot.label(a, lang), snapshot.label(b, lang))
        found.append((key, pa, pb, shared))
    found.sort(key=lambda item: item[0])
    ranked = tuple(
        _with_rank(_score(snapshot, pa, pb, shared, scheme_size, weights, lang), i + 1)
        for i, (_, pa, pb, shared) in enumerate(found[:top])
    )
    return OpportunityReport(
        focus=snapshot.named(focus, lang) if focus else None,
        partner_kind=partner_kind,
        opportunities=ranked,
        excluded=tuple(excluded),
    )


def _with_rank(opportunity: Opportunity, rank: int) -> Opportunity:
    from dataclasses import replace

    return replace(opportunity, rank=rank)


def _parts(pa: Profile, pb: Profile, shared: set[str], scheme_size: int) -> ScoreParts:
    mine, theirs = set(pa.priorities), set(pb.priorities)
    union = mine | theirs
    return ScoreParts(
        priority_overlap=round(len(shared) / scheme_size, 4),
        complementarity=round(len(mine ^ theirs) / len(union), 4) if union else 0.0,
        standards=round(jaccard(set(pa.standards), set(pb.standards)), 4),
        networks=round(jaccard(set(pa.networks), set(pb.networks)), 4),
    )


def _score(
    snapshot: Snapshot,
    pa: Profile,
    pb: Profile,
    shared: set[str],
    scheme_size: int,
    weights: OpportunityWeights,
    lang: Lang,
) -> Opportunity:
    mine, theirs = set(pa.priorities), set(pb.priorities)
    standards_a, standards_b = set(pa.standards), set(pb.standards)
    networks_a, networks_b = set(pa.networks), set(pb.networks)
    parts = _parts(pa, pb, shared, scheme_size)
    terms = weights.terms()
    total = sum(terms.values())
    score = sum(getattr(parts, name) * weight for name, weight in terms.items()) / total
    order = {iri: i for i, iri in enumerate(snapshot.action_plan())}
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


def _excluded(
    snapshot: Snapshot, pa: Profile, pb: Profile, joint: list[str], lang: Lang
) -> ExcludedPair:
    return ExcludedPair(
        a=snapshot.named(pa.party, lang),
        b=snapshot.named(pb.party, lang),
        joint=tuple(
            JointActivity(
                snapshot.named(activity, lang),
                snapshot.path(pa.activities[activity][0], lang),
                snapshot.path(pb.activities[activity][0], lang),
            )
            for activity in joint
        ),
    )
