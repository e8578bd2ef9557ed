"""Look-up tables over a snapshot's facts, built once: kinds, roles, activities, policies, ..."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ic2kg.gaps.facts import (
    ACTIVITY_KIND_NAMES,
    P_ADDRESSES_PRIORITY,
    P_BROADER,
    P_COUNTRY,
    P_FUNDS,
    P_LED_BY,
    P_REGION,
    ROLE_PREFERENCE,
    Concept,
    Entity,
    RawPath,
    RawStep,
)
from ic2kg.gaps.model import Role
from ic2kg.gaps.taxonomy import ACTIVITY_TYPE_ROLES, FUNDER_CLASS, Taxonomy

Involvement = tuple[str, str, str, tuple[str, ...]]
Sourced = tuple[str, str, tuple[str, ...]]


class Indexes:
    """What the analyses ask of the facts again and again, by entity."""

    def __init__(
        self,
        *,
        entities: dict[str, Entity],
        concepts: dict[str, Concept],
        sources: dict[str, tuple[str, ...]],
        taxonomy: Taxonomy,
        involvement: Iterable[Involvement],
        priority_statements: Iterable[Sourced],
        policy_parties: Iterable[tuple[str, str, str]],
        memberships: Iterable[Sourced],
        declarations: Iterable[tuple[str, str, str]],
        derivations: Iterable[tuple[str, str]],
        participant_countries: Iterable[tuple[str, str]],
        topics: Iterable[tuple[str, str, str]] = (),
        starts: dict[str, int] | None = None,
        participant_types: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.entities = entities
        self.concepts = concepts
        self.sources = sources
        self.taxonomy = taxonomy
        self.kinds: dict[str, str] = {iri: self._kind_of(e) for iri, e in entities.items()}
        self.broader = {c.iri: c.broader for c in concepts.values() if c.broader}
        involvement = tuple(involvement)
        self.funders = {org for org, role, _, _ in involvement if role == P_FUNDS}
        self.by_country: dict[str, list[str]] = defaultdict(list)
        for iri, entity in sorted(entities.items()):
            if entity.country and self.kinds[iri] == "organisation":
                self.by_country[entity.country].append(iri)
        self._involvement(involvement)
        self.by_participant_country: dict[str, list[str]] = defaultdict(list)
        for activity, country in participant_countries:
            self.by_participant_country[country].append(activity)
            self.activity_countries[activity].add(country)
        for iri, entity in entities.items():
            if entity.country and self.kinds[iri] in ACTIVITY_KIND_NAMES:
                self.activity_countries[iri].add(entity.country)
        self.priorities_of: dict[str, list[tuple[str, RawStep]]] = defaultdict(list)
        for thing, priority, cited in sorted(priority_statements):
            step = RawStep(thing, P_ADDRESSES_PRIORITY, priority, cited)
            self.priorities_of[thing].append((priority, step))
        self._policies(policy_parties)
        self.member_of: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
        for member, network, cited in memberships:
            grouped[(member, network)].update(cited)
        for (member, network), found in sorted(grouped.items()):
            self.member_of[member].append((network, tuple(sorted(found))))
        self.declared: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for holder, relation, standard in sorted(set(declarations)):
            self.declared[holder].append((relation, standard))
        origin = dict(derivations)
        self.families: dict[str, str] = {}
        for standard in origin:
            root, seen = standard, {standard}
            while root in origin and origin[root] not in seen:
                root = origin[root]
                seen.add(root)
            self.families[standard] = root
        self.closure_of_thing: dict[str, frozenset[str]] = {}
        self.closure_of_concept: dict[str, frozenset[str]] = {}
        self.topics_of: dict[str, set[str]] = defaultdict(set)
        self.topic_relation: dict[tuple[str, str], str] = {}
        for thing, relation, topic in topics:
            self.topics_of[thing].add(topic)
            self.topic_relation.setdefault((thing, topic), relation)
        self.starts = starts or {}
        self.type_codes: dict[str, set[str]] = defaultdict(set)
        for organisation, code in participant_types:
            self.type_codes[organisation].add(code)

    def _kind_of(self, entity: Entity) -> str:
        found = self.taxonomy.kind(entity.types)
        if found is not None:
            return found
        return "concept" if entity.iri in self.concepts else "other"

    def _involvement(self, involvement: tuple[Involvement, ...]) -> None:
        rank = {str(p): i for i, p in enumerate(ROLE_PREFERENCE)}
        self.activities: dict[str, dict[str, RawStep]] = defaultdict(dict)
        self.activity_countries: dict[str, set[str]] = defaultdict(set)
        self.participants: dict[str, set[str]] = defaultdict(set)
        for organisation, role, activity, cited in sorted(
            involvement, key=lambda r: (r[0], r[2], rank.get(r[1], 99))
        ):
            self.participants[activity].add(organisation)
            if activity not in self.activities[organisation]:
                if role == P_LED_BY:
                    step = RawStep(activity, role, organisation, cited)
                else:
                    step = RawStep(organisation, role, activity, cited)
                if not step.sources:
                    # A direct statement (ic2kg:fundedBy written on the activity, usually):
                    # the activity's source says it, else the organisation's.
                    found = self.sources.get(activity) or self.sources.get(organisation, ())
                    step = step._replace(sources=found)
                self.activities[organisation][activity] = step
            entity = self.entities.get(organisation)
            if entity is not None and entity.country:
                self.activity_countries[activity].add(entity.country)

    def _policies(self, policy_parties: Iterable[tuple[str, str, str]]) -> None:
        self.policies_by_country: dict[str, list[str]] = defaultdict(list)
        self.policies_by_issuer: dict[str, list[str]] = defaultdict(list)
        self.policy_countries: dict[str, set[str]] = defaultdict(set)
        self.policy_regions: dict[str, set[str]] = defaultdict(set)
        for policy, relation, party in sorted(policy_parties):
            if relation == P_COUNTRY:
                self.policies_by_country[party].append(policy)
                self.policy_countries[policy].add(party)
            elif relation == P_REGION:
                self.policy_regions[policy].add(party)
            else:
                self.policies_by_issuer[party].append(policy)
                issuer = self.entities.get(party)
                if issuer and issuer.country:
                    self.policy_countries[policy].add(issuer.country)

    # ------------------------------------------------------------ look-ups

    def kind(self, iri: str) -> str:
        """country, organisation, programme, call, project, working-group, standard, policy."""
        found = self.kinds.get(iri)
        if found is not None:
            return found
        return "concept" if iri in self.concepts else "other"

    def is_funder(self, iri: str) -> bool:
        """A funding organisation, or any organisation that funds an activity."""
        entity = self.entities.get(iri)
        return bool(entity and FUNDER_CLASS in self.taxonomy.under(entity.types)) or (
            iri in self.funders
        )

    def role(self, iri: str) -> Role | None:
        """The role an organisation can act in as a partner; None for context-only bodies.

        Its class decides (funder, biobank, hospital, university, research, company); a
        research organisation its source calls higher education (CORDIS HES) is a university.
        An organisation of another class is a funder when the graph shows it funding an
        activity, else what its project participations say it is (CORDIS activity type), and
        otherwise (a ministry, council, party or legislative organ) context, not a partner.
        """
        entity = self.entities.get(iri)
        if entity is None or self.kind(iri) != "organisation":
            return None
        found = self.taxonomy.role(entity.types)
        codes = sorted(self.type_codes.get(iri, ()))
        from_type = [ACTIVITY_TYPE_ROLES[c] for c in codes if c in ACTIVITY_TYPE_ROLES]
        if found == "research" and "university" in from_type:
            return "university"
        if found is None and iri in self.funders:
            return "funder"
        if found is None and from_type:
            # HES first, then PRC, then the rest: the most specific kind the sources give.
            for wanted in ("university", "company", "research"):
                if wanted in from_type:
                    return wanted
        return found

    def sources_of(self, iri: str) -> tuple[str, ...]:
        """The dcterms:source values of an entity."""
        return self.sources.get(iri, ())

    def family(self, standard: str) -> str:
        """The standard a standard was (ultimately) derived from: its compatibility family."""
        return self.families.get(standard, standard)

    def activities_of(self, organisation: str) -> dict[str, RawStep]:
        """Activities an organisation funds, coordinates, partners in or leads, best role each."""
        return self.activities.get(organisation, {})

    def organisations_in(self, country: str) -> list[str]:
        """Organisations based in a country."""
        return self.by_country.get(country, [])

    def ancestors(self, concept: str) -> list[tuple[str, RawPath]]:
        """Broader concepts of ``concept`` (nearest first), each with the skos:broader chain."""
        chain: list[tuple[str, RawPath]] = []
        steps: RawPath = ()
        current = concept
        seen = {concept}
        while (parent := self.broader.get(current)) and parent not in seen:
            steps = (*steps, RawStep(current, P_BROADER, parent, self.sources_of(current)))
            chain.append((parent, steps))
            seen.add(parent)
            current = parent
        return chain

    def upwards(self, concept: str) -> frozenset[str]:
        """A concept and every broader concept (no evidence steps: what the sets need)."""
        found = self.closure_of_concept.get(concept)
        if found is None:
            chain = {concept}
            current = concept
            while (parent := self.broader.get(current)) and parent not in chain:
                chain.add(parent)
                current = parent
            found = self.closure_of_concept[concept] = frozenset(chain)
        return found

    def thing_priorities(self, thing: str) -> frozenset[str]:
        """Priorities an activity or policy addresses, closed upwards over skos:broader."""
        found = self.closure_of_thing.get(thing)
        if found is None:
            closed: set[str] = set()
            for concept, _ in self.priorities_of.get(thing, []):
                closed |= self.upwards(concept)
            found = self.closure_of_thing[thing] = frozenset(closed)
        return found
