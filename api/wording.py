"""How the web pages word the vocabulary in English and Chinese: relations read both ways,
classes and identifier registries, from ontology/ic2kg.ttl and api/static/web/i18n/relations.ttl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import OWL, RDFS

from ic2kg import paths
from ic2kg.namespaces import IC2KG

RELATIONS_FILE = Path(__file__).resolve().parent / "static" / "web" / "i18n" / "relations.ttl"
Labels = dict[str, dict[str, str]]  # IRI -> language -> label


def _words(iri: str) -> str:
    """A readable fallback from a local name: ``participantCount`` -> ``participant count``."""
    local = re.split(r"[/#]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).replace("_", " ").lower()


def _pick(labels: dict[str, str] | None, lang: str) -> str | None:
    if not labels:
        return None
    return labels.get(lang) or labels.get("en") or next(iter(labels.values()))


@dataclass(frozen=True)
class Wording:
    """Labels of properties (each way), classes and identifier properties, per language."""

    forward: Labels
    inverse: Labels
    identifiers: Labels  # the sub-properties of ic2kg:identifier

    def out(self, prop: str, lang: str) -> str:
        """The relation as read from the subject ("funded by")."""
        return _pick(self.forward.get(prop), lang) or _words(prop)

    def back(self, prop: str, lang: str) -> str:
        """The relation as read from the object ("funds", for funded by)."""
        found = _pick(self.inverse.get(prop), lang)
        if found:
            return found
        forward = self.out(prop, lang)
        # A plain reading for a property no one has worded backwards yet.
        return f"以此为{forward}" if lang == "zh" else f"has this as {forward}"

    def term(self, iri: str, lang: str) -> str:
        """The label of an ontology class or property."""
        return _pick(self.forward.get(iri), lang) or _words(iri)

    def identifier(self, prop: str, lang: str) -> str | None:
        """The registry name of an identifier property, None for other properties."""
        if prop not in self.identifiers:
            return None
        from ic2kg.link import identifier_labels

        return identifier_labels(lang).get(URIRef(prop)) or _pick(self.identifiers[prop], lang)


def _labels(graph: Graph, subject: URIRef | BNode) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in graph.objects(subject, RDFS.label):
        if isinstance(value, RDFLiteral):
            found.setdefault((value.language or "").split("-")[0], str(value))
    return found


@lru_cache(maxsize=1)
def wording() -> Wording:
    """The wording of the repository's ontology and relations file, read once."""
    graph = Graph().parse(paths.ONTOLOGY_EDIT, format="turtle")
    graph.parse(RELATIONS_FILE, format="turtle")
    forward: Labels = {}
    for subject in set(graph.subjects(RDFS.label)):
        if isinstance(subject, URIRef):
            forward[str(subject)] = _labels(graph, subject)
    inverse: Labels = {}
    for one, other in graph.subject_objects(OWL.inverseOf):
        # A named inverse in the ontology reads both ways; an anonymous one only backwards.
        if isinstance(other, URIRef) and isinstance(one, URIRef | BNode):
            inverse.setdefault(str(other), _labels(graph, one))
        if isinstance(one, URIRef) and isinstance(other, URIRef):
            inverse.setdefault(str(one), _labels(graph, other))
    identifiers = {
        str(prop): forward.get(str(prop), {})
        for prop in graph.transitive_subjects(RDFS.subPropertyOf, IC2KG.identifier)
        if isinstance(prop, URIRef) and prop != IC2KG.identifier
    }
    return Wording(forward, inverse, identifiers)
