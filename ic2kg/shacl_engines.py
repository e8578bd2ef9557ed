"""The SHACL engines behind ic2kg.validate: pyshacl-turbo (Rust) is the fast path, pySHACL the
reference and the fallback for shapes the fast path has not been shown to handle alike.

The fast path is taken only when the shapes use nothing but the SHACL terms in
:data:`FAST_PATH_TERMS` (each covered by the differential tests, tests/test_shacl_engines.py, on
the shape fixtures, the curated graph, synthetic graphs with planted violations and
tests/resources/shacl_features/) and every shape that can be a result's source has its own
sh:message (pyshacl-turbo words some default messages differently from pySHACL). Anything else,
such as SHACL-JS (pyshacl-turbo refuses it), SHACL rules (sh:rule) or custom constraint
components, goes to pySHACL: :func:`fast_path_blockers` names the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from ic2kg.errors import Ic2kgError

if TYPE_CHECKING:
    import pyoxigraph as ox

#: Engines a caller can ask for; "auto" takes the fast path unless the shapes block it.
Engine = Literal["auto", "turbo", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("auto", "turbo", "pyshacl")

_SHACL = str(SH)

#: What pyshacl-turbo's native engine reports: N-Quads text, or term records (kind, value,
#: datatype, language) and quads of record indices.
TurboReport = (
    str
    | tuple[list[tuple[int, str, str | None, str | None]], list[tuple[int, int, int, int | None]]]
)

#: The SHACL vocabulary the fast path is shown to report as pySHACL does (local names). The
#: differential tests cover every one: shapes.ttl uses the core ones; SPARQL-based constraints
#: and targets, sh:closed, sh:in, sh:xone etc. come from tests/resources/shacl_features/.
FAST_PATH_TERMS = frozenset(
    """
    NodeShape PropertyShape targetClass targetNode targetSubjectsOf targetObjectsOf target
    property path inversePath alternativePath zeroOrMorePath oneOrMorePath zeroOrOnePath
    class datatype nodeKind IRI BlankNode Literal BlankNodeOrIRI BlankNodeOrLiteral IRIOrLiteral
    minCount maxCount minInclusive maxInclusive minExclusive maxExclusive minLength maxLength
    pattern flags languageIn uniqueLang equals disjoint lessThan lessThanOrEquals
    not and or xone node qualifiedValueShape qualifiedMinCount qualifiedMaxCount
    qualifiedValueShapesDisjoint closed ignoredProperties hasValue in
    sparql select prefixes declare prefix namespace SPARQLConstraint SPARQLTarget
    severity message deactivated name description order group PropertyGroup
    Violation Warning Info
    """.split()
)

#: Parameters that make a node shape a result's source when it carries them itself.
_NODE_LEVEL_PARAMETERS = frozenset(
    SH[name]
    for name in """class datatype nodeKind minInclusive maxInclusive minExclusive maxExclusive
    minLength maxLength pattern languageIn equals disjoint lessThan lessThanOrEquals not and or
    xone node closed hasValue in""".split()
)


def fast_path_blockers(shapes: Graph) -> list[str]:
    """Why ``shapes`` cannot take the fast path (empty when it can), one reason a line.

    >>> fast_path_blockers(Graph())
    []
    """
    reasons: set[str] = set()
    for triple in shapes:
        for term in triple:
            if isinstance(term, URIRef) and term.startswith(_SHACL):
                name = term[len(_SHACL) :]
                if name not in FAST_PATH_TERMS:
                    reasons.add(f"uses sh:{name}, which the fast path is not checked on")
    for shape in _result_sources(shapes):
        if shapes.value(shape, SH.message) is None:
            label = shape.n3(shapes.namespace_manager) if isinstance(shape, URIRef) else "a shape"
            path = shapes.value(shape, SH.path)
            where = f" (sh:path {path.n3(shapes.namespace_manager)})" if path else ""
            reasons.add(f"{label}{where} has no sh:message: default messages differ by engine")
    return sorted(reasons)


def _result_sources(shapes: Graph) -> set[Node]:
    """Shapes whose failures are reported in their own name: property shapes of a node shape
    and node shapes that carry constraints themselves (not shapes nested in sh:or, sh:node,
    sh:qualifiedValueShape: their failures are reported by the shape that nests them)."""
    sources: set[Node] = set(shapes.objects(None, SH.property))
    sources.update(shapes.objects(None, SH.sparql))  # a SPARQL constraint words its own
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if any(shapes.value(shape, p) is not None for p in _NODE_LEVEL_PARAMETERS):
            sources.add(shape)
    return sources


def resolve(engine: Engine, shapes: Graph) -> tuple[Literal["turbo", "pyshacl"], list[str]]:
    """The engine to run for ``engine`` and the reasons "auto" fell back to pySHACL.

    Asking for "turbo" on shapes that block it raises Ic2kgError rather than give findings
    that may differ from the reference.
    """
    if engine == "pyshacl":
        return "pyshacl", []
    blockers = fast_path_blockers(shapes)
    if not blockers:
        return "turbo", []
    if engine == "turbo":
        raise Ic2kgError(
            "the fast SHACL path cannot take these shapes: " + "; ".join(blockers),
            where="engine 'turbo'",
            hint="use engine 'auto' (falls back to pySHACL) or 'pyshacl'",
        )
    return "pyshacl", blockers


@lru_cache(maxsize=4)
def _compiled(shapes: Graph) -> object:
    """Shapes compiled once per shapes graph (the native program is immutable, so reusable)."""
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes, advanced=True)  # type: ignore[no-untyped-call]


def turbo_report(
    data: Graph | ox.Store, shapes: Graph, use_shapes: list[str] | None = None
) -> TurboReport:
    """The SHACL report of pyshacl-turbo on ``data`` (which must already hold the ontology:
    rdfs:subClassOf is read from the data graph, as pySHACL reads its mixed-in ont_graph),
    for the node shapes ``use_shapes`` (IRIs) only when given, as its native engine writes it:
    N-Quads text for an Oxigraph store, term records for an rdflib graph
    (:func:`report_triples` reads both).

    This calls the engine below pyshacl-turbo's ``validate``, which decodes that text into an
    rdflib graph with rdflib's N-Triples parser: at 262,115 triples the decoding took 8 s of
    17, as long as the validation itself. The arguments are those ``CompiledShapes.validate``
    passes (pyshacl-turbo 0.6.5, pinned below 0.7); the differential tests compare what
    comes out with pySHACL's findings.
    """
    from pyshacl_turbo import _expand_names
    from pyshacl_turbo.rdf import input_graph

    program = _compiled(shapes)
    source = input_graph(data, direct=True)  # type: ignore[no-untyped-call]
    _, report, _, _, _ = program._native.validate(  # type: ignore[attr-defined]
        source.source,
        source.format,
        source.base,
        False,  # iterate_rules
        100,  # max_rule_iterations
        15,  # max_validation_depth
        False,  # inplace
        False,  # allow_infos
        True,  # allow_warnings
        False,  # abort_on_first
        [],  # focus_nodes
        _expand_names(program.graph, use_shapes),  # type: ignore[attr-defined,no-untyped-call]
        [(prefix, str(namespace)) for prefix, namespace in source.namespaces.items()],
    )
    if not isinstance(report, (str, tuple)):
        raise ValueError(f"pyshacl-turbo gave a report of type {type(report).__name__}")
    return report


def report_triples(report: TurboReport) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of a :func:`turbo_report` as rdflib terms (text read by Oxigraph's parser;
    literals keep their lexical form and blank nodes their labels, as pyshacl-turbo's own
    decoding keeps them)."""
    if isinstance(report, tuple):
        records, quads = report
        made = [_record_term(*record) for record in records]
        for s, p, o, _ in quads:
            yield made[s], made[p], made[o]
        return
    import pyoxigraph as ox

    terms: dict[object, Node] = {}
    for quad in ox.parse(report.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        triple = []
        for node in (quad.subject, quad.predicate, quad.object):
            known = terms.get(node)
            if known is None:
                if isinstance(node, ox.NamedNode):
                    known = _record_term(0, node.value)
                elif isinstance(node, ox.BlankNode):
                    known = _record_term(1, node.value)
                elif isinstance(node, ox.Literal):
                    datatype = None if node.language else node.datatype.value
                    known = _record_term(2, node.value, datatype, node.language)
                else:
                    raise ValueError(f"unexpected term in a SHACL report: {node}")
                terms[node] = known
            triple.append(known)
        yield triple[0], triple[1], triple[2]


def report_graph(report: Graph | TurboReport) -> Graph:
    """A report as an rdflib graph (a pySHACL report is one already)."""
    if isinstance(report, Graph):
        return report
    graph = Graph()
    for triple in report_triples(report):
        graph.add(triple)
    return graph


def _record_term(
    kind: int, value: str, datatype: str | None = None, language: str | None = None
) -> Node:
    """An rdflib term from pyshacl-turbo's term record (0 IRI, 1 blank node, 2 literal)."""
    if kind == 0:
        return URIRef(value)
    if kind == 1:
        return BNode(value)
    if kind == 2:
        typed = None if datatype is None or datatype == str(XSD.string) else URIRef(datatype)
        return RdfLiteral(value, lang=language, datatype=typed, normalize=False)
    raise ValueError(f"unknown term record kind {kind} in a SHACL report")


def shape_groups(store: ox.Store, shapes: Graph, ontology: Graph, groups: int) -> list[list[str]]:
    """The node shapes in ``groups`` lists of about equal work, work being the instances of a
    shape's target classes and their subclasses (other targets count one). Validating each
    group on its own gives the findings of the whole: every result comes from one node shape.
    """
    import pyoxigraph as ox

    rdf_type = ox.NamedNode(str(RDF.type))
    weights: dict[str, int] = {}
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not isinstance(shape, URIRef):
            continue
        weight = 1
        for target in shapes.objects(shape, SH.targetClass):
            classes = set(ontology.transitive_subjects(RDFS.subClassOf, target)) | {target}
            for kind in classes:
                if isinstance(kind, URIRef):
                    instances = store.quads_for_pattern(None, rdf_type, ox.NamedNode(str(kind)))
                    weight += sum(1 for _ in instances)
        weights[str(shape)] = weight
    bins: list[tuple[int, list[str]]] = [(0, []) for _ in range(max(groups, 1))]
    for name in sorted(weights, key=lambda n: (-weights[n], n)):
        index = min(range(len(bins)), key=lambda i: bins[i][0])
        bins[index] = (bins[index][0] + weights[name], [*bins[index][1], name])
    return [members for _, members in bins if members]


def pyshacl_report(data: Graph, shapes: Graph, ontology: Graph | None) -> Graph:
    """The SHACL report of pySHACL, the reference engine (``ontology`` mixed into the data)."""
    from pyshacl import validate

    _, report, _ = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    assert isinstance(report, Graph)  # noqa: S101 - pyshacl returns the graph unless serialising
    return report


#: One finding as the differential tests and the benchmark compare engines on it: focus node,
#: path (SPARQL notation, full IRIs), constraint component, severity (local names) and value.
#: Blank nodes keep their label; literals are "lexical" with @lang or ^^<datatype>.
Key = tuple[str, str, str, str, str]


def result_keys(report: Graph) -> Counter[Key]:
    """The findings of an rdflib SHACL report (its own sh:result nodes) as :data:`Key` s."""
    keys: Counter[Key] = Counter()
    for result in report.objects(None, SH.result):
        keys[
            (
                _term_key(report.value(result, SH.focusNode)),
                _path_key(report, report.value(result, SH.resultPath)),
                _local(report.value(result, SH.sourceConstraintComponent)),
                _local(report.value(result, SH.resultSeverity)),
                _term_key(report.value(result, SH.value)),
            )
        ] += 1
    return keys


def rudof_keys(data: Path, shapes: Path) -> Counter[Key]:
    """The findings of rudof (pyrudof, native mode) on N-Triples ``data`` (ontology included)
    as :data:`Key` s. rudof keeps the file's blank-node labels; it writes values in its own
    notation (prefixed datatypes, booleans bare), read back here."""
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(str(data), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(str(shapes), format=pyrudof.ShaclFormat.Turtle)
    keys: Counter[Key] = Counter()
    for entry in rudof.validate_shacl():
        keys[
            (
                entry.focus_node,
                _rudof_path(entry.path or ""),
                entry.constraint_component.rsplit("#", 1)[-1],
                entry.severity,
                _rudof_value(entry.value),
            )
        ] += 1
    return keys


_KNOWN_PREFIXES = {"xsd:": str(XSD), "rdf:": str(RDF)}


def _rudof_value(text: str | None) -> str:
    if text is None:
        return ""
    if text.startswith('"'):
        end = text.rindex('"')  # neither a language tag nor an IRI holds a quote
        lexical, suffix = text[1:end], text[end + 1 :]
        if suffix.startswith("^^"):
            datatype = suffix[2:]
            for prefix, namespace in _KNOWN_PREFIXES.items():
                if datatype.startswith(prefix):
                    datatype = namespace + datatype[len(prefix) :]
            return _literal_key(lexical, None, datatype.strip("<>"))
        return _literal_key(lexical, suffix[1:] or None, None)
    if text in ("true", "false"):
        return _literal_key(text, None, str(XSD.boolean))
    return text  # an IRI or a blank node label, as _term_key writes them


def _rudof_path(text: str) -> str:
    if text.startswith("^(") and text.endswith(")"):
        return "^" + _rudof_path(text[2:-1])
    if text.startswith("(") and text[-1] in "*+?" and text[-2] == ")":
        return f"({_rudof_path(text[1:-2])}){text[-1]}"
    if text.startswith("(") and text.endswith(")"):
        return "|".join(part.strip() for part in text[1:-1].split("|"))
    return text


def _term_key(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, RdfLiteral):
        datatype = str(term.datatype) if term.datatype else None
        return _literal_key(str(term), term.language, datatype)
    return str(term)


def _literal_key(lexical: str, language: str | None, datatype: str | None) -> str:
    if language:
        return f'"{lexical}"@{language.lower()}'
    if datatype and datatype != str(XSD.string):
        return f'"{lexical}"^^<{datatype}>'
    return f'"{lexical}"'


def _path_key(report: Graph, node: Node | None) -> str:
    if isinstance(node, BNode):
        inverse = report.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + _path_key(report, inverse)
        alternatives = report.value(node, SH.alternativePath)
        if alternatives is not None:
            return "|".join(_path_key(report, n) for n in Collection(report, alternatives))
        for predicate, mark in _REPEATS.items():
            repeated = report.value(node, predicate)
            if repeated is not None:
                return f"({_path_key(report, repeated)}){mark}"
    return "" if node is None else str(node)


_REPEATS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def _local(term: Node | None) -> str:
    return "" if term is None else str(term).rsplit("#", 1)[-1]
