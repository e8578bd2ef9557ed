"""Decide which graph entity each organisation of a CORDIS dump becomes (rules: organisations)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from ic2kg.importers.organisations import (
    Cluster,
    GraphOrganisation,
    normalise,
    similar_pairs,
)
from ic2kg.importers.review import ReviewRow


@dataclass(frozen=True)
class RorHit:
    """A single confident, active ROR record for an organisation's names and country."""

    ror_id: str
    url: str


RorMatcher = Callable[[Sequence[str], str], RorHit | None]


@dataclass
class Resolution:
    """Where every cluster went, and what a person should look at."""

    target: dict[str, URIRef] = field(default_factory=dict)  # cluster key -> entity IRI
    how: dict[str, str] = field(default_factory=dict)  # cluster key -> ror/name/review/new
    ror: dict[URIRef, RorHit] = field(default_factory=dict)  # created entity -> ROR record
    review: list[ReviewRow] = field(default_factory=list)

    def matched(self) -> dict[str, int]:
        """Clusters per outcome."""
        counts: dict[str, int] = defaultdict(int)
        for how in self.how.values():
            counts[how] += 1
        return dict(sorted(counts.items()))


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def resolve(
    clusters: dict[str, Cluster],
    organisations: list[GraphOrganisation],
    decisions: dict[tuple[str, str], str],
    ror_matcher: RorMatcher | None = None,
) -> Resolution:
    """Match clusters to graph organisations, merge accepted pairs, propose uncertain ones."""
    result = Resolution()
    by_name: dict[tuple[str, str], list[GraphOrganisation]] = defaultdict(list)
    by_ror: dict[str, list[GraphOrganisation]] = defaultdict(list)
    by_iri = {o.iri: o for o in organisations}
    for org in organisations:
        for name in org.names:
            by_name[(name, org.country)].append(org)
        if org.ror_id:
            by_ror[org.ror_id].append(org)
    ordered = sorted(clusters.values(), key=lambda c: c.key)
    hits: dict[str, RorHit] = {}

    for cluster in ordered:
        names = cluster.names
        # 1. a reviewer's acceptance of a graph organisation
        accepted = [
            by_iri[URIRef(cand)]
            for (key, cand), decision in sorted(decisions.items())
            if key == cluster.key and decision == "accept" and URIRef(cand) in by_iri
        ]
        if accepted:
            result.target[cluster.key] = accepted[0].iri
            result.how[cluster.key] = "review"
            continue
        # 2. the ROR matcher, through the graph's ROR IDs
        hit = ror_matcher(names, cluster.country) if ror_matcher else None
        if hit is not None:
            hits[cluster.key] = hit
            holders = by_ror.get(hit.ror_id, [])
            if len(holders) == 1:
                result.target[cluster.key] = holders[0].iri
                result.how[cluster.key] = "ror"
                continue
        # 3. same normalised name and country
        found = {
            o.iri: o
            for n in {normalise(name) for name in names}
            for o in by_name.get((n, cluster.country), [])
        }
        if len(found) == 1:
            result.target[cluster.key] = next(iter(found))
            result.how[cluster.key] = "name"
            continue
        for org in found.values():
            result.review.append(
                _row(
                    cluster,
                    org.iri,
                    org.label,
                    "1.0",
                    "several graph organisations share this name",
                    decisions,
                )
            )

    # 4. similar names: graph organisations and other clusters of the same country
    open_clusters = [c for c in ordered if c.key not in result.target]
    per_country: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in open_clusters:
        per_country[cluster.country].append(cluster)
    graph_per_country: dict[str, list[GraphOrganisation]] = defaultdict(list)
    for org in organisations:
        graph_per_country[org.country].append(org)
    parent = {c.key: c.key for c in open_clusters}
    for country, members in sorted(per_country.items()):
        items = [(c.key, c.normalised) for c in members]
        graph_names = [
            (str(o.iri), n) for o in graph_per_country.get(country, []) for n in sorted(o.names)
        ]
        for i, j, score in similar_pairs(items, graph_names, same_list=False):
            cluster, iri = members[i], URIRef(graph_names[j][0])
            row = _row(
                cluster, iri, by_iri[iri].label, str(score), "similar name, same country", decisions
            )
            if row not in result.review:
                result.review.append(row)
        for i, j, score in similar_pairs(items, items, same_list=True):
            a, b = members[i], members[j]
            row = _row(
                a, b.iri, b.names[0], str(score), "similar name, same country (CORDIS)", decisions
            )
            result.review.append(row)
            if row.decision == "accept":
                parent[_find(parent, a.key)] = _find(parent, b.key)
    for cluster in open_clusters:
        root = _find(parent, cluster.key)
        result.target[cluster.key] = clusters[root].iri
        result.how[cluster.key] = "new" if root == cluster.key else "review"
    for key, hit in hits.items():
        target = result.target[key]
        if result.how[key] in ("new", "review") and target not in by_iri:
            result.ror.setdefault(target, hit)
    return result


def _row(
    cluster: Cluster,
    candidate: URIRef,
    label: str,
    score: str,
    reason: str,
    decisions: dict[tuple[str, str], str],
) -> ReviewRow:
    return ReviewRow(
        cluster.key,
        cluster.names[0],
        cluster.country,
        str(candidate),
        label,
        score,
        reason,
        decisions.get((cluster.key, str(candidate)), ""),
    )
