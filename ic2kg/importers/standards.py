"""Registry standards (GA4GH, FHIR) merged with the curated ones: no duplicates, curated facts win.

A registry standard is the curated standard that has (in this order) the same documentation
URL, the same acronym or the same name once issuer words and generic words ("GA4GH", "API",
"specification", "implementation guide" ...) are removed. Otherwise it is new. Versions, work
streams, categories and release statuses are added to either.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

from ic2kg.importers.organisations import organisation_classes, slug
from ic2kg.namespaces import IC2KG, KG, SCHEMA, bind_prefixes
from ic2kg.reconcile.names import name_key

_GENERIC = re.compile(
    r"\b(ga4gh|hl7|fhir|api|protocol|specification|spec|format|file|schema|standard|"
    r"implementation guide|ig|the)\b"
)


def standard_key(name: str) -> str:
    """A name without its issuer and generic words.

    >>> standard_key("GA4GH Data Repository Service API") == standard_key("Data Repository Service")
    True
    """
    return " ".join(_GENERIC.sub(" ", name_key(name)).split())


def url_key(url: str) -> str:
    """A URL without scheme, ``www.``, fragment and trailing slash or ``index.html``."""
    text = re.sub(r"^https?://(www\.)?", "", url.strip()).split("#")[0]
    return re.sub(r"(/index\.html?)?/*$", "", text)


@dataclass(frozen=True)
class Version:
    """One published version of a registry standard."""

    number: str
    url: str
    label: str
    status: str = ""


@dataclass(frozen=True)
class RegistryStandard:
    """A standard as a registry lists it."""

    key: str
    iri: URIRef
    name: str
    acronyms: tuple[str, ...]
    summary: str
    documentation_url: str
    issuer: str
    category: str = ""
    status: str = ""
    work_stream: tuple[str, str] = ("", "")  # (name, abbreviation)
    versions: tuple[Version, ...] = ()
    match_urls: tuple[str, ...] = ()  # URL prefixes that identify it (canonical URLs)
    spatial: str = ""  # ISO alpha-2 code of the country a guide is for
    number: str = ""  # the registry's designation (a FHIR package name)


@dataclass(frozen=True)
class Vocabulary:
    """How one registry's concepts and entities are named in the output."""

    prefix: str  # for IRIs: kg:{prefix}-category-..., kg:{prefix}-status-...
    registry_label: str
    source: URIRef


@dataclass
class StandardsImport:
    """The graph to write and what to report."""

    graph: Graph
    header: list[str]
    new: list[str] = field(default_factory=list)
    merged: list[tuple[str, str, str]] = field(default_factory=list)  # (registry key, IRI, how)
    new_issuers: list[str] = field(default_factory=list)


def _curated_index(
    curated: Graph,
) -> tuple[dict[str, set[URIRef]], dict[str, set[URIRef]], dict[str, set[URIRef]]]:
    by_url: dict[str, set[URIRef]] = {}
    by_acronym: dict[str, set[URIRef]] = {}
    by_name: dict[str, set[URIRef]] = {}
    for standard in curated.subjects(RDF.type, IC2KG.Standard):
        if not isinstance(standard, URIRef):
            continue
        for url in (
            *curated.objects(standard, DCTERMS.source),
            *curated.objects(standard, FOAF.homepage),
        ):
            by_url.setdefault(url_key(str(url)), set()).add(standard)
        for predicate in (RDFS.label, SKOS.altLabel, IC2KG.standardNumber):
            for name in curated.objects(standard, predicate):
                if str(name).isupper() or predicate == SKOS.altLabel:
                    by_acronym.setdefault(name_key(str(name)), set()).add(standard)
                key = standard_key(str(name))
                if key:
                    by_name.setdefault(key, set()).add(standard)
    return by_url, by_acronym, by_name


