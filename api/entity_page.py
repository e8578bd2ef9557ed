"""The HTML page of one entity, in plain words: relations grouped and read from the entity (the
inverse wording for incoming links), facts, identifiers linked to their registries, sources with
their domain. Built from the graph of queries/web/entity-page.rq.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS
from rdflib.term import Node

from api.pages import entity_href
from api.wording import Wording
from ic2kg.collation import sort_key
from ic2kg.namespaces import IC2KG, KG, SCHEMA
from ic2kg.search import OTHER, PM_BODY, LabelIndex, Lang, local_name

# Statements the page shows in its own places (title, names, description, sources) or not at all.
SHOWN_APART = {
    RDF.type,
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    IC2KG.translatedLabel,
    IC2KG.country,  # the page shows it beside the kind
    DCTERMS.description,
    DCTERMS.source,
}
# The search groups that are bodies (organisations), in the order a country page lists them.
BODY_GROUPS = ("funder", "biobank", "organisation")
# In a qualified record (a participation, a membership), the properties that say how, not what.
QUALIFIERS = {IC2KG.participationRole, ORG.role}
RECORD_DETAILS = {RDF.type, DCTERMS.source, IC2KG.evidenceText, *QUALIFIERS}


@dataclass(frozen=True)
class Shown:
    """A value on the page: its text, a link, a note (a role), a translation mark."""

    text: str
    href: str | None = None
    note: str | None = None
    translated: bool = False
    domain: str | None = None
    standing: int = OTHER  # the search's PM standing: PM bodies and activities first in lists


@dataclass
class Group:
    """One relation, worded from the entity, with its values in reading order and no repeats."""

    wording: str
    values: list[Shown] = field(default_factory=list)


@dataclass
class EntityPage:
    """What web/entity.html shows."""

    iri: str
    label: str
    translated: bool
    other_label: str | None
    other_translated: bool
    number: str | None  # a standard's number, kept beside a title that lacks it
    names: list[str]
    kinds: list[Shown]
    description: str | None
    description_lang: str | None  # the description's language when it is not the page's
    country: Shown | None
    relations: list[Group]
    facts: list[Group]
    identifiers: list[Shown]
    sources: list[Shown]


class _Builder:
    def __init__(self, iri: URIRef, graph: Graph, index: LabelIndex, words: Wording, lang: Lang):
        self.iri, self.graph, self.index, self.words, self.lang = iri, graph, index, words, lang
        self.groups: dict[str, dict[str, Shown]] = {}
        # Values read through a record (a participation, a membership): dropped where a direct
        # statement (partner in, coordinates, member of, inferred from the record) says it too.
        self.via_record: dict[str, set[str]] = {}

    def link(self, term: Node, note: str | None = None) -> Shown:
        text = str(term)
        if text.startswith(str(KG)):
            entity = self.index.entities.get(text)
            label = entity.label(self.lang) if entity else local_name(text)
            translated = bool(entity and label in entity.translated)
            standing = entity.standing if entity else OTHER
            return Shown(label, entity_href(text, self.lang), note, translated, standing=standing)
        if text.startswith(str(IC2KG)):
            return Shown(self.words.term(text, self.lang), f"/ontology#{local_name(text)}", note)
        # A place (GeoNames) by its name; a source page by the activity it describes.
        place = self.graph.value(term, SCHEMA.name) if isinstance(term, URIRef) else None
        name = str(place) if place is not None else self.described_by(term)
        if name is not None:
            return Shown(name, text, note, domain=_domain(text))
        return Shown(_short_url(text), text, note, domain=_domain(text))

    def described_by(self, url: Node) -> str | None:
        """The title of the one project (else the one activity) whose source page ``url`` is."""
        titled = [
            found
            for s in self.graph.subjects(DCTERMS.source, url)
            if isinstance(s, URIRef) and s != self.iri
            if (found := self.index.entities.get(str(s))) is not None
        ]
        projects = [e for e in titled if "project" in e.categories]
        chosen = projects if projects else titled
        return chosen[0].label(self.lang) if len(chosen) == 1 else None

    def add(self, wording: str, value: Shown, *, record: bool = False) -> None:
        values = self.groups.setdefault(wording, {})
        key = value.href or value.text
        if record:
            if key not in values:
                self.via_record.setdefault(wording, set()).add(key)
        else:
            self.via_record.get(wording, set()).discard(key)
        known = values.get(key)
        if known is None:
            values[key] = value
        elif value.note and known.note != value.note:
            notes = sorted({*(known.note or "").split(", "), value.note} - {""})
            values[key] = replace(known, note=", ".join(notes))

    def note(self, record: Node) -> str | None:
        roles = [self.link(v).text for q in QUALIFIERS for v in self.graph.objects(record, q)]
        return ", ".join(sorted(set(roles))) or None

    def outgoing(self, facts: dict[str, list[RDFLiteral]], identifiers: list[Shown]) -> None:
        for prop, value in self.graph.predicate_objects(self.iri):
            if not isinstance(prop, URIRef) or prop in SHOWN_APART:
                continue
            registry = self.words.identifier(str(prop), self.lang)
            if registry is not None:
                identifiers.append(Shown(str(value), _identifier_url(prop, str(value)), registry))
            elif isinstance(value, RDFLiteral):
                facts.setdefault(self.words.out(str(prop), self.lang), []).append(value)
            elif isinstance(value, BNode):
                self.record(value)
            else:
                self.add(self.words.out(str(prop), self.lang), self.link(value))

    def record(self, node: BNode) -> None:
        """A qualified statement (participant and role, priority and evidence) as one value."""
        note = self.note(node)
        for prop, value in self.graph.predicate_objects(node):
            if (
                isinstance(prop, URIRef)
                and prop not in RECORD_DETAILS
                and not isinstance(value, RDFLiteral | BNode)
            ):
                self.add(self.words.out(str(prop), self.lang), self.link(value, note), record=True)

    def incoming(self) -> None:
        memberships = set(self.graph.subjects(RDF.type, ORG.Membership))
        for subject, prop in self.graph.subject_predicates(self.iri):
            if not isinstance(prop, URIRef):
                continue
            back = self.words.back(str(prop), self.lang)
            if isinstance(subject, BNode):
                for owner in self.graph.subjects(None, subject):
                    self.add(back, self.link(owner, self.note(subject)), record=True)
            elif subject in memberships and prop in (ORG.member, ORG.organization):
                other = ORG.organization if prop == ORG.member else ORG.member
                for value in self.graph.objects(subject, other):
                    self.add(back, self.link(value, self.note(subject)), record=True)
            else:
                self.add(back, self.link(subject))

    def relations(self) -> list[Group]:
        direct = {
            key
            for wording, values in self.groups.items()
            for key in values
            if key not in self.via_record.get(wording, set())
        }
        groups = []
        for wording, values in self.groups.items():
            said = self.via_record.get(wording, set()) & direct
            kept = [v for key, v in values.items() if key not in said]
            if kept:
                # Personalised-medicine bodies and activities first, then by name: a long list
                # opens with what a planner looks for.
                kept.sort(key=lambda v: (v.standing, sort_key(v.text, self.lang)))
                groups.append(Group(wording, kept))
        return sorted(groups, key=lambda g: sort_key(g.wording, self.lang))


def build_page(
    iri: URIRef, graph: Graph, index: LabelIndex, words: Wording, lang: Lang
) -> EntityPage:
    """Group the page graph of ``iri`` into the sections of the page, worded in ``lang``."""
    builder = _Builder(iri, graph, index, words, lang)
    facts: dict[str, list[RDFLiteral]] = {}
    identifiers: list[Shown] = []
    builder.outgoing(facts, identifiers)
    builder.incoming()
    entity = index.entities.get(str(iri))
    label = entity.label(lang) if entity else local_name(str(iri))
    other = entity.other_label(lang) if entity else None
    number = next((str(v) for v in graph.objects(iri, IC2KG.standardNumber)), None)
    description, description_lang = _in_language(
        list(graph.objects(iri, DCTERMS.description)), lang
    )
    country = None
    if entity and entity.country and entity.country != entity.iri:
        country = builder.link(URIRef(entity.country))
    kinds = [
        Shown(kind.label(lang), f"/ontology#{local_name(kind.iri)}")
        if kind.iri.startswith(str(IC2KG))
        else builder.link(URIRef(kind.iri))
        for kind in (entity.kinds.values() if entity else [])
    ]
    names = [n for n in (entity.names if entity else []) if n not in (label, other)]
    return EntityPage(
        iri=str(iri),
        label=label,
        translated=bool(entity and label in entity.translated),
        other_label=other,
        other_translated=bool(entity and other and other in entity.translated),
        number=number if number and number not in label else None,
        names=names,
        kinds=kinds,
        description=description,
        description_lang=description_lang,
        country=country,
        relations=builder.relations(),
        facts=[
            Group(wording, [Shown(text) for text in _texts(values, lang)])
            for wording, values in sorted(facts.items(), key=lambda item: sort_key(item[0], lang))
        ],
        identifiers=sorted(identifiers, key=lambda i: (i.note or "", i.text)),
        sources=sorted(
            (builder.link(s) for s in graph.objects(iri, DCTERMS.source)),
            key=lambda s: (s.domain or "", s.text),
        ),
    )


def pm_bodies(index: LabelIndex, iri: str, lang: Lang) -> list[tuple[str, list[Shown]]]:
    """For a country, the personalised-medicine bodies based there (funders, biobanks,
    hospitals, research infrastructures, organisations with PM activity; the search's PM
    standing), by kind (a search group: funder, biobank, organisation) and name."""
    entity = index.entities.get(iri)
    if entity is None or "country" not in entity.categories:
        return []
    grouped: dict[str, list[Shown]] = {}
    for member in index.members.get(iri, []):
        if member.standing == PM_BODY and member.group in BODY_GROUPS:
            label = member.label(lang)
            shown = Shown(
                label, entity_href(member.iri, lang), translated=label in member.translated
            )
            grouped.setdefault(member.group, []).append(shown)
    return [
        (group, sorted(grouped[group], key=lambda v: sort_key(v.text, lang)))
        for group in BODY_GROUPS
        if group in grouped
    ]


def _in_language(values: list[Node], lang: Lang) -> tuple[str | None, str | None]:
    """The value in ``lang``, else in English (then its language is returned to be shown)."""
    literals = [v for v in values if isinstance(v, RDFLiteral)]
    for wanted in (lang, "en", None):
        for value in literals:
            tag = (value.language or "").split("-")[0] or None
            if wanted is None or tag == wanted:
                return str(value), (tag if tag != lang else None)
    return None, None


def _texts(values: list[RDFLiteral], lang: Lang) -> list[str]:
    """The literal values to show: those in ``lang`` when some are, untagged ones always."""
    tagged = [v for v in values if v.language]
    chosen = [v for v in tagged if _tag(v) == lang] or [v for v in tagged if _tag(v) == "en"]
    shown = [str(v) for v in values if not v.language] + [str(v) for v in chosen or tagged]
    return sorted(dict.fromkeys(shown), key=lambda text: sort_key(text, lang))


def _tag(value: RDFLiteral) -> str:
    return (value.language or "").split("-")[0]


def _domain(url: str) -> str | None:
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _short_url(url: str, width: int = 70) -> str:
    """A URL without its scheme, cut in the middle when long (the link keeps it whole)."""
    text = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return text if len(text) <= width else f"{text[: width - 25]}…{text[-24:]}"


def _identifier_url(prop: URIRef, value: str) -> str | None:
    """The identifier's page in its registry, when the prefix map knows the registry."""
    from ic2kg.errors import Ic2kgError
    from ic2kg.link import Reference, expand, identifier_properties

    prefix = identifier_properties().get(prop)
    if prefix is None:
        return None
    try:
        return str(expand(Reference(prefix, value)))
    except (Ic2kgError, ValueError):
        return None
