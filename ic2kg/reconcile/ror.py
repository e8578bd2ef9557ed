"""Scored ROR candidates for an organisation name and country, from a loaded ROR dump.

The stable API (the ROR reconciliation and the CORDIS importer both use it)::

    index = RorIndex.load(Path("ror-dump.json.gz"))          # or RorIndex(records)
    found = index.candidates("Universität Zürich", "CH", types={"education"})
    best = found[0]            # Candidate: best.record.ror_id, best.score, best.matched_name

Scores (documented thresholds in :data:`ACCEPT_THRESHOLD` and :data:`COMPETING_SCORE`):

==========================================  =====
the name equals a display name or label     1.00
... equals an alias                         0.92
... equals a name with words reordered      0.84
or spaced differently ("Fuwai"/"Fu Wai")
... equals an acronym (the query looks      0.70
    like one and the country agrees)
the record's name matched without its       -0.05
trailing parenthesis ("... (Finland)")
a shorter form of the name matched          -0.10
(:func:`~ic2kg.reconcile.names.name_variants`,
only in :func:`candidates_for_names`)
type evidence agrees / disagrees            +0.05 / -0.10
reached through an inactive/withdrawn       -0.05 per step
record's successor
==========================================  =====

The country must agree: a record in another country is never a candidate, and when the
caller gives no country, acronyms are not matched at all (too many collide across countries).
Inactive and withdrawn records are never candidates themselves: their successors are, and a
record without an active successor yields nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ic2kg.reconcile.names import (
    GENERIC_WORDS,
    acronym_key,
    looks_like_acronym,
    name_key,
    name_variants,
    token_key,
    translated_words,
    without_parenthesis,
)
from ic2kg.reconcile.records import (
    ACRONYM,
    ALIAS,
    DISPLAY,
    LABEL,
    ProgressCallback,
    RorRecord,
    read_dump,
)

# A match is accepted without review only when its score reaches ACCEPT_THRESHOLD and no other
# record scores COMPETING_SCORE or more for the same organisation.
# 0.80 lets no acronym alone (at most 0.75) block a full-name match, while another record
# named the same, with words reordered (0.84) or by a shorter form (0.90) does.
ACCEPT_THRESHOLD = 0.90
COMPETING_SCORE = 0.80

KIND_SCORES: dict[str, float] = {DISPLAY: 1.0, LABEL: 1.0, ALIAS: 0.92, ACRONYM: 0.70}
# Under ACCEPT_THRESHOLD even with type evidence: "Jinan University" and "University of Jinan"
# are two universities.
REORDERED_SCORE = 0.84
PARENTHESIS_PENALTY = 0.05
VARIANT_PENALTY = 0.10
TYPE_AGREES, TYPE_DISAGREES = 0.05, -0.10
SUCCESSION_STEP = 0.05
MAX_SUCCESSION = 5


@dataclass(frozen=True)
class Candidate:
    """A ROR record that may be the organisation named.

    ``record`` is always an active record; ``via`` lists the inactive or withdrawn records
    whose successor it is, in the order followed (empty for a direct match). ``how`` says which
    key matched: ``name``, ``reordered``, ``spacing`` or ``acronym``; ``matched_name`` is the
    record's name that matched and ``matched_kind`` its ROR kind (ror_display, label, alias,
    acronym).
    """

    record: RorRecord
    score: float
    matched_name: str
    matched_kind: str
    how: str
    via: tuple[str, ...] = ()
    evidence: tuple[str, ...] = field(default=())

    @property
    def ror_id(self) -> str:
        """The candidate record's ROR ID."""
        return self.record.ror_id


@dataclass(frozen=True)
class _Entry:
    ror_id: str
    name: str
    kind: str
    stripped: bool = False  # indexed without the name's trailing parenthesis


