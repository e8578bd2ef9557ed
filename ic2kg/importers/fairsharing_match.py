"""FAIRsharing records matched with the graph's standards: curated IDs, evidence, review, SSSOM.

A record is the graph entity that already states its FAIRsharing ID. Otherwise each standard of
the graph (curated, GA4GH, FHIR) that does not state another FAIRsharing ID is a candidate with
the evidence it shares with the record: the same homepage, an acronym (a short name equal to a
label, alternative label or number) and the same name (without issuer and generic words, as
ic2kg.importers.standards compares them, plurals made singular). A match is accepted
automatically when one candidate alone has two kinds of evidence and no other record claims
it; every other candidate goes to graph/mappings/fairsharing-review.tsv, where a curator writes
accept or reject.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

from ic2kg import paths
from ic2kg.errors import DataLoadError
from ic2kg.importers.fairsharing import LICENSE, Selected, minted_iri
from ic2kg.importers.standards import standard_key, url_key
from ic2kg.namespaces import IC2KG, KG
from ic2kg.reconcile.names import name_key
from ic2kg.reconcile.review import ReviewRow

MAPPINGS = paths.MAPPINGS_DIR / "fairsharing.sssom.tsv"
REVIEW = paths.MAPPINGS_DIR / "fairsharing-review.tsv"
MAPPING_SET_ID = "https://w3id.org/ic2kg/mappings/fairsharing.sssom.tsv"
CREATOR = "kg:org-ic2kg-project"
REVIEW_HEADER = (
    "# FAIRsharing records that ic2kg import fairsharing did not match with a graph standard on\n"
    "# its own (one kind of evidence only, or several candidates). Write accept or reject in the\n"
    "# decision column and why in the reason column; decisions are kept when the command runs\n"
    "# again. Rows are regenerated: edit only decision and reason. Licence: CC BY-SA 4.0\n"
    "# (FAIRsharing's names in object_label).\n"
)
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "reviewer_id",
    "comment",
)


@dataclass(frozen=True)
class Candidate:
    """A graph standard a record may be, with the evidence they share."""

    iri: URIRef
    label: str
    evidence: tuple[str, ...]

    @property
    def score(self) -> str:
        """The share of the three kinds of evidence found."""
        return f"{len(self.evidence) / 3:.2f}"


@dataclass(frozen=True)
class Outcome:
    """How a record became its entity."""

    iri: URIRef
    how: str  # curated, automatic, reviewed, new
    evidence: str = ""
    reason: str = ""


def curie(iri: URIRef) -> str:
    """``kg:`` CURIE of a graph entity."""
    return "kg:" + str(iri).removeprefix(str(KG))


def _label(graph: Graph, iri: URIRef) -> str:
    labels = [o for o in graph.objects(iri, RDFS.label) if getattr(o, "language", None) == "en"]
    return min(str(label) for label in labels) if labels else ""


def _name(name: str) -> str:
    """:func:`standard_key` with plural words made singular ("Rare Diseases" = "Rare Disease").

    >>> _name("Orphanet Rare Diseases Ontology") == _name("Orphanet Rare Disease Ontology")
    True
    """
    return " ".join(re.sub(r"(?<=[a-z]{3})s$", "", word) for word in standard_key(name).split())


class StandardIndex:
    """The graph's standards by homepage, acronym and name, and its FAIRsharing IDs."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.by_id: dict[str, URIRef] = {}
        for entity, value in graph.subject_objects(IC2KG.fairsharingId):
            if isinstance(entity, URIRef):
                self.by_id[str(value)] = entity
        self.urls: dict[str, set[URIRef]] = defaultdict(set)
        self.acronyms: dict[str, set[URIRef]] = defaultdict(set)
        self.names: dict[str, set[URIRef]] = defaultdict(set)
        identified = set(self.by_id.values())
        for standard in graph.subjects(RDF.type, IC2KG.Standard):
            if not isinstance(standard, URIRef) or standard in identified:
                continue
            for url in (
                *graph.objects(standard, FOAF.homepage),
                *graph.objects(standard, DCTERMS.source),
            ):
                self.urls[url_key(str(url))].add(standard)
            for predicate in (RDFS.label, SKOS.altLabel, IC2KG.standardNumber):
                for name in graph.objects(standard, predicate):
                    self.acronyms[name_key(str(name))].add(standard)
                    if key := _name(str(name)):
                        self.names[key].add(standard)

    def candidates(self, item: Selected) -> list[Candidate]:
        """The standards ``item`` may be, most evidence first (none for a database)."""
        if item.kind == "database":
            return []
        record = item.record
        found: dict[URIRef, list[str]] = defaultdict(list)
        if record.homepage:
            for iri in self.urls.get(url_key(record.homepage), ()):
                found[iri].append(f"homepage {record.homepage}")
        for short in record.short_names:
            for iri in self.acronyms.get(name_key(short), ()):
                if f"acronym {short}" not in found[iri]:
                    found[iri].append(f"acronym {short}")
        if key := _name(record.name):
            for iri in self.names.get(key, ()):
                found[iri].append(f"name {record.name}")
        return sorted(
            (Candidate(iri, _label(self.graph, iri), tuple(ev)) for iri, ev in found.items()),
            key=lambda c: (-len(c.evidence), str(c.iri)),
        )


