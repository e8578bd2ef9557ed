"""HTML documentation of the ontology, with English and Chinese labels, external alignments and
the terms of other vocabularies that the graph reuses, with their usage counts.

pyLODE 3.4 cannot be imported from an installed wheel (its version module reads a
pyproject.toml that is not shipped), so the page is rendered from a Jinja template.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, select_autoescape
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ic2kg import paths
from ic2kg.namespaces import IC2KG, ONTOLOGY_IRI, curie, local_name

if TYPE_CHECKING:
    from ic2kg.store import Store

DEFAULT_OUTPUT = paths.RELEASE_DIR / "docs"
REUSED_TERMS_QUERY = "reports/reused-terms"
# IRI -> language -> label: wording of reused terms from outside the ontology (the web pages').
Labels = Mapping[str, Mapping[str, str]]
RELATIONS: tuple[tuple[str, URIRef], ...] = (
    ("Subclass of", RDFS.subClassOf),
    ("Subproperty of", RDFS.subPropertyOf),
    ("Domain", RDFS.domain),
    ("Range", RDFS.range),
    ("Inverse of", OWL.inverseOf),
    ("Exact match", SKOS.exactMatch),
    ("Close match", SKOS.closeMatch),
    ("Broader match", SKOS.broadMatch),
    ("Narrower match", SKOS.narrowMatch),
)


@dataclass(frozen=True)
class Link:
    """A term shown in a relation: an anchor within the page or a compact IRI."""

    text: str
    local: str | None


@dataclass(frozen=True)
class Term:
    """One class or property as the page shows it."""

    iri: str
    name: str
    label_en: str
    label_zh: str
    definition: str
    relations: list[tuple[str, list[Link]]]


@dataclass(frozen=True)
class ReusedTerm:
    """A class or property of another vocabulary as the graph uses it."""

    iri: str
    kind: str  # "class" or "property"
    uses: int  # entities of the class, triples of the property
    narrower: tuple[str, ...]  # ic2kg terms declared below it


@dataclass(frozen=True)
class ReusedRow:
    """One reused term as the page shows it."""

    iri: str
    curie: str
    kind: str
    uses: int
    label_en: str
    label_zh: str
    definition: str
    narrower: list[Link]


def reused_terms(store: Store) -> list[ReusedTerm]:
    """The terms of other vocabularies that the graph in ``store`` uses or the ontology extends,
    by queries/reports/reused-terms.rq: classes first, each kind most used first."""
    from ic2kg.queries import load_query

    result = store.select(load_query(REUSED_TERMS_QUERY).sparql)
    terms = []
    for row in result.rows:
        narrower = str(row.get("narrowerTerms") or "").split()
        terms.append(
            ReusedTerm(
                iri=str(row["term"]),
                kind=str(row["kind"]),
                uses=int(str(row["uses"])),
                narrower=tuple(sorted(narrower)),
            )
        )
    return terms


def _reused_rows(graph: Graph, terms: Sequence[ReusedTerm], labels: Labels) -> list[ReusedRow]:
    rows = []
    for term in terms:
        iri = URIRef(term.iri)
        worded = labels.get(term.iri, {})
        definition = next(iter(graph.objects(iri, SKOS.definition)), None) or next(
            iter(graph.objects(iri, RDFS.comment)), ""
        )
        rows.append(
            ReusedRow(
                iri=term.iri,
                curie=_compact(iri).text,
                kind=term.kind,
                uses=term.uses,
                label_en=_label(graph, iri, "en") or worded.get("en", ""),
                label_zh=_label(graph, iri, "zh") or worded.get("zh", ""),
                definition=str(definition),
                narrower=[_compact(URIRef(n)) for n in term.narrower],
            )
        )
    return rows


def _label(graph: Graph, term: URIRef, lang: str) -> str:
    for value in graph.objects(term, RDFS.label):
        if getattr(value, "language", None) == lang:
            return str(value)
    return ""


def _compact(iri: URIRef) -> Link:
    """The term as a CURIE; ic2kg's own terms link to their entry on the page."""
    text = curie(str(iri))
    if text is None:  # an external vocabulary: the full prefix map loads the Bioregistry
        from ic2kg.link import converter

        text = curie(str(iri), fallback=converter()) or str(iri)
    return Link(text, local_name(str(iri)) if text.startswith("ic2kg:") else None)


def _terms(graph: Graph, kind: URIRef) -> list[Term]:
    terms = []
    for term in sorted(s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)):
        if not str(term).startswith(str(IC2KG)):
            continue
        relations = []
        for name, predicate in RELATIONS:
            values = sorted(o for o in graph.objects(term, predicate) if isinstance(o, URIRef))
            if values:
                relations.append((name, [_compact(v) for v in values]))
        definition = next(iter(graph.objects(term, SKOS.definition)), "")
        terms.append(
            Term(
                iri=str(term),
                name=local_name(str(term)),
                label_en=_label(graph, term, "en"),
                label_zh=_label(graph, term, "zh"),
                definition=str(definition),
                relations=relations,
            )
        )
    return terms


def render(
    ontology: Path = paths.ONTOLOGY_EDIT,
    *,
    with_mappings: bool = True,
    reused: Sequence[ReusedTerm] | None = None,
    labels: Labels | None = None,
) -> str:
    """The documentation page of ``ontology``, with the SSSOM alignments of its terms.

    :param reused: the reused terms to list (from :func:`reused_terms`); None leaves the
        section out (no graph at hand).
    :param labels: labels of reused terms that the ontology does not declare, by IRI and language.
    """
    graph = Graph().parse(ontology)
    if with_mappings:
        from ic2kg.mappings import ONTOLOGY_MAPPINGS, read_table, table_graph

        if ONTOLOGY_MAPPINGS.exists():
            graph += table_graph(read_table(ONTOLOGY_MAPPINGS))
    iri = URIRef(ONTOLOGY_IRI)
    environment = Environment(autoescape=select_autoescape(default=True))
    template_text = resources.files("ic2kg").joinpath("templates/ontology.html").read_text("utf-8")
    template = environment.from_string(template_text)
    return template.render(
        iri=ONTOLOGY_IRI,
        namespace=str(IC2KG),
        title_en=_text(graph, iri, DCTERMS.title, "en"),
        title_zh=_text(graph, iri, DCTERMS.title, "zh"),
        description=_text(graph, iri, DCTERMS.description, "en"),
        version=str(next(iter(graph.objects(iri, OWL.versionInfo)), "")),
        license=str(next(iter(graph.objects(iri, DCTERMS.license)), "")),
        classes=_terms(graph, OWL.Class),
        object_properties=_terms(graph, OWL.ObjectProperty),
        datatype_properties=_terms(graph, OWL.DatatypeProperty),
        reused=None if reused is None else _reused_rows(graph, reused, labels or {}),
    )


def _text(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> str:
    for value in graph.objects(subject, predicate):
        if getattr(value, "language", None) == lang:
            return str(value)
    return ""


@lru_cache(maxsize=1)
def ontology_html() -> str:
    """The ontology page without the reused terms (no graph needed), rendered once per process."""
    return render()


def write_docs(output: Path | None = None, store: Store | None = None) -> Path:
    """Write ``ontology.html`` into ``output`` (default dist/docs/) and return its path.

    :param store: the graph whose reused terms the page lists (default: the graph built from
        the repository).
    """
    if store is None:
        from ic2kg.build import build
        from ic2kg.store import EmbeddedStore

        store = EmbeddedStore()
        build(store)
    folder = output or DEFAULT_OUTPUT
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "ontology.html"
    target.write_text(render(reused=reused_terms(store)), encoding="utf-8")
    return target
