"""Typed records the gap analyses return: frozen dataclasses, JSON-ready through ``as_dict``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ic2kg.namespaces import KG

Lang = Literal["en", "zh"]
PartyKind = Literal["country", "funder", "organisation"]
Role = Literal["funder", "research", "university", "hospital", "biobank", "company"]
ROLES: tuple[Role, ...] = ("funder", "research", "university", "hospital", "biobank", "company")
#: Where the opportunity score is explained, parts and weights (the "how is this scored" link).
SCORING_DOC = "docs/gaps.md#how-opportunities-are-scored"
MissingIn = Literal["europe", "china", "both"]

REGION_EU = str(KG["region-eu"])
REGION_EUROPE_OTHER = str(KG["region-europe-other"])
REGION_CHINA = str(KG["region-china"])
REGION_OTHER = str(KG["region-other"])
REGIONS = (REGION_EU, REGION_EUROPE_OTHER, REGION_CHINA, REGION_OTHER)
EUROPE = frozenset({REGION_EU, REGION_EUROPE_OTHER})

#: Rows per table of the HTML report unless asked otherwise.
REPORT_TOP = 20


def side_of(region: str | None) -> Literal["europe", "china"] | None:
    """The side of the EU-China comparison a region belongs to (None for other regions)."""
    if region in EUROPE:
        return "europe"
    if region == REGION_CHINA:
        return "china"
    return None


class Record:
    """Mixin: a dataclass record that turns itself into plain JSON-ready data."""

    def as_dict(self) -> dict[str, Any]:
        """The record as nested dicts, lists and scalars."""
        data: dict[str, Any] = asdict(self)  # type: ignore[call-overload]  # subclasses are dataclasses
        return data


@dataclass(frozen=True)
class Named(Record):
    """An entity with its IRI and its label in the requested language."""

    iri: str
    label: str


@dataclass(frozen=True)
class Partner(Named):
    """An organisation or country of a pair, with the role it can act in (None for a country)."""

    role: Role | None = None


@dataclass(frozen=True)
class Source(Record):
    """A document cited for a reason, with its web domain (shown so a reader can judge it)."""

    url: str
    domain: str


@dataclass(frozen=True)
class Reason(Record):
    """One part of an opportunity's score, said in one plain sentence with its sources.

    ``part`` names the score part (docs/gaps.md), ``value`` its value in [0, 1] and
    ``weight`` its weight in the score.
    """

    part: str
    text: str
    value: float
    weight: float
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Step(Record):
    """One triple of an evidence path, as it is stated in the graph, with its sources."""

    subject: Named
    predicate: str
    object: Named
    sources: tuple[str, ...]

    def text(self) -> str:
        """``subject -predicate-> object`` with the predicate's local name."""
        name = self.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return f"{self.subject.label} -{name}-> {self.object.label}"


@dataclass(frozen=True)
class EvidencePath(Record):
    """A chain of steps from a party to what it is linked with (a priority, standard, ...)."""

    steps: tuple[Step, ...]

    def text(self) -> str:
        """The steps joined with ``;``."""
        return "; ".join(step.text() for step in self.steps)


# ---------------------------------------------------------------- coverage (question 14)


@dataclass(frozen=True)
class CoverageCell(Record):
    """How many activities of one area (a country or a region) address one priority."""

    priority: Named
    area: Named
    area_kind: Literal["country", "region"]
    programmes: int
    calls: int
    projects: int
    policies: int
    activities: tuple[str, ...]

    @property
    def funded(self) -> int:
        """Programmes, calls and projects together (policies are counted apart)."""
        return self.programmes + self.calls + self.projects


@dataclass(frozen=True)
class UncoveredPriority(Record):
    """A priority with no funded programme, call or project in Europe, in China, or both."""

    priority: Named
    missing_in: MissingIn
    europe_activities: int
    china_activities: int
    policies_europe: int
    policies_china: int


@dataclass(frozen=True)
class CoverageReport(Record):
    """Priority x country and priority x region counts, and the uncovered cells."""

    priorities: tuple[Named, ...]
    countries: tuple[Named, ...]
    regions: tuple[Named, ...]
    cells: tuple[CoverageCell, ...]
    uncovered: tuple[UncoveredPriority, ...]
    unplaced: tuple[Named, ...]


# ---------------------------------------------------------------- opportunities (question 13)


@dataclass(frozen=True)
class SharedPriority(Record):
    """A priority both parties address, with one evidence path per side."""

    priority: Named
    paths_a: tuple[EvidencePath, ...]
    paths_b: tuple[EvidencePath, ...]


@dataclass(frozen=True)
class SharedLink(Record):
    """A standard family or network both parties are linked to, with the paths."""

    target: Named
    paths_a: tuple[EvidencePath, ...]
    paths_b: tuple[EvidencePath, ...]


@dataclass(frozen=True)
class ScoreParts(Record):
    """The parts of an opportunity score before weighting, each in [0, 1] (docs/gaps.md)."""

    topics: float
    partners: float
    distance: float
    standards: float
    memberships: float
    activity: float


@dataclass(frozen=True)
class Opportunity(Record):
    """A pair that shares priorities but has no joint programme, call or project yet."""

    rank: int
    a: Partner
    b: Partner
    score: float
    parts: ScoreParts
    reasons: tuple[Reason, ...]
    shared_priorities: tuple[SharedPriority, ...]
    only_a: tuple[Named, ...]
    only_b: tuple[Named, ...]
    shared_standards: tuple[SharedLink, ...]
    shared_networks: tuple[SharedLink, ...]

    def why(self) -> str:
        """The reasons' sentences, one after the other."""
        return " ".join(reason.text for reason in self.reasons)


