"""Links to external registries: the CURIE prefix map, identifier patterns and reverse lookup.

The prefix map joins the Bioregistry's records (URI prefix and identifier pattern) for the
registries listed in graph/identifiers/bioregistry.ttl with the few prefixes the Bioregistry
lacks, declared with their patterns in graph/identifiers/prefixes.ttl; the ontology's
``ic2kg:identifierPrefix`` says which property holds the identifiers of which prefix. ``lookup``
answers question 11: given an external identifier in any usual form (CURIE, IRI, DOI, bare code),
which of our entities is it? A ``LinkIndex`` holds every identifier and match of a store, read
once, so that many look-ups (the API, ``ic2kg link lookup -``) cost a dictionary access each.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import curies
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SH

from ic2kg import paths
from ic2kg.errors import BadParameter, DataLoadError
from ic2kg.namespaces import IC2KG, KG
from ic2kg.queries import load_query
from ic2kg.store import Store, Term

PREFIXES_FILE = paths.GRAPH_DIR / "identifiers" / "prefixes.ttl"

BIOREGISTRY_FILE = paths.GRAPH_DIR / "identifiers" / "bioregistry.ttl"
# A DOI written bare (10.13039/501100004587) or as doi:... is read as its resolver address, which
# graph/identifiers/ declares for the registries whose identifiers are DOIs (Crossref Funder IDs).
# https://www.doi.org/the-identifier/resources/handbook/3_resolution
DOI_RESOLVER = "https://doi.org/"


@dataclass(frozen=True)
class BioregistryPrefix:
    """A prefix whose record ic2kg takes from the Bioregistry, with the IRI spellings it adds."""

    prefix: str
    uri_prefix_synonyms: tuple[str, ...] = ()


def bioregistry_prefixes(path: Path = BIOREGISTRY_FILE) -> list[BioregistryPrefix]:
    """The prefixes listed in graph/identifiers/bioregistry.ttl, sorted by prefix.

    :raises DataLoadError: when the file cannot be read.
    """
    from ic2kg.validate import parse_files  # pyshacl, which validate imports, is slow to load

    graph = parse_files([path])
    found = []
    for entry in graph.objects(KG["bioregistry-prefixes"], DCTERMS.hasPart):
        prefix = graph.value(entry, SH.prefix)
        if prefix is None:
            raise DataLoadError("an entry has no sh:prefix", where=str(path))
        synonyms = sorted(str(ns) for ns in graph.objects(entry, SH.namespace))
        found.append(BioregistryPrefix(str(prefix), tuple(synonyms)))
    return sorted(found, key=lambda entry: entry.prefix)


@lru_cache(maxsize=1)
def identifier_properties() -> dict[URIRef, str]:
    """Which ontology property holds the local identifiers of which CURIE prefix.

    Read from the ``ic2kg:identifierPrefix`` annotations of ontology/ic2kg.ttl. The values of
    these properties are plain strings matching the prefix's pattern (tests/test_identifiers.py).
    """
    from ic2kg.validate import ontology_graph

    ontology = ontology_graph()
    return {
        prop: str(prefix)
        for prop, prefix in sorted(ontology.subject_objects(IC2KG.identifierPrefix))
        if isinstance(prop, URIRef)
    }


@lru_cache(maxsize=2)
def identifier_labels(lang: str = "en") -> dict[URIRef, str]:
    """The ``rdfs:label`` in ``lang`` (English when it has none) of every identifier property.

    Every sub-property of ``ic2kg:identifier`` in ontology/ic2kg.ttl, for pages that name the
    registry of an identifier (e.g. ``ROR ID``, ``ROR 标识符``).
    """
    from ic2kg.validate import ontology_graph

    ontology = ontology_graph()
    labels: dict[URIRef, str] = {}
    for prop in ontology.transitive_subjects(RDFS.subPropertyOf, IC2KG.identifier):
        if not isinstance(prop, URIRef) or prop == IC2KG.identifier:
            continue
        by_lang = {getattr(o, "language", None): str(o) for o in ontology.objects(prop, RDFS.label)}
        label = by_lang.get(lang) or by_lang.get("en")
        if label is not None:
            labels[prop] = label
    return dict(sorted(labels.items()))


@dataclass(frozen=True)
class Reference:
    """An identifier in a registry: a known prefix and a local identifier."""

    prefix: str
    identifier: str

    @property
    def curie(self) -> str:
        """The compact form, ``prefix:identifier``."""
        return f"{self.prefix}:{self.identifier}"


@dataclass(frozen=True)
class LookupMatch:
    """One of our entities that carries or maps to the identifier looked up."""

    entity: str
    label: str | None
    how: str
    reference: str


def _bioregistry_records(path: Path) -> list[curies.Record]:
    import bioregistry

    records = []
    for entry in bioregistry_prefixes(path):
        prefix = entry.prefix
        uri_prefix = bioregistry.get_uri_prefix(prefix)
        if uri_prefix is None:
            raise DataLoadError(
                f"the Bioregistry has no URI prefix for '{prefix}'", where=str(path)
            )
        records.append(
            curies.Record(
                prefix=prefix,
                uri_prefix=uri_prefix,
                pattern=bioregistry.get_pattern(prefix),
                prefix_synonyms=sorted(
                    synonym
                    for synonym in bioregistry.get_synonyms(prefix) or ()
                    if synonym != prefix and ":" not in synonym
                ),
                uri_prefix_synonyms=list(entry.uri_prefix_synonyms),
            )
        )
    return records


def load_converter(
    prefixes_file: Path = PREFIXES_FILE, bioregistry_file: Path = BIOREGISTRY_FILE
) -> curies.Converter:
    """The prefix map: Bioregistry records plus the local SHACL prefix declarations."""
    try:
        local = curies.Converter.from_shacl(prefixes_file)
    except (OSError, SyntaxError, ValueError) as error:
        raise DataLoadError(
            f"cannot read prefix declarations: {error}", where=str(prefixes_file)
        ) from error
    records = _bioregistry_records(bioregistry_file)
    known = {record.prefix for record in records}
    for record in local.records:
        if record.prefix in known:
            raise DataLoadError(
                f"prefix '{record.prefix}' is declared locally but the Bioregistry defines it",
                where=str(prefixes_file),
                hint="remove the local declaration",
            )
        records.append(record)
    return curies.Converter(records)


@lru_cache(maxsize=1)
def converter() -> curies.Converter:
    """The project's prefix map, built once per process."""
    return load_converter()


