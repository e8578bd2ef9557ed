"""Evidence paths from a party to its priorities, activities, standards and networks, and the
path-free sets the scores use.

The analyses ask here, with the snapshot they read; the snapshot owns the data and its
look-ups and knows nothing of this module. Each answer is computed once per snapshot and party
(:meth:`Snapshot.memo`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ic2kg.gaps.facts import (
    JOINT_KINDS,
    P_COUNTRY,
    P_ISSUED_BY,
    P_MEMBER_OF,
    P_PARTICIPANT_COUNTRY,
    PartySets,
    Profile,
    RawPath,
    RawStep,
)
from ic2kg.gaps.indexes import Indexes
from ic2kg.gaps.snapshot import Snapshot

Routes = list[tuple[str, RawPath]]

#: Activities that started in this many years up to the snapshot's year count as recent.
RECENT_YEARS = 3


def profile(snapshot: Snapshot, party: str) -> Profile:
    """What a country or organisation is linked to, with evidence paths."""
    return snapshot.memo(
        ("profile", party),
        lambda: Profile(
            party,
            priority_paths(snapshot, party),
            joint_paths(snapshot, party),
            standard_paths(snapshot, party),
            network_paths(snapshot, party),
        ),
    )


def party_sets(snapshot: Snapshot, party: str) -> PartySets:
    """The priorities, joint activities, standard families, networks, topics, partners and
    recent activity of a party, without any path."""
    return snapshot.memo(("sets", party), lambda: _party_sets(snapshot.ix, party, snapshot.year))


def priority_paths(snapshot: Snapshot, party: str) -> dict[str, tuple[RawPath, ...]]:
    """Priorities of a party, each with its paths: activities first, then shortest."""
    return snapshot.memo(("priority-paths", party), lambda: _priority_paths(snapshot.ix, party))


def joint_paths(snapshot: Snapshot, party: str) -> dict[str, tuple[RawPath, ...]]:
    """Programmes, calls and projects a party takes part in, each with its paths."""
    return snapshot.memo(("joint-paths", party), lambda: _joint_paths(snapshot.ix, party))


def standard_paths(snapshot: Snapshot, party: str) -> dict[str, tuple[RawPath, ...]]:
    """Standard families a party declares, each with its paths."""
    return snapshot.memo(("standard-paths", party), lambda: _standard_paths(snapshot.ix, party))


def network_paths(snapshot: Snapshot, party: str) -> dict[str, tuple[RawPath, ...]]:
    """Networks a party (or, for a country, one of its organisations) belongs to."""
    return snapshot.memo(("network-paths", party), lambda: _network_paths(snapshot.ix, party))


def declared_families(snapshot: Snapshot, party: str) -> set[str]:
    """Standard families a party declares (adopts, or references through its policies)."""
    return set(party_sets(snapshot, party).standards)


def _routes(ix: Indexes, party: str) -> tuple[Routes, Routes]:
    """Paths from a party to its activities, and to its policies."""
    activities: Routes = []
    policies: Routes = []
    if ix.kind(party) == "country":
        for activity in ix.by_participant_country.get(party, []):
            step = RawStep(activity, P_PARTICIPANT_COUNTRY, party, ix.sources_of(activity))
            activities.append((activity, (step,)))
        for policy in ix.policies_by_country.get(party, []):
            step = RawStep(policy, P_COUNTRY, party, ix.sources_of(policy))
            policies.append((policy, (step,)))
        for organisation in ix.organisations_in(party):
            located = RawStep(organisation, P_COUNTRY, party, ix.sources_of(organisation))
            for activity, step in ix.activities_of(organisation).items():
                activities.append((activity, (located, step)))
            for policy in ix.policies_by_issuer.get(organisation, []):
                issued = RawStep(policy, P_ISSUED_BY, organisation, ix.sources_of(policy))
                policies.append((policy, (located, issued)))
    else:
        for activity, step in ix.activities_of(party).items():
            activities.append((activity, (step,)))
        for policy in ix.policies_by_issuer.get(party, []):
            issued = RawStep(policy, P_ISSUED_BY, party, ix.sources_of(policy))
            policies.append((policy, (issued,)))
    return activities, policies


def _priority_paths(ix: Indexes, party: str) -> dict[str, tuple[RawPath, ...]]:
    """Priorities of a party, each with its paths: activities first, then shortest."""
    activities, policies = _routes(ix, party)
    found: dict[str, list[tuple[tuple[int, int, str], RawPath]]] = defaultdict(list)
    for is_policy, chosen in ((0, activities), (1, policies)):
        for thing, prefix in chosen:
            for concept, link in ix.priorities_of.get(thing, []):
                base = (*prefix, link)
                targets = [(concept, base)]
                targets += [(a, (*base, *chain)) for a, chain in ix.ancestors(concept)]
                for target, path in targets:
                    found[target].append(((is_policy, len(path), path_key(path)), path))
    return {t: tuple(p for _, p in sorted(v)) for t, v in found.items()}


def _joint_paths(ix: Indexes, party: str) -> dict[str, tuple[RawPath, ...]]:
    """Programmes, calls and projects a party takes part in, each with its paths."""
    activities, _ = _routes(ix, party)
    joint: dict[str, list[RawPath]] = defaultdict(list)
    for activity, path in activities:
        if ix.kind(activity) in JOINT_KINDS:
            joint[activity].append(path)
    return {t: best_first(v) for t, v in joint.items()}


def _standard_paths(ix: Indexes, party: str) -> dict[str, tuple[RawPath, ...]]:
    """Standard families a party declares, each with its paths."""
    _, policies = _routes(ix, party)
    standards: dict[str, list[RawPath]] = defaultdict(list)
    for holder, prefix in _standard_holders(ix, party, policies):
        for relation, standard in ix.declared.get(holder, []):
            step = RawStep(holder, relation, standard, ix.sources_of(holder))
            standards[ix.family(standard)].append((*prefix, step))
    return {t: best_first(v) for t, v in standards.items()}


def _network_paths(ix: Indexes, party: str) -> dict[str, tuple[RawPath, ...]]:
    """Networks a party (or, for a country, one of its organisations) belongs to."""
    networks: dict[str, list[RawPath]] = defaultdict(list)
    members: list[tuple[str, RawPath]] = [(party, ())]
    if ix.kind(party) == "country":
        members += [
            (o, (RawStep(o, P_COUNTRY, party, ix.sources_of(o)),))
            for o in ix.organisations_in(party)
        ]
    for member, prefix in members:
        for network, cited in ix.member_of.get(member, []):
            networks[network].append((*prefix, RawStep(member, P_MEMBER_OF, network, cited)))
    return {t: best_first(v) for t, v in networks.items()}


def _standard_holders(ix: Indexes, party: str, policies: Routes) -> Iterable[tuple[str, RawPath]]:
    yield party, ()
    if ix.kind(party) == "country":
        for organisation in ix.organisations_in(party):
            yield (
                organisation,
                (RawStep(organisation, P_COUNTRY, party, ix.sources_of(organisation)),),
            )
    yield from policies


def _party_sets(ix: Indexes, party: str, year: int | None) -> PartySets:
    """The keys of the evidence maps of a party, without paths, and its topics, partners and
    recent activity (activities started in the ``RECENT_YEARS`` up to ``year``)."""
    things: list[str] = []
    policies: list[str] = []
    members = [party]
    if ix.kind(party) == "country":
        things += ix.by_participant_country.get(party, [])
        policies += ix.policies_by_country.get(party, [])
        for organisation in ix.organisations_in(party):
            things += ix.activities_of(organisation)
            policies += ix.policies_by_issuer.get(organisation, [])
        members += ix.organisations_in(party)
    else:
        things += ix.activities_of(party)
        policies += ix.policies_by_issuer.get(party, [])
    priorities: set[str] = set()
    topics: set[str] = set()
    for thing in (*things, *policies):
        priorities |= ix.thing_priorities(thing)
        topics |= ix.topics_of.get(thing, set())
    standards = {
        ix.family(standard)
        for holder in (*members, *policies)
        for _, standard in ix.declared.get(holder, ())
    }
    networks = {network for m in members for network, _ in ix.member_of.get(m, ())}
    joint = frozenset(t for t in things if ix.kind(t) in JOINT_KINDS)
    partners: set[str] = set()
    if ix.kind(party) != "country":
        for activity in joint:
            partners |= ix.participants.get(activity, set())
        partners.discard(party)
    recent = 0
    if year is not None:
        recent = sum(1 for t in joint if year - RECENT_YEARS < ix.starts.get(t, -1) <= year)
    return PartySets(
        party,
        frozenset(priorities),
        joint,
        frozenset(standards),
        frozenset(networks),
        frozenset(topics),
        frozenset(partners),
        recent,
    )


def path_key(path: RawPath) -> str:
    """A sort key that orders paths by their triples."""
    return "|".join(f"{s.subject} {s.predicate} {s.object}" for s in path)


def best_first(paths: list[RawPath]) -> tuple[RawPath, ...]:
    """Distinct paths, shortest first, then by their triples."""
    return tuple(sorted(set(paths), key=lambda p: (len(p), path_key(p))))