class RorIndex:
    """ROR records indexed by name key, token key and acronym, for :meth:`candidates`."""

    def __init__(self, records: Iterable[RorRecord]) -> None:
        """Index ``records``; a later record with the same ROR ID replaces an earlier one."""
        self.records: dict[str, RorRecord] = {}
        for record in records:
            self.records[record.ror_id] = record
        self._by_name: dict[str, list[_Entry]] = defaultdict(list)
        self._by_tokens: dict[str, list[_Entry]] = defaultdict(list)
        self._by_compact: dict[str, list[_Entry]] = defaultdict(list)
        self._by_acronym: dict[str, list[_Entry]] = defaultdict(list)
        for record in self.records.values():
            for name in record.names:
                entry = _Entry(record.ror_id, name.value, name.kind)
                if name.kind == ACRONYM:
                    self._by_acronym[acronym_key(name.value)].append(entry)
                    continue
                for text, stripped in (
                    (name.value, False),
                    (without_parenthesis(name.value), True),
                ):
                    key = name_key(text) if text else ""
                    if key:
                        indexed = _Entry(record.ror_id, name.value, name.kind, stripped)
                        self._by_name[key].append(indexed)
                        self._by_tokens[token_key(text or "")].append(indexed)
                        self._by_compact[key.replace(" ", "")].append(indexed)
        self.releases: tuple[str, ...] = tuple(
            sorted({r.release for r in self.records.values() if r.release})
        )

    @classmethod
    def load(cls, path: Path, progress: ProgressCallback | None = None) -> RorIndex:
        """Read and index a ROR dump (see :func:`ic2kg.reconcile.records.read_dump`)."""
        return cls(read_dump(path, progress))

    def get(self, ror_id: str) -> RorRecord | None:
        """The record with that ROR ID, whatever its status."""
        return self.records.get(ror_id)

    def successors(self, record: RorRecord) -> list[tuple[RorRecord, tuple[str, ...]]]:
        """The active records an inactive or withdrawn one leads to, with the path followed.

        An active record leads to itself. Cycles and chains longer than MAX_SUCCESSION end
        without a result: an unresolved record is never linked.
        """
        found: list[tuple[RorRecord, tuple[str, ...]]] = []
        seen: set[str] = set()

        def walk(current: RorRecord, path: tuple[str, ...]) -> None:
            if current.ror_id in seen or len(path) > MAX_SUCCESSION:
                return
            seen.add(current.ror_id)
            if current.active:
                found.append((current, path))
                return
            for target in current.related("successor"):
                successor = self.records.get(target)
                if successor is not None:
                    walk(successor, (*path, current.ror_id))

        walk(record, ())
        return found

    def candidates(
        self,
        name: str,
        country: str | None,
        *,
        types: Collection[str] | None = None,
        neutral: Collection[str] = (),
        acronyms: bool | None = None,
    ) -> list[Candidate]:
        """Scored active ROR records that ``name`` may denote, best first, one per record.

        :param name: a name in any language and script ("Peking University", "北京大学", "PKU").
        :param country: ISO 3166-1 alpha-2 code the record's country must equal; None accepts
            any country but then acronyms are not matched.
        :param types: ROR types (education, healthcare, funder, company, government, facility,
            nonprofit, archive, other) the organisation is expected to have; a record with
            one of them gains TYPE_AGREES, one with types but none of them loses
            TYPE_DISAGREES. None or empty: no type evidence.
        :param neutral: ROR types that say nothing for or against (e.g. nonprofit, other): a
            record with only such types neither gains nor loses.
        :param acronyms: match against ROR acronyms; default: when ``name`` looks like one.
        """
        return self._candidates(name, country, types=types, neutral=neutral, acronyms=acronyms)

    def _candidates(
        self,
        name: str,
        country: str | None,
        *,
        types: Collection[str] | None,
        neutral: Collection[str],
        acronyms: bool | None,
        penalty: float = 0.0,
        note: str | None = None,
    ) -> list[Candidate]:
        wanted_country = country.upper() if country else None
        use_acronyms = looks_like_acronym(name) if acronyms is None else acronyms
        hits: list[tuple[_Entry, str, float]] = []
        key = name_key(name)
        if key:
            exact = self._by_name.get(key, [])
            hits += [(e, "name", KIND_SCORES[e.kind]) for e in exact]
            reordered = [e for e in self._by_tokens.get(token_key(name), ()) if e not in exact]
            hits += [(e, "reordered", REORDERED_SCORE) for e in reordered]
            hits += [
                (e, "spacing", REORDERED_SCORE)
                for e in self._by_compact.get(key.replace(" ", ""), ())
                if e not in exact and e not in reordered
            ]
        if use_acronyms and wanted_country:
            hits += [
                (e, "acronym", KIND_SCORES[ACRONYM])
                for e in self._by_acronym.get(acronym_key(name), ())
            ]
        best: dict[str, Candidate] = {}
        for entry, how, base in hits:
            for record, via in self.successors(self.records[entry.ror_id]):
                if wanted_country and record.country != wanted_country:
                    continue
                score = base - SUCCESSION_STEP * len(via) - penalty
                if entry.stripped:
                    score -= PARENTHESIS_PENALTY
                evidence = [f"{how} match on {entry.kind} '{entry.name}'"]
                if note:
                    evidence.append(note)
                if via:
                    evidence.append("successor of " + " -> ".join(via))
                if types and set(record.types) - set(neutral):
                    if set(types) & set(record.types):
                        score += TYPE_AGREES
                        evidence.append("type agrees: " + ", ".join(record.types))
                    else:
                        score += TYPE_DISAGREES
                        evidence.append("type differs: " + ", ".join(record.types))
                candidate = Candidate(
                    record=record,
                    score=round(min(score, 1.0), 3),
                    matched_name=entry.name,
                    matched_kind=entry.kind,
                    how=how,
                    via=via,
                    evidence=tuple(evidence),
                )
                current = best.get(record.ror_id)
                if current is None or _rank(candidate) < _rank(current):
                    best[record.ror_id] = candidate
        return sorted(best.values(), key=_rank)


def _rank(candidate: Candidate) -> tuple[float, int, str]:
    return (-candidate.score, len(candidate.via), candidate.record.ror_id)


