"""Priority x country and priority x region coverage, and the uncovered cells (question 14)."""

from __future__ import annotations

from collections import defaultdict

from ic2kg.gaps.model import (
    REGIONS,
    CoverageCell,
    CoverageReport,
    Lang,
    MissingIn,
    UncoveredPriority,
    side_of,
)
from ic2kg.gaps.snapshot import JOINT_KINDS, Snapshot

_COUNTERS = {
    "programme": "programmes",
    "call": "calls",
    "project": "projects",
    "policy": "policies",
}


def coverage(
    snapshot: Snapshot, *, country: str | None = None, lang: Lang = "en"
) -> CoverageReport:
    """Count programmes, calls, projects (and, apart, policies) per priority and place.

    An activity belongs to every country whose organisations fund, coordinate or partner in
    it; a policy to the country it covers or whose body issued it. An activity counts for its
    priority and for every broader priority (an Action Plan activity counts for its
    perspective). A region counts each activity once. ``country`` keeps only that country's
    rows (regions are always listed).

    :raises BadParameter: ``country`` is not a country of the graph.
    """
    if country is not None:
        snapshot.require(country, "country")
    priorities = snapshot.action_plan()
    # (priority, place) -> kind -> activities
    found: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    unplaced: set[str] = set()
    for thing in sorted({t for t, _, _ in snapshot.priority_statements}):
        kind = snapshot.kind(thing)
        if kind in JOINT_KINDS:
            places = snapshot.activity_countries(thing)
        elif kind == "policy":
            places = snapshot.policy_countries(thing)
        else:
            continue
        regions = {r for r in (snapshot.region(c) for c in places) if r}
        if kind == "policy":
            regions |= snapshot.policy_regions(thing)
        if not places and not regions:
            unplaced.add(thing)
        for concept, _ in snapshot.priority_links(thing):
            targets = [concept, *(a for a, _ in snapshot.ancestors(concept))]
            for target in targets:
                for place in places | regions:
                    found[(target, place)][kind].add(thing)
    countries = sorted(
        {place for (_, place) in found if snapshot.kind(place) == "country"},
        key=lambda c: snapshot.label(c, lang),
    )
    if country is not None:
        countries = [country]
    cells = []
    for priority in priorities:
        for place, area_kind in [
            *((c, "country") for c in countries),
            *((r, "region") for r in REGIONS),
        ]:
            kinds = found.get((priority, place), {})
            counts = {field: len(kinds.get(kind, ())) for kind, field in _COUNTERS.items()}
            activities = sorted(set().union(*kinds.values())) if kinds else []
            cells.append(
                CoverageCell(
                    priority=snapshot.named(priority, lang),
                    area=snapshot.named(place, lang),
                    area_kind="country" if area_kind == "country" else "region",
                    activities=tuple(activities),
                    **counts,
                )
            )
    return CoverageReport(
        priorities=tuple(snapshot.named(p, lang) for p in priorities),
        countries=tuple(snapshot.named(c, lang) for c in countries),
        regions=tuple(snapshot.named(r, lang) for r in REGIONS),
        cells=tuple(cells),
        uncovered=_uncovered(snapshot, priorities, found, lang),
        unplaced=tuple(snapshot.named(t, lang) for t in sorted(unplaced)),
    )


def _uncovered(
    snapshot: Snapshot,
    priorities: list[str],
    found: dict[tuple[str, str], dict[str, set[str]]],
    lang: Lang,
) -> tuple[UncoveredPriority, ...]:
    result = []
    for priority in priorities:
        funded: dict[str, set[str]] = {"europe": set(), "china": set()}
        policies: dict[str, set[str]] = {"europe": set(), "china": set()}
        for region in REGIONS:
            side = side_of(region)
            if side is None:
                continue
            kinds = found.get((priority, region), {})
            for kind, things in kinds.items():
                (policies if kind == "policy" else funded)[side].update(things)
        missing: MissingIn | None = None
        if not funded["europe"] and not funded["china"]:
            missing = "both"
        elif not funded["europe"]:
            missing = "europe"
        elif not funded["china"]:
            missing = "china"
        if missing:
            result.append(
                UncoveredPriority(
                    priority=snapshot.named(priority, lang),
                    missing_in=missing,
                    europe_activities=len(funded["europe"]),
                    china_activities=len(funded["china"]),
                    policies_europe=len(policies["europe"]),
                    policies_china=len(policies["china"]),
                )
            )
    return tuple(result)
