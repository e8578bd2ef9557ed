"""What the benchmarks share: the page size of a documented call, medians, the documented
example call of a saved query, and how a time is written."""

from __future__ import annotations

import itertools
import shlex
import statistics
import time
from collections.abc import Callable

from ic2kg.queries import QuerySpec

#: Rows per page of a documented call, as the saved-query API serves them by default.
PAGE = 100


def median_time(func: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def example_call(spec: QuerySpec) -> tuple[dict[str, list[str]], str | None]:
    """The parameters and language of the query's documented example (its header's
    ``example:`` command line), e.g. ``--param country=CN,ES --lang zh``."""
    params: dict[str, list[str]] = {}
    lang = None
    words = shlex.split(spec.example or "")
    for flag, value in itertools.pairwise(words):
        if flag == "--param":
            name, _, values = value.partition("=")
            params.setdefault(name, []).extend(values.split(","))
        elif flag == "--lang":
            lang = value
    return params, lang


def fmt_seconds(seconds: float | None, timeout: float) -> str:
    """Seconds as ms below 1 s; ``> timeout s`` for a run that was stopped."""
    if seconds is None:
        return f"> {timeout:.0f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
