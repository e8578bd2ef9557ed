"""Check data against the SHACL shapes and report the results in a readable form.

The fast path is pyshacl-turbo (Rust) on an Oxigraph store; pySHACL is the reference and the
fallback when the shapes use something the fast path is not checked on (ic2kg.shacl_engines).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ic2kg import formats, paths
from ic2kg.errors import DataLoadError
from ic2kg.namespaces import bind_prefixes, curie
from ic2kg.shacl_engines import (
    Engine,
    TurboReport,
    pyshacl_report,
    report_graph,
    report_triples,
    resolve,
    shape_groups,
    turbo_report,
)

if TYPE_CHECKING:
    import pyoxigraph as ox


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result."""

    severity: str
    focus: str
    path: str
    message: str
    shape: str
    value: str

    def as_dict(self) -> dict[str, str]:
        """A JSON-friendly view."""
        return {
            "severity": self.severity,
            "focus": self.focus,
            "path": self.path,
            "message": self.message,
            "shape": self.shape,
            "value": self.value,
        }


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of a validation: conforms means no sh:Violation (warnings allowed)."""

    conforms: bool
    findings: tuple[Finding, ...]
    #: The engine that ran ("turbo" or "pyshacl") and why "auto" fell back to pySHACL.
    engine: str = ""
    fallback: tuple[str, ...] = ()
    #: The engine's report: pySHACL's rdflib graph or pyshacl-turbo's own, read into
    #: a graph only when :attr:`report` is asked for (most callers want the findings only).
    raw_report: Graph | TurboReport = ""

    @classmethod
    def of(cls, findings: Iterable[Finding], engine: str = "") -> ValidationResult:
        """A result from findings alone (batched validation), with an empty report graph."""
        found = tuple(findings)
        return cls(all(f.severity != "Violation" for f in found), found, engine)

    @classmethod
    def from_report(
        cls, report: Graph | TurboReport, engine: str, fallback: Iterable[str] = ()
    ) -> ValidationResult:
        """A result from an engine's report (graph or :func:`turbo_report` text)."""
        found = tuple(_findings(report))
        conforms = all(f.severity != "Violation" for f in found)
        return cls(conforms, found, engine, tuple(fallback), report)

    @cached_property
    def report(self) -> Graph:
        """The report as an rdflib graph (empty for findings from batches or shape groups)."""
        return report_graph(self.raw_report)

    @property
    def violations(self) -> list[Finding]:
        """Findings of severity Violation."""
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        """Findings of severity Warning or Info."""
        return [f for f in self.findings if f.severity != "Violation"]

    def text(self, *, max_per_shape: int | None = 20) -> str:
        """A summary: one line per shape and message with its count and the kinds of entity it
        is about, then a few examples of each (``max_per_shape``; None lists every finding)."""
        if not self.findings:
            return "Conforms: no violations, no warnings."
        lines = [
            f"{'Conforms' if self.conforms else 'Does not conform'}: "
            f"{len(self.violations):,} violation(s), {len(self.warnings):,} warning(s)."
        ]
        groups: dict[tuple[str, str, str], list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault((finding.severity, finding.shape, finding.message), []).append(
                finding
            )
        order = sorted(groups, key=lambda key: (key[0] != "Violation", -len(groups[key]), key[1]))
        lines.append("")
        width = max(len(f"{len(members):,}") for members in groups.values())
        for severity, shape, message in order:
            members = groups[(severity, shape, message)]
            lines.append(f"{len(members):>{width},} {severity:<9} {shape}: {message}")
            kinds = Counter(focus_kind(f.focus) for f in members)
            if len(members) > 1 and len(kinds) > 1:
                top = ", ".join(f"{kind} {count:,}" for kind, count in kinds.most_common(4))
                more = f", {len(kinds) - 4} more kinds" if len(kinds) > 4 else ""
                lines.append(f"{'':>{width}} {'':<9} by kind: {top}{more}")
        if max_per_shape == 0:
            return "\n".join(lines)
        cut = False
        for severity, shape, message in order:
            members = groups[(severity, shape, message)]
            shown = members if max_per_shape is None else members[:max_per_shape]
            lines.append(f"\n[{severity}] {shape}: {message} ({len(members):,})")
            for finding in shown:
                value = f" value={finding.value}" if finding.value else ""
                lines.append(f"  - {finding.focus} {finding.path}{value}")
            if len(members) > len(shown):
                cut = True
                lines.append(f"  ... and {len(members) - len(shown):,} more")
        if cut:
            lines.append(
                "\nExamples only: `ic2kg validate --verbose` lists every finding, "
                "`--format json` gives them to tools."
            )
        return "\n".join(lines)


def focus_kind(focus: str) -> str:
    """The kind of entity a focus node is, from its IRI: "org-cordis" for kg:org-cordis-acme-de,
    "org" for kg:org-csic, "country" for kg:country-ES."""
    local = focus.removeprefix("kg:").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    parts = local.split("-")
    if len(parts) > 2 and parts[1] in ("cordis", "ror", "fairsharing", "ga4gh", "fhir"):
        return "-".join(parts[:2])
    return parts[0]


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes, parsed once."""
    return Graph().parse(paths.SHAPES, format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology, parsed once; pyshacl mixes it in so subclasses meet their shapes."""
    return Graph().parse(paths.ONTOLOGY_EDIT, format="turtle")


def parse_files(files: Iterable[Path]) -> Graph:
    """Parse RDF files into one rdflib graph; a bad file raises DataLoadError naming it."""
    graph = bind_prefixes(Graph())
    for path in files:
        try:
            graph.parse(path, format=_format(path).rdflib)
        except Exception as error:  # rdflib raises several unrelated types for bad syntax
            raise DataLoadError(_clean(error), where=str(path)) from error
    return graph


def load_store(files: Iterable[Path]) -> ox.Store:
    """Load RDF files into one in-memory Oxigraph store (each file's blank nodes its own, as
    :func:`parse_files` keeps them); a bad file raises DataLoadError naming it and the line."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in files:
        try:
            store.load(path=str(path), format=_format(path).rdf_format)
        except (SyntaxError, ValueError) as error:
            raise DataLoadError(_clean(error), where=str(path)) from error
        except OSError as error:
            raise DataLoadError(str(error), where=str(path), hint="is it readable?") from error
    return store


def validate_graph(data: Graph, *, engine: Engine = "auto") -> ValidationResult:
    """Validate an rdflib graph against the shapes (the ontology mixed in for rdfs:subClassOf)."""
    chosen, fallback = resolve(engine, shapes_graph())
    report: Graph | TurboReport
    if chosen == "pyshacl":
        report = pyshacl_report(data, shapes_graph(), ontology_graph())
    else:
        report = turbo_report(data + ontology_graph(), shapes_graph())
    return ValidationResult.from_report(report, chosen, fallback)


def validate_files(
    files: Iterable[Path], *, engine: Engine = "auto", workers: int = 1
) -> ValidationResult:
    """Validate RDF files against the shapes, the ontology added unless among them.

    The fast path reads them into an Oxigraph store and never builds an rdflib graph of the
    data (at a million triples rdflib alone takes about a minute and gigabytes). With
    ``workers`` > 1 it splits the node shapes into groups of about equal work, validated in
    forked processes (the store is shared, not copied): the same findings, but no report
    graph (``report`` is empty), as with :func:`validate_in_batches`.
    """
    chosen_files = list(files)
    chosen, fallback = resolve(engine, shapes_graph())
    if chosen == "pyshacl":
        return replace(
            validate_graph(parse_files(chosen_files), engine="pyshacl"), fallback=tuple(fallback)
        )
    if paths.ONTOLOGY_EDIT.resolve() not in {p.resolve() for p in chosen_files}:
        chosen_files.append(paths.ONTOLOGY_EDIT)
    store = load_store(chosen_files)
    if workers <= 1:
        return ValidationResult.from_report(turbo_report(store, shapes_graph()), chosen)
    global _SHAPE_STORE
    groups = shape_groups(store, shapes_graph(), ontology_graph(), workers)
    _parents_by_message(shapes_graph())  # worked out once, before forking
    _SHAPE_STORE = store
    try:
        with mp.get_context("fork").Pool(min(workers, len(groups))) as pool:
            found = [f for part in pool.imap_unordered(_validate_shapes, groups) for f in part]
    finally:
        _SHAPE_STORE = None
    found.sort(key=_order)
    return ValidationResult.of(found, chosen)


# The store that shape-group workers validate, set before forking.
_SHAPE_STORE: ox.Store | None = None


def _validate_shapes(group: list[str]) -> list[Finding]:
    assert _SHAPE_STORE is not None  # noqa: S101 - set before forking
    return _findings(turbo_report(_SHAPE_STORE, shapes_graph(), use_shapes=group))


def batch_graph(data: Graph, subjects: Iterable[URIRef]) -> tuple[Graph, set[Node]]:
    """What the shapes look at for ``subjects``: their triples with their blank nodes
    (participations, priority links), the rdf:type of every IRI they point to (for sh:class),
    the triples reaching them by the shapes' sh:inversePath predicates with those subjects'
    types, and the ontology (for rdfs:subClassOf). Also the nodes whose every triple is there
    (the subjects and their blank nodes): the batch speaks for those only."""
    batch = Graph()
    for triple in ontology_graph():
        batch.add(triple)
    todo: list[URIRef | BNode] = []
    for subject in subjects:
        todo.append(subject)
        for predicate in _inverse_paths():
            for other in data.subjects(predicate, subject):
                batch.add((other, predicate, subject))
                for kind in data.objects(other, RDF.type):
                    batch.add((other, RDF.type, kind))
    seen: set[URIRef | BNode] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for _, prop, obj in data.triples((node, None, None)):
            batch.add((node, prop, obj))
            if isinstance(obj, BNode):
                todo.append(obj)
            elif isinstance(obj, URIRef):
                for kind in data.objects(obj, RDF.type):
                    batch.add((obj, RDF.type, kind))
    return batch, set(seen)


@lru_cache(maxsize=1)
def _inverse_paths() -> tuple[URIRef, ...]:
    shapes = shapes_graph()
    return tuple(sorted({p for p in shapes.objects(None, SH.inversePath) if isinstance(p, URIRef)}))


# The graph a batch worker reads and the engine it runs, set before forking (workers share
# them, nothing is pickled).
_BATCH_DATA: Graph | None = None
_BATCH_ENGINE: Engine = "auto"


def _validate_batch(subjects: list[URIRef]) -> list[Finding]:
    """Findings about ``subjects`` and their blank nodes: a node seen here only as the type of
    a referenced IRI or by an inverse path is validated in its own batch."""
    assert _BATCH_DATA is not None  # noqa: S101 - set before forking
    graph, members = batch_graph(_BATCH_DATA, subjects)  # the ontology is in it already
    report: Graph | TurboReport
    if _BATCH_ENGINE == "pyshacl":
        report = pyshacl_report(graph, shapes_graph(), None)
    else:
        report = turbo_report(graph, shapes_graph())
    return _findings(report, members)


def entities(data: Graph, namespace: str) -> list[URIRef]:
    """The IRIs of ``namespace`` that are subjects in ``data``, sorted: what batches validate."""
    return sorted({s for s in data.subjects() if isinstance(s, URIRef) and s.startswith(namespace)})


def validate_in_batches(
    data: Graph,
    namespace: str,
    *,
    batch_size: int = 1_000,
    workers: int = 1,
    on_batch: Callable[[int], None] | None = None,
    engine: Engine = "auto",
) -> list[Finding]:
    """Validate the IRIs of ``namespace`` in ``data`` a batch at a time, each batch on the small
    graph :func:`batch_graph` makes, in ``workers`` forked processes.

    pySHACL on a whole graph of a million triples (even with focus_nodes=) grows faster than
    the graph; batches grow with it, and bound the engine's memory on any engine (the data
    stays in one rdflib graph, though: :func:`validate_files` is the fast path). The findings
    are those of :func:`validate_graph` as long as no constraint looks further than
    :func:`batch_graph` takes (none in shapes.ttl; the tests compare both on the curated
    graph). ``on_batch`` gets the size of each finished batch; ``engine`` is resolved as
    :func:`validate_graph` does.
    """
    global _BATCH_DATA, _BATCH_ENGINE
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    _BATCH_ENGINE = resolve(engine, shapes_graph())[0]
    nodes = entities(data, namespace)
    batches = [nodes[i : i + batch_size] for i in range(0, len(nodes), batch_size)]
    shapes_graph(), ontology_graph(), _inverse_paths()  # parsed once, before forking
    _BATCH_DATA = data
    found: list[Finding] = []
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            for batch, findings in zip(batches, pool.imap(_validate_batch, batches), strict=True):
                found.extend(findings)
                if on_batch:
                    on_batch(len(batch))
    finally:
        _BATCH_DATA = None
    found.sort(key=_order)
    return found


def _findings(report: Graph | TurboReport, focus: set[Node] | None = None) -> list[Finding]:
    """The results of a report, an rdflib graph or :func:`turbo_report` text (only those about
    a node of ``focus`` when given).

    Only the report's own sh:result nodes: pySHACL also types the sh:detail results nested in
    an sh:node failure as sh:ValidationResult, and the node they are about is reported in its
    own right when a shape targets it (the amount of a programme by MonetaryAmountShape).
    The triples are read once into a subject index: at a million triples there are 70,000
    results.
    """
    by_subject: dict[Node, list[tuple[Node, Node]]] = {}
    results: list[Node] = []
    result_predicate = SH.result
    with _collector_paused():
        for subject, predicate, value in (
            report if isinstance(report, Graph) else report_triples(report)
        ):
            by_subject.setdefault(subject, []).append((predicate, value))
            if predicate == result_predicate:
                results.append(value)
    parents = _parents_by_message(shapes_graph())
    # A property shape's results all have its path: a complex path (a blank node, copied into
    # each result) is spelled out once per source shape, not once per result.
    complex_paths: dict[Node | None, str] = {}
    found = []
    for result in results:
        fields: dict[Node, Node] = {}
        messages: list[Literal] = []
        for predicate, value in by_subject.get(result, ()):
            if predicate == SH.resultMessage:
                if isinstance(value, Literal):
                    messages.append(value)
            else:
                fields[predicate] = value
        if focus is not None and fields.get(SH.focusNode) not in focus:
            continue
        severity = fields.get(SH.resultSeverity)
        shape = fields.get(SH.sourceShape)
        message = _message(messages)
        parent = parents.get(message) if isinstance(shape, BNode) and message else None
        path = fields.get(SH.resultPath)
        if isinstance(path, BNode):
            if shape not in complex_paths:
                complex_paths[shape] = _path(by_subject, path)
            path_text = complex_paths[shape]
        else:
            path_text = _short(path)
        found.append(
            Finding(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=_short(fields.get(SH.focusNode)),
                path=path_text,
                message=str(message or ""),
                shape=_short(parent if parent is not None else shape),
                value=_short(fields.get(SH.value)),
            )
        )
    found.sort(key=_order)
    return found


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: the report index is hundreds of thousands of
    small tuples, none in a cycle, which the collector would otherwise walk again and again
    (reading the 54,729 results of a million-triple graph: 6.2-8.6 s with it, 5.0-5.4 s
    without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _order(finding: Finding) -> tuple[bool, str, str, str, str, str]:
    """Violations first, then by shape and focus; value and message make the order total, so
    that engines listing the same findings in another order print the same report."""
    f = finding
    return (f.severity != "Violation", f.shape, f.focus, f.path, f.value, f.message)


def _message(messages: list[Literal]) -> Literal | None:
    """The English message when a shape gives several languages (engines list them in any
    order), else the first in sorted order."""
    ordered = sorted(messages)
    english = [m for m in ordered if m.language == "en"]
    chosen = english or ordered
    return chosen[0] if chosen else None


@lru_cache(maxsize=4)
def _parents_by_message(shapes: Graph) -> dict[Node, URIRef]:
    """The node shape holding each anonymous property shape, by the property shape's message
    (unique in shapes.ttl): reports name the anonymous shape by a blank node only."""
    parents: dict[Node, URIRef] = {}
    for parent, candidate in shapes.subject_objects(SH.property):
        if isinstance(parent, URIRef):
            for message in shapes.objects(candidate, SH.message):
                parents.setdefault(message, parent)
    return parents


def _path(by_subject: dict[Node, list[tuple[Node, Node]]], node: Node) -> str:
    """A SHACL path in SPARQL property-path notation (^inverse, a|b alternatives)."""

    def value(subject: Node, predicate: Node) -> Node | None:
        return next((o for p, o in by_subject.get(subject, ()) if p == predicate), None)

    if isinstance(node, BNode):
        inverse = value(node, SH.inversePath)
        if inverse is not None:
            return f"^{_path(by_subject, inverse)}"
        alternatives = value(node, SH.alternativePath)
        items = []
        while alternatives is not None and alternatives != RDF.nil:
            first = value(alternatives, RDF.first)
            if first is not None:
                items.append(_path(by_subject, first))
            alternatives = value(alternatives, RDF.rest)
        if items:
            return "|".join(items)
    return _short(node)


def _short(term: object) -> str:
    if term is None or isinstance(term, BNode):
        return ""
    return _short_term(term)


@lru_cache(maxsize=100_000)
def _short_term(term: object) -> str:
    """A prefixed name or quoted literal (cached: reports repeat paths, shapes, values)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term)) or f"<{term}>"
    if isinstance(term, Literal):
        return repr(str(term)) if not term.language else f"{str(term)!r}@{term.language}"
    return str(term)


def _format(path: Path) -> formats.Format:
    """The RDF format of a file by its suffix (a DataLoadError naming the file otherwise)."""
    try:
        return formats.for_suffix(path.suffix)
    except DataLoadError as error:
        raise DataLoadError(error.message, where=str(path), hint=error.hint) from error


def _clean(error: Exception) -> str:
    """rdflib's BadSyntax text without its repeated file name."""
    return " ".join(str(error).split())
