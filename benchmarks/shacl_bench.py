"""SHACL engines side by side: time, peak memory and findings per engine and graph size.

    python -m benchmarks.shacl_bench              # 100k, 670k, 1M; writes benchmarks/SHACL.md
    python -m benchmarks.shacl_bench --sizes 10k --output /tmp/SHACL.md   # a quick look

The data is what benchmarks/run.py measures at each size: benchmarks/generator.py plus the
curated build (ontology, graph/, rules), written to one N-Triples file. Each engine runs in its
own fresh (spawned) child process, so that the peak RSS is that engine's alone, and is timed
from the file to the findings:

- pySHACL: rdflib parses the file, ``validate_graph(engine="pyshacl")`` (the reference);
- pyshacl-turbo: ``validate_files(engine="turbo")``, what ``ic2kg validate`` runs (Oxigraph
  store, pyshacl-turbo, findings read from its native report; the rdflib report graph is
  built only for the 'same findings' comparison, after the timing);
- pyshacl-turbo x2: the same with the node shapes split into two groups of about equal work,
  each validated in a forked process (``validate_files(workers=2)``);
- rudof: pyrudof 0.3 reads the file and validates in native mode (ic2kg.shacl_engines.rudof_keys).

'same findings' compares each engine's findings (focus node, path, constraint component,
severity, value; blank nodes by position only, as each process labels them itself) with
pySHACL's, or with pyshacl-turbo's where pySHACL is not run. The load average of the shared
machine is read before each run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ic2kg.shacl_engines import Key

SHACL_MD = Path(__file__).parent / "SHACL.md"
ENGINES = ("pySHACL", "pyshacl-turbo", "pyshacl-turbo x2", "rudof")
#: pySHACL on a whole graph grows faster than the graph (420 s in batches at 1.3M triples,
#: issue 18): above this size it is not run and the others are compared with pyshacl-turbo.
PYSHACL_MAX = 300_000


@dataclass(frozen=True)
class Run:
    """One engine on one graph."""

    engine: str
    size: int
    triples: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    findings: int
    same: str  # "yes", "no: ...", or "" for the reference itself
    load: float


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants now, from /proc."""
    total = 0.0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):  # the process ended meanwhile
            continue
    return total


class _TreePeak:
    """The peak of :func:`_tree_rss_mb` for this process, sampled every 0.1 s (forked workers
    are not in getrusage's RUSAGE_SELF, and RUSAGE_CHILDREN gives a maximum, not a sum)."""

    def __init__(self) -> None:
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, _peak_mb())


def _collapse(keys: Counter[Key]) -> Counter[Key]:
    """Blank nodes by position only: each process gives them its own labels."""
    out: Counter[Key] = Counter()
    for key, count in keys.items():
        out[tuple("_:" if part.startswith("_:") else part for part in key)] += count  # type: ignore[index]
    return out


#: What a child reports: seconds, peak RSS (MB), findings as keys (None where the engine gives
#: no report graph) and as the report lines show them (None for rudof, which has no Finding).
Outcome = tuple[float, float, float, "Counter[Key] | None", "Counter[tuple[str, ...]] | None"]


