"""The graph's side of the ROR reconciliation: its organisations and the ROR type table.

Organisations are read with queries/reconcile/*.rq from the ontology and the curated graph/
files, leaving out graph/imported/ (the reconciliation's own output among them) so that a rerun
starts from the curated facts alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from ic2kg import paths
from ic2kg.errors import DataLoadError
from ic2kg.mappings import MappingTable, read_table
from ic2kg.namespaces import IC2KG, KG
from ic2kg.queries import load_query
from ic2kg.store import EmbeddedStore

IMPORTED_DIR = paths.IMPORTED_DIR
ROR_TURTLE = IMPORTED_DIR / "ror.ttl"
ROR_TYPES = paths.MAPPINGS_DIR / "ror-types.sssom.tsv"
ROOT_CLASS = str(IC2KG.Organisation)


@dataclass(frozen=True)
class Organisation:
    """An organisation of the graph as the reconciliation sees it.

    ``labels`` maps a language tag ("" for none) to the rdfs:label texts in it; ``names`` holds
    every label and alternative label, the strings looked up in ROR.
    """

    iri: str
    classes: frozenset[str]
    country: str | None
    names: tuple[str, ...]
    labels: dict[str, frozenset[str]] = field(default_factory=dict)
    alt_labels: frozenset[str] = frozenset()
    ror_id: str | None = None
    qid: str | None = None

    @property
    def curie(self) -> str:
        """``kg:local`` form of the IRI."""
        return "kg:" + self.iri.removeprefix(str(KG))

    @property
    def label(self) -> str:
        """The English label (or any label, or the IRI's local name)."""
        for lang in ("en", ""):
            if self.labels.get(lang):
                return sorted(self.labels[lang])[0]
        return next((sorted(v)[0] for v in self.labels.values() if v), self.curie)


@dataclass(frozen=True)
class TypeMapping:
    """One row of graph/mappings/ror-types.sssom.tsv: a ROR type, a predicate, a class IRI."""

    ror_type: str
    predicate: str
    class_iri: str


def graph_sources(exclude: Sequence[Path] = (IMPORTED_DIR,)) -> list[Path]:
    """The ontology and the graph/ Turtle files outside ``exclude`` (files or folders).

    By default graph/imported/ is left out: its files are derived from registries (this run's
    own output among them), so neither are their identifiers curated facts that win, nor are
    their organisations the reconciliation's to match (the CORDIS importer links its own
    organisations to ROR with the same matcher, after this run).
    """
    skipped = [path.resolve() for path in exclude]
    files = [paths.ONTOLOGY_EDIT, *paths.graph_files()]
    return [
        path
        for path in files
        if not any(path.resolve() == s or s in path.resolve().parents for s in skipped)
    ]


def _query(name: str) -> str:
    return load_query(f"reconcile/{name}").sparql


@dataclass(frozen=True)
class GraphView:
    """The organisations of the graph, the ontology (for its class hierarchy), and which
    entities hold which Wikidata QID."""

    organisations: tuple[Organisation, ...]
    ontology: Graph
    qids: dict[str, set[str]]


def load_organisations(files: Sequence[Path]) -> GraphView:
    """The organisations the files describe, with the ontology and the QIDs held.

    :raises DataLoadError: when a file does not parse (named with its line).
    """
    store = EmbeddedStore()
    for path in files:
        store.load_file(path)
    rows: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.select(_query("organisations")).rows:
        entry = rows[str(row["entity"])]
        entry["classes"].add(str(row["class"]))
        for column in ("country", "ror", "qid"):
            if row.get(column) is not None:
                entry[column].add(str(row[column]))
    names: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in store.select(_query("organisation-names")).rows:
        literal = row["name"]
        names[str(row["entity"])].append(
            (str(row["property"]), str(literal), getattr(literal, "language", None) or "")
        )
    organisations = []
    for iri in sorted(rows):
        entry = rows[iri]
        labels: dict[str, set[str]] = defaultdict(set)
        alt: set[str] = set()
        for prop, text, lang in names.get(iri, ()):
            (labels[lang] if prop == str(RDFS.label) else alt).add(text)
        organisations.append(
            Organisation(
                iri=iri,
                classes=frozenset(entry["classes"]),
                country=_single(entry["country"], iri, "country"),
                names=tuple(dict.fromkeys(text for _, text, _ in names.get(iri, ()))),
                labels={lang: frozenset(texts) for lang, texts in labels.items()},
                alt_labels=frozenset(alt),
                ror_id=_single(entry["ror"], iri, "ic2kg:rorId"),
                qid=_single(entry["qid"], iri, "ic2kg:wikidataId"),
            )
        )
    qids: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_query("wikidata-ids")).rows:
        qids[str(row["qid"])].add(str(row["entity"]))
    return GraphView(tuple(organisations), Graph().parse(paths.ONTOLOGY_EDIT), dict(qids))