def decide(candidates: list[Candidate]) -> Candidate | None:
    """The candidate to accept without review, or None when a reviewer must decide.

    Accepted: the best candidate scores at least ACCEPT_THRESHOLD and no other candidate
    scores COMPETING_SCORE or more.
    """
    if not candidates or candidates[0].score < ACCEPT_THRESHOLD:
        return None
    rivals = [c for c in candidates[1:] if c.score >= COMPETING_SCORE]
    return None if rivals else candidates[0]


def candidates_for_names(
    index: RorIndex,
    names: Iterable[str],
    country: str | None,
    *,
    types: Collection[str] | None = None,
    neutral: Collection[str] = (),
) -> list[Candidate]:
    """The candidates of several names of one organisation, best first, one per record.

    Each record keeps the best score any of the names gave it (labels in several languages,
    aliases and acronyms of one organisation are looked up together).
    """
    best: dict[str, Candidate] = {}
    given = list(names)
    queries: list[tuple[str, float, str | None]] = [(name, 0.0, None) for name in given]
    queries += [
        (variant, VARIANT_PENALTY, f"shorter form '{variant}' of '{name}'")
        for name in given
        for variant in name_variants(name)
    ]
    shorter = {(variant, name) for name in given for variant in name_variants(name)}
    for text, penalty, note in queries:
        found = index._candidates(
            text, country, types=types, neutral=neutral, acronyms=None, penalty=penalty, note=note
        )
        whole = next((name for variant, name in shorter if variant == text), None)
        if penalty and whole is not None:
            found = [c for c in found if names_the_unit(index, c.record, whole, text)]
        for candidate in found:
            current = best.get(candidate.ror_id)
            if current is None or _rank(candidate) < _rank(current):
                best[candidate.ror_id] = candidate
    return sorted(best.values(), key=_rank)


def _record_words(record: RorRecord) -> frozenset[str]:
    return frozenset(
        word
        for name in record.names
        if name.kind != ACRONYM
        for word in translated_words(name.value)
    )


def _acronyms(record: RorRecord) -> frozenset[str]:
    return frozenset(acronym_key(n.value) for n in record.names if n.kind == ACRONYM)


def _covered(word: str, record: RorRecord) -> bool:
    """Whether ``word`` is one of the record's words (or a spelling of one) or acronyms."""
    own = _record_words(record) | _acronyms(record)
    return word in own or any(SequenceMatcher(None, word, x).ratio() >= SPELLING_RATIO for x in own)


# Words that name a unit of an organisation: a name that adds one of them to a record's name
# ("Jiangsu University, School of Mathematical Sciences") names a unit of that record.
UNIT_WORDS: frozenset[str] = frozenset(
    {"school", "faculty", "fakultet", "department", "institute", "laboratory", "hospital"}
    | {"college", "clinic", "division", "unit", "library", "museum", "centre", "center"}
)
# What a comma or dash adds to a name without naming another body ("..., Fundació Privada").
LEGAL_TAILS: frozenset[str] = frozenset(
    {"foundation", "privada", "privata", "privee", "private", "asociacion", "association"}
    | {"associazione", "verein", "vereniging", "stowarzyszenie"}
)
# An uncovered word this short is an acronym or a legal form ("XDU", "v.v.i."), not a unit.
SHORT_WORD = 5
SPELLING_RATIO = 0.8


def names_the_unit(index: RorIndex, record: RorRecord, name: str, shorter: str) -> bool:
    """Whether ``record``, found by the shorter form ``shorter`` of ``name``, is the body
    ``name`` names rather than its parent or a namesake under another parent.

    The words the shorter form leaves out must be the record's own (names, acronyms), or
    name one of its parents ("Beijing Institute of Genomics, Chinese Academy of Sciences").
    Left-out words that name a unit ("..., School of Mathematical Sciences", "Institute of
    Nuclear Research ... - Bulgarian Academy of Sciences") mean the record is the unit's
    parent; a record with units of its own (ROR ``child``) is the parent of the body named
    ("Sieć Badawcza Łukasiewicz - Poznański Instytut ..."); a record under other parents is a
    namesake ("Institute of Automation" of the Chinese Academy of Sciences for the one of the
    Shandong Academy of Sciences). A trailing parenthesis (country, city, acronym) is not
    checked.
    """
    if shorter == without_parenthesis(name) or f"({shorter})" in name:
        return True
    left_out = translated_words(name) - translated_words(shorter) - LEGAL_TAILS
    uncovered = {w for w in left_out if not _covered(w, record)}
    if not uncovered:
        return True
    if uncovered & UNIT_WORDS:
        return False
    if all(len(w) <= SHORT_WORD for w in uncovered) or uncovered <= GENERIC_WORDS:
        return True
    parents = [index.records.get(ror_id) for ror_id in record.related("parent")]
    for parent in (p for p in parents if p is not None):
        if all(_covered(w, parent) for w in uncovered):
            return True
    return not parents and not record.related("child")
