"""What the ROR reconciliation decides for each organisation of the graph.

Curated identifiers win: an organisation with a hand-entered ROR ID keeps it, and the record is
only checked (active, same country, same Wikidata QID). A reviewer's accept or reject comes
next. Otherwise a match is accepted automatically when :func:`ic2kg.reconcile.ror.decide` says
so, the graph gives the organisation's country and no curated fact contradicts the record;
every other candidate goes to the review file. A ROR record is never linked to two
organisations, and an identifier held by another entity is never imported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import Graph

from ic2kg.reconcile.graph import Organisation, TypeMapping, expected_types, neutral_types
from ic2kg.reconcile.records import RorRecord
from ic2kg.reconcile.review import ReviewRow
from ic2kg.reconcile.ror import Candidate, RorIndex, candidates_for_names, decide

LEXICAL = "semapv:LexicalMatching"
CURATED = "semapv:ManualMappingCuration"


@dataclass(frozen=True)
class Match:
    """An organisation linked to an active ROR record.

    ``how`` is ``automatic`` (score and single candidate), ``reviewed`` (a reviewer's accept)
    or ``curated`` (the ROR ID was already in the curated files).
    """

    organisation: Organisation
    record: RorRecord
    score: float
    how: str
    matched_name: str
    evidence: tuple[str, ...] = ()
    reason: str = ""
    proposed: bool = True  # False for a pair a reviewer added that the matcher did not propose

    @property
    def justification(self) -> str:
        """The SSSOM mapping justification."""
        return LEXICAL if self.proposed and self.how != "curated" else CURATED


@dataclass(frozen=True)
class Finding:
    """A line of the link report: what happened to an organisation, or a conflict found."""

    subject_id: str
    subject_label: str
    subject_country: str
    status: str
    object_id: str
    detail: str


@dataclass(frozen=True)
class Reconciliation:
    """Everything one run decided."""

    matches: tuple[Match, ...]
    review: tuple[ReviewRow, ...]
    findings: tuple[Finding, ...]


def _finding(org: Organisation, status: str, detail: str, ror_id: str = "") -> Finding:
    return Finding(
        org.curie, org.label, org.country or "", status, f"ror:{ror_id}" if ror_id else "", detail
    )


def review_row(org: Organisation, candidate: Candidate) -> ReviewRow:
    """The review line proposing ``candidate`` for ``org``."""
    record = candidate.record
    return ReviewRow(
        subject_id=org.curie,
        subject_label=org.label,
        subject_country=org.country or "",
        object_id=f"ror:{record.ror_id}",
        object_label=record.display_name,
        object_country=record.country or "",
        object_types=", ".join(record.types),
        score=f"{candidate.score:.2f}",
        evidence="; ".join(candidate.evidence),
    )


class _Run:
    def __init__(
        self,
        index: RorIndex,
        mappings: Sequence[TypeMapping],
        ontology: Graph,
        decisions: dict[tuple[str, str], ReviewRow],
        held_qids: dict[str, set[str]],
        curated_rors: dict[str, str],
    ) -> None:
        self.curated_rors = curated_rors
        self.neutral = neutral_types(mappings)
        self.index = index
        self.mappings = mappings
        self.ontology = ontology
        self.decisions = decisions
        self.held_qids = held_qids
        self.matches: list[Match] = []
        self.review: list[ReviewRow] = []
        self.findings: list[Finding] = []

    def decided(self, org: Organisation, decision: str) -> list[ReviewRow]:
        return [
            row
            for (subject, _), row in sorted(self.decisions.items())
            if subject == org.curie and row.decision == decision
        ]

    def curated(self, org: Organisation, ror_id: str, best: Candidate | None) -> None:
        record = self.index.get(ror_id)
        if record is None:
            self.findings.append(
                _finding(
                    org, "unmatched", "curated ROR ID not in this dump: nothing imported", ror_id
                )
            )
            return
        if not record.active:
            ahead = [r.ror_id for r, _ in self.index.successors(record)]
            self.findings.append(
                _finding(
                    org,
                    "conflict",
                    f"curated ROR ID is {record.status} in ROR"
                    + (f"; successor {', '.join(ahead)}" if ahead else "; no successor")
                    + ": curated fact kept, nothing imported",
                    ror_id,
                )
            )
            return
        if org.country and record.country != org.country:
            self.findings.append(
                _finding(
                    org,
                    "conflict",
                    f"curated ROR record is in {record.country}, the graph says {org.country}: "
                    "nothing imported",
                    ror_id,
                )
            )
            return
        self.check_qid(org, record)
        if best is not None and best.ror_id != ror_id:
            self.findings.append(
                _finding(
                    org,
                    "conflict",
                    f"names match ror:{best.ror_id} ({best.record.display_name}) instead of the "
                    "curated ROR ID: curated fact kept",
                    ror_id,
                )
            )
        self.matches.append(Match(org, record, 1.0, "curated", record.display_name))

    def check_qid(self, org: Organisation, record: RorRecord) -> bool:
        """Report a curated QID the record does not name; True when they agree or one is absent."""
        if org.qid and record.wikidata and org.qid not in record.wikidata:
            self.findings.append(
                _finding(
                    org,
                    "conflict",
                    f"the record names {', '.join(record.wikidata)}, the graph {org.qid}: "
                    "curated QID kept",
                    record.ror_id,
                )
            )
            return False
        return True

    def reviewed(self, org: Organisation, row: ReviewRow, found: list[Candidate]) -> None:
        ror_id = row.object_id.removeprefix("ror:")
        record = self.index.get(ror_id)
        if record is None or not record.active:
            state = "not in this dump" if record is None else record.status
            self.findings.append(
                _finding(org, "conflict", f"reviewer accepted a record that is {state}", ror_id)
            )
            return
        if org.country and record.country != org.country:
            self.findings.append(
                _finding(org, "conflict", f"reviewer accepted a record in {record.country}", ror_id)
            )
            return
        self.check_qid(org, record)
        candidate = next((c for c in found if c.ror_id == ror_id), None)
        score = candidate.score if candidate else float(row.score or 0)
        name = candidate.matched_name if candidate else record.display_name
        evidence = candidate.evidence if candidate else (row.evidence,)
        self.matches.append(
            Match(org, record, score, "reviewed", name, evidence, row.reason, candidate is not None)
        )

    def automatic(self, org: Organisation, found: list[Candidate]) -> None:
        choice = decide(found)
        if choice is not None and not org.country:
            choice = None
            self.findings.append(
                _finding(org, "review", "the graph gives no country: a reviewer decides")
            )
        holder = self.curated_rors.get(choice.ror_id) if choice is not None else None
        if choice is not None and holder is not None and holder != org.iri:
            self.findings.append(
                _finding(org, "conflict", f"the record is curated for {holder}", choice.ror_id)
            )
            choice = None
        if choice is not None and not self.check_qid(org, choice.record):
            choice = None  # a reviewer decides between the curated QID and the record
        if choice is not None:
            self.matches.append(
                Match(
                    org,
                    choice.record,
                    choice.score,
                    "automatic",
                    choice.matched_name,
                    choice.evidence,
                )
            )
            return
        if found:
            self.review += [review_row(org, c) for c in found]
            self.findings.append(
                _finding(org, "review", f"{len(found)} candidate(s) in the review file")
            )
        else:
            where = f" in {org.country}" if org.country else ""
            self.findings.append(
                _finding(
                    org, "unmatched", f"no active ROR record of this dump has its names{where}"
                )
            )

    def organisation(self, org: Organisation) -> None:
        types = expected_types(org, self.mappings, self.ontology)
        found = candidates_for_names(
            self.index, org.names, org.country, types=types, neutral=self.neutral
        )
        rejected = {row.object_id for row in self.decided(org, "reject")}
        found = [c for c in found if f"ror:{c.ror_id}" not in rejected]
        if org.ror_id:
            self.curated(org, org.ror_id, found[0] if decide(found) else None)
            return
        accepted = self.decided(org, "accept")
        if len(accepted) > 1:
            ids = ", ".join(row.object_id for row in accepted)
            self.findings.append(_finding(org, "conflict", f"reviewer accepted several: {ids}"))
            return
        if accepted:
            self.reviewed(org, accepted[0], found)
            return
        self.automatic(org, found)

    def one_to_one(self) -> None:
        """Unlink records matched to two organisations (curated and reviewed links stay)."""
        by_record: dict[str, list[Match]] = defaultdict(list)
        for match in self.matches:
            by_record[match.record.ror_id].append(match)
        keep: list[Match] = []
        for ror_id, matches in sorted(by_record.items()):
            if len(matches) == 1:
                keep += matches
                continue
            firm = [m for m in matches if m.how != "automatic"]
            others = ", ".join(sorted(m.organisation.curie for m in matches))
            if len(firm) == 1:
                keep += firm
            for match in matches:
                if match in firm and len(firm) == 1:
                    continue
                self.findings.append(
                    _finding(
                        match.organisation,
                        "conflict",
                        f"the record matches several organisations ({others}): sent to review",
                        ror_id,
                    )
                )
                if match.how == "automatic":
                    self.review.append(
                        review_row(
                            match.organisation,
                            Candidate(
                                match.record,
                                match.score,
                                match.matched_name,
                                "",
                                "name",
                                evidence=match.evidence,
                            ),
                        )
                    )
        self.matches = keep

    def qids(self) -> None:
        """Report QIDs of records that the graph already gives another entity."""
        for match in self.matches:
            for qid in [match.record.qid] if match.record.qid else []:
                holders = self.held_qids.get(qid, set()) - {match.organisation.iri}
                if holders:
                    self.findings.append(
                        _finding(
                            match.organisation,
                            "conflict",
                            f"the record's {qid} is held by {', '.join(sorted(holders))}: "
                            "QID not imported",
                            match.record.ror_id,
                        )
                    )


def reconcile(
    organisations: Iterable[Organisation],
    index: RorIndex,
    mappings: Sequence[TypeMapping],
    ontology: Graph,
    decisions: dict[tuple[str, str], ReviewRow],
    held_qids: dict[str, set[str]] | None = None,
) -> Reconciliation:
    """Decide every organisation: curated, reviewed, automatic, to review or unmatched.

    :param decisions: the review file's rows by (organisation CURIE, ror: CURIE).
    :param held_qids: entity IRIs of the graph by the Wikidata QID they carry.
    """
    chosen = list(organisations)
    curated_rors = {org.ror_id: org.iri for org in chosen if org.ror_id}
    run = _Run(index, mappings, ontology, decisions, held_qids or {}, curated_rors)
    for org in chosen:
        run.organisation(org)
    run.one_to_one()
    run.qids()
    matched = {m.organisation.curie for m in run.matches}
    findings = [
        *run.findings,
        *(
            _finding(
                m.organisation,
                f"matched-{m.how}",
                f"{m.matched_name} ({m.score:.2f})",
                m.record.ror_id,
            )
            for m in run.matches
        ),
    ]
    findings = [f for f in findings if not (f.status == "review" and f.subject_id in matched)]
    return Reconciliation(
        matches=tuple(sorted(run.matches, key=lambda m: m.organisation.iri)),
        review=tuple(run.review),
        findings=tuple(
            sorted(set(findings), key=lambda f: (f.subject_id, f.status, f.object_id, f.detail))
        ),
    )


def importable_qid(match: Match, held_qids: dict[str, set[str]]) -> str | None:
    """The QID to import for a match: the one the record names (preferred or only), unless
    another entity holds it or the organisation already carries one."""
    qid = match.record.qid
    if match.organisation.qid or qid is None:
        return None
    if held_qids.get(qid, set()) - {match.organisation.iri}:
        return None
    return qid


__all__ = ["Finding", "Match", "Reconciliation", "importable_qid", "reconcile"]
