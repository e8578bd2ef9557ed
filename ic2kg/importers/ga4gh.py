"""The GA4GH standards registry (PostgreSQL dump of ga4gh/ga4gh-registry) -> graph/imported/."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from ic2kg import paths
from ic2kg.errors import DataLoadError
from ic2kg.importers.organisations import slug
from ic2kg.importers.sql_inserts import Value, read_inserts
from ic2kg.importers.standards import (
    RegistryStandard,
    StandardsImport,
    Version,
    Vocabulary,
    build_standards,
    issuer_index,
)
from ic2kg.namespaces import IC2KG, KG
from ic2kg.reconcile.names import name_key

OUTPUT = paths.IMPORTED_DIR / "ga4gh.ttl"
REGISTRY = URIRef("https://github.com/ga4gh/ga4gh-registry")
VOCABULARY = Vocabulary("ga4gh", "GA4GH registry", REGISTRY)
TABLES = ("standard", "standard_version", "standard_category", "release_status", "work_stream")
# The registry's own organisation: its reference implementations test a standard, they do not
# show someone adopting it (issue 29).
ISSUER_ID = "org.ga4gh"


def _text(value: Value) -> str:
    return (value or "").strip()


def read_registry(dump: Path, schema: Path | None = None) -> list[RegistryStandard]:
    """The registry's standards with their versions, category, status and work stream."""
    tables = read_inserts(dump, schema)
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise DataLoadError(
            f"no rows for table(s) {', '.join(missing)}",
            where=str(dump),
            hint="is this the GA4GH registry dump (with its schema file)?",
        )
    categories = {r["id"]: _text(r["category"]) for r in tables["standard_category"]}
    statuses = {r["id"]: _text(r["status"]) for r in tables["release_status"]}
    streams = {r["id"]: (_text(r["name"]), _text(r["abbreviation"])) for r in tables["work_stream"]}
    organisation = next(
        (_text(r["name"]) for r in tables.get("organization", []) if r["id"] == "org.ga4gh"),
        "Global Alliance for Genomics and Health",
    )
    urls = Counter(_text(r["documentation_url"]) for r in tables["standard"])
    # The 2022 snapshot gives WES the BCF PDF: a URL two standards share identifies neither.
    shared = {url for url, count in urls.items() if count > 1}
    records = []
    for row in tables["standard"]:
        key = _text(row["id"])
        name = _text(row["name"])
        versions = tuple(
            Version(
                _text(v["version_number"]),
                _text(v["documentation_url"]),
                f"{name} {_text(v['version_number'])}",
                statuses.get(_text(v["release_status_id"]), ""),
            )
            for v in sorted(tables["standard_version"], key=lambda v: _text(v["id"]))
            if v["standard_id"] == key
        )
        url = _text(row["documentation_url"])
        acronyms = tuple(a for a in _text(row["abbreviation"]).split("/") if a)
        records.append(
            RegistryStandard(
                key=key,
                iri=KG[f"std-ga4gh-registry-{slug(key)}"],
                name=name,
                acronyms=acronyms,
                summary=_text(row["summary"]),
                documentation_url="" if url in shared else url,
                issuer=organisation,
                category=categories.get(_text(row["standard_category_id"]), ""),
                status=statuses.get(_text(row["release_status_id"]), ""),
                work_stream=streams.get(_text(row["work_stream_id"]), ("", "")),
                versions=versions,
            )
        )
    return records


@dataclass(frozen=True)
class Implementation:
    """A deployment or codebase that the registry lists for a standard version."""

    key: str
    name: str
    standard: str  # the registry's standard id
    version: str  # the registry's standard version id, e.g. rnaget:1.0.0
    organisation: str  # the registry's organisation id
    organisation_names: tuple[str, ...]


def read_implementations(dump: Path, schema: Path | None = None) -> list[Implementation]:
    """The registry's implementations with their standard and organisation names."""
    tables = read_inserts(dump, schema)
    standards = {_text(v["id"]): _text(v["standard_id"]) for v in tables["standard_version"]}
    names = {
        _text(o["id"]): tuple(n for n in (_text(o["name"]), _text(o.get("short_name"))) if n)
        for o in tables.get("organization", [])
    }
    return [
        Implementation(
            key=_text(row["id"]),
            name=_text(row["name"]),
            standard=standards.get(_text(row["standard_version_id"]), ""),
            version=_text(row["standard_version_id"]),
            organisation=_text(row["organization_id"]),
            organisation_names=names.get(_text(row["organization_id"]), ()),
        )
        for row in sorted(tables.get("implementation", []), key=lambda r: _text(r["id"]))
    ]


def add_adoptions(
    result: StandardsImport,
    implementations: list[Implementation],
    records: list[RegistryStandard],
    curated: Graph,
) -> list[tuple[str, str]]:
    """Sourced adoptions by the organisations of the graph that the registry names.

    An organisation is the curated one whose label or alternative label has the same name key
    as the registry's name or short name, when exactly one does. Returns (implementation,
    organisation IRI) pairs.
    """
    iris = {r.key: r.iri for r in records}
    iris.update({key: URIRef(iri) for key, iri, _ in result.merged})
    organisations = issuer_index(curated)
    linked = []
    for item in implementations:
        if item.organisation == ISSUER_ID or item.standard not in iris:
            continue
        found = set().union(
            *(organisations.get(name_key(n), set()) for n in item.organisation_names)
        )
        if len(found) != 1:
            continue
        organisation = next(iter(found))
        link = KG[f"ga4gh-implementation-{slug(item.key)}"]
        graph = result.graph
        graph.add((organisation, IC2KG.qualifiedAdoption, link))
        graph.add((link, RDF.type, IC2KG.StandardLink))
        graph.add((link, IC2KG.linkedStandard, iris[item.standard]))
        evidence = f"GA4GH registry implementation {item.key} ({item.version}): {item.name}."
        graph.add((link, IC2KG.evidenceText, Literal(evidence, lang="en")))
        graph.add((link, DCTERMS.source, REGISTRY))
        linked.append((item.key, str(organisation)))
    return linked


def import_ga4gh(
    dump: Path, curated: Graph, schema: Path | None = None, release: str = ""
) -> StandardsImport:
    """Build graph/imported/ga4gh.ttl's graph from the registry dump."""
    records = read_registry(dump, schema)
    digests = [
        (p.name, hashlib.sha256(p.read_bytes()).hexdigest()[:16]) for p in (dump, schema) if p
    ]
    files = ", ".join(f"{name} (sha256 {digest})" for name, digest in digests)
    header = [
        f"Generated by `ic2kg import ga4gh FILE{' --schema FILE' if schema else ''}`. Do not edit.",
        f"Input: GA4GH standards registry {release or 'dump'}: {files}; Apache-2.0, {REGISTRY}.",
        "Registry standards already curated in graph/standards.ttl (same documentation URL,",
        "acronym or name) are merged into them: curated labels, descriptions and issuers win.",
        "An implementation by an organisation of the graph (same name or short name, GA4GH's own",
        "excepted) becomes a sourced adoption of its standard (ic2kg:qualifiedAdoption).",
    ]
    result = build_standards(records, curated, VOCABULARY, header)
    add_adoptions(result, read_implementations(dump, schema), records, curated)
    return result