def match_standard(
    record: RegistryStandard, curated: Graph, index: tuple[dict[str, set[URIRef]], ...]
) -> tuple[URIRef, str] | None:
    """The curated standard ``record`` is, and the rule that said so; None when new."""
    by_url, by_acronym, by_name = index
    if record.number:
        numbered = {
            s
            for s, n in curated.subject_objects(IC2KG.standardNumber)
            if isinstance(s, URIRef) and str(n).split()[0] == record.number
        }
        if len(numbered) == 1:
            return next(iter(numbered)), "standard number"
    urls = [url_key(u) for u in (record.documentation_url, *record.match_urls) if u]
    for url in urls:
        found = by_url.get(url, set())
        prefixed = {
            s for key, ss in by_url.items() for s in ss for u in urls if key.startswith(u + "/")
        }
        for candidates, how in ((found, "documentation URL"), (prefixed, "canonical URL")):
            if len(candidates) == 1:
                return next(iter(candidates)), how
    for acronym in record.acronyms:
        found = by_acronym.get(name_key(acronym), set())
        if len(found) == 1:
            return next(iter(found)), f"acronym {acronym}"
    found = by_name.get(standard_key(record.name), set())
    if len(found) == 1:
        return next(iter(found)), "name"
    return None


def issuer_index(curated: Graph) -> dict[str, set[URIRef]]:
    """Name key of every label and alternative label of an organisation -> organisations."""
    index: dict[str, set[URIRef]] = {}
    for cls in organisation_classes(curated):
        for org in curated.subjects(RDF.type, cls):
            if isinstance(org, URIRef):
                for predicate in (RDFS.label, SKOS.altLabel):
                    for name in curated.objects(org, predicate):
                        index.setdefault(name_key(str(name)), set()).add(org)
    return index


def build_standards(
    records: Iterable[RegistryStandard],
    curated: Graph,
    vocabulary: Vocabulary,
    header: list[str],
) -> StandardsImport:
    """The Turtle graph of ``records``, merged into ``curated``'s standards."""
    out = bind_prefixes(Graph())
    result = StandardsImport(out, header)
    index = _curated_index(curated)
    issuers = issuer_index(curated)
    source = vocabulary.source
    ordered = sorted(records, key=lambda r: r.key)
    taken = {str(o) for o in curated.objects(None, RDFS.label)}
    counts = Counter(r.name for r in ordered)
    for record in ordered:
        found = match_standard(record, curated, index)
        sources = {source}
        if record.documentation_url:
            sources.add(URIRef(record.documentation_url))
        if found is None:
            iri = record.iri
            result.new.append(record.key)
            out.add((iri, RDF.type, IC2KG.Standard))
            # Two guides of one name (the registry has some) are told apart by their package.
            label = record.name
            if counts[label] > 1 or label in taken:
                label = f"{label} ({record.number or record.key})"
            out.add((iri, RDFS.label, Literal(label, lang="en")))
            for acronym in record.acronyms:
                if acronym != record.name:
                    out.add((iri, SKOS.altLabel, Literal(acronym, lang="en")))
            if record.summary:
                out.add((iri, DCTERMS.description, Literal(record.summary, lang="en")))
            if record.number:
                out.add((iri, IC2KG.standardNumber, Literal(record.number)))
            out.add((iri, IC2KG.issuedBy, _issuer(out, record.issuer, issuers, vocabulary, result)))
        else:
            iri, how = found
            result.merged.append((record.key, str(iri), how))
            # The curated label, description and issuer win; the registry adds what is missing.
            known = {
                name_key(str(o))
                for p in (RDFS.label, SKOS.altLabel)
                for o in curated.objects(iri, p)
            }
            for acronym in (*record.acronyms, record.name):
                if name_key(acronym) not in known:
                    out.add((iri, SKOS.altLabel, Literal(acronym, lang="en")))
                    known.add(name_key(acronym))
            if (iri, IC2KG.issuedBy, None) not in curated:
                out.add(
                    (iri, IC2KG.issuedBy, _issuer(out, record.issuer, issuers, vocabulary, result))
                )
        for url in sorted(sources):
            out.add((iri, DCTERMS.source, url))
        if record.category:
            out.add(
                (
                    iri,
                    IC2KG.standardCategory,
                    _concept(out, vocabulary, "category", record.category),
                )
            )
        if record.status:
            out.add((iri, IC2KG.releaseStatus, _concept(out, vocabulary, "status", record.status)))
        if record.spatial:
            out.add((iri, DCTERMS.spatial, KG[f"country-{record.spatial}"]))
        if record.work_stream[0]:
            out.add(
                (iri, IC2KG.developedBy, _work_stream(out, record, issuers, vocabulary, result))
            )
        for version in record.versions:
            node = KG[f"{record.iri.removeprefix(str(KG))}-v{slug(version.number)}"]
            out.add((iri, DCTERMS.hasVersion, node))
            out.add((node, RDF.type, IC2KG.StandardVersion))
            out.add((node, RDFS.label, Literal(version.label, lang="en")))
            out.add((node, SCHEMA.version, Literal(version.number)))
            out.add((node, DCTERMS.isVersionOf, iri))
            out.add((node, DCTERMS.source, URIRef(version.url) if version.url else source))
            if version.status:
                out.add(
                    (node, IC2KG.releaseStatus, _concept(out, vocabulary, "status", version.status))
                )
    return result


