"""Decide which graph entity each organisation of a CORDIS dump becomes (rules: organisations).

Besides the rules of :mod:`ic2kg.importers.organisations`: a graph organisation is also found by
its names in other languages (its labels, alternative and translated labels and every name of
its ROR record, compared with their generic words in English and without the city the CORDIS
row gives); a near spelling in another language or initials that are its acronym go to review.
Two CORDIS organisations that take part in one project are two bodies: they are never merged
because they share a ROR record or a spelling; the one the record names less well loses it
and goes to review.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rdflib import URIRef

from ic2kg.importers.organisations import (
    Cluster,
    GraphOrganisation,
    normalise,
    similar_pairs,
)
from ic2kg.importers.review import ReviewRow
from ic2kg.reconcile.names import (
    GENERIC_WORDS,
    initials,
    is_cjk,
    looks_like_acronym,
    token_key,
    translated_words,
)
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
    via: tuple[str, ...] = ()  # the inactive records whose successor it is (none: named directly)


# (names, country, CORDIS activity type) -> the ROR record, when a single confident one exists
RorMatcher = Callable[[Sequence[str], str, str], RorHit | None]
# ROR ID -> every name of the record (all languages, aliases, acronyms), or () when unknown
RorNames = Callable[[str], Sequence[str]]

# Two spellings of a word in two languages ("regulació"/"regulation", "genómica"/"genomic").
SPELLING_RATIO = 0.8
MIN_SPELLED = 6


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


def _city_words(cluster: Cluster) -> frozenset[str]:
    return frozenset(w for m in cluster.members if m.city for w in translated_words(m.city))


@dataclass(frozen=True)
class _Names:
    """A graph organisation's names as translated word sets, and its acronyms."""

    org: GraphOrganisation
    words: tuple[frozenset[str], ...]
    acronyms: frozenset[str]


def _graph_names(org: GraphOrganisation, ror_names: RorNames | None) -> _Names:
    names = set(org.raw_names)
    if ror_names is not None and org.ror_id:
        names.update(ror_names(org.ror_id))
    acronyms = frozenset(n.upper() for n in names if looks_like_acronym(n))
    found = {translated_words(n) for n in names if n.upper() not in acronyms}
    return _Names(org, tuple(sorted((w for w in found if w), key=sorted)), acronyms)


def _spelling_of(x: str, y: str) -> bool:
    # Short words that differ are other places ("Hunan"/"Henan"), not other spellings.
    if x == y:
        return True
    return min(len(x), len(y)) >= MIN_SPELLED and SequenceMatcher(None, x, y).ratio() >= (
        SPELLING_RATIO
    )


def _spelled_alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two word sets are one name spelled in two languages: as many words, each with
    a spelling of it on the other side, one word at least that is no generic word."""
    a, b = a - {"foundation"}, b - {"foundation"}
    if len(a) != len(b) or not a or not (a | b) - GENERIC_WORDS or is_cjk(" ".join(a | b)):
        return False
    return all(any(_spelling_of(x, y) for y in b) for x in a) and all(
        any(_spelling_of(y, x) for x in a) for y in b
    )


def _by_translation(
    cluster: Cluster, candidates: Iterable[_Names]
) -> tuple[list[GraphOrganisation], list[tuple[GraphOrganisation, str]]]:
    """Graph organisations named like ``cluster`` in another language: sure ones (the same
    words once generic words are in English and the city left out) and ones for review."""
    drop = _city_words(cluster)
    own = {translated_words(n) for n in cluster.names}
    # With and without the city: "Universiteit Antwerpen" in Antwerpen is named by its city.
    own_words = [w for w in {*own, *(o - drop for o in own)} if w - GENERIC_WORDS]
    own_initials = {i for i in (initials(n) for n in cluster.names) if len(i) >= 3}
    sure: list[GraphOrganisation] = []
    unsure: list[tuple[GraphOrganisation, str]] = []
    for names in candidates:
        theirs = [*names.words, *(w - drop for w in names.words)]
        if any(w in theirs for w in own_words):
            sure.append(names.org)
        elif any(_spelled_alike(a, b) for a in own_words for b in theirs):
            unsure.append((names.org, "the same name in another language or spelling"))
        elif own_initials & names.acronyms and any(
            (a & b) - GENERIC_WORDS for a in own_words for b in theirs
        ):
            unsure.append((names.org, "the initials of the name are its acronym"))
    return sure, unsure


def _together(clusters: Iterable[Cluster]) -> set[frozenset[str]]:
    """Pairs of cluster keys that take part in one project (so are two bodies)."""
    by_project: dict[str, set[str]] = defaultdict(set)
    for cluster in clusters:
        for member in cluster.members:
            by_project[member.project_id].add(cluster.key)
    return {frozenset((a, b)) for keys in by_project.values() for a in keys for b in keys if a < b}


def resolve(
    clusters: dict[str, Cluster],
    organisations: list[GraphOrganisation],
    decided: dict[tuple[str, str], ReviewRow],
    ror_matcher: RorMatcher | None = None,
    ror_names: RorNames | None = None,
) -> Resolution:
    """Match clusters to graph organisations, merge accepted pairs, propose uncertain ones.

    ``decided`` holds the rows of the review file that carry a decision; an accepted row is
    kept as it is, so that the decision survives every rerun. ``ror_names`` gives the names of
    the ROR records graph organisations hold, to find them by their names in every language.
    """
    result = Resolution()
    together = _together(clusters.values())
    translated: dict[str, list[_Names]] = defaultdict(list)
    for org in organisations:
        translated[org.country].append(_graph_names(org, ror_names))
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
        # 3b. the same name in another language (a label of it, or of its ROR record)
        if not found:
            sure, unsure = _by_translation(cluster, translated.get(cluster.country, []))
            if len({o.iri for o in sure}) == 1:
                result.target[cluster.key] = sure[0].iri
                result.how[cluster.key] = "name-translated"
                continue
            reasons = [(o, "several graph organisations have this name translated") for o in sure]
            for org, reason in [*reasons, *unsure]:
                result.review.append(_row(cluster, org.iri, org.label, "0.9", reason, decisions))
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
            if frozenset((other.key, ranked[0].key)) in together:
                continue
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
        # The record names best a spelling it holds itself (not a predecessor's), then the one
        # it scores highest, then the most frequent one; a body of the same project as one
        # kept is another body and loses the record.
        order = sorted(
            keys, key=lambda k: (len(hits[k].via), -hits[k].score, -len(clusters[k].members), k)
        )
        kept = [order[0]]
        for one in order[1:]:
            if not any(frozenset((one, prior)) in together for prior in kept):
                kept.append(one)
                continue
            best = clusters[order[0]]
            row = _row(
                clusters[one],
                best.iri,
                best.names[0],
                f"{hits[one].score:.2f}",
                f"same ROR record ({hits[one].ror_id}), but both take part in one project",
                decisions,
            )
            result.review.append(row)
            if row.decision == "accept":
                kept.append(one)
            else:
                del hits[one]
        merged = [one for one in keys if one in kept]
        for one in merged[1:]:
            parent[_find(parent, one)] = _find(parent, merged[0])
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