@dataclass(frozen=True)
class JointActivity(Record):
    """A programme, call or project both parties of a pair take part in."""

    activity: Named
    path_a: EvidencePath
    path_b: EvidencePath


@dataclass(frozen=True)
class ExcludedPair(Record):
    """A pair left out of the opportunities because it already works together."""

    a: Named
    b: Named
    joint: tuple[JointActivity, ...]


@dataclass(frozen=True)
class OpportunityReport(Record):
    """Ranked opportunities, and the pairs excluded because of a joint activity."""

    focus: Named | None
    partner_kind: PartyKind
    opportunities: tuple[Opportunity, ...]
    excluded: tuple[ExcludedPair, ...]
    as_of: int | None = None
    role: Role | None = None
    priority: Named | None = None
    scoring: str = SCORING_DOC


# ---------------------------------------------------------------- standards (question 17)


@dataclass(frozen=True)
class StandardGap(Record):
    """A standard some parties of a group declare and one party lacks."""

    party: Named
    lacks: Named
    declared_by: tuple[Named, ...]
    paths: tuple[EvidencePath, ...]


@dataclass(frozen=True)
class StandardLeverage(Record):
    """How many new pairs would share a standard if one more party adopted it."""

    rank: int
    standard: Named
    adopter: Named
    new_pairs: int
    new_eu_china_pairs: int
    partners: tuple[Named, ...]


@dataclass(frozen=True)
class StandardsReport(Record):
    """Standards gaps within a group, and the adoptions that would link the most new pairs."""

    parties: tuple[Named, ...]
    gaps: tuple[StandardGap, ...]
    leverage: tuple[StandardLeverage, ...]


# ---------------------------------------------------------------- biobanks (question 15)


@dataclass(frozen=True)
class Adoption(Record):
    """A standard one biobank of a pair should adopt, and why."""

    biobank: Named
    standard: Named
    reason: str


@dataclass(frozen=True)
class BiobankPair(Record):
    """A European and a Chinese biobank scored for complementarity and standards."""

    rank: int
    europe: Named
    china: Named
    score: float
    disease_overlap: float
    sample_complementarity: float
    population: float
    standards: float
    shared_diseases: tuple[Named, ...]
    complementary_samples: tuple[Named, ...]
    shared_standards: tuple[Named, ...]
    ready: bool
    adopt_first: tuple[Adoption, ...]
    evidence: tuple[Step, ...]


@dataclass(frozen=True)
class BiobankReport(Record):
    """Ranked European-Chinese biobank pairs."""

    pairs: tuple[BiobankPair, ...]


# ---------------------------------------------------------------- network roles (question 16)


@dataclass(frozen=True)
class Broker(Record):
    """A stakeholder on many shortest paths between European and Chinese stakeholders."""

    rank: int
    node: Named
    kind: str
    region: str | None
    betweenness: float
    europe_neighbours: int
    china_neighbours: int


@dataclass(frozen=True)
class Community(Record):
    """A Louvain community of the collaboration graph."""

    index: int
    size: int
    europe: int
    china: int
    members: tuple[Named, ...]


@dataclass(frozen=True)
class Isolated(Record):
    """A stakeholder with no activity, membership or standard linking it to others."""

    node: Named
    kind: str
    region: str | None
    reason: str


@dataclass(frozen=True)
class NetworkReport(Record):
    """Brokers, communities and isolated stakeholders of the collaboration graph."""

    nodes: int
    edges: int
    sampled_sources: int | None
    brokers: tuple[Broker, ...]
    communities: tuple[Community, ...]
    isolated: tuple[Isolated, ...]
    cross_links: tuple[tuple[Named, Named, float], ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- a focus' neighbourhood


@dataclass(frozen=True)
class NeighbourhoodNode(Record):
    """A node near the focus: its kind, side, role, hops from the focus and betweenness."""

    iri: str
    label: str
    kind: str
    side: str | None
    role: Role | None
    hops: int
    betweenness: float


@dataclass(frozen=True)
class NeighbourhoodEdge(Record):
    """A link of the collaboration graph between two nodes of the neighbourhood."""

    source: str
    target: str
    predicate: str


@dataclass(frozen=True)
class Neighbourhood(Record):
    """The focus' part of the collaboration graph: nodes within ``hops`` and their links."""

    focus: Named
    hops: int
    nodes: tuple[NeighbourhoodNode, ...]
    edges: tuple[NeighbourhoodEdge, ...]
    truncated: bool


@dataclass(frozen=True)
class PmActivity(Record):
    """A health or personalised-medicine activity of an organisation, with the step that
    links them (funds, coordinates, partner in, led by) and its sources."""

    activity: Named
    relation: str
    pm: bool
    score: float
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PmProfileReport(Record):
    """An organisation's personalised-medicine profile: its PM and health activities, its
    capacity as the graph states it, the priorities and topics of those activities, and
    whether it takes part in the planner's PM views (docs/gaps.md)."""

    organisation: Partner
    activities: tuple[PmActivity, ...]
    capacity: tuple[str, ...]
    priorities: tuple[Named, ...]
    topics: tuple[Named, ...]
    pm_activity: bool
    in_scope: bool
