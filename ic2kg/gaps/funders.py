"""Funder pairs ranked by an explicit rule: funders leave no co-participation record to learn
from, so a European and a Chinese funder are ranked by the co-funding routes open to them and
the personalised-medicine priorities they share (docs/gaps.md#funder-pairs).

Routes, each a part in [0, 1]:

- ``china_route``: the Chinese funder already co-funds programmes, calls or projects with
  European funders (the China-EU co-funding mechanism, bilateral NSFC or MOST calls, ...):
  1 - 0.5^n for n such activities;
- ``europe_route``: the European funder already co-funds with Chinese funders, likewise;
- ``country_route``: another funder of the European funder's country co-funds with this
  Chinese funder (a bilateral route of the country it could join): 1 or 0;
- ``priorities``: the share of Action Plan priorities and PM topics the two funders' PM and
  health activities have in common (Jaccard);
- ``pm_funders``: both fund activities the PM lens classifies as personalised medicine: 1 or 0.

The score is their weighted mean (FUNDER_WEIGHTS). Pairs that already co-fund something are
not opportunities (they are listed as working together).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ic2kg.gaps.facts import P_FUNDS
from ic2kg.gaps.model import Lang, Reason, side_of
from ic2kg.gaps.reasons import sources
from ic2kg.gaps.scope import pm_profile
from ic2kg.gaps.snapshot import Snapshot

#: The weight of each route in a funder pair's score.
FUNDER_WEIGHTS: dict[str, float] = {
    "china_route": 0.3,
    "europe_route": 0.2,
    "country_route": 0.15,
    "priorities": 0.25,
    "pm_funders": 0.1,
}


@dataclass(frozen=True)
class FunderPair:
    """A European and a Chinese funder, the score of the rule and its reasons."""

    europe: str
    china: str
    score: float
    reasons: tuple[Reason, ...]


def _cofunded(snapshot: Snapshot) -> dict[str, set[str]]:
    """Each activity funded by both a European and a Chinese funder, with its funders."""

    def compute() -> dict[str, set[str]]:
        funders: dict[str, set[str]] = defaultdict(set)
        for organisation, role, activity, _ in snapshot.involvement:
            if role == P_FUNDS:
                funders[activity].add(organisation)
        return {
            activity: found
            for activity, found in funders.items()
            if {side_of(snapshot.region(f)) for f in found} >= {"europe", "china"}
        }

    return snapshot.memo(("cofunded",), compute)


def _routes(snapshot: Snapshot, funder: str) -> list[str]:
    """The co-funded activities a funder takes part in, in IRI order."""
    return sorted(a for a, found in _cofunded(snapshot).items() if funder in found)


def funder_pair(snapshot: Snapshot, europe: str, china: str, lang: Lang) -> FunderPair:
    """The rule's score of one pair, with one sentence per route that counts."""
    e_label, c_label = snapshot.label(europe, lang), snapshot.label(china, lang)
    china_routes, europe_routes = _routes(snapshot, china), _routes(snapshot, europe)
    country = snapshot.entities[europe].country if europe in snapshot.entities else None
    compatriots = [
        f
        for a in china_routes
        for f in sorted(_cofunded(snapshot)[a])
        if f != europe and country and snapshot.entities[f].country == country
    ]
    pa, pb = pm_profile(snapshot, europe), pm_profile(snapshot, china)
    union = pa.topics | pb.topics
    shared = sorted(pa.topics & pb.topics)
    values = {
        "china_route": 1 - 0.5 ** len(china_routes),
        "europe_route": 1 - 0.5 ** len(europe_routes),
        "country_route": 1.0 if compatriots else 0.0,
        "priorities": len(shared) / len(union) if union else 0.0,
        "pm_funders": 1.0 if "PM funder" in pa.capacity and "PM funder" in pb.capacity else 0.0,
    }
    zh = lang == "zh"

    def names(iris: list[str]) -> str:
        shown = [snapshot.label(i, lang) for i in iris[:3]]
        more = len(iris) - len(shown)
        text = ("、" if zh else ", ").join(shown)
        return text + (
            f"等{len(iris)}项" if zh and more > 0 else f" and {more} more" if more > 0 else ""
        )

    def cite(iris: list[str]) -> tuple[str, ...]:
        return tuple(u for i in iris[:3] for u in snapshot.sources_of(i)[:1])

    found: list[Reason] = []
    texts = {
        "china_route": (
            f"{c_label}已与欧洲资助方共同资助：{names(china_routes)}。"
            if zh
            else f"{c_label} already co-funds with European funders: {names(china_routes)}.",
            cite(china_routes),
        ),
        "europe_route": (
            f"{e_label}已与中国资助方共同资助：{names(europe_routes)}。"
            if zh
            else f"{e_label} already co-funds with Chinese funders: {names(europe_routes)}.",
            cite(europe_routes),
        ),
        "country_route": (
            f"{snapshot.label(compatriots[0], lang)}（同一国家）已与{c_label}共同资助。"
            if zh and compatriots
            else f"{snapshot.label(compatriots[0], lang)}, of the same country, already "
            f"co-funds with {c_label}."
            if compatriots
            else "",
            cite(
                [
                    a
                    for a in china_routes
                    if compatriots and compatriots[0] in _cofunded(snapshot)[a]
                ]
            ),
        ),
        "priorities": (
            f"两者资助的活动都涉及{names(shared)}。"
            if zh
            else f"Both fund work on {names(shared)}.",
            (),
        ),
        "pm_funders": (
            "两者都资助个性化医学活动。" if zh else "Both fund personalised-medicine activities.",
            tuple(
                u
                for p in (pa, pb)
                for s in p.pm_activities
                if s.predicate == P_FUNDS
                for u in s.sources[:1]
            )[:4],
        ),
    }
    for part, weight in FUNDER_WEIGHTS.items():
        if values[part] > 0:
            text, cited = texts[part]
            found.append(Reason(part, text, round(values[part], 4), weight, sources(cited)))
    total = sum(FUNDER_WEIGHTS.values())
    score = sum(FUNDER_WEIGHTS[p] * v for p, v in values.items()) / total
    found.sort(key=lambda r: -r.value * r.weight)
    return FunderPair(europe, china, round(score, 4), tuple(found))
