"""A country's ranking, cold and warm, on the curated graph and on about a million triples.

    python -m benchmarks.ranking_speed                       # curated and 1M, 3 runs (make bench)
    python -m benchmarks.ranking_speed --sizes 1M --runs 5   # one size

Two calls are timed, as the API serves them (issue 26, item 5): the planner's opportunities
for a country (``GET /gaps/opportunities?country=ES``: organisations, PM scope, top 100; the
explorer's call) and the learned ranking (``GET /gaps/ranking?country=ES``: PM scope, top 20).
Each run is a new process that loads the built graph (N-Quads) into the embedded store, then
calls the route's Python function with the route's defaults and writes its answer as JSON:

* *cold*: the first call, the gap-analysis snapshot read from the store included (the API
  reads it on the first /gaps request and keeps it);
* *warm*: the same call again in that process (median of three);
* *warm, another country*: then FR's call, which shares the snapshot but not ES's answer.

The million-triple graph is the curated build with records from
:func:`benchmarks.generator.generate_projects` loaded first (dated projects, calls,
participations and PM-lens assessments shaped like the CORDIS import). Results:
benchmarks/RANKING_SPEED.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.generator import generate_projects, load_records
from benchmarks.run import machine, parse_size
from ic2kg.build import build
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.model import Record
from ic2kg.store import EmbeddedStore

OUTPUT = Path(__file__).parent / "RANKING_SPEED.md"
COUNTRY, OTHER = "ES", "FR"
ROUTES = ("opportunities", "ranking")
WARM_RUNS = 3
#: Figures a child reports, in the table's order.
FIGURES = ("load", "cold", "cold-cpu", "snapshot", "warm", "other")


def build_graph(extra: int) -> bytes:
    """The curated build over ``extra`` generated triples (none: the curated graph alone), as
    N-Quads."""
    store = EmbeddedStore()
    if extra:
        load_records(store, generate_projects(extra))
    build(store)
    return store.dump("nquads")


def call(route: str, country: str) -> Callable[[Snapshot], Record]:
    """The route's Python call for ``country`` with the route's defaults."""
    from ic2kg.gaps.opportunities import opportunities
    from ic2kg.gaps.ranking import rank

    def run(snapshot: Snapshot) -> Record:
        focus = snapshot.focus([country])[0]
        if route == "opportunities":
            return opportunities(
                snapshot, focus=focus, partner_kind="organisation", top=100, scope="pm"
            )
        return rank(snapshot, focus, top=20, scope="pm")

    return run


def child(path: Path, route: str) -> dict[str, float]:
    """One new process's figures, in seconds."""
    start = time.perf_counter()
    store = EmbeddedStore()
    store.load(path.read_bytes(), "nquads")
    figures = {"load": time.perf_counter() - start}

    def timed(run: Callable[[], Record]) -> float:
        start = time.perf_counter()
        json.dumps(run().as_dict(), ensure_ascii=False)
        return time.perf_counter() - start

    start, cpu = time.perf_counter(), time.process_time()
    snapshot = load_snapshot(store)
    figures["snapshot"] = time.perf_counter() - start
    here = call(route, COUNTRY)
    figures["cold"] = figures["snapshot"] + timed(lambda: here(snapshot))
    # CPU time of the cold call: what other work on a shared machine changes least.
    figures["cold-cpu"] = time.process_time() - cpu
    figures["warm"] = statistics.median(timed(lambda: here(snapshot)) for _ in range(WARM_RUNS))
    other = call(route, OTHER)
    figures["other"] = timed(lambda: other(snapshot))
    return figures


def measure(path: Path, route: str, runs: int) -> list[dict[str, float]]:
    """``runs`` new processes (niced), one after another."""
    found = []
    for _ in range(runs):
        command = ["nice", "-n", "10", sys.executable, "-m", "benchmarks.ranking_speed"]
        answer = subprocess.run(
            [*command, "--child", str(path), "--route", route],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
        )
        found.append(json.loads(answer.stdout.strip().splitlines()[-1]))
    return found


def _spread(values: list[float]) -> str:
    med = statistics.median(values)
    text = f"{med:.2f} s" if med >= 1 else f"{med * 1000:.0f} ms"
    if len(values) > 1:
        low, high = min(values), max(values)
        fmt = (lambda v: f"{v:.2f}") if high >= 1 else (lambda v: f"{v * 1000:.0f}")
        text += f" ({fmt(low)}-{fmt(high)})"
    return text


def report(rows: list[tuple[str, int, str, list[dict[str, float]]]], runs: int) -> str:
    """RANKING_SPEED.md's generated part: one row per graph and route."""
    load = os.getloadavg()[0]
    lines = [
        "| graph | triples | call | load (not counted) | cold | cold, CPU | of which snapshot "
        f"| warm | {OTHER} after {COUNTRY} |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for graph, triples, route, found in rows:
        cells = {f: _spread([r[f] for r in found]) for f in FIGURES}
        lines.append(
            f"| {graph} | {triples:,} | {route} | {cells['load']} | {cells['cold']} "
            f"| {cells['cold-cpu']} | {cells['snapshot']} | {cells['warm']} | {cells['other']} |"
        )
    return "\n".join(
        [
            "# A country's ranking: cold and warm (issue 26, item 5)",
            "",
            f"Generated by `python -m benchmarks.ranking_speed` (`make bench`) on "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; the sections below the table are not.",
            f"Median of {runs} new processes (min-max in brackets), each run with `nice -n 10`; "
            f"load average at the end {load:.1f} on {os.cpu_count()} cores.",
            f"Machine: {machine()}",
            "",
            "opportunities = `GET /gaps/opportunities?country=ES` (organisations, PM scope, top "
            "100); ranking = `GET /gaps/ranking?country=ES` (PM scope, top 20). cold = the "
            "first call of a new process, the gap snapshot read from the store included "
            "(its share in a later column); cold, CPU = the process' CPU time for it (less "
            "changed by other work on the machine); warm = the same call again (median of 3); "
            f"the last column = {OTHER}'s first call after {COUNTRY}'s, on the same snapshot. "
            "Goal: warm < 1 s, cold < 30 s at a million triples. Each time includes writing "
            "the answer as JSON.",
            "",
            *lines,
            "",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Build each graph once, time each call in new processes and write RANKING_SPEED.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="curated,1M", help="curated and/or total triples")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--keep", type=Path, default=None, help="folder for the built graphs")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--route", choices=ROUTES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.route)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        curated = 0
        for size in args.sizes.split(","):
            path = folder / f"graph-{size}.nq"
            if not path.exists():
                # The curated build is counted in the total: only the rest is generated.
                extra = 0 if size == "curated" else max(0, parse_size(size) - curated)
                path.write_bytes(build_graph(extra))
            triples = path.read_bytes().count(b"\n")
            if size == "curated":
                curated = triples
            for route in ROUTES:
                print(f"{size}: {route}", file=sys.stderr)
                rows.append((size, triples, route, measure(path, route, args.runs)))
    # The sections written by hand (from the first "## " heading on) are kept.
    notes = ""
    if args.output.exists():
        old = args.output.read_text(encoding="utf-8")
        notes = old[old.index("\n## ") :] if "\n## " in old else ""
    args.output.write_text(report(rows, args.runs) + notes, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