def _concept(out: Graph, vocabulary: Vocabulary, kind: str, label: str) -> URIRef:
    scheme = KG[f"{vocabulary.prefix}-{kind}-scheme"]
    concept = KG[f"{vocabulary.prefix}-{kind}-{slug(name_key(label))}"]
    if (concept, RDF.type, SKOS.Concept) not in out:
        names = {"category": "categories", "status": "release statuses"}
        out.add((scheme, RDF.type, SKOS.ConceptScheme))
        out.add(
            (scheme, RDFS.label, Literal(f"{vocabulary.registry_label} {names[kind]}", lang="en"))
        )
        out.add((scheme, DCTERMS.source, vocabulary.source))
        out.add((concept, RDF.type, SKOS.Concept))
        out.add((concept, SKOS.inScheme, scheme))
        out.add((concept, SKOS.topConceptOf, scheme))
        out.add((concept, RDFS.label, Literal(label, lang="en")))
        out.add((concept, DCTERMS.source, vocabulary.source))
    return concept


def _issuer(
    out: Graph,
    name: str,
    issuers: dict[str, set[URIRef]],
    vocabulary: Vocabulary,
    result: StandardsImport,
) -> URIRef:
    found = issuers.get(name_key(name), set())
    if len(found) == 1:
        return next(iter(found))
    iri = KG[f"org-{vocabulary.prefix}-{slug(name_key(name))}"]
    if (iri, RDF.type, IC2KG.StandardsBody) not in out:
        result.new_issuers.append(name)
        out.add((iri, RDF.type, IC2KG.StandardsBody))
        out.add((iri, RDFS.label, Literal(name, lang="en")))
        out.add((iri, DCTERMS.source, vocabulary.source))
    return iri


def _work_stream(
    out: Graph,
    record: RegistryStandard,
    issuers: dict[str, set[URIRef]],
    vocabulary: Vocabulary,
    result: StandardsImport,
) -> URIRef:
    name, abbreviation = record.work_stream
    iri = KG[f"wg-{vocabulary.prefix}-{slug(name_key(name))}"]
    if (iri, RDF.type, IC2KG.WorkingGroup) not in out:
        out.add((iri, RDF.type, IC2KG.WorkingGroup))
        out.add((iri, RDFS.label, Literal(f"{name} Work Stream", lang="en")))
        if abbreviation:
            out.add((iri, SKOS.altLabel, Literal(abbreviation, lang="en")))
        out.add((iri, DCTERMS.isPartOf, _issuer(out, record.issuer, issuers, vocabulary, result)))
        out.add((iri, DCTERMS.source, vocabulary.source))
    return iri