def pattern(prefix: str) -> re.Pattern[str] | None:
    """The compiled identifier pattern of ``prefix``, or None when the registry gives none."""
    record = converter().get_record(prefix)
    if record is None:
        raise BadParameter("prefix", f"unknown CURIE prefix '{prefix}'")
    return re.compile(record.pattern) if record.pattern else None


def matches_pattern(prefix: str, identifier: str) -> bool:
    """Whether ``identifier`` has the form the registry of ``prefix`` prescribes."""
    compiled = pattern(prefix)
    return compiled is None or compiled.fullmatch(identifier) is not None


def expand(reference: Reference) -> URIRef:
    """The IRI of a reference."""
    return URIRef(converter().expand_pair(reference.prefix, reference.identifier, strict=True))


def parse(text: str) -> list[Reference]:
    """Every reading of ``text`` as an identifier of a registry ic2kg links to.

    Accepts a CURIE (``ror:02r6c6d62``, ``wikidata:Q29``), an IRI (``https://ror.org/02r6c6d62``),
    a DOI where the registry's identifiers are DOIs (``10.13039/501100004587``,
    ``https://doi.org/10.13039/501100004587``: a Crossref Funder ID) or a bare identifier
    (``Q29``, ``ES``, ``ESP``, ``724``, ``874694``, ``FAIRsharing.kbtt7f``).
    A bare identifier can fit several registries (``724`` is both an ISO 3166 numeric code and a
    possible CORDIS project number): every fitting reading is returned.

    :raises BadParameter: when ``text`` fits no registry.
    """
    value = text.strip()
    if not value:
        raise BadParameter("id", "empty identifier")
    if value.lower().startswith("doi:"):
        value = DOI_RESOLVER + value[4:]
    elif value.startswith("10.") and "/" in value:
        value = DOI_RESOLVER + value
    conv = converter()
    if value.startswith(("http://", "https://")):
        parsed = conv.parse_uri(value)
        if not parsed or parsed[0] is None or parsed[1] is None:
            raise BadParameter(
                "id",
                f"'{value}' is not an IRI of a registry ic2kg links to",
                hint=f"known URI prefixes: {', '.join(sorted(conv.get_uri_prefixes()))}",
            )
        return [Reference(str(parsed[0]), str(parsed[1]))]
    prefix, sep, local = value.partition(":")
    if sep:
        standard = conv.standardize_prefix(prefix) or conv.standardize_prefix(prefix.lower())
        if standard is None:
            raise BadParameter(
                "id",
                f"unknown CURIE prefix '{prefix}'",
                hint=f"use one of {', '.join(sorted(conv.get_prefixes()))}",
            )
        if not matches_pattern(standard, local):
            raise BadParameter("id", f"'{local}' does not match the pattern of '{standard}'")
        return [Reference(standard, local)]
    readings = [
        Reference(prefix, value)
        for prefix in sorted(set(identifier_properties().values()))
        if matches_pattern(prefix, value)
    ]
    if not readings:
        raise BadParameter(
            "id",
            f"'{value}' is not a Wikidata QID, ROR ID, FAIRsharing ID, CORDIS project number or "
            "ISO 3166-1 code",
            hint="write it as a CURIE (ror:0abcdef12) or an IRI",
        )
    return readings


