"""Match CORDIS participants to the graph's organisations; cluster the rest into new ones.

Rules, in order (the first that applies decides):
1. a reviewer's decision in the review file (accept: merge with the candidate; reject: keep apart);
2. the ROR matcher's single confident record whose ROR ID a graph organisation already holds;
3. the same normalised name (label or alternative label) and the same country as exactly one
   graph organisation;
4. a similar name in the same country (ratio >= REVIEW_THRESHOLD, or all the words of the shorter
   name in the longer) as a graph organisation or another CORDIS organisation: sent to review and
   kept apart until a reviewer accepts;
5. otherwise a new organisation, one per normalised name and country (or per PIC when the dump
   gives organisationID), with an IRI made from that key.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS

from ic2kg.importers.cordis_read import CordisParticipant
from ic2kg.namespaces import IC2KG, KG
from ic2kg.reconcile.names import STOP_WORDS, name_key

REVIEW_THRESHOLD = 0.88
VARIANT_WORD_RATIO = 0.75
OWN_PREFIX = str(KG["org-cordis-"])


def normalise(name: str) -> str:
    """The reconciliation's name key (case, accents, punctuation, legal forms, CJK).

    >>> normalise("TSINGHUA UNIVERSITY") == normalise("Tsinghua  University")
    True
    """
    return name_key(name)


def _words(key: str) -> set[str]:
    return set(key.split()) - STOP_WORDS


def slug(text: str) -> str:
    """An IRI-safe slug of a normalised name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-") or "unnamed"


@dataclass(frozen=True)
class GraphOrganisation:
    """An organisation already in the graph, with the names it can be matched by."""

    iri: URIRef
    label: str
    names: frozenset[str]  # normalised
    country: str
    ror_id: str
    # Every label, alternative and translated label as written, in any language.
    raw_names: frozenset[str] = frozenset()


def organisation_classes(graph: Graph) -> set[URIRef]:
    """org:Organization and its subclasses, as the ontology in ``graph`` declares them."""
    found = {ORG.Organization}
    frontier = [ORG.Organization]
    while frontier:
        parent = frontier.pop()
        for child in graph.subjects(RDFS.subClassOf, parent):
            if isinstance(child, URIRef) and child not in found:
                found.add(child)
                frontier.append(child)
    return found


def graph_organisations(graph: Graph) -> list[GraphOrganisation]:
    """Every organisation of ``graph`` that has a country, sorted by IRI."""
    classes = organisation_classes(graph)
    result = []
    subjects = {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}
    for subject in sorted(subjects):
        # This importer's own organisations are rebuilt on every run, whatever other files
        # (such as a ROR reconciliation of an earlier cordis.ttl) say about them.
        if subject.startswith(OWN_PREFIX):
            continue
        country = graph.value(subject, IC2KG.country)
        if country is None:
            continue
        code = graph.value(country, IC2KG.iso3166Alpha2)
        code_text = str(code) if code else str(country).rsplit("-", 1)[-1]
        labels = [
            str(o)
            for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel, IC2KG.translatedLabel)
            for o in graph.objects(subject, p)
        ]
        english = [
            str(o)
            for o in graph.objects(subject, RDFS.label)
            if getattr(o, "language", None) == "en"
        ]
        names = frozenset(n for n in (normalise(label) for label in labels) if n)
        ror = graph.value(subject, IC2KG.rorId)
        result.append(
            GraphOrganisation(
                subject,
                (english or labels or [""])[0],
                names,
                code_text,
                str(ror) if ror else "",
                frozenset(labels),
            )
        )
    return result


@dataclass
class Cluster:
    """The participations that stand for one organisation in the dump."""

    key: str
    country: str
    normalised: str
    members: list[CordisParticipant] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Spellings used, most frequent first, mixed case before all-capitals."""
        counts = Counter(m.name for m in self.members)
        return sorted(counts, key=lambda n: (n.isupper(), -counts[n], n))

    @property
    def activity_type(self) -> str:
        """The activity type most participations give."""
        counts = Counter(m.activity_type for m in self.members if m.activity_type)
        return min(counts, key=lambda t: (-counts[t], t)) if counts else ""

    @property
    def iri(self) -> URIRef:
        """A stable IRI made from the cluster's key."""
        return KG[f"org-cordis-{slug(self.key)}"]


def cluster_key(participant: CordisParticipant) -> str:
    """PIC where the dump gives it, else the normalised name and country."""
    if participant.organisation_id:
        return f"pic {participant.organisation_id}"
    return f"{normalise(participant.name)} {participant.country.lower()}"


def build_clusters(participants: Iterable[CordisParticipant]) -> dict[str, Cluster]:
    """Group participations into organisations; rows without a country join a namesake."""
    clusters: dict[str, Cluster] = {}
    homeless = []
    for participant in participants:
        if not participant.country:
            homeless.append(participant)
            continue
        key = cluster_key(participant)
        if key not in clusters:
            clusters[key] = Cluster(key, participant.country, normalise(participant.name))
        clusters[key].members.append(participant)
    by_name: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters.values():
        by_name[cluster.normalised].append(cluster)
    for participant in homeless:
        namesakes = by_name.get(normalise(participant.name), [])
        # Only an unambiguous namesake gives the row a country; others stay out (reported).
        if len(namesakes) == 1:
            namesakes[0].members.append(participant)
    return clusters


def similarity(a: str, b: str, *, containment: bool = True) -> float:
    """How alike two normalised names are: the character ratio, or 0.9 for word containment."""
    if not a or not b:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    small, large = sorted((_words(a), _words(b)), key=len)
    if containment and len(small) >= 2 and small < large:
        ratio = max(ratio, 0.9)
    return round(ratio, 3)


def _variant_words(a: str, b: str) -> bool:
    """Whether every word one name has and the other lacks is a spelling of one the other has.

    "universitat pompeu fabra" / "universidad pompeu fabra" pass; "anhui agricultural
    university" / "gansu agricultural university" (another place) and "technische
    universitaet graz" / "universitaet graz" (another organisation) do not.
    """
    words_a, words_b = _words(a), _words(b)
    only_a, only_b = words_a - words_b, words_b - words_a
    if len(only_a) != len(only_b):
        return False
    return all(
        any(SequenceMatcher(None, x, y).ratio() >= VARIANT_WORD_RATIO for y in only_b)
        for x in only_a
    )


def similar_pairs(
    items: list[tuple[str, str]], others: list[tuple[str, str]], *, same_list: bool
) -> Iterable[tuple[int, int, float]]:
    """Index pairs (i in items, j in others) whose names reach REVIEW_THRESHOLD.

    Between two CORDIS organisations only the character ratio counts, and only when the words
    that differ are spellings of each other: one dump names a university and its institutes
    apart, and "Anhui/Gansu Agricultural University" are two places.
    """
    containment = not same_list
    for i, (_, a) in enumerate(items):
        words_a = _words(a)
        for j, (_, b) in enumerate(others):
            if same_list and j <= i:
                continue
            words_b = _words(b)
            if a == b or not (words_a & words_b):
                continue
            quick = SequenceMatcher(None, a, b).real_quick_ratio()
            contained = words_a <= words_b or words_b <= words_a
            if quick < REVIEW_THRESHOLD and not (containment and contained):
                continue
            if same_list and not _variant_words(a, b):
                continue
            score = similarity(a, b, containment=containment)
            if score >= REVIEW_THRESHOLD:
                yield i, j, score
