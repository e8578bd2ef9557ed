"""The graph's own statistics: triples, entities per class, label and identifier coverage."""

from __future__ import annotations

from dataclasses import dataclass

from ic2kg.queries import load_query
from ic2kg.store import Store


@dataclass(frozen=True)
class GraphStats:
    """Counts a person checks first after a build."""

    triples: int
    classes: dict[str, int]
    entities: int
    with_chinese_label: int
    with_external_identifier: int


def graph_stats(store: Store) -> GraphStats:
    """Compute the statistics with the report queries."""
    classes = {
        str(row["class"]).rsplit("#", 1)[-1]: int(row["count"])
        for row in store.select(load_query("reports/class-counts").sparql).rows
    }
    coverage = store.select(load_query("reports/label-and-identifier-coverage").sparql).rows[0]
    return GraphStats(
        triples=store.triple_count(),
        classes=classes,
        entities=int(coverage["entities"]),
        with_chinese_label=int(coverage["withChineseLabel"]),
        with_external_identifier=int(coverage["withExternalIdentifier"]),
    )
