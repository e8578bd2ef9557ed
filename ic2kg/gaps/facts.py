"""The facts a gap snapshot holds, as read from the gap queries: small frozen records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rdflib.namespace import ORG, SKOS

from ic2kg.namespaces import IC2KG, KG, SCHEMA

ACTION_PLAN = str(KG["action-plan"])
JOINT_KINDS = frozenset({"programme", "call", "project"})
ACTIVITY_KIND_NAMES = frozenset({"programme", "call", "project", "working-group"})

# Predicate IRIs as strings, made once (rdflib namespace lookups are slow in loops).
P_PARTICIPANT_COUNTRY = str(IC2KG.participantCountry)
P_COUNTRY = str(IC2KG.country)
P_ISSUED_BY = str(IC2KG.issuedBy)
P_FUNDS = str(IC2KG.funds)
P_LED_BY = str(IC2KG.ledBy)
P_ADDRESSES_PRIORITY = str(IC2KG.addressesPriority)
P_REGION = str(IC2KG.region)
P_BROADER = str(SKOS.broader)
P_MEMBER_OF = str(ORG.memberOf)
P_START_DATE = str(SCHEMA.startDate)

# Which role predicate an evidence path shows when an organisation holds several in one activity.
ROLE_PREFERENCE = (IC2KG.coordinates, IC2KG.funds, IC2KG.partnerIn, IC2KG.ledBy)


class RawStep(NamedTuple):
    """A triple of an evidence path, as IRIs, with the sources that state it."""

    subject: str
    predicate: str
    object: str
    sources: tuple[str, ...]


RawPath = tuple[RawStep, ...]


@dataclass(frozen=True)
class Entity:
    """A stakeholder, activity, standard or policy with its labels and place."""

    iri: str
    types: frozenset[str]
    label_en: str | None
    label_zh: str | None
    country: str | None
    region: str | None
    code: str | None


@dataclass(frozen=True)
class Concept:
    """A SKOS concept (Action Plan priority, region, disease area, sample type, topic)."""

    iri: str
    scheme: str | None
    label_en: str | None
    label_zh: str | None
    notation: str | None
    broader: str | None


@dataclass(frozen=True)
class Lens:
    """What the PM lens says of an activity (graph/derived/relevance.ttl, curated values
    winning): health research, personalised medicine, score, topics and matched terms."""

    health: bool
    pm: bool
    score: float
    topics: frozenset[str]
    terms: frozenset[str]


@dataclass(frozen=True)
class Biobank:
    """What a biobank holds, as its profile query states it."""

    iri: str
    diseases: frozenset[str]
    samples: frozenset[str]
    population: str | None
    participants: int | None


@dataclass(frozen=True)
class Profile:
    """Everything one party (a country or an organisation) is linked to, with evidence paths.

    Each map goes from a target (priority, activity, standard family, network) to the paths
    that link the party to it, best first.
    """

    party: str
    priorities: dict[str, tuple[RawPath, ...]]
    activities: dict[str, tuple[RawPath, ...]]
    standards: dict[str, tuple[RawPath, ...]]
    networks: dict[str, tuple[RawPath, ...]]


@dataclass(frozen=True)
class PartySets:
    """The keys of a party's :class:`Profile` without the paths, and what the scores need.

    Built without evidence paths, so scoring every pair stays cheap; paths are built only for
    the pairs shown. ``topics`` are the finest topics its activities and policies name
    (Action Plan concepts as stated, call and CORDIS topics, disease areas); ``partners`` the
    organisations it shares a programme, call or project with; ``recent`` the activities it
    joined that started in the last years before the snapshot's year.
    """

    party: str
    priorities: frozenset[str]
    activities: frozenset[str]
    standards: frozenset[str]
    networks: frozenset[str]
    topics: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    recent: int = 0