def reconcile(
    chosen: Iterable[Selected], graph: Graph, previous: dict[tuple[str, str], ReviewRow]
) -> tuple[dict[str, Outcome], list[ReviewRow]]:
    """Each record's entity and how it was found, and the review rows to write.

    :param previous: the rows of the earlier review file, whose decisions are applied.
    :raises DataLoadError: when decisions give one standard two FAIRsharing records.
    """
    index = StandardIndex(graph)
    items = sorted(chosen, key=lambda s: s.record.key)
    outcomes: dict[str, Outcome] = {}
    proposals: list[ReviewRow] = []
    automatic: dict[str, Candidate] = {}
    for item in items:
        key = item.record.key
        object_id = f"fairsharing:{key}"
        if key in index.by_id:
            outcomes[key] = Outcome(index.by_id[key], "curated")
            continue
        candidates = index.candidates(item)
        decided = {c.iri: _decision(previous, curie(c.iri), object_id) for c in candidates}
        accepted = [c for c in candidates if decided[c.iri] == "accept"]
        open_ = [c for c in candidates if decided[c.iri] == ""]
        if accepted:
            row = previous[(curie(accepted[0].iri), object_id)]
            outcomes[key] = Outcome(accepted[0].iri, "reviewed", row.evidence, row.reason)
        elif len(open_) == 1 and len(open_[0].evidence) >= 2:
            automatic[key] = open_[0]
        for candidate in open_ if not accepted else []:
            proposals.append(
                ReviewRow(
                    subject_id=curie(candidate.iri),
                    subject_label=candidate.label,
                    subject_country="",
                    object_id=object_id,
                    object_label=item.record.name,
                    object_country="",
                    object_types=item.kind,
                    score=candidate.score,
                    evidence="; ".join(candidate.evidence),
                )
            )
    claimed: dict[URIRef, list[str]] = defaultdict(list)
    for key, candidate in automatic.items():
        claimed[candidate.iri].append(key)
    for key, candidate in automatic.items():
        if len(claimed[candidate.iri]) == 1 and not any(
            o.iri == candidate.iri for o in outcomes.values()
        ):
            outcomes[key] = Outcome(candidate.iri, "automatic", "; ".join(candidate.evidence))
            pair = (curie(candidate.iri), f"fairsharing:{key}")
            proposals = [p for p in proposals if (p.subject_id, p.object_id) != pair]
    for item in items:
        key = item.record.key
        if key not in outcomes:
            outcomes[key] = Outcome(minted_iri(item.record, item.kind), "new")
    entities: dict[URIRef, list[str]] = defaultdict(list)
    for key, outcome in outcomes.items():
        entities[outcome.iri].append(key)
    twice = {iri: keys for iri, keys in entities.items() if len(keys) > 1}
    if twice:
        iri, keys = sorted(twice.items())[0]
        raise DataLoadError(
            f"{curie(iri)} would get the FAIRsharing records {', '.join(keys)}",
            where=str(REVIEW),
            hint="accept at most one record per standard",
        )
    return outcomes, proposals


def _decision(previous: dict[tuple[str, str], ReviewRow], subject: str, obj: str) -> str:
    row = previous.get((subject, obj))
    return row.decision if row else ""


def sssom_rows(
    chosen: Iterable[Selected], outcomes: dict[str, Outcome], graph: Graph, out: Graph
) -> list[dict[str, str]]:
    """One skos:exactMatch row per imported record: the entity it is and how that was found."""
    both = graph + out
    rows = []
    for item in chosen:
        outcome = outcomes[item.record.key]
        justification, reviewer, comment = {
            "curated": (
                "semapv:ManualMappingCuration",
                "",
                "FAIRsharing ID curated in graph/",
            ),
            "automatic": (
                "semapv:LexicalMatching",
                "",
                f"accepted automatically: {outcome.evidence}",
            ),
            "reviewed": (
                "semapv:ManualMappingCuration",
                CREATOR,
                f"accepted by review: {outcome.reason}".rstrip(": "),
            ),
            "new": (
                "semapv:UnspecifiedMatching",
                "",
                f"entity made from the record ({item.kind}: {item.reason})",
            ),
        }[outcome.how]
        rows.append(
            {
                "subject_id": curie(outcome.iri),
                "subject_label": _label(both, outcome.iri),
                "predicate_id": "skos:exactMatch",
                "object_id": f"fairsharing:{item.record.key}",
                "object_label": item.record.name,
                "mapping_justification": justification,
                "confidence": "",
                "reviewer_id": reviewer,
                "comment": comment,
            }
        )
    return sorted(rows, key=lambda r: (r["subject_id"], r["object_id"]))


