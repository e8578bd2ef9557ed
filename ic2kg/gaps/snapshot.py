"""Read what the gap analyses need from any Store, through the SPARQL files in queries/gaps/.

One snapshot holds the rows of every query as small typed tables and indexes; the analyses
never touch the store again, so one snapshot serves several analyses (the report, the API).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar, cast

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import ORG, SKOS

from ic2kg.errors import BadParameter, QueryError
from ic2kg.gaps.model import EUROPE, REGION_CHINA, Lang, Named, PartyKind, Path, Step, side_of
from ic2kg.namespaces import IC2KG, KG
from ic2kg.queries import load_query
from ic2kg.store import EmbeddedStore, SelectResult, Store, Term

T = TypeVar("T")

ACTION_PLAN = str(KG["action-plan"])

COUNTRY = str(IC2KG.Country)
FUNDER = str(IC2KG.FundingOrganisation)
BIOBANK = str(IC2KG.Biobank)
STANDARD = str(IC2KG.Standard)
ORGANISATION_TYPES = frozenset(
    str(t)
    for t in (
        IC2KG.Organisation,
        IC2KG.FundingOrganisation,
        IC2KG.Ministry,
        IC2KG.ResearchOrganisation,
        IC2KG.Company,
        IC2KG.StandardsBody,
        IC2KG.Network,
        IC2KG.ResearchInfrastructure,
        IC2KG.Biobank,
        ORG.OrganizationalUnit,
    )
)
ACTIVITY_KINDS = {
    str(IC2KG.FundingProgramme): "programme",
    str(IC2KG.Call): "call",
    str(IC2KG.Project): "project",
    str(IC2KG.WorkingGroup): "working-group",
}
JOINT_KINDS = frozenset({"programme", "call", "project"})
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
POLICY_TYPES = frozenset(str(t) for t in (IC2KG.Policy, IC2KG.NationalStrategy, IC2KG.Regulation))

# Which role predicate an evidence path shows when an organisation holds several in one activity.
ROLE_PREFERENCE = (IC2KG.coordinates, IC2KG.funds, IC2KG.partnerIn, IC2KG.ledBy)


def read_query(name: str) -> str:
    """The text of queries/gaps/<name>.rq, through the one query loader."""
    return load_query(f"gaps/{name}").sparql


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
    """A SKOS concept (Action Plan priority, region, disease area, sample type)."""

    iri: str
    scheme: str | None
    label_en: str | None
    label_zh: str | None
    notation: str | None
    broader: str | None


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
    """The keys of a party's :class:`Profile` without the paths: what the scores need.

    Built without evidence paths, so scoring every pair stays cheap; paths are built only for
    the pairs shown (:meth:`Snapshot.profile`).
    """

    party: str
    priorities: frozenset[str]
    activities: frozenset[str]
    standards: frozenset[str]
    networks: frozenset[str]


def _text(term: str | None) -> str | None:
    return None if term is None else str(term)


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Snapshot:
    """The query results the gap analyses work on, with indexes built once."""

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
    _profiles: dict[str, Profile] = field(default_factory=dict, repr=False)
    _action_plan: list[str] | None = field(default=None, repr=False)
    _sets: dict[str, PartySets] = field(default_factory=dict, repr=False)
    _memo: dict[tuple[object, ...], object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index()

    # ------------------------------------------------------------ labels and kinds

    def label(self, iri: str, lang: Lang = "en") -> str:
        """The label of ``iri`` in ``lang``, falling back to English, then to the local name."""
        entity = self.entities.get(iri)
        concept = self.concepts.get(iri)
        record: Entity | Concept | None = entity or concept
        if record is not None:
            text = record.label_zh if lang == "zh" else record.label_en
            if text or record.label_en:
                return text or record.label_en or _local_name(iri)
        return _local_name(iri)

    def named(self, iri: str, lang: Lang = "en") -> Named:
        """``iri`` with its label."""
        return Named(iri, self.label(iri, lang))

    def path(self, raw: RawPath, lang: Lang = "en") -> Path:
        """An evidence path with labels."""
        return Path(tuple(self.step(s, lang) for s in raw))

    def step(self, raw: RawStep, lang: Lang = "en") -> Step:
        """An evidence step with labels."""
        return Step(
            self.named(raw.subject, lang), raw.predicate, self.named(raw.object, lang), raw.sources
        )

    def kind(self, iri: str) -> str:
        """country, organisation, programme, call, project, working-group, standard, policy."""
        found = self._kinds.get(iri)
        if found is not None:
            return found
        return "concept" if iri in self.concepts else "other"

    def _kind_of(self, iri: str) -> str:
        types = self.entities[iri].types if iri in self.entities else frozenset()
        if COUNTRY in types:
            return "country"
        for type_iri, name in ACTIVITY_KINDS.items():
            if type_iri in types:
                return name
        if types & ORGANISATION_TYPES:
            return "organisation"
        if STANDARD in types:
            return "standard"
        if types & POLICY_TYPES:
            return "policy"
        if iri in self.concepts:
            return "concept"
        return "other"

    def region(self, iri: str) -> str | None:
        """The analysis region of a country, or of the country an entity is based in."""
        entity = self.entities.get(iri)
        return entity.region if entity else None

    def is_funder(self, iri: str) -> bool:
        """A funding organisation, or any organisation that funds an activity."""
        entity = self.entities.get(iri)
        return bool(entity and FUNDER in entity.types) or iri in self._funders

    def country_by_code(self, code: str) -> str:
        """The country IRI of an ISO 3166-1 alpha-2 code (case-insensitive)."""
        wanted = code.strip().upper()
        for entity in self.entities.values():
            if COUNTRY in entity.types and entity.code == wanted:
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

    def action_plan(self) -> list[str]:
        """Action Plan concepts, perspectives first, in notation order (computed once)."""
        if self._action_plan is not None:
            return self._action_plan
        concepts = [c for c in self.concepts.values() if c.scheme == ACTION_PLAN]

        def key(concept: Concept) -> tuple[int, str, str]:
            depth = len(self.ancestors(concept.iri))
            return (depth, concept.notation or "~", concept.iri)

        ordered = [c.iri for c in sorted(concepts, key=key)]
        self._action_plan = ordered
        return ordered

    def ancestors(self, concept: str) -> list[tuple[str, RawPath]]:
        """Broader concepts of ``concept`` (nearest first), each with the skos:broader chain."""
        chain: list[tuple[str, RawPath]] = []
        steps: RawPath = ()
        current = concept
        seen = {concept}
        while (parent := self._broader.get(current)) and parent not in seen:
            steps = (*steps, RawStep(current, P_BROADER, parent, self.sources_of(current)))
            chain.append((parent, steps))
            seen.add(parent)
            current = parent
        return chain

    def sources_of(self, iri: str) -> tuple[str, ...]:
        """The dcterms:source values of an entity."""
        return self.sources.get(iri, ())

    def family(self, standard: str) -> str:
        """The standard a standard was (ultimately) derived from: its compatibility family."""
        return self._family.get(standard, standard)

    def activities_of(self, organisation: str) -> dict[str, RawStep]:
        """Activities an organisation funds, coordinates, partners in or leads, best role each."""
        return self._activities.get(organisation, {})

    def organisations_in(self, country: str) -> list[str]:
        """Organisations based in a country."""
        return self._by_country.get(country, [])

    def activity_countries(self, activity: str) -> set[str]:
        """Countries of the organisations that fund, run or join an activity."""
        return self._activity_countries.get(activity, set())

    def policy_countries(self, policy: str) -> set[str]:
        """The country a policy covers, or the country of the body that issued it."""
        return self._policy_countries.get(policy, set())

    def policy_regions(self, policy: str) -> set[str]:
        """Regions a policy covers as a whole (EU-level policies cover the EU)."""
        return self._policy_regions.get(policy, set())

    def priority_links(self, thing: str) -> list[tuple[str, RawStep]]:
        """Priorities an activity or policy addresses directly, with the sourced step."""
        return self._priorities_of.get(thing, [])

    # ------------------------------------------------------------ profiles

    def profile(self, party: str) -> Profile:
        """What a country or organisation is linked to, with evidence paths (cached)."""
        if party not in self._profiles:
            self._profiles[party] = Profile(
                party,
                self.priority_paths(party),
                self.joint_paths(party),
                self.standard_paths(party),
                self.network_paths(party),
            )
        return self._profiles[party]

    def sets(self, party: str) -> PartySets:
        """The priorities, joint activities, standard families and networks of a party (cached).

        The same keys as :meth:`profile` gives, computed without building any path.
        """
        found = self._sets.get(party)
        if found is None:
            found = self._sets[party] = self._build_sets(party)
        return found

    def _build_sets(self, party: str) -> PartySets:
        things: list[str] = []
        policies: list[str] = []
        members = [party]
        if self.kind(party) == "country":
            things += self._by_participant_country.get(party, [])
            policies += self._policies_by_country.get(party, [])
            for organisation in self.organisations_in(party):
                things += self.activities_of(organisation)
                policies += self._policies_by_issuer.get(organisation, [])
            members += self.organisations_in(party)
        else:
            things += self.activities_of(party)
            policies += self._policies_by_issuer.get(party, [])
        priorities: set[str] = set()
        for thing in (*things, *policies):
            priorities |= self._thing_priorities(thing)
        standards = {
            self.family(standard)
            for holder in (*members, *policies)
            for _, standard in self._declared.get(holder, ())
        }
        networks = {network for m in members for network, _ in self._member_of.get(m, ())}
        return PartySets(
            party,
            frozenset(priorities),
            frozenset(t for t in things if self.kind(t) in JOINT_KINDS),
            frozenset(standards),
            frozenset(networks),
        )

    def _thing_priorities(self, thing: str) -> frozenset[str]:
        """Priorities an activity or policy addresses, closed upwards over skos:broader."""
        found = self._closure_of_thing.get(thing)
        if found is None:
            closed: set[str] = set()
            for concept, _ in self.priority_links(thing):
                closed.add(concept)
                closed.update(a for a, _ in self.ancestors(concept))
            found = self._closure_of_thing[thing] = frozenset(closed)
        return found

    def _routes(self, party: str) -> tuple[list[tuple[str, RawPath]], list[tuple[str, RawPath]]]:
        """Paths from a party to its activities, and to its policies."""
        activities: list[tuple[str, RawPath]] = []
        policies: list[tuple[str, RawPath]] = []
        if self.kind(party) == "country":
            for activity in self._by_participant_country.get(party, []):
                step = RawStep(activity, P_PARTICIPANT_COUNTRY, party, self.sources_of(activity))
                activities.append((activity, (step,)))
            for policy in self._policies_by_country.get(party, []):
                step = RawStep(policy, P_COUNTRY, party, self.sources_of(policy))
                policies.append((policy, (step,)))
            for organisation in self.organisations_in(party):
                located = RawStep(organisation, P_COUNTRY, party, self.sources_of(organisation))
                for activity, step in self.activities_of(organisation).items():
                    activities.append((activity, (located, step)))
                for policy in self._policies_by_issuer.get(organisation, []):
                    issued = RawStep(policy, P_ISSUED_BY, organisation, self.sources_of(policy))
                    policies.append((policy, (located, issued)))
        else:
            for activity, step in self.activities_of(party).items():
                activities.append((activity, (step,)))
            for policy in self._policies_by_issuer.get(party, []):
                issued = RawStep(policy, P_ISSUED_BY, party, self.sources_of(policy))
                policies.append((policy, (issued,)))
        return activities, policies

    def priority_paths(self, party: str) -> dict[str, tuple[RawPath, ...]]:
        """Priorities of a party, each with its paths: activities first, then shortest."""
        return self.memo(("priority-paths", party), lambda: self._priority_paths(party))

    def joint_paths(self, party: str) -> dict[str, tuple[RawPath, ...]]:
        """Programmes, calls and projects a party takes part in, each with its paths."""
        return self.memo(("joint-paths", party), lambda: self._joint_paths(party))

    def standard_paths(self, party: str) -> dict[str, tuple[RawPath, ...]]:
        """Standard families a party declares, each with its paths."""
        return self.memo(("standard-paths", party), lambda: self._standard_paths(party))

    def network_paths(self, party: str) -> dict[str, tuple[RawPath, ...]]:
        """Networks a party (or, for a country, one of its organisations) belongs to."""
        return self.memo(("network-paths", party), lambda: self._network_paths(party))

    def _priority_paths(self, party: str) -> dict[str, tuple[RawPath, ...]]:
        activities, policies = self._routes(party)
        priorities: dict[str, list[tuple[tuple[int, int, str], RawPath]]] = defaultdict(list)
        for is_policy, routes in ((0, activities), (1, policies)):
            for thing, prefix in routes:
                for concept, link in self.priority_links(thing):
                    base = (*prefix, link)
                    targets = [(concept, base)]
                    targets += [(a, (*base, *chain)) for a, chain in self.ancestors(concept)]
                    for target, path in targets:
                        key = (is_policy, len(path), _path_key(path))
                        priorities[target].append((key, path))
        return {t: tuple(p for _, p in sorted(v)) for t, v in priorities.items()}

    def _joint_paths(self, party: str) -> dict[str, tuple[RawPath, ...]]:
        activities, _ = self._routes(party)
        joint: dict[str, list[RawPath]] = defaultdict(list)
        for activity, path in activities:
            if self.kind(activity) in JOINT_KINDS:
                joint[activity].append(path)
        return {t: _best_first(v) for t, v in joint.items()}

    def _standard_paths(self, party: str) -> dict[str, tuple[RawPath, ...]]:
        _, policies = self._routes(party)
        standards: dict[str, list[RawPath]] = defaultdict(list)
        for holder, prefix in self._standard_holders(party, policies):
            for relation, standard in self._declared.get(holder, []):
                step = RawStep(holder, relation, standard, self.sources_of(holder))
                standards[self.family(standard)].append((*prefix, step))
        return {t: _best_first(v) for t, v in standards.items()}

    def _network_paths(self, party: str) -> dict[str, tuple[RawPath, ...]]:
        networks: dict[str, list[RawPath]] = defaultdict(list)
        members: list[tuple[str, RawPath]] = [(party, ())]
        if self.kind(party) == "country":
            members += [
                (o, (RawStep(o, P_COUNTRY, party, self.sources_of(o)),))
                for o in self.organisations_in(party)
            ]
        for member, prefix in members:
            for network, sources in self._member_of.get(member, []):
                step = RawStep(member, P_MEMBER_OF, network, sources)
                networks[network].append((*prefix, step))
        return {t: _best_first(v) for t, v in networks.items()}

    def _standard_holders(
        self, party: str, policies: list[tuple[str, RawPath]]
    ) -> Iterable[tuple[str, RawPath]]:
        yield party, ()
        if self.kind(party) == "country":
            for organisation in self.organisations_in(party):
                step = RawStep(organisation, P_COUNTRY, party, self.sources_of(organisation))
                yield organisation, (step,)
        yield from policies

    def declared_families(self, party: str) -> set[str]:
        """Standard families a party declares (adopts, or references through its policies)."""
        return set(self.sets(party).standards)

    # ------------------------------------------------------------ indexes

    def _index(self) -> None:
        self._kinds: dict[str, str] = {iri: self._kind_of(iri) for iri in self.entities}
        self._closure_of_thing: dict[str, frozenset[str]] = {}
        self._broader = {c.iri: c.broader for c in self.concepts.values() if c.broader}
        self._funders = {org for org, role, _, _ in self.involvement if role == P_FUNDS}
        self._by_country: dict[str, list[str]] = defaultdict(list)
        for iri, entity in sorted(self.entities.items()):
            if entity.country and self.kind(iri) == "organisation":
                self._by_country[entity.country].append(iri)
        rank = {str(p): i for i, p in enumerate(ROLE_PREFERENCE)}
        self._activities: dict[str, dict[str, RawStep]] = defaultdict(dict)
        self._activity_countries: dict[str, set[str]] = defaultdict(set)
        for organisation, role, activity, sources in sorted(
            self.involvement, key=lambda r: (r[0], r[2], rank.get(r[1], 99))
        ):
            if activity not in self._activities[organisation]:
                if role == P_LED_BY:
                    step = RawStep(activity, role, organisation, sources)
                else:
                    step = RawStep(organisation, role, activity, sources)
                if not step.sources:
                    # A direct statement (ic2kg:fundedBy written on the activity, usually):
                    # the activity's source says it, else the organisation's.
                    cited = self.sources_of(activity) or self.sources_of(organisation)
                    step = step._replace(sources=cited)
                self._activities[organisation][activity] = step
            country = self.entities[organisation].country if organisation in self.entities else None
            if country:
                self._activity_countries[activity].add(country)
        self._by_participant_country: dict[str, list[str]] = defaultdict(list)
        for activity, country in self.participant_countries:
            self._by_participant_country[country].append(activity)
            self._activity_countries[activity].add(country)
        for iri, entity in self.entities.items():
            if entity.country and self.kind(iri) in ACTIVITY_KINDS.values():
                self._activity_countries[iri].add(entity.country)
        self._priorities_of: dict[str, list[tuple[str, RawStep]]] = defaultdict(list)
        for thing, priority, sources in sorted(self.priority_statements):
            step = RawStep(thing, P_ADDRESSES_PRIORITY, priority, sources)
            self._priorities_of[thing].append((priority, step))
        self._policies_by_country: dict[str, list[str]] = defaultdict(list)
        self._policies_by_issuer: dict[str, list[str]] = defaultdict(list)
        self._policy_countries: dict[str, set[str]] = defaultdict(set)
        self._policy_regions: dict[str, set[str]] = defaultdict(set)
        for policy, relation, party in sorted(self.policy_parties):
            if relation == P_COUNTRY:
                self._policies_by_country[party].append(policy)
                self._policy_countries[policy].add(party)
            elif relation == P_REGION:
                self._policy_regions[policy].add(party)
            else:
                self._policies_by_issuer[party].append(policy)
                issuer = self.entities.get(party)
                if issuer and issuer.country:
                    self._policy_countries[policy].add(issuer.country)
        self._member_of: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
        for member, network, cited in self.memberships:
            grouped[(member, network)].update(cited)
        for (member, network), found in sorted(grouped.items()):
            self._member_of[member].append((network, tuple(sorted(found))))
        self._declared: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for holder, relation, standard in sorted(set(self.declarations)):
            self._declared[holder].append((relation, standard))
        origin = dict(self.derivations)
        self._family: dict[str, str] = {}
        for standard in origin:
            root, seen = standard, {standard}
            while root in origin and origin[root] not in seen:
                root = origin[root]
                seen.add(root)
            self._family[standard] = root

    def holders(self) -> dict[str, list[tuple[str, str]]]:
        """Every holder of a declared standard, with (relation, standard) pairs."""
        return self._declared

    def members(self) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """Every member with the networks it belongs to and the membership sources."""
        return self._member_of


def _path_key(path: RawPath) -> str:
    return "|".join(f"{s.subject} {s.predicate} {s.object}" for s in path)


def _best_first(paths: list[RawPath]) -> tuple[RawPath, ...]:
    return tuple(sorted(set(paths), key=lambda p: (len(p), _path_key(p))))


Row = dict[str, str]


def _rows(store: Store, name: str) -> list[Row]:
    """The rows of a gap query with every value as its string (IRI, literal text, node id).

    On the embedded store the pyoxigraph solutions are read directly: building rdflib terms
    for every value costs more than the query itself on large graphs.
    """
    sparql = read_query(name)
    if not isinstance(store, EmbeddedStore):
        return [{k: str(v) for k, v in row.items()} for row in store.select(sparql).rows]
    try:
        solutions = store.oxigraph.query(sparql)
    except (SyntaxError, OSError, RuntimeError) as error:
        raise QueryError(f"gap query '{name}' failed: {error}") from error
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"gap query '{name}' is not a SELECT query")
    names = [v.value for v in solutions.variables]
    return [
        {n: term.value for n in names if (term := solution[n]) is not None}
        for solution in solutions
    ]


def load_snapshot(store: Store) -> Snapshot:
    """Run the gap queries on ``store`` and index their results."""
    entities = _load_entities(_rows(store, "entities"))
    concepts: dict[str, Concept] = {}
    for row in _rows(store, "concepts"):
        iri = str(row["concept"])
        concepts[iri] = Concept(
            iri,
            _text(row.get("scheme")),
            _text(row.get("labelEn")),
            _text(row.get("labelZh")),
            _text(row.get("notation")),
            _text(row.get("broader")),
        )
    sources: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "sources"):
        sources[row["entity"]].add(row["source"])
    involvement: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in _rows(store, "involvement"):
        key = (row["organisation"], row["role"], row["activity"])
        involvement[key].update([row["source"]] if "source" in row else [])
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows(store, "priorities"):
        key2 = (row["thing"], row["priority"])
        links[key2].update([row["source"]] if "source" in row else [])
    memberships: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows(store, "memberships"):
        key3 = (row["member"], row["network"])
        memberships[key3].update([row["source"]] if "source" in row else [])
    return Snapshot(
        entities=entities,
        concepts=concepts,
        sources={k: tuple(sorted(v)) for k, v in sources.items()},
        involvement=tuple((*k, tuple(sorted(v))) for k, v in sorted(involvement.items())),
        priority_statements=tuple((*k, tuple(sorted(v))) for k, v in sorted(links.items())),
        hierarchy=_triples(_rows(store, "activity-hierarchy"), "child", "relation", "parent"),
        policy_parties=_triples(_rows(store, "policy-parties"), "policy", "relation", "party"),
        memberships=tuple((*k, tuple(sorted(v))) for k, v in sorted(memberships.items())),
        declarations=_triples(_rows(store, "standards"), "holder", "relation", "standard"),
        derivations=tuple(
            sorted((r["standard"], r["origin"]) for r in _rows(store, "standard-derivations"))
        ),
        biobanks=_load_biobanks(store.select(read_query("biobank-profiles")), entities),
        participant_countries=tuple(
            sorted({(r["activity"], r["country"]) for r in _rows(store, "participant-countries")})
        ),
    )


def _triples(rows: list[Row], *names: str) -> tuple[tuple[str, str, str], ...]:
    a, b, c = names
    return tuple(sorted({(r[a], r[b], r[c]) for r in rows}))


def _load_entities(rows: list[Row]) -> dict[str, Entity]:
    types: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Row] = {}
    for row in rows:
        iri = row["entity"]
        types[iri].add(row["type"])
        merged = first.setdefault(iri, {})
        for key, value in row.items():
            merged.setdefault(key, value)
    return {
        iri: Entity(
            iri,
            frozenset(types[iri]),
            _text(row.get("labelEn")),
            _text(row.get("labelZh")),
            _text(row.get("country")),
            _text(row.get("region")),
            _text(row.get("code")),
        )
        for iri, row in first.items()
    }


def _load_biobanks(result: SelectResult, entities: dict[str, Entity]) -> dict[str, Biobank]:
    values: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for row in result.rows:
        values[str(row["biobank"])][str(row["property"])].append(row["value"])
    for iri, entity in entities.items():
        if BIOBANK in entity.types:
            values.setdefault(iri, defaultdict(list))
    biobanks = {}
    for iri, props in values.items():
        counts = [int(v) for v in props[str(IC2KG.participantCount)] if isinstance(v, Literal)]
        populations = sorted(str(v) for v in props[str(IC2KG.populationDescription)])
        biobanks[iri] = Biobank(
            iri,
            frozenset(str(v) for v in props[str(IC2KG.diseaseArea)]),
            frozenset(str(v) for v in props[str(IC2KG.sampleType)]),
            populations[0] if populations else None,
            max(counts) if counts else None,
        )
    return biobanks


def european_and_chinese(snapshot: Snapshot, iris: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split IRIs into those based in Europe and those based in China (others dropped)."""
    europe = [i for i in iris if snapshot.region(i) in EUROPE]
    china = [i for i in iris if snapshot.region(i) == REGION_CHINA]
    return europe, china
