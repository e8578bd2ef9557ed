"""Benchmark: load, library queries and SHACL validation, embedded Oxigraph vs rdflib vs server.

    python -m benchmarks.run                       # 10k, 100k and 1M triples (make bench)
    python -m benchmarks.run --sizes 10k --runs 3  # a quick look
    python -m benchmarks.run --sizes "" --persistent 10M  # bulk load only, peak RSS

Each timing is the median of --runs runs. Queries run in a forked child (embedded, rdflib) or
with an HTTP time limit (server) and are stopped after --rdflib-timeout seconds; a stopped query
shows as "> N s". Results go to
benchmarks/RESULTS.md with the machine and versions. Other benchmarks add timings per size by
appending a function to ANALYSIS_HOOKS (see :func:`register_hook`).

SHACL at 1M triples: pyshacl on the whole graph in batches of ``focus_nodes=`` took 296 s at
130k triples and grows faster than the graph. The benchmark validates in batches of BATCH_FOCUS
nodes, each on a small graph holding the nodes' own triples, their blank nodes (participations,
priority links), the rdf:type of every IRI they point to (for sh:class), the triples reaching
them by the shapes' sh:inversePath predicates and the ontology (for rdfs:subClassOf); only
results about the batch's own nodes count. On the curated graph this gives exactly the findings
of a whole-graph validation (530 of 530, checked 2026-11-23); a constraint needing other
nodes' triples beyond these (none in shapes.ttl today) would be missed.
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

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from benchmarks.generator import generate
from ic2kg import paths
from ic2kg.build import apply_rules
from ic2kg.errors import Ic2kgError
from ic2kg.queries import list_queries, prepare
from ic2kg.remote import RemoteStore
from ic2kg.store import EmbeddedStore

RESULTS = Path(__file__).parent / "RESULTS.md"
BATCH_FOCUS = 2_000
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
    shacl: float | None = None
    shacl_nodes: int = 0
    hooks: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0


def parse_size(text: str) -> int:
    """10k -> 10000, 1M -> 1000000."""
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1].lower(), 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def median_time(func: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build_data(size: int) -> bytes:
    """Ontology + a synthetic graph of about ``size`` triples, rules applied, as N-Triples."""
    store = EmbeddedStore()
    store.load_file(paths.ONTOLOGY_EDIT)
    chunk: list[str] = []
    for record in generate(size):
        chunk.extend(record)
        if len(chunk) > 200_000:
            store.load("\n".join(chunk).encode("utf-8"), "ntriples")
            chunk = []
    if chunk:
        store.load("\n".join(chunk).encode("utf-8"), "ntriples")
    apply_rules(store)
    return store.dump()


# Queries run in a forked child so that a slow one can be stopped (a thread cannot stop a
# running query); the child sees the graphs below, set before forking.
_GRAPH: Graph | None = None
_EMBEDDED: EmbeddedStore | None = None


def _query_child(engine: str, text: str, runs: int, queue: mp.Queue[float]) -> None:
    if engine == "rdflib":
        graph = _GRAPH
        assert graph is not None  # noqa: S101 - set before forking
        queue.put(median_time(lambda: len(list(graph.query(text))), runs))
    else:
        store = _EMBEDDED
        assert store is not None  # noqa: S101 - set before forking
        queue.put(median_time(lambda: store.query(text), runs))


def query_time(engine: str, text: str, runs: int, timeout: float) -> float | None:
    """Median time of a query on 'rdflib' or 'embedded', None past ``timeout`` seconds."""
    context = mp.get_context("fork")
    queue: mp.Queue[float] = context.Queue()
    child = context.Process(target=_query_child, args=(engine, text, runs, queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return queue.get() if not queue.empty() else None


def _batch_graph(
    graph: Graph, ontology: Graph, subjects: list[URIRef], inverse: list[URIRef]
) -> Graph:
    """The triples of ``subjects`` with their blank nodes, the rdf:type of every IRI they point
    to (for sh:class), the triples that reach them by an ``inverse`` predicate (the shapes'
    sh:inversePath) with their subjects' types, and the ontology (for rdfs:subClassOf)."""
    batch = Graph()
    for triple in ontology:
        batch.add(triple)
    for subject in subjects:
        for predicate in inverse:
            for other in graph.subjects(predicate, subject):
                batch.add((other, predicate, subject))
                for kind in graph.objects(other, RDF.type):
                    batch.add((other, RDF.type, kind))
    todo: list[URIRef | BNode] = list(subjects)
    seen: set[URIRef | BNode] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for _, prop, obj in graph.triples((node, None, None)):
            batch.add((node, prop, obj))
            if isinstance(obj, BNode):
                todo.append(obj)
            elif isinstance(obj, URIRef):
                for kind in graph.objects(obj, RDF.type):
                    batch.add((obj, RDF.type, kind))
    return batch


