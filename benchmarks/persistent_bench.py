"""The persistent-store benchmark: a large synthetic graph bulk-loaded into an embedded store on
disk, in a fresh process so that its peak RSS is its own (`make bench` runs it at 10M)."""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generator import generate
from benchmarks.timing import PAGE, example_call, fmt_seconds, median_time
from ic2kg.queries import list_queries, prepare
from ic2kg.store import EmbeddedStore


@dataclass
class PersistentResult:
    """A large graph bulk-loaded into a persistent embedded store, in a fresh process."""

    size: int
    triples: int
    generate: float
    load: float
    rules: float
    queries: dict[str, float]
    peak_rss_mb: float
    disk_mb: float


def _rules_as_updates() -> list[str]:
    """The build rules as SPARQL Update (INSERT instead of CONSTRUCT), for stores too big to
    copy derived triples through rdflib. Only our own rule files are rewritten."""
    from ic2kg.build import rule_files
    from ic2kg.sparql.text import where_group_start

    updates = []
    for rule in rule_files():
        text = rule.read_text(encoding="utf-8")
        where_group_start(text)  # a rule without a WHERE group would be a bug
        keyword = text.index("CONSTRUCT")
        updates.append(text[:keyword] + "INSERT" + text[keyword + len("CONSTRUCT") :])
    return updates


def _persistent_child(size: int, folder: str, queue: mp.Queue[PersistentResult]) -> None:
    import pyoxigraph as ox

    from ic2kg.build import source_files
    from ic2kg.mappings import mapping_graph

    start = time.perf_counter()
    data = Path(folder) / "data.nt"
    triples = 0
    with data.open("w", encoding="utf-8") as out:
        for record in generate(size):
            out.write("\n".join(record) + "\n")
            triples += len(record)
    generated = time.perf_counter() - start
    store = EmbeddedStore(Path(folder) / "store")
    start = time.perf_counter()
    store.oxigraph.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    for path in source_files():  # the curated graph, so that the example calls find their entities
        store.load_file(path)
    store.add_graph(mapping_graph())
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(2):  # the rules feed each other; two rounds reach the fixed point here
        for update in _rules_as_updates():
            store.oxigraph.update(update)
    rules = time.perf_counter() - start
    data.unlink()
    timings = {}
    for name in ("cq-11-entity-by-identifier", "cq-06-network-member-countries",
                 "cq-02-priorities-of-activity"):  # fmt: skip
        spec = next(s for s in list_queries() if s.name == name)
        params, lang = example_call(spec)
        text = prepare(spec, params, limit=PAGE, lang=lang)
        timings[name] = median_time(lambda t=text: store.query(t), 3)  # type: ignore[misc]
    disk = sum(f.stat().st_size for f in (Path(folder) / "store").rglob("*") if f.is_file())
    queue.put(
        PersistentResult(
            size,
            len(store.oxigraph),
            generated,
            loaded,
            rules,
            timings,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            disk / 1024 / 1024,
        )
    )


def run_persistent(size: int, folder: Path) -> PersistentResult:
    """Generate, bulk-load and query ``size`` triples in a persistent store, in a fresh child
    process so that its peak RSS is its own."""
    context = mp.get_context("spawn")
    queue: mp.Queue[PersistentResult] = context.Queue()
    child = context.Process(target=_persistent_child, args=(size, str(folder), queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def report_persistent(results: list[PersistentResult]) -> list[str]:
    """The persistent-store section of RESULTS.md."""
    if not results:
        return []
    lines = [
        "",
        "## Persistent embedded store (bulk load, fresh process)",
        "",
        "Generated to an N-Triples file, bulk-loaded into `EmbeddedStore(path)`, rules applied as",
        f"SPARQL Update; query times: medians of 3 runs of the example call, first {PAGE} rows.",
        "",
        "| triples | generate | bulk load | rules | peak RSS | on disk | queries |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        queries = "; ".join(f"{name} {fmt_seconds(t, 0)}" for name, t in r.queries.items())
        lines.append(
            f"| {r.triples:,} | {r.generate:.0f} s | {r.load:.0f} s | {r.rules:.0f} s"
            f" | {r.peak_rss_mb:,.0f} MB | {r.disk_mb:,.0f} MB | {queries} |"
        )
    return lines
