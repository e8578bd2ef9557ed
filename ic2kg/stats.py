"""The graph's own statistics: triples, entities per class, label and identifier coverage."""

from __future__ import annotations

from dataclasses import dataclass

from ic2kg import paths
from ic2kg.store import Store


@dataclass(frozen=True)
class GraphStats:
    """Counts a person checks first after a build."""

    triples: int
    classes: dict[str, int]
    entities: int
    with_chinese_label: int
    with_external_identifier: int


def _report(name: str) -> str:
    return (paths.QUERIES_DIR / "reports" / f"{name}.rq").read_text(encoding="utf-8")


def graph_stats(store: Store) -> GraphStats:
    """Compute the statistics with the report queries."""
    classes = {
        str(row["class"]).rsplit("#", 1)[-1]: int(row["count"])
        for row in store.select(_report("class-counts")).rows
    }
    coverage = store.select(_report("label-and-identifier-coverage")).rows[0]
    return GraphStats(
        triples=store.triple_count(),
        classes=classes,
        entities=int(coverage["entities"]),
        with_chinese_label=int(coverage["withChineseLabel"]),
        with_external_identifier=int(coverage["withExternalIdentifier"]),
    )