def shacl_batched(graph: Graph, progress: Progress) -> tuple[float, int]:
    """Validate ``graph`` in batches of focus nodes; return (seconds, nodes).

    pyshacl on the whole 1M-triple graph (or with focus_nodes= on it) grows faster than the
    graph; each batch here is a small graph holding what the shapes look at for its nodes.
    """
    from pyshacl import validate

    from ic2kg.validate import ontology_graph, shapes_graph

    shapes = shapes_graph()
    ontology = ontology_graph()
    inverse = sorted({p for p in shapes.objects(None, SH.inversePath) if isinstance(p, URIRef)})
    kg = "https://w3id.org/ic2kg/id/"
    nodes = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(kg)})
    task = progress.add_task("SHACL batches", total=len(nodes))
    start = time.perf_counter()
    findings = 0
    for i in range(0, len(nodes), BATCH_FOCUS):
        batch = nodes[i : i + BATCH_FOCUS]
        _, report_graph, _ = validate(
            _batch_graph(graph, ontology, batch, inverse),
            shacl_graph=shapes,
            inference="none",
            allow_warnings=True,
            advanced=True,
        )
        # Nodes present only as the type of a referenced IRI are validated in their own batch.
        members = set(batch)
        findings += sum(1 for n in report_graph.objects(None, SH.focusNode) if n in members)
        progress.advance(task, len(batch))
    progress.remove_task(task)
    return time.perf_counter() - start, len(nodes)


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
    result.load["rdflib"] = median_time(lambda: Graph().parse(data=data, format="nt"), rdflib_runs)
    _GRAPH = Graph()
    _GRAPH.parse(data=data, format="nt")
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
        params = {p.name: p.example for p in spec.params if p.required and p.example}
        text = prepare(spec, params)
        timings: dict[str, float | None] = {
            "embedded": query_time("embedded", text, args.runs, args.rdflib_timeout),
            "rdflib": query_time("rdflib", text, args.runs, args.rdflib_timeout),
        }
        if remote is not None:
            try:
                timings["server"] = median_time(lambda t=text: remote.query(t), args.runs)  # type: ignore[misc]
            except Ic2kgError:  # the HTTP time limit (--rdflib-timeout) was reached
                timings["server"] = None
        result.queries[spec.name] = timings
        progress.advance(qtask)
    progress.remove_task(qtask)
    progress.advance(task)

    if not args.no_shacl:
        result.shacl, result.shacl_nodes = shacl_batched(_GRAPH, progress)
    for hook in ANALYSIS_HOOKS:
        result.hooks.update(hook(embedded, size))
    progress.advance(task)
    _GRAPH = None
    _EMBEDDED = None
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    progress.remove_task(task)
    return result


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
    from ic2kg.store import where_group_start

    updates = []
    for rule in rule_files():
        text = rule.read_text(encoding="utf-8")
        where_group_start(text)  # a rule without a WHERE group would be a bug
        keyword = text.index("CONSTRUCT")
        updates.append(text[:keyword] + "INSERT" + text[keyword + len("CONSTRUCT") :])
    return updates


