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
from ic2kg.reconcile.names import token_key
from ic2kg.reconcile.records import RorName


@dataclass(frozen=True)
class RorHit:
    """A single confident, active ROR record for an organisation's names and country, with the
    record's names (the labels of the organisation it creates)."""

    ror_id: str
    url: str
    names: tuple[RorName, ...] = ()
    display_name: str = ""
    qid: str | None = None  # the Wikidata QID the record names (its preferred or only one)
    score: float = 0.0  # how well the names matched (ic2kg.reconcile's score)
    dump_date: str = ""  # the ROR dump's own date (its newest record)


# (names, country, CORDIS activity type) -> the ROR record, when a single confident one exists
RorMatcher = Callable[[Sequence[str], str, str], RorHit | None]


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
    decided: dict[tuple[str, str], ReviewRow],
    ror_matcher: RorMatcher | None = None,
) -> Resolution:
    """Match clusters to graph organisations, merge accepted pairs, propose uncertain ones.

    ``decided`` holds the rows of the review file that carry a decision; an accepted row is
    kept as it is, so that the decision survives every rerun.
    """
    result = Resolution()
    decisions = {key: row.decision for key, row in decided.items()}
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
            result.review.append(decided[(cluster.key, str(accepted[0].iri))])
            continue
        # 2. the ROR matcher, through the graph's ROR IDs
        hit = ror_matcher(names, cluster.country, cluster.activity_type) if ror_matcher else None
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
    # Spellings with the same words in another order or without "of", "the" ("University
    # British Columbia" / "UNIVERSITY OF BRITISH COLUMBIA") are one organisation of the dump.
    by_tokens: dict[tuple[str, str], list[Cluster]] = defaultdict(list)
    for cluster in open_clusters:
        by_tokens[(token_key(cluster.names[0]), cluster.country)].append(cluster)
    variants: set[str] = set()
    for group in by_tokens.values():
        ranked = sorted(group, key=lambda c: (-len(c.members), c.key))
        for other in ranked[1:]:
            parent[other.key] = ranked[0].key
            variants.add(other.key)
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
    # Spellings that the ROR matcher gives one record are one organisation.
    by_hit: dict[str, list[str]] = defaultdict(list)
    for cluster in open_clusters:
        if cluster.key in hits:
            by_hit[hits[cluster.key].ror_id].append(cluster.key)
    for keys in by_hit.values():
        for key in keys[1:]:
            parent[_find(parent, key)] = _find(parent, keys[0])
    for cluster in open_clusters:
        root = _find(parent, cluster.key)
        result.target[cluster.key] = clusters[root].iri
        if root == cluster.key:
            result.how[cluster.key] = "new"
        elif cluster.key in variants and _find(parent, cluster.key) == root:
            result.how[cluster.key] = "name-variant"
        elif cluster.key in hits and root in hits and hits[root].ror_id == hits[cluster.key].ror_id:
            result.how[cluster.key] = "ror-merged"
        else:
            result.how[cluster.key] = "review"
    # A decision is never lost, even for a pair this run did not propose (another selection).
    proposed = {(row.cordis_key, row.candidate) for row in result.review}
    result.review += [row for key, row in sorted(decided.items()) if key not in proposed]
    for key, hit in hits.items():
        target = result.target[key]
        if result.how[key] != "name" and result.how[key] != "ror" and target not in by_iri:
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