def _single(values: set[str], iri: str, what: str) -> str | None:
    if len(values) > 1:
        raise DataLoadError(
            f"{len(values)} values of {what}: {', '.join(sorted(values))}",
            where=iri,
            hint="an organisation has one; fix the curated files first",
        )
    return next(iter(values), None)


def load_type_mappings(path: Path = ROR_TYPES) -> list[TypeMapping]:
    """The ROR type to ic2kg class table.

    :raises DataLoadError: when a row's subject is not a kg:ror-type-* concept.
    """
    table: MappingTable = read_table(path)
    found = []
    for row in table.rows:
        subject = row["subject_id"]
        if not subject.startswith("kg:ror-type-"):
            raise DataLoadError(f"'{subject}' is not a kg:ror-type-* concept", where=str(path))
        prefix, _, local = row["object_id"].partition(":")
        found.append(
            TypeMapping(
                ror_type=subject.removeprefix("kg:ror-type-"),
                predicate=row["predicate_id"],
                class_iri=table.curie_map[prefix] + local,
            )
        )
    return found


def superclasses(ontology: Graph, class_iri: str) -> set[str]:
    """``class_iri`` and every class it is a subclass of, directly or not."""
    return {str(c) for c in ontology.transitive_objects(URIRef(class_iri), RDFS.subClassOf)}


def expected_types(
    organisation: Organisation, mappings: Sequence[TypeMapping], ontology: Graph
) -> set[str]:
    """ROR types that agree with the organisation's classes (the type evidence of a match).

    A type agrees when its mapped class is one of the organisation's classes, a superclass or a
    subclass of one, ic2kg:Organisation itself excepted (every type is an organisation).
    """
    own = set(organisation.classes) - {ROOT_CLASS}
    wanted = set()
    for mapping in mappings:
        if mapping.class_iri == ROOT_CLASS:
            continue
        above = superclasses(ontology, mapping.class_iri) - {ROOT_CLASS}
        if own & above or any(mapping.class_iri in superclasses(ontology, c) for c in own):
            wanted.add(mapping.ror_type)
    return wanted


def neutral_types(mappings: Sequence[TypeMapping]) -> set[str]:
    """ROR types mapped to ic2kg:Organisation alone: no evidence for or against a class."""
    informative = {m.ror_type for m in mappings if m.class_iri != ROOT_CLASS}
    return {m.ror_type for m in mappings} - informative


def refining_classes(
    organisation: Organisation,
    record_types: Sequence[str],
    mappings: Sequence[TypeMapping],
    ontology: Graph,
) -> list[str]:
    """Classes the record's types add to the organisation: exactMatch classes strictly below one
    of its classes (a curated class is refined, never contradicted)."""
    added = []
    for mapping in mappings:
        if mapping.predicate != "skos:exactMatch" or mapping.ror_type not in record_types:
            continue
        if mapping.class_iri in organisation.classes:
            continue
        above = superclasses(ontology, mapping.class_iri) - {mapping.class_iri}
        if above & organisation.classes:
            added.append(mapping.class_iri)
    return sorted(set(added))


__all__ = [
    "ROR_TURTLE",
    "ROR_TYPES",
    "GraphView",
    "Organisation",
    "TypeMapping",
    "expected_types",
    "graph_sources",
    "load_organisations",
    "load_type_mappings",
    "neutral_types",
    "refining_classes",
    "superclasses",
]
