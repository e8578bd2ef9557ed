"""Benchmark: load, library queries and SHACL validation, embedded Oxigraph vs rdflib vs server.

    python -m benchmarks.run                       # 10k, 100k, 1M; 10M persistent (make bench)
    python -m benchmarks.run --sizes 10k --runs 3  # a quick look
    python -m benchmarks.run --sizes "" --persistent 10M  # bulk load only, peak RSS

Each timing is the median of --runs runs. Queries run in a forked child (embedded, rdflib) or
with an HTTP time limit (server) and are stopped after --rdflib-timeout seconds; a stopped query
shows as "> N s". Results go to
benchmarks/RESULTS.md with the machine and versions. Other benchmarks add timings per size by
appending a function to ANALYSIS_HOOKS (see :func:`register_hook`).

SHACL: benchmarks/shacl_bench.py runs pySHACL (the reference, up to its PYSHACL_MAX triples),
pyshacl-turbo (the fast path of ``ic2kg validate``) and rudof on the same data at each size,
each engine in its own process for its own peak RSS; the table goes into RESULTS.md and
SHACL.md.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from rdflib import Graph
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from benchmarks import shacl_bench
from benchmarks.gaps_bench import build_store, gaps_timings
from benchmarks.persistent_bench import PersistentResult, report_persistent, run_persistent
from benchmarks.timing import PAGE, example_call, fmt_seconds, median_time
from ic2kg.errors import Ic2kgError
from ic2kg.queries import list_queries, prepare
from ic2kg.remote import RemoteStore
from ic2kg.store import EmbeddedStore, QueryResult, SelectResult

RESULTS = Path(__file__).parent / "RESULTS.md"
Hook = Callable[[EmbeddedStore, int], dict[str, float]]
#: Functions (store, size) -> {name: seconds}; their timings join the report per size.
ANALYSIS_HOOKS: list[Hook] = []


def register_hook(hook: Hook) -> Hook:
    """Add a timing hook, e.g. the gap analyses at 100k and 1M (usable as a decorator)."""
    ANALYSIS_HOOKS.append(hook)
    return hook


@dataclass
class SizeResult:
    """Timings at one graph size, in seconds (None = stopped at the time limit)."""

    size: int
    triples: int
    load: dict[str, float | None] = field(default_factory=dict)
    queries: dict[str, dict[str, float | None]] = field(default_factory=dict)
    #: One run per SHACL engine (benchmarks/shacl_bench.py).
    shacl: list[shacl_bench.Run] = field(default_factory=list)
    #: Rows of each query: (example call, first page; every row).
    rows: dict[str, tuple[int, int]] = field(default_factory=dict)
    hooks: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0


def parse_size(text: str) -> int:
    """10k -> 10000, 1M -> 1000000."""
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1].lower(), 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def build_data(size: int) -> bytes:
    """Ontology, curated graph (so that the queries' example entities exist) and a synthetic
    graph of about ``size`` triples, rules applied, as N-Triples."""
    return build_store(size).dump()


# Queries run in a forked child so that a slow one can be stopped (a thread cannot stop a
# running query); the child sees the graphs below, set before forking.
_GRAPH: Graph | None = None
_EMBEDDED: EmbeddedStore | None = None


def _rows(result: QueryResult) -> int:
    if isinstance(result, SelectResult):
        return len(result.rows)
    return len(result) if isinstance(result, Graph) else 1


def _query_child(engine: str, text: str, runs: int, queue: mp.Queue[tuple[float, int]]) -> None:
    rows = 0
    if engine == "rdflib":
        graph = _GRAPH
        assert graph is not None  # noqa: S101 - set before forking

        def run() -> None:
            nonlocal rows
            rows = len(list(graph.query(text)))
    else:
        store = _EMBEDDED
        assert store is not None  # noqa: S101 - set before forking

        def run() -> None:
            nonlocal rows
            rows = _rows(store.query(text))

    queue.put((median_time(run, runs), rows))


def query_time(engine: str, text: str, runs: int, timeout: float) -> tuple[float | None, int]:
    """Median time of a query on 'rdflib' or 'embedded' (None past ``timeout`` seconds) and
    the number of rows it gave."""
    context = mp.get_context("fork")
    queue: mp.Queue[tuple[float, int]] = context.Queue()
    child = context.Process(target=_query_child, args=(engine, text, runs, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None, 0
    return queue.get() if not queue.empty() else (None, 0)


def shacl_engines(
    data: bytes, size: int, triples: int, progress: Progress
) -> list[shacl_bench.Run]:
    """Each SHACL engine once on ``data``, in its own process (benchmarks/shacl_bench.py)."""
    task = progress.add_task("SHACL engines", total=None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.nt"
        path.write_bytes(data)
        runs = shacl_bench.measure(path, size, triples)
    progress.remove_task(task)
    return runs


def start_oxigraph_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`oxigraph serve` on a free loopback port; returns (process, query URL)."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    program = str(Path(sys.executable).parent / "oxigraph")
    process = subprocess.Popen(
        [program, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2)  # noqa: S310
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("oxigraph server did not start")


def run_size(
    size: int, args: argparse.Namespace, progress: Progress, remote: RemoteStore | None
) -> SizeResult:
    """Every measurement at one size."""
    global _GRAPH, _EMBEDDED
    task = progress.add_task(f"{size:,} triples", total=4)
    data = build_data(size)
    triples = data.count(b"\n")
    result = SizeResult(size, triples)
    progress.advance(task)

    result.load["embedded"] = median_time(lambda: EmbeddedStore().load(data, "ntriples"), args.runs)
    embedded = EmbeddedStore()
    embedded.load(data, "ntriples")
    _EMBEDDED = embedded
    rdflib_runs = args.runs if size <= 100_000 else 1

    def load_rdflib() -> None:
        global _GRAPH
        _GRAPH = Graph()
        _GRAPH.parse(data=data, format="nt")

    result.load["rdflib"] = median_time(load_rdflib, rdflib_runs)
    if remote is not None:
        # Loading gets its own, long time limit; queries keep --rdflib-timeout.
        loader = RemoteStore(remote.endpoint, timeout=3600)

        def load_remote() -> None:
            loader.clear()
            loader.load(data, "ntriples")

        result.load["server"] = median_time(load_remote, args.runs)
    progress.advance(task)

    specs = list_queries()
    qtask = progress.add_task("queries", total=len(specs))
    for spec in specs:
        # As documented (the header's example call, first page as the API serves it) and in
        # full (no optional parameter, every row): the second is what rdflib is compared on.
        params, lang = example_call(spec)
        example = prepare(spec, params, limit=PAGE, lang=lang)
        required = {p.name: p.example for p in spec.params if p.required and p.example}
        everything = prepare(spec, required)
        timings: dict[str, float | None] = {}
        timings["example"], example_rows = query_time(
            "embedded", example, args.runs, args.rdflib_timeout
        )
        timings["embedded"], rows = query_time(
            "embedded", everything, args.runs, args.rdflib_timeout
        )
        timings["rdflib"], _ = query_time("rdflib", everything, rdflib_runs, args.rdflib_timeout)
        if remote is not None:
            try:
                timings["server"] = median_time(lambda t=example: remote.query(t), args.runs)  # type: ignore[misc]
            except Ic2kgError:  # the HTTP time limit (--rdflib-timeout) was reached
                timings["server"] = None
        result.queries[spec.name] = timings
        result.rows[spec.name] = (example_rows, rows)
        progress.advance(qtask)
    progress.remove_task(qtask)
    progress.advance(task)

    if not args.no_shacl:
        result.shacl = shacl_engines(data, size, triples, progress)
    for hook in ANALYSIS_HOOKS:
        result.hooks.update(hook(embedded, size))
    progress.advance(task)
    _GRAPH = None
    _EMBEDDED = None
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    progress.remove_task(task)
    return result


def machine() -> str:
    """CPU, cores, RAM and library versions."""
    cpu = platform.processor() or "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except OSError:
        ram = "unknown"
    versions = ", ".join(
        f"{name} {version(name)}" for name in ("pyoxigraph", "oxigraph", "rdflib", "pyshacl")
    )
    return (
        f"{cpu}; {os.cpu_count()} cores; {ram} RAM; Python {platform.python_version()} "
        f"on {platform.system()} {platform.release()}; {versions}"
    )


def _ratio(slow: float | None, fast: float | None, timeout: float) -> str:
    if fast is None or fast == 0:
        return "-"
    if slow is None:
        return f"> {timeout / fast:.0f}x"
    return f"{slow / fast:.1f}x"


def report(
    results: list[SizeResult],
    args: argparse.Namespace,
    persistent: list[PersistentResult] | None = None,
) -> str:
    """RESULTS.md text, sizes in increasing order."""
    results = sorted(results, key=lambda r: r.size)
    t = args.rdflib_timeout
    lines = [
        "# Benchmark results",
        "",
        "Generated by `python -m benchmarks.run` (`make bench`); do not edit by hand.",
        f"Median of {args.runs} runs (rdflib load at 1M and more: one run). Synthetic graphs from",
        "benchmarks/generator.py (same classes and link patterns as graph/), ontology included,",
        "build rules applied; the curated graph is included so that the example calls find",
        "their entities. 'ratio' = rdflib time / embedded time (higher = embedded faster).",
        f"'example call' = the query's documented example (header `example:`), first {PAGE} rows",
        "as the saved-query API serves them; 'every row' = no optional parameter, no limit (the",
        "call rdflib is compared on). Times past the limit show as '> N s'.",
        "The embedded store is in memory; the Oxigraph server (`oxigraph serve --location`)",
        "keeps its data on disk (RocksDB) and answers over HTTP (httpx, JSON results),",
        "so 'server' includes storage reads, HTTP and result parsing.",
        "",
        f"Machine: {machine()}",
        "",
        "## Load (N-Triples into an empty store)",
        "",
        "| triples | embedded Oxigraph | rdflib | ratio | Oxigraph server (GSP) | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.triples:,} | {fmt_seconds(r.load.get('embedded'), t)}"
            f" | {fmt_seconds(r.load.get('rdflib'), t)}"
            f" | {_ratio(r.load.get('rdflib'), r.load.get('embedded'), t)}"
            f" | {fmt_seconds(r.load.get('server'), t) if 'server' in r.load else '-'}"
            f" | {r.peak_rss_mb:,.0f} MB |"
        )
    for r in results:
        lines += [
            "",
            f"## Library queries at {r.triples:,} triples",
            "",
            "| query | example call | rows | server | every row | rows | rdflib | ratio |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        ratios = []
        for name, q in r.queries.items():
            ex, emb, rdf, srv = (
                q.get("example"),
                q.get("embedded"),
                q.get("rdflib"),
                q.get("server"),
            )
            example_rows, rows = r.rows.get(name, (0, 0))
            if emb and rdf:
                ratios.append(rdf / emb)
            lines.append(
                f"| {name} | {fmt_seconds(ex, t)} | {example_rows:,}"
                f" | {fmt_seconds(srv, t) if 'server' in q else '-'}"
                f" | {fmt_seconds(emb, t)} | {rows:,} | {fmt_seconds(rdf, t)}"
                f" | {_ratio(rdf, emb, t)} |"
            )
        fast = sum(1 for q in r.queries.values() if (q.get("example") or t) < 1)
        fast_all = sum(1 for q in r.queries.values() if (q.get("embedded") or t) < 1)
        lines += [
            "",
            f"Under 1 s on the embedded store: {fast} of {len(r.queries)} example calls, "
            f"{fast_all} of {len(r.queries)} queries for every row.",
        ]
        if ratios:
            lines.append(
                f"Median ratio rdflib/embedded (every row) over the queries both finished: "
                f"{statistics.median(ratios):.1f}x (min {min(ratios):.1f}x); total embedded "
                f"{sum(q['embedded'] or 0 for q in r.queries.values()):.2f} s."
            )
        for name, seconds in r.hooks.items():
            lines.append(f"- {name}: {fmt_seconds(seconds, t)}")
    runs = [run for r in results for run in r.shacl]
    if runs:
        lines += ["", "## SHACL validation (engines x sizes; also in SHACL.md)", ""]
        lines += shacl_bench.table(runs)
    lines += report_persistent(persistent or [])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated, e.g. 10k,1M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=30.0)
    parser.add_argument("--no-remote", action="store_true", help="skip the Oxigraph server")
    parser.add_argument("--no-shacl", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--persistent",
        default="10M",
        help="sizes to bulk-load into a persistent embedded store only ('' for none)",
    )
    parser.add_argument(
        "--store-path", type=Path, default=None, help="folder for --persistent (default: temp)"
    )
    args = parser.parse_args(argv)
    if gaps_timings not in ANALYSIS_HOOKS:
        register_hook(gaps_timings)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    results: list[SizeResult] = []
    persistent: list[PersistentResult] = []
    with tempfile.TemporaryDirectory() as folder, Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    ) as progress:  # fmt: skip
        server = None
        remote = None
        if not args.no_remote:
            server, url = start_oxigraph_server(Path(folder) / "oxigraph")
            remote = RemoteStore(url, timeout=args.rdflib_timeout)
        try:
            for size in sizes:
                results.append(run_size(size, args, progress, remote))
                args.output.write_text(report(results, args), encoding="utf-8")
                runs = [run for r in results for run in r.shacl]
                if runs:
                    shacl_md = args.output.with_name(shacl_bench.SHACL_MD.name)
                    shacl_md.write_text(shacl_bench.report(runs), encoding="utf-8")
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
        for text in [s for s in args.persistent.split(",") if s]:
            task = progress.add_task(f"persistent store, {text} triples", total=None)
            target = args.store_path or Path(folder) / f"persistent-{text}"
            target.mkdir(parents=True, exist_ok=True)
            persistent.append(run_persistent(parse_size(text), target))
            progress.remove_task(task)
            args.output.write_text(report(results, args, persistent), encoding="utf-8")
    print(report(results, args, persistent))


if __name__ == "__main__":
    main()