def _persistent_child(size: int, folder: str, queue: mp.Queue[PersistentResult]) -> None:
    import pyoxigraph as ox

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
    store.load_file(paths.ONTOLOGY_EDIT)
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
        params = {p.name: p.example for p in spec.params if p.required and p.example}
        text = prepare(spec, params, limit=100)
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


def _fmt(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f"> {timeout:.0f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _ratio(slow: float | None, fast: float | None, timeout: float) -> str:
    if fast is None or fast == 0:
        return "-"
    if slow is None:
        return f"> {timeout / fast:.0f}x"
    return f"{slow / fast:.1f}x"


def report_persistent(results: list[PersistentResult]) -> list[str]:
    """The persistent-store section of RESULTS.md."""
    if not results:
        return []
    lines = [
        "",
        "## Persistent embedded store (bulk load, fresh process)",
        "",
        "Generated to an N-Triples file, bulk-loaded into `EmbeddedStore(path)`, rules applied as",
        "SPARQL Update; query times are medians of 3 runs with LIMIT 100.",
        "",
        "| triples | generate | bulk load | rules | peak RSS | on disk | queries |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        queries = "; ".join(f"{name} {_fmt(t, 0)}" for name, t in r.queries.items())
        lines.append(
            f"| {r.triples:,} | {r.generate:.0f} s | {r.load:.0f} s | {r.rules:.0f} s"
            f" | {r.peak_rss_mb:,.0f} MB | {r.disk_mb:,.0f} MB | {queries} |"
        )
    return lines


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
        "build rules applied. 'ratio' = rdflib time / embedded time (higher = embedded faster).",
        "The embedded store is in memory; the Oxigraph server (`oxigraph serve --location`)",
        "keeps its data on disk (RocksDB) and answers over HTTP (SPARQLWrapper, JSON results),",
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
            f"| {r.triples:,} | {_fmt(r.load.get('embedded'), t)} | {_fmt(r.load.get('rdflib'), t)}"
            f" | {_ratio(r.load.get('rdflib'), r.load.get('embedded'), t)}"
            f" | {_fmt(r.load.get('server'), t) if 'server' in r.load else '-'}"
            f" | {r.peak_rss_mb:,.0f} MB |"
        )
    for r in results:
        lines += [
            "",
            f"## Library queries at {r.triples:,} triples",
            "",
            "| query | embedded | rdflib | ratio | server | server / embedded |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        ratios = []
        for name, q in r.queries.items():
            emb, rdf, srv = q.get("embedded"), q.get("rdflib"), q.get("server")
            if emb and rdf:
                ratios.append(rdf / emb)
            lines.append(
                f"| {name} | {_fmt(emb, t)} | {_fmt(rdf, t)} | {_ratio(rdf, emb, t)}"
                f" | {_fmt(srv, t) if 'server' in q else '-'} | {_ratio(srv, emb, t)} |"
            )
        if ratios:
            lines += [
                "",
                f"Median ratio rdflib/embedded over the queries that finished: "
                f"{statistics.median(ratios):.1f}x; total embedded "
                f"{sum(q['embedded'] or 0 for q in r.queries.values()):.2f} s.",
            ]
        if r.shacl is not None:
            lines.append(
                f"SHACL validation (pyshacl, {r.shacl_nodes:,} focus nodes in batches of "
                f"{BATCH_FOCUS:,}): {_fmt(r.shacl, t)}."
            )
        for name, seconds in r.hooks.items():
            lines.append(f"- {name}: {_fmt(seconds, t)}")
    lines += report_persistent(persistent or [])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated, e.g. 10k,1M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    parser.add_argument("--no-remote", action="store_true", help="skip the Oxigraph server")
    parser.add_argument("--no-shacl", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--persistent",
        default="",
        help="sizes (e.g. 10M) to bulk-load into a persistent embedded store only",
    )
    parser.add_argument(
        "--store-path", type=Path, default=None, help="folder for --persistent (default: temp)"
    )
    args = parser.parse_args(argv)
    from benchmarks.gaps_bench import gaps_timings  # the gap analyses at each size

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
