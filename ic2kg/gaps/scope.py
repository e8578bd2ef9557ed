"""The personalised-medicine profile of an organisation, and the PM scope of the planner's views.

*PM activity*: taking part in, funding, coordinating or leading an activity that the PM lens
(or a curator) classifies as personalised medicine or human-health research. *PM capacity*:
only what the graph states of the organisation itself: a biobank, a hospital, a research
infrastructure, a funder of a PM activity, the issuer of a PM policy. Being a university or a
company is not capacity. A pair is in the PM scope when both sides have PM activity or
capacity and at least one side has PM activity (docs/gaps.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ic2kg.gaps.facts import P_FUNDS, RawStep
from ic2kg.gaps.model import Lang, PmActivity, PmProfileReport
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.taxonomy import BIOBANK_CLASS
from ic2kg.namespaces import IC2KG

Scope = Literal["pm", "all"]
SCOPES: tuple[Scope, ...] = ("pm", "all")
Capacity = Literal[
    "biobank", "hospital", "research infrastructure", "PM funder", "PM policy issuer"
]

_CAPACITY_CLASSES: tuple[tuple[str, Capacity], ...] = (
    (BIOBANK_CLASS, "biobank"),
    (str(IC2KG.Hospital), "hospital"),
    (str(IC2KG.ResearchInfrastructure), "research infrastructure"),
)


@dataclass(frozen=True)
class PmProfile:
    """What makes an organisation a personalised-medicine actor, each with its evidence step."""

    party: str
    pm_activities: tuple[RawStep, ...]
    health_activities: tuple[RawStep, ...]
    capacity: tuple[Capacity, ...]
    priorities: frozenset[str]
    topics: frozenset[str]
    terms: frozenset[str]

    @property
    def has_activity(self) -> bool:
        return bool(self.pm_activities or self.health_activities)

    @property
    def eligible(self) -> bool:
        return self.has_activity or bool(self.capacity)


def pm_profile(snapshot: Snapshot, party: str) -> PmProfile:
    """The PM profile of an organisation (computed once per snapshot)."""
    return snapshot.memo(("pm-profile", party), lambda: _profile(snapshot, party))


def _profile(snapshot: Snapshot, party: str) -> PmProfile:
    pm: list[RawStep] = []
    health: list[RawStep] = []
    topics: set[str] = set()
    terms: set[str] = set()
    funds_pm = False
    for activity, step in sorted(snapshot.activities_of(party).items()):
        lens = snapshot.lens.get(activity)
        if lens is None or not lens.health:
            continue
        (pm if lens.pm else health).append(step)
        topics |= lens.topics
        terms |= lens.terms
        funds_pm = funds_pm or (lens.pm and step.predicate == P_FUNDS)
    entity = snapshot.entities.get(party)
    types = entity.types if entity else frozenset()
    # The most specific kind only: a biobank is also a research infrastructure.
    capacity: list[Capacity] = [
        name for root, name in _CAPACITY_CLASSES if snapshot.taxonomy.is_a(types, root)
    ][:1]
    if funds_pm:
        capacity.append("PM funder")
    issued = snapshot.ix.policies_by_issuer.get(party, [])
    if any((lens := snapshot.lens.get(p)) is not None and lens.pm for p in issued):
        capacity.append("PM policy issuer")
    priorities = {t for t in topics if t in set(snapshot.action_plan())}
    return PmProfile(
        party,
        tuple(pm),
        tuple(health),
        tuple(capacity),
        frozenset(priorities),
        frozenset(topics),
        frozenset(terms),
    )


def in_scope(snapshot: Snapshot, parties: list[str]) -> list[str]:
    """The parties that can take part in a PM pair (PM activity or capacity); countries stay."""
    return [p for p in parties if snapshot.kind(p) == "country" or pm_profile(snapshot, p).eligible]


def has_activity(snapshot: Snapshot, party: str) -> bool:
    """Whether a party has PM activity (a country always counts: its organisations decide)."""
    return snapshot.kind(party) == "country" or pm_profile(snapshot, party).has_activity


def profile_report(snapshot: Snapshot, party: str, lang: Lang = "en") -> PmProfileReport:
    """The PM profile of an organisation with labels in ``lang``.

    :raises BadParameter: ``party`` is not an organisation of the graph.
    """
    snapshot.require(party, "organisation")
    profile = pm_profile(snapshot, party)
    steps = sorted(
        (*profile.pm_activities, *profile.health_activities),
        key=lambda s: (-snapshot.lens[s.object].score, s.object),
    )
    return PmProfileReport(
        organisation=snapshot.partner(party, lang),
        activities=tuple(
            PmActivity(
                snapshot.named(s.object, lang),
                s.predicate,
                snapshot.lens[s.object].pm,
                snapshot.lens[s.object].score,
                s.sources or snapshot.sources_of(s.object),
            )
            for s in steps
        ),
        capacity=profile.capacity,
        priorities=tuple(snapshot.named(p, lang) for p in sorted(profile.priorities)),
        topics=tuple(snapshot.named(t, lang) for t in sorted(profile.topics - profile.priorities)),
        pm_activity=profile.has_activity,
        in_scope=profile.eligible,
    )
