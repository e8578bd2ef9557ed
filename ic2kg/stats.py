"""The graph's own statistics: triples, entities per class, labels, identifiers and sources."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ic2kg.namespaces import KG, local_name
from ic2kg.queries import load_query
from ic2kg.store import Store

UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class GraphStats:
    """Counts a person checks first after a build."""

    triples: int
    classes: dict[str, int]
    entities: int  # typed subjects under https://w3id.org/ic2kg/id/, as VoID's void:entities
    labelled_entities: int  # of those, the ones with an English label (coverage's denominator)
    with_chinese_label: int
    with_external_identifier: int
    sources_by_kind: dict[str, int]
    weakly_sourced_entities: int
    chinese_labels_published: int
    chinese_labels_translated: int


def _kind_name(kind: object | None) -> str:
    """``kg:kind-own-site`` -> ``own-site``; a URL no site of graph/source-domains.ttl covers."""
    text = str(kind) if kind is not None else ""
    prefix = str(KG) + "kind-"
    return text[len(prefix) :] if text.startswith(prefix) else UNCLASSIFIED


def sources_by_kind(store: Store) -> dict[str, int]:
    """How many distinct cited URLs fall in each kind of source (issue 14)."""
    rows = store.select(load_query("reports/cited-sources").sparql).rows
    counts = Counter(_kind_name(row.get("kind")) for row in rows)
    return dict(sorted(counts.items()))


def graph_stats(store: Store) -> GraphStats:
    """Compute the statistics with the report queries."""
    classes = {
        local_name(str(row["class"])): int(row["count"])
        for row in store.select(load_query("reports/class-counts").sparql).rows
    }
    coverage = store.select(load_query("reports/label-and-identifier-coverage").sparql).rows[0]
    void = store.select(load_query("void/statistics").sparql).rows[0]
    weak = store.select(load_query("reports/weakly-sourced-entities").sparql).rows
    chinese = store.select(load_query("reports/chinese-labels").sparql).rows[0]
    return GraphStats(
        triples=store.triple_count(),
        classes=classes,
        entities=int(void["entities"]),
        labelled_entities=int(coverage["entities"]),
        with_chinese_label=int(coverage["withChineseLabel"]),
        with_external_identifier=int(coverage["withExternalIdentifier"]),
        sources_by_kind=sources_by_kind(store),
        weakly_sourced_entities=len(weak),
        chinese_labels_published=int(chinese["publishedLabels"]),
        chinese_labels_translated=int(chinese["translatedLabels"]),
    )
