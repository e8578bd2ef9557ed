"""FAIRsharing records (the copy the bioregistry package ships) -> graph/imported/fairsharing.ttl.

The file gives a record's name, short names, homepage, keywords (FAIRsharing's subjects and
domains merged), the licence of the resource and publications, keyed by the FAIRsharing ID. It
has no record type, so the kind of resource is read from the name, and whether it belongs to
health research from the keywords:

- a **terminology** (ontology, terminology, vocabulary, thesaurus, classification,
  nomenclature, codes, glossary, dictionary, lexicon in its name) or an **identifier schema**
  ("identifier", "accession" or "number" in its name) is taken when one of its keywords is a
  health keyword (HEALTH_KEYWORDS: biomedical, health and clinical science, medicine,
  epidemiology, disease, human genetics, oncology, rare disorders, EHRs, biobanks, ...);
- a **standard** of another kind ("specification", "data model", "format", "minimum
  information" in its name) likewise;
- any other record is a **database or knowledge base**, taken when it has a health keyword and
  a personalised-medicine keyword (PM_KEYWORDS: human genetics, genetic disorders, rare
  disorders, oncology, biobanks and biospecimens, pharmacogenomics, EHRs, clinical studies,
  sequence variants, GWAS, translational medicine, ...), unless it is filed as an institutional
  repository or subject-agnostic;
- a record whose FAIRsharing ID the curated graph already states is always taken.

FAIRsharing's metadata is CC BY-SA 4.0: the statements made here stay in their own file, a
VoID subset of the dataset (graph/dataset.ttl) with that licence. Descriptions are not copied.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

from ic2kg import paths
from ic2kg.errors import DataLoadError
from ic2kg.importers.organisations import slug
from ic2kg.namespaces import IC2KG, KG, bind_prefixes
from ic2kg.reconcile.names import name_key

OUTPUT = paths.IMPORTED_DIR / "fairsharing.ttl"
RECORD_URL = "https://fairsharing.org/"
DOI_PREFIX = "10.25504/"
LICENSE = URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
SCHEME = KG["fairsharing-domains"]

TERMINOLOGY_NAME = re.compile(
    r"ontolog|terminolog|vocabular|thesaur|classification|nomenclature|\bcodes?\b|"
    r"coding system|glossary|dictionary|lexicon",
    re.IGNORECASE,
)
IDENTIFIER_NAME = re.compile(r"\bidentifiers?\b|\baccession\b|\bnumbers?\b", re.IGNORECASE)
STANDARD_NAME = re.compile(
    r"specification|data model|\bformat\b|minimum information", re.IGNORECASE
)
HEALTH_KEYWORDS = frozenset(
    k.lower()
    for k in (
        "Biomedical Science",
        "Health Science",
        "Medicine",
        "Clinical Medicine",
        "Clinical Studies",
        "Preclinical Studies",
        "Epidemiology",
        "Public Health",
        "Global Health",
        "Primary Health Care",
        "Patient Care",
        "disease",
        "diagnosis",
        "Human Genetics",
        "genetic disorder",
        "disease phenotype",
        "Oncology",
        "cancer",
        "Rare Disorder",
        "Pathology",
        "Infectious Disease Medicine",
        "Medical Virology",
        "Medical imaging",
        "Medical Informatics",
        "Electronic Health Record",
        "Translational Medicine",
        "Pharmacogenomics",
        "Biobank",
        "Biospecimen",
        "Personalized Medicine",
        "Precision Medicine",
    )
)
PM_KEYWORDS = frozenset(
    k.lower()
    for k in (
        "Human Genetics",
        "genetic disorder",
        "disease phenotype",
        "Rare Disorder",
        "Oncology",
        "cancer",
        "Biobank",
        "Biospecimen",
        "Pharmacogenomics",
        "Personalized Medicine",
        "Precision Medicine",
        "Electronic Health Record",
        "Medical Informatics",
        "Clinical Studies",
        "Translational Medicine",
        "sequence variant",
        "Genetic Polymorphism",
        "gene-disease association",
        "genome-wide association study",
        "diagnosis",
        "Patient Care",
    )
)
EXCLUDED_KEYWORDS = frozenset({"institutional repository", "subject agnostic"})

# Kind of resource -> the class its entity gets and the type prefix of a minted IRI.
KINDS: dict[str, tuple[URIRef, str]] = {
    "terminology": (IC2KG.Terminology, "std"),
    "identifier schema": (IC2KG.IdentifierSchema, "std"),
    "standard": (IC2KG.Standard, "std"),
    "database": (IC2KG.KnowledgeBase, "kb"),
}


def default_input() -> Path:
    """The FAIRsharing file inside the installed bioregistry package."""
    return Path(str(resources.files("bioregistry") / "external" / "fairsharing" / "processed.json"))


@dataclass(frozen=True)
class Record:
    """What ic2kg takes from one FAIRsharing record (no description, no contact)."""

    key: str
    name: str
    short_names: tuple[str, ...] = ()
    homepage: str = ""
    keywords: tuple[str, ...] = ()
    license_url: str = ""

    @property
    def doi(self) -> str:
        """The record's DOI: 10.25504/ and its FAIRsharing ID."""
        return DOI_PREFIX + self.key

    @property
    def page(self) -> URIRef:
        """The record's page on fairsharing.org, cited as the source of what it gives."""
        return URIRef(RECORD_URL + self.key)


