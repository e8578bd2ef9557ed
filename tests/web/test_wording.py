"""How the pages word relations (api/wording.py): every relation an entity page of the curated
graph shows reads in English and Chinese, both ways."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from api.wording import wording
from ic2kg.namespaces import KG

# Shown as the page's kind and names, not as relations.
NOT_RELATIONS = {RDF.type, RDFS.label}


def test_every_relation_on_an_entity_page_is_worded_both_ways(curated_graph: Graph) -> None:
    words = wording()
    missing: set[tuple[str, str, str]] = set()
    for subject, predicate, value in curated_graph:
        if predicate in NOT_RELATIONS:
            continue
        wanted = []
        if isinstance(subject, URIRef) and subject.startswith(str(KG)):
            wanted.append(("forward", words.forward))
        if isinstance(value, URIRef) and value.startswith(str(KG)):
            wanted.append(("inverse", words.inverse))
        for way, table in wanted:
            missing |= {
                (way, str(predicate), lang)
                for lang in ("en", "zh")
                if lang not in table.get(str(predicate), {})
            }
    assert not missing, sorted(missing)
