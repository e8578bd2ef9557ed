"""networkx graphs built from the gap snapshot (itself built from SPARQL results).

``stakeholder_graph`` is the typed multigraph of everything; ``collaboration_graph`` the simple
graph the network roles are computed on; ``projection`` the country-country or funder-funder
graph weighted by shared priorities, joint activities, shared standards and memberships.
"""

from __future__ import annotations

from itertools import combinations
from typing import Literal

import networkx as nx

from ic2kg.gaps import evidence
from ic2kg.gaps.model import Lang, side_of
from ic2kg.gaps.scope import Scope, pm_profile
from ic2kg.gaps.snapshot import JOINT_KINDS, Snapshot
from ic2kg.gaps.weights import ProjectionWeights


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _add_node(graph: nx.Graph, snapshot: Snapshot, iri: str, lang: Lang) -> None:
    if iri not in graph:
        graph.add_node(
            iri,
            kind=snapshot.kind(iri),
            label=snapshot.label(iri, lang),
            region=snapshot.region(iri),
            side=side_of(snapshot.region(iri)),
        )


def stakeholder_graph(snapshot: Snapshot, *, lang: Lang = "en") -> nx.MultiDiGraph:
    """Organisations, countries, activities, standards, networks and priorities, typed edges.

    Edges point as the triples do and carry ``predicate`` (its local name) and ``sources``.
    """
    graph = nx.MultiDiGraph()

    def edge(subject: str, predicate: str, obj: str, sources: tuple[str, ...] = ()) -> None:
        _add_node(graph, snapshot, subject, lang)
        _add_node(graph, snapshot, obj, lang)
        graph.add_edge(subject, obj, key=_local(predicate), predicate=predicate, sources=sources)

    for iri, entity in snapshot.entities.items():
        if snapshot.kind(iri) in ("organisation", "country", "standard", *JOINT_KINDS):
            _add_node(graph, snapshot, iri, lang)
        if entity.country and snapshot.kind(iri) != "country" and snapshot.kind(iri) != "policy":
            edge(iri, "country", entity.country, snapshot.sources_of(iri))
    for organisation in list(snapshot.entities):
        for step in snapshot.activities_of(organisation).values():
            edge(step.subject, step.predicate, step.object, step.sources)
    for child, relation, parent in snapshot.hierarchy:
        edge(child, relation, parent, snapshot.sources_of(child))
    for thing, priority, sources in snapshot.priority_statements:
        if snapshot.kind(thing) in (*JOINT_KINDS, "working-group"):
            edge(thing, "addressesPriority", priority, sources)
    for member, networks in snapshot.members().items():
        for network, sources in networks:
            edge(member, "memberOf", network, sources)
    for holder, declared in snapshot.holders().items():
        if snapshot.kind(holder) in ("organisation", "country"):
            for relation, standard in declared:
                edge(holder, relation, standard, snapshot.sources_of(holder))
    return graph


def collaboration_graph(snapshot: Snapshot, *, lang: Lang = "en", scope: Scope = "all") -> nx.Graph:
    """Organisations linked through activities, network memberships and adopted standards.

    Countries and priorities are left out on purpose: a country node would join every
    organisation of the country and a priority node every activity, and both would then look
    like brokers without any collaboration behind them. In the PM scope only organisations
    with PM activity or capacity and only health or PM activities take part.
    """
    graph = nx.Graph()
    for iri in snapshot.entities:
        if snapshot.kind(iri) == "organisation" and (
            scope == "all" or pm_profile(snapshot, iri).eligible
        ):
            _add_node(graph, snapshot, iri, lang)
    for organisation in list(graph.nodes):
        for activity, step in snapshot.activities_of(organisation).items():
            if scope == "pm" and not ((lens := snapshot.lens.get(activity)) and lens.health):
                continue
            _add_node(graph, snapshot, activity, lang)
            graph.add_edge(organisation, activity, predicate=step.predicate)
    for member, networks in snapshot.members().items():
        if member not in graph or snapshot.kind(member) != "organisation":
            continue
        for network, _ in networks:
            _add_node(graph, snapshot, network, lang)
            graph.add_edge(member, network, predicate="memberOf")
    for holder, declared in snapshot.holders().items():
        if holder not in graph or snapshot.kind(holder) != "organisation":
            continue
        for _, standard in declared:
            family = snapshot.family(standard)
            _add_node(graph, snapshot, family, lang)
            graph.add_edge(holder, family, predicate="adoptsStandard")
    return graph


def projection(
    snapshot: Snapshot,
    level: Literal["country", "funder"] = "country",
    *,
    weights: ProjectionWeights | None = None,
    lang: Lang = "en",
) -> nx.Graph:
    """Countries (or funders) linked by what they share, with the counts and a weight.

    Edge attributes: ``shared_priorities``, ``joint_activities``, ``shared_standards``,
    ``shared_memberships`` (counts) and ``weight`` (their weighted sum).
    """
    weights = weights or ProjectionWeights()
    graph = nx.Graph()
    parties = [p for p in snapshot.parties(level) if _has_links(snapshot, p)]
    for party in parties:
        _add_node(graph, snapshot, party, lang)
    for a, b in combinations(parties, 2):
        pa, pb = evidence.party_sets(snapshot, a), evidence.party_sets(snapshot, b)
        counts = {
            "shared_priorities": len(pa.priorities & pb.priorities),
            "joint_activities": len(pa.activities & pb.activities),
            "shared_standards": len(pa.standards & pb.standards),
            "shared_memberships": len(pa.networks & pb.networks),
        }
        weight = (
            weights.shared_priority * counts["shared_priorities"]
            + weights.joint_activity * counts["joint_activities"]
            + weights.shared_standard * counts["shared_standards"]
            + weights.shared_membership * counts["shared_memberships"]
        )
        if weight > 0:
            graph.add_edge(a, b, weight=weight, **counts)
    return graph


def _has_links(snapshot: Snapshot, party: str) -> bool:
    found = evidence.party_sets(snapshot, party)
    return bool(found.priorities or found.activities or found.standards or found.networks)
