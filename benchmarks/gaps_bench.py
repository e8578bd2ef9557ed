"""Timings of the gap analyses on synthetic graphs.

    python -m benchmarks.gaps_bench                 # 100k triples
    python -m benchmarks.gaps_bench 100000 1000000  # several sizes

The graph is about N triples from benchmarks/generator.py with the curated build over them
(ontology, graph/, SSSOM mappings, build rules): the curated entities are the queries'
examples. Each analysis runs once on a fresh snapshot, as a first CLI or API call does (the API
keeps its snapshot, so later calls reuse what the snapshot caches). `make bench`
(benchmarks/run.py) records the same timings through :func:`gaps_timings`. Results:
benchmarks/GAPS_RESULTS.md.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from benchmarks.generator import generate, load_records
from ic2kg.build import build
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.biobanks import biobank_pairs
from ic2kg.gaps.coverage import coverage
from ic2kg.gaps.network import network_roles
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.standards import standards_report
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore

TOP = 20


def build_store(size: int) -> EmbeddedStore:
    """About ``size`` generated triples, then the curated build (ontology, graph/, SSSOM
    mappings, rules to their fixed point) over them."""
    store = EmbeddedStore()
    load_records(store, generate(size))
    build(store)
    return store


def analyses(snapshot: Snapshot) -> dict[str, Callable[[], object]]:
    """The timed analyses, by name (top 20 rows, as in the report)."""
    return {
        "coverage": lambda: coverage(snapshot),
        "opportunities, funders (all pairs, top 20)": lambda: opportunities(
            snapshot, partner_kind="funder", top=TOP
        ),
        "opportunities, organisations (all pairs, top 20)": lambda: opportunities(
            snapshot, partner_kind="organisation", top=TOP
        ),
        "opportunities, Spain (top 20)": lambda: opportunities(
            snapshot, focus=str(KG["country-ES"]), top=TOP
        ),
        "opportunities, organisations as of 2018 (top 20)": lambda: opportunities(
            snapshot.as_of(2018), top=TOP
        ),
        "standards": lambda: standards_report(snapshot),
        "biobank pairs (top 20)": lambda: biobank_pairs(snapshot, top=TOP),
        "network roles": lambda: network_roles(snapshot),
    }


def gaps_timings(
    store: EmbeddedStore, size: int, *, say: Callable[[str], None] | None = None
) -> dict[str, float]:
    """Seconds taken by the snapshot and each gap analysis (a benchmarks.run hook)."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    snapshot = load_snapshot(store)
    timings["gaps: snapshot (SPARQL)"] = time.perf_counter() - start
    if say:
        say(f"  {'snapshot (SPARQL)':<50} {timings['gaps: snapshot (SPARQL)']:8.2f} s")
    for name, run in analyses(snapshot).items():
        start = time.perf_counter()
        run()
        timings[f"gaps: {name}"] = time.perf_counter() - start
        if say:
            say(f"  {name:<50} {timings[f'gaps: {name}']:8.2f} s")
    return timings


def main(sizes: list[int]) -> None:
    """Print the timings at each size."""
    for size in sizes:
        start = time.perf_counter()
        store = build_store(size)
        built = time.perf_counter() - start
        print(
            f"{store.triple_count():,} triples (about {size:,} generated), built in {built:.1f} s"
        )
        gaps_timings(store, size, say=print)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000])