@dataclass(frozen=True)
class Selected:
    """A record the selection rule takes, its kind and why."""

    record: Record
    kind: str
    reason: str


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DataLoadError(f"expected text, found {type(value).__name__}", where=where)
    return " ".join(value.split())


def read_records(path: Path) -> list[Record]:
    """The records of a FAIRsharing file in the bioregistry form, sorted by ID.

    :raises DataLoadError: when the file is not JSON, not an object keyed by FAIRsharing IDs,
        or a record has no name.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataLoadError(f"not a readable JSON file: {error}", where=str(path)) from error
    hint = "give bioregistry/external/fairsharing/processed.json (or a file in its form)"
    if not isinstance(data, dict) or not data:
        raise DataLoadError(
            "expected an object keyed by FAIRsharing IDs", where=str(path), hint=hint
        )
    records = []
    for key in sorted(data):
        where = f"{path} record {key}"
        entry = data[key]
        # The file spells one ID "fairsharing.b41a2b" (bioregistry 0.15.6): the prefix is
        # FAIRsharing's, whatever its case.
        if not re.fullmatch(r"(?i:FAIRsharing)\.[A-Za-z0-9]+", key) or not isinstance(entry, dict):
            raise DataLoadError(
                "expected a FAIRsharing ID (FAIRsharing.xxxx) keying an object",
                where=where,
                hint=hint,
            )
        name = _text(entry.get("name"), where)
        if not name:
            raise DataLoadError("the record has no name", where=where, hint=hint)
        licence = entry.get("license") or {}
        records.append(
            Record(
                key="FAIRsharing." + key.split(".", 1)[1],
                name=name,
                short_names=tuple(
                    s for s in (_text(v, where) for v in entry.get("short_names") or []) if s
                ),
                homepage=_text(entry.get("homepage"), where),
                keywords=tuple(
                    k for k in (_text(v, where) for v in entry.get("keywords") or []) if k
                ),
                license_url=_text(licence.get("url"), where) if isinstance(licence, dict) else "",
            )
        )
    return records


def kind_of(record: Record) -> str:
    """The kind of resource a record's name says it is (the file has no type field).

    >>> kind_of(Record("FAIRsharing.x", "Human Phenotype Ontology"))
    'terminology'
    >>> kind_of(Record("FAIRsharing.y", "EU Clinical Trials Identifier"))
    'identifier schema'
    >>> kind_of(Record("FAIRsharing.z", "ClinVar"))
    'database'
    """
    names = [record.name, *record.short_names]
    for kind, pattern in (
        ("terminology", TERMINOLOGY_NAME),
        ("identifier schema", IDENTIFIER_NAME),
        ("standard", STANDARD_NAME),
    ):
        if any(pattern.search(n) for n in names[:1]):
            return kind
    return "database"


def select(record: Record, curated_ids: frozenset[str] = frozenset()) -> Selected | None:
    """Whether the selection rule (module docstring) takes ``record``, as what and why."""
    kind = kind_of(record)
    keywords = {k.lower() for k in record.keywords}
    health = sorted(keywords & HEALTH_KEYWORDS)
    if record.key in curated_ids:
        return Selected(record, kind, "its FAIRsharing ID is curated in the graph")
    if kind != "database":
        return Selected(record, kind, f"health keyword {health[0]}") if health else None
    pm = sorted(keywords & PM_KEYWORDS)
    if health and pm and not keywords & EXCLUDED_KEYWORDS:
        return Selected(record, kind, f"health keyword {health[0]}, PM keyword {pm[0]}")
    return None


def minted_iri(record: Record, kind: str) -> URIRef:
    """The IRI of an entity made from a record: kg:std-fairsharing-... or kg:kb-fairsharing-..."""
    return KG[f"{KINDS[kind][1]}-fairsharing-{slug(record.key.split('.', 1)[1])}"]


def domain_iri(keyword: str) -> URIRef:
    """The concept of a FAIRsharing keyword in the domain scheme."""
    return KG[f"fairsharing-domain-{slug(name_key(keyword) or keyword)}"]


def build_graph(
    chosen: Iterable[Selected],
    entities: dict[str, URIRef],
    curated: Graph,
) -> Graph:
    """The Turtle graph of the chosen records; ``entities`` says which entity each one is.

    A record matched to a graph entity adds to it only what that entity lacks (FAIRsharing ID,
    homepage, names) plus the DOI, domains and licence; a new one gets a class and a label too.
    """
    out = bind_prefixes(Graph())
    items = sorted(chosen, key=lambda s: s.record.key)
    label_count = Counter(s.record.name for s in items)
    taken = {str(o) for o in curated.objects(None, RDFS.label)}
    for item in items:
        record = item.record
        iri = entities[record.key]
        new = (iri, None, None) not in curated
        if new:
            out.add((iri, RDF.type, KINDS[item.kind][0]))
            label = record.name
            if label_count[label] > 1 or label in taken:
                label = f"{label} ({record.key})"
            out.add((iri, RDFS.label, Literal(label, lang="en")))
        elif item.kind != "database" and (iri, RDF.type, IC2KG.Standard) in curated:
            if item.kind in ("terminology", "identifier schema"):
                out.add((iri, RDF.type, KINDS[item.kind][0]))
        known = {
            name_key(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in curated.objects(iri, p)
        }
        known.add(name_key(record.name) if new else "")
        for name in (*record.short_names, *([] if new else [record.name])):
            if name_key(name) not in known:
                out.add((iri, SKOS.altLabel, Literal(name, lang="en")))
                known.add(name_key(name))
        if (iri, IC2KG.fairsharingId, None) not in curated:
            out.add((iri, IC2KG.fairsharingId, Literal(record.key)))
        out.add((iri, IC2KG.doi, Literal(record.doi)))
        if (
            record.homepage.startswith(("http://", "https://"))
            and (
                iri,
                FOAF.homepage,
                None,
            )
            not in curated
        ):
            out.add((iri, FOAF.homepage, URIRef(record.homepage)))
        if record.license_url.startswith(("http://", "https://")):
            out.add((iri, DCTERMS.license, URIRef(record.license_url)))
        for keyword in record.keywords:
            concept = domain_iri(keyword)
            out.add((iri, IC2KG.researchDomain, concept))
            _add_domain(out, concept, keyword, record.page, taken)
        out.add((iri, DCTERMS.source, record.page))
    if any(True for _ in out.subjects(SKOS.inScheme, SCHEME)):
        out.add((SCHEME, RDF.type, SKOS.ConceptScheme))
        out.add((SCHEME, RDFS.label, Literal("FAIRsharing subjects and domains", lang="en")))
        out.add((SCHEME, DCTERMS.source, URIRef(RECORD_URL)))
    return out


def _add_domain(out: Graph, concept: URIRef, keyword: str, page: URIRef, taken: set[str]) -> None:
    if (concept, RDF.type, SKOS.Concept) in out:
        return
    out.add((concept, RDF.type, SKOS.Concept))
    out.add((concept, SKOS.inScheme, SCHEME))
    # A concept of another scheme may have the same name (the PM thesaurus' "cancer").
    label = f"{keyword} (FAIRsharing)" if keyword in taken else keyword
    out.add((concept, RDFS.label, Literal(label, lang="en")))
    # The concept is first met in this record (records are taken in ID order).
    out.add((concept, DCTERMS.source, page))


def input_line(path: Path) -> str:
    """The header line naming the input file and its digest."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return f"{path.name} (sha256 {digest})"