def _cpu_seconds() -> float:
    """User and system time of this process and its reaped children (forked workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _child(engine: str, data: str, queue: mp.Queue[Outcome]) -> None:
    from ic2kg import paths
    from ic2kg.shacl_engines import result_keys, rudof_keys
    from ic2kg.validate import ValidationResult, parse_files, validate_files, validate_graph

    sampler = _TreePeak()
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    result: ValidationResult | None = None
    keys: Counter[Key] | None = None
    if engine == "pySHACL":
        result = validate_graph(parse_files([Path(data)]), engine="pyshacl")
    elif engine == "pyshacl-turbo":
        result = validate_files([Path(data)], engine="turbo")
    elif engine == "pyshacl-turbo x2":
        result = validate_files([Path(data)], engine="turbo", workers=2)
    else:
        keys = rudof_keys(Path(data), paths.SHAPES)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    peak = sampler.stop()  # before the comparison keys below, which the engines do not need
    findings = None
    if result is not None:
        findings = Counter(tuple(f.as_dict().values()) for f in result.findings)
        if len(result.report):
            keys = result_keys(result.report)
    queue.put((seconds, cpu, peak, None if keys is None else _collapse(keys), findings))


def run_engine(engine: str, data: Path) -> Outcome:
    """What ``engine`` gives on the N-Triples file ``data``, in a fresh process."""
    context = mp.get_context("spawn")
    queue: mp.Queue[Outcome] = context.Queue()
    child = context.Process(target=_child, args=(engine, str(data), queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def _compare(mine: Counter[Any] | None, reference: Counter[Any] | None) -> str | None:
    if mine is None or reference is None:
        return None
    if mine == reference:
        return "yes"
    extra, missing = sum((mine - reference).values()), sum((reference - mine).values())
    return f"no: {extra} extra, {missing} missing"


def write_data(size: int, folder: Path) -> tuple[Path, int]:
    """The benchmark graph of about ``size`` generated triples as an N-Triples file."""
    from benchmarks.gaps_bench import build_store

    data = build_store(size).dump()
    target = folder / f"shacl-{size}.nt"
    target.write_bytes(data)
    return target, data.count(b"\n")


def measure(
    data: Path,
    size: int,
    triples: int,
    engines: Iterable[str] = ENGINES,
    say: Callable[[str], None] | None = None,
) -> list[Run]:
    """Every engine of ``engines`` once on ``data``."""
    chosen = [e for e in engines if e != "pySHACL" or size <= PYSHACL_MAX]
    runs: list[Run] = []
    reference: Outcome | None = None
    for engine in chosen:
        load = os.getloadavg()[0]
        outcome = run_engine(engine, data)
        seconds, cpu, peak, keys, findings = outcome
        if reference is None:
            reference, same = outcome, ""
        else:
            # Keys (focus, path, component, severity, value) where both have them, else the
            # findings as the report prints them.
            same = _compare(keys, reference[3]) or _compare(findings, reference[4]) or "?"
        count = sum((keys if keys is not None else findings or Counter()).values())
        runs.append(Run(engine, size, triples, seconds, cpu, peak, count, same, load))
        if say:
            say(f"{engine:<17} {triples:>10,} triples {seconds:8.1f} s ({cpu:.1f} s CPU) "
                f"{peak:8,.0f} MB {count:>8,} findings {same} (load {load:.1f})")  # fmt: skip
    return runs


def machine() -> str:
    """CPU, cores, RAM and engine versions."""
    cpu = platform.processor() or "unknown cpu"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_gb = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    versions = ", ".join(f"{n} {version(n)}" for n in ("pyshacl", "pyshacl-turbo", "pyrudof"))
    python = platform.python_version()
    return f"{cpu}; {os.cpu_count()} cores; {mem_gb:.1f} GiB RAM; Python {python}; {versions}"


def table(runs: list[Run]) -> list[str]:
    """The engines x sizes table, in Markdown."""
    lines = [
        "| engine | triples | time | CPU time | peak RSS | findings | same findings | load avg |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in sorted(runs, key=lambda r: (r.size, ENGINES.index(r.engine))):
        same = r.same or ("reference" if r.engine == "pySHACL" else "reference (no pySHACL run)")
        lines.append(
            f"| {r.engine} | {r.triples:,} | {r.seconds:.1f} s | {r.cpu_seconds:.1f} s"
            f" | {r.peak_rss_mb:,.0f} MB"
            f" | {r.findings:,} | {same} | {r.load:.1f} |"
        )
    by_size: dict[int, dict[str, Run]] = {}
    for r in runs:
        by_size.setdefault(r.size, {})[r.engine] = r
    for _, engines in sorted(by_size.items()):
        if "pySHACL" in engines:
            ref, ref_cpu = engines["pySHACL"].seconds, engines["pySHACL"].cpu_seconds
            ratios = ", ".join(
                f"{name} {ref / run.seconds:.1f}x ({ref_cpu / run.cpu_seconds:.1f}x in CPU time)"
                for name, run in engines.items()
                if name != "pySHACL"
            )
            lines.append(
                f"\nAt {engines['pySHACL'].triples:,} triples, speed-up over pySHACL: {ratios}."
            )
    return lines


FALLBACK_NOTES = [
    "## Which engine runs, and the fallback",
    "",
    "`ic2kg validate` and POST /validate run pyshacl-turbo when the shapes use only SHACL terms",
    "the differential tests (tests/test_shacl_engines.py) check it on, and every shape that can",
    "be a result's source carries its own sh:message; otherwise pySHACL runs and the CLI says",
    "why on stderr (`--engine pyshacl` forces the reference; `--engine turbo` refuses shapes it",
    "cannot take). Checked alike: every term of ontology/shapes.ttl, targets (class with",
    "rdfs:subClassOf read from the ontology loaded with the data, node, subjects-of,",
    "objects-of, SPARQL-based), all SHACL core constraint components, SPARQL-based constraints,",
    "property paths (inverse, alternative, zero-or-more, one-or-more, zero-or-one),",
    "severities, sh:deactivated, and messages in several languages (the report line shows the",
    "English one). Falls back to pySHACL: SHACL-JS (pyshacl-turbo refuses it), SHACL rules",
    "and any other term not checked (sh:rule, custom constraint components, ...), and shapes",
    "without sh:message (pyshacl-turbo words default messages differently, e.g. 'InConstraint",
    "Component violated at ex:a').",
    "",
    "rudof (not used by ic2kg, measured only) gives the same findings on shapes.ttl, but not on",
    "two features beyond it (tests/test_shacl_engines.py, RUDOF_MISSES): it skips literal focus",
    "nodes of sh:targetObjectsOf and has no SPARQL-based targets; it also adds its own message",
    "to each sh:message and writes values in its own notation.",
]


def report(runs: list[Run]) -> str:
    """SHACL.md."""
    lines = [
        "# SHACL engines",
        "",
        "Generated by `python -m benchmarks.shacl_bench` (also run by `make bench`); do not edit",
        "by hand. One run per engine and size, each in its own process, timed from the N-Triples",
        "file to the findings (parse, validation, report). Shapes: ontology/shapes.ttl. 'load avg'",
        "is the 1-minute load average of the shared 2-core machine just before the run (other",
        "agents' work): above 2, every engine was slowed by others, and 'CPU time' (user + system",
        "of the engine's processes) is the steadier measure: on an idle machine a one-process",
        "engine's time is about its CPU time.",
        "",
        f"Machine: {machine()}",
        "",
        *table(runs),
        "",
        f"pySHACL is not run above {PYSHACL_MAX:,} triples (issue 18: 420 s in batches at 1.3M).",
        "",
        *FALLBACK_NOTES,
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Measure every engine at each size and write SHACL.md."""
    from benchmarks.run import parse_size

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    # 670k synthetic triples make about 1.0M with the curated graph and the rules' triples.
    parser.add_argument("--sizes", default="100k,670k,1M")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--output", type=Path, default=SHACL_MD)
    args = parser.parse_args(argv)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as folder:
        for text in [s for s in args.sizes.split(",") if s]:
            size = parse_size(text)
            data, triples = write_data(size, Path(folder))
            runs += measure(data, size, triples, args.engines.split(","), say=print)
            data.unlink()
            args.output.write_text(report(runs), encoding="utf-8")
    print(report(runs))


if __name__ == "__main__":
    main()
