"""One snapshot of what the gap analyses read from a store, with its look-up tables.

The analyses never touch the store again, so one snapshot serves several analyses (the
report, the API). Loading lives in :mod:`ic2kg.gaps.loader`, the look-up tables in
:mod:`ic2kg.gaps.indexes`; the analyses read the snapshot, evidence paths among them
(:mod:`ic2kg.gaps.evidence`), and it calls none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar, cast

from ic2kg.errors import BadParameter
from ic2kg.gaps.facts import (
    ACTION_PLAN,
    JOINT_KINDS,
    Biobank,
    Concept,
    Entity,
    Lens,
    PartySets,
    Profile,
    RawPath,
    RawStep,
)
from ic2kg.gaps.indexes import Indexes
from ic2kg.gaps.model import (
    EUROPE,
    REGION_CHINA,
    EvidencePath,
    Lang,
    Named,
    Partner,
    PartyKind,
    Role,
    Step,
    side_of,
)
from ic2kg.gaps.taxonomy import COUNTRY_CLASS, Taxonomy

T = TypeVar("T")

__all__ = [
    "JOINT_KINDS",
    "Biobank",
    "Concept",
    "Entity",
    "Lens",
    "PartySets",
    "Profile",
    "RawPath",
    "RawStep",
    "Snapshot",
    "european_and_chinese",
]


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Snapshot:
    """The query results the gap analyses work on, with indexes built once.

    ``as_of_year``: set on a snapshot cut by :meth:`as_of` (the graph as it stood then).
    """

    entities: dict[str, Entity]
    concepts: dict[str, Concept]
    sources: dict[str, tuple[str, ...]]
    involvement: tuple[tuple[str, str, str, tuple[str, ...]], ...]
    priority_statements: tuple[tuple[str, str, tuple[str, ...]], ...]
    hierarchy: tuple[tuple[str, str, str], ...]
    policy_parties: tuple[tuple[str, str, str], ...]
    memberships: tuple[tuple[str, str, tuple[str, ...]], ...]
    declarations: tuple[tuple[str, str, str], ...]
    derivations: tuple[tuple[str, str], ...]
    biobanks: dict[str, Biobank]
    participant_countries: tuple[tuple[str, str], ...] = ()
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    topics: tuple[tuple[str, str, str], ...] = ()
    starts: dict[str, int] = field(default_factory=dict)
    participant_types: tuple[tuple[str, str], ...] = ()
    lens: dict[str, Lens] = field(default_factory=dict)
    as_of_year: int | None = None
    _memo: dict[tuple[object, ...], object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.ix = Indexes(
            entities=self.entities,
            concepts=self.concepts,
            sources=self.sources,
            taxonomy=self.taxonomy,
            involvement=self.involvement,
            priority_statements=self.priority_statements,
            policy_parties=self.policy_parties,
            memberships=self.memberships,
            declarations=self.declarations,
            derivations=self.derivations,
            participant_countries=self.participant_countries,
            topics=self.topics,
            starts=self.starts,
            participant_types=self.participant_types,
        )

    # ------------------------------------------------------------ time

    @property
    def year(self) -> int | None:
        """The year the snapshot stands at: its cut-off, else the latest start it holds."""
        if self.as_of_year is not None:
            return self.as_of_year
        # Asked once per organisation by the evidence sets: a scan each time took seconds at
        # a million triples.
        return self.memo(("latest-start",), lambda: max(self.starts.values(), default=None))

    def as_of(self, year: int) -> Snapshot:
        """The graph as it stood at the end of ``year``: every programme, call and project
        starting later is removed, with its participations, priorities and topics."""
        later = {a for a, start in self.starts.items() if start > year}
        return replace(
            self,
            entities={k: v for k, v in self.entities.items() if k not in later},
            involvement=tuple(r for r in self.involvement if r[2] not in later),
            priority_statements=tuple(r for r in self.priority_statements if r[0] not in later),
            hierarchy=tuple(r for r in self.hierarchy if r[0] not in later and r[2] not in later),
            participant_countries=tuple(r for r in self.participant_countries if r[0] not in later),
            topics=tuple(r for r in self.topics if r[0] not in later),
            starts={k: v for k, v in self.starts.items() if k not in later},
            lens={k: v for k, v in self.lens.items() if k not in later},
            as_of_year=year,
            _memo={},
        )

    # ------------------------------------------------------------ labels and kinds

    def label(self, iri: str, lang: Lang = "en") -> str:
        """The label of ``iri`` in ``lang``, falling back to English, then to the local name."""
        record: Entity | Concept | None = self.entities.get(iri) or self.concepts.get(iri)
        if record is not None:
            text = record.label_zh if lang == "zh" else record.label_en
            if text or record.label_en:
                return text or record.label_en or _local_name(iri)
        return _local_name(iri)

    def named(self, iri: str, lang: Lang = "en") -> Named:
        """``iri`` with its label."""
        return Named(iri, self.label(iri, lang))

    def partner(self, iri: str, lang: Lang = "en") -> Partner:
        """``iri`` with its label and the role it can act in."""
        return Partner(iri, self.label(iri, lang), self.role(iri))

    def path(self, raw: RawPath, lang: Lang = "en") -> EvidencePath:
        """An evidence path with labels."""
        return EvidencePath(tuple(self.step(s, lang) for s in raw))

    def step(self, raw: RawStep, lang: Lang = "en") -> Step:
        """An evidence step with labels."""
        return Step(
            self.named(raw.subject, lang), raw.predicate, self.named(raw.object, lang), raw.sources
        )

    def kind(self, iri: str) -> str:
        """country, organisation, programme, call, project, working-group, standard, policy."""
        return self.ix.kind(iri)

    def role(self, iri: str) -> Role | None:
        """The partner role of an organisation (None for context-only bodies)."""
        return self.ix.role(iri)

    def region(self, iri: str) -> str | None:
        """The analysis region of a country, or of the country an entity is based in."""
        entity = self.entities.get(iri)
        return entity.region if entity else None

    def is_funder(self, iri: str) -> bool:
        """A funding organisation, or any organisation that funds an activity."""
        return self.ix.is_funder(iri)

    # ------------------------------------------------------------ parties and focus

    def country_by_code(self, code: str) -> str:
        """The country IRI of an ISO 3166-1 alpha-2 code (case-insensitive)."""
        wanted = code.strip().upper()
        for entity in self.entities.values():
            if COUNTRY_CLASS in entity.types and entity.code == wanted:
                return entity.iri
        raise BadParameter("country", f"no country with ISO 3166-1 code '{code}' in the graph")

    def require(self, iri: str, kind: PartyKind) -> str:
        """Check that ``iri`` is a party of ``kind``; return it."""
        if iri not in self.entities:
            raise BadParameter(kind, f"<{iri}> is not in the graph", hint="use a full IRI")
        ok = {
            "country": self.kind(iri) == "country",
            "organisation": self.kind(iri) == "organisation",
            "funder": self.kind(iri) == "organisation" and self.is_funder(iri),
        }[kind]
        if not ok:
            raise BadParameter(kind, f"<{iri}> is a {self.kind(iri)}, not a {kind}")
        return iri

    def focus(
        self,
        countries: Iterable[str] = (),
        funders: Iterable[str] = (),
        organisations: Iterable[str] = (),
        *,
        at_most_one: bool = True,
    ) -> list[str]:
        """The parties an analysis is about: countries by ISO code, funders and organisations
        by IRI, each checked; the CLI and the API both resolve their options here.

        :raises BadParameter: an unknown code or IRI, a party of the wrong kind, or (with
            ``at_most_one``) more than one party.
        """
        chosen = [self.country_by_code(code) for code in countries]
        chosen += [self.require(iri, "funder") for iri in funders]
        chosen += [self.require(iri, "organisation") for iri in organisations]
        if at_most_one and len(chosen) > 1:
            raise BadParameter(
                "focus",
                f"{len(chosen)} parties given, the analysis takes at most one",
                hint="give one country, funder or organisation",
            )
        return chosen

    def parties(self, kind: PartyKind, side: str | None = None) -> list[str]:
        """Countries, funders or organisations, optionally only those of one side."""
        return list(self.memo(("parties", kind, side), lambda: self._parties(kind, side)))

    def _parties(self, kind: PartyKind, side: str | None) -> tuple[str, ...]:
        chosen = []
        for iri, entity in self.entities.items():
            entity_kind = self.kind(iri)
            if kind == "country" and entity_kind != "country":
                continue
            if kind in ("organisation", "funder") and entity_kind != "organisation":
                continue
            if kind == "funder" and not self.is_funder(iri):
                continue
            if side is not None and side_of(entity.region) != side:
                continue
            chosen.append(iri)
        return tuple(sorted(chosen))

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, run once per snapshot and ``key`` (the snapshot never changes)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    # ------------------------------------------------------------ concepts and look-ups

    def action_plan(self) -> list[str]:
        """Action Plan concepts, perspectives first, in notation order (computed once)."""

        def compute() -> list[str]:
            concepts = [c for c in self.concepts.values() if c.scheme == ACTION_PLAN]

            def key(concept: Concept) -> tuple[int, str, str]:
                depth = len(self.ancestors(concept.iri))
                return (depth, concept.notation or "~", concept.iri)

            return [c.iri for c in sorted(concepts, key=key)]

        return self.memo(("action-plan",), compute)

    def ancestors(self, concept: str) -> list[tuple[str, RawPath]]:
        """Broader concepts of ``concept`` (nearest first), each with the skos:broader chain."""
        return self.ix.ancestors(concept)

    def sources_of(self, iri: str) -> tuple[str, ...]:
        """The dcterms:source values of an entity."""
        return self.ix.sources_of(iri)

    def family(self, standard: str) -> str:
        """The standard a standard was (ultimately) derived from: its compatibility family."""
        return self.ix.family(standard)

    def activities_of(self, organisation: str) -> dict[str, RawStep]:
        """Activities an organisation funds, coordinates, partners in or leads, best role each."""
        return self.ix.activities_of(organisation)

    def organisations_in(self, country: str) -> list[str]:
        """Organisations based in a country."""
        return self.ix.organisations_in(country)

    def activity_countries(self, activity: str) -> set[str]:
        """Countries of the organisations that fund, run or join an activity."""
        return self.ix.activity_countries.get(activity, set())

    def policy_countries(self, policy: str) -> set[str]:
        """The country a policy covers, or the country of the body that issued it."""
        return self.ix.policy_countries.get(policy, set())

    def policy_regions(self, policy: str) -> set[str]:
        """Regions a policy covers as a whole (EU-level policies cover the EU)."""
        return self.ix.policy_regions.get(policy, set())

    def priority_links(self, thing: str) -> list[tuple[str, RawStep]]:
        """Priorities an activity or policy addresses directly, with the sourced step."""
        return self.ix.priorities_of.get(thing, [])

    def holders(self) -> dict[str, list[tuple[str, str]]]:
        """Every holder of a declared standard, with (relation, standard) pairs."""
        return self.ix.declared

    def members(self) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """Every member with the networks it belongs to and the membership sources."""
        return self.ix.member_of


def european_and_chinese(snapshot: Snapshot, iris: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split IRIs into those based in Europe and those based in China (others dropped)."""
    europe = [i for i in iris if snapshot.region(i) in EUROPE]
    china = [i for i in iris if snapshot.region(i) == REGION_CHINA]
    return europe, china