def properties_for(prefix: str) -> list[URIRef]:
    """The identifier properties whose values are local identifiers of ``prefix``."""
    return [prop for prop, known in identifier_properties().items() if known == prefix]


@dataclass(frozen=True)
class LookupAnswer:
    """What one identifier of a batch is: its matches, or why it is not an identifier."""

    id: str
    matches: tuple[LookupMatch, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class LinkIndex:
    """Every identifier value and external SKOS match of a store, read with two queries a
    registry, so a look-up is a dictionary access instead of queries."""

    identifiers: dict[tuple[str, str], list[LookupMatch]] = field(default_factory=dict)
    iris: dict[str, list[LookupMatch]] = field(default_factory=dict)

    @classmethod
    def of(cls, store: Store) -> LinkIndex:
        """The index of the graph in ``store``."""
        identifiers: defaultdict[tuple[str, str], list[LookupMatch]] = defaultdict(list)
        for prop, prefix in identifier_properties().items():
            found = store.select(load_query("link/lookup-identifier").sparql, {"property": prop})
            for row in found.rows:
                value = str(row["value"])
                identifiers[(prefix, value)].append(_match(row, f"{prefix}:{value}"))
        iris: defaultdict[str, list[LookupMatch]] = defaultdict(list)
        for row in store.select(load_query("link/lookup-iri").sparql).rows:
            iris[str(row["iri"])].append(_match(row, ""))
        return cls(dict(identifiers), dict(iris))

    def lookup(self, text: str) -> list[LookupMatch]:
        """Our entities that carry the identifier ``text`` or map to its IRI.

        :raises BadParameter: when ``text`` fits no registry.
        """
        matches: dict[tuple[str, str], LookupMatch] = {}
        for reference in parse(text):
            found = [
                LookupMatch(m.entity, m.label, m.how, reference.curie)
                for m in self.iris.get(str(expand(reference)), [])
            ]
            found += self.identifiers.get((reference.prefix, reference.identifier), [])
            for match in found:
                matches.setdefault((match.entity, match.how), match)
        return sorted(matches.values(), key=lambda m: (m.entity, m.how))

    def lookup_many(self, texts: Iterable[str]) -> list[LookupAnswer]:
        """One answer per identifier, in order; one that is not an identifier has its error."""
        answers = []
        for text in texts:
            try:
                answers.append(LookupAnswer(text, tuple(self.lookup(text))))
            except BadParameter as error:
                answers.append(LookupAnswer(text, error=error.message))
        return answers


def _match(row: Mapping[str, Term], reference: str) -> LookupMatch:
    label = row.get("label")
    entity, how = str(row["entity"]), str(row["how"])
    return LookupMatch(entity, str(label) if label else None, how, reference)


def lookup(store: Store, text: str) -> list[LookupMatch]:
    """Our entities that carry the identifier ``text`` or map to its IRI (question 11)."""
    return LinkIndex.of(store).lookup(text)