def sssom_metadata(description: str) -> dict[str, object]:
    """The mapping set's metadata block, under FAIRsharing's licence."""
    from ic2kg import link

    prefixes = link.converter().prefix_map
    return {
        "curie_map": {p: prefixes[p] for p in ("fairsharing", "kg", "semapv", "skos")},
        "mapping_set_id": MAPPING_SET_ID,
        "mapping_set_title": "ic2kg entities matched to FAIRsharing records",
        "mapping_set_description": description,
        "license": str(LICENSE),
        "creator_id": [CREATOR],
        "mapping_tool": "ic2kg import fairsharing",
    }


def render_sssom(rows: list[dict[str, str]], description: str) -> str:
    """graph/mappings/fairsharing.sssom.tsv, serialised by sssom-py."""
    from ic2kg.mappings import write_sssom

    return write_sssom(sssom_metadata(description), rows, COLUMNS)


@dataclass
class FairsharingImport:
    """Everything one run writes, and its counts."""

    records: int
    selected: list[Selected]
    outcomes: dict[str, Outcome]
    turtle: str
    sssom: str
    review: str
    open_reviews: int


def import_fairsharing(
    path: Path, graph: Graph, review_path: Path = REVIEW, *, command: str = ""
) -> FairsharingImport:
    """Read, select and match the records of ``path`` against ``graph`` (the rest of graph/).

    :param review_path: the review file whose decisions are applied (and then rewritten).
    """
    from ic2kg.importers.fairsharing import build_graph, input_line, read_records, select
    from ic2kg.importers.turtle import write_turtle
    from ic2kg.reconcile.review import merge_decisions, read_review, render_review

    records = read_records(path)
    curated_ids = frozenset(str(v) for v in graph.objects(None, IC2KG.fairsharingId))
    chosen = [s for s in (select(r, curated_ids) for r in records) if s is not None]
    previous = read_review(review_path)
    outcomes, proposals = reconcile(chosen, graph, previous)
    out = build_graph(chosen, {k: o.iri for k, o in outcomes.items()}, graph)
    kinds = Counter(s.kind for s in chosen)
    hows = Counter(o.how for o in outcomes.values())
    rows = merge_decisions(proposals, previous)
    made_by = command or f"ic2kg import fairsharing {path.name}"
    header = [
        f"Generated by `{made_by}`. Do not edit.",
        f"Input: FAIRsharing records as the bioregistry package ships them: {input_line(path)}.",
        "Licence: CC BY-SA 4.0 (FAIRsharing's metadata), a subset of the dataset of its own",
        "(kg:dataset-fairsharing in graph/dataset.ttl); descriptions are not copied.",
        f"Selection (ic2kg/importers/fairsharing.py): {len(chosen)} of {len(records)} records: "
        + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        + ".",
        "The file has no record type: a terminology, identifier schema or standard is told by",
        "its name and taken with a health keyword; a database or knowledge base also needs a",
        "personalised-medicine keyword and is not an institutional or subject-agnostic",
        "repository; a record whose ID the graph already states is always taken.",
        "Matched with the graph's entities (graph/mappings/fairsharing.sssom.tsv): "
        + ", ".join(f"{n} {h}" for h, n in sorted(hows.items()))
        + f"; {sum(1 for r in rows if not r.decision)} proposals open in fairsharing-review.tsv.",
    ]
    description = (
        f"Generated by `{made_by}` from {input_line(path)}. A record is the entity that "
        "states its FAIRsharing ID; otherwise a graph standard sharing two kinds of evidence "
        "(homepage, acronym, name) with it and with no other record; the rest are decided in "
        "graph/mappings/fairsharing-review.tsv; unmatched records become entities of their "
        "own. Adapted from FAIRsharing (CC BY-SA 4.0). Do not edit."
    )
    return FairsharingImport(
        records=len(records),
        selected=chosen,
        outcomes=outcomes,
        turtle=write_turtle(out, header),
        sssom=render_sssom(sssom_rows(chosen, outcomes, graph, out), description),
        review=render_review(rows, header=REVIEW_HEADER),
        open_reviews=sum(1 for r in rows if not r.decision),
    )
