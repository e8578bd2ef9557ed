"""The PM lens measured: precision and recall against the hand labels, and classification speed.

    python -m benchmarks.relevance_eval             # writes benchmarks/RELEVANCE.md
    python -m benchmarks.relevance_eval --tune      # prints the threshold grid on the dev split

The labels (benchmarks/relevance/labels.tsv, rules in LABELLING.md) were made by reading every
activity, independently of the scheme. Thresholds are chosen on the dev split only; the test
split is reported, never tuned on. The method is judged on what it derives from the text:
curated statements (which win in the graph) are left out of the comparison.
"""

from __future__ import annotations

import argparse
import csv
import math
import multiprocessing as mp
import platform
import random
import time
from dataclasses import dataclass, replace
from pathlib import Path

from ic2kg.build import build
from ic2kg.relevance.classifier import assess
from ic2kg.relevance.derived import activity_texts
from ic2kg.relevance.thesaurus import Thesaurus, load_thesaurus
from ic2kg.store import EmbeddedStore

HERE = Path(__file__).parent
LABELS = HERE / "relevance" / "labels.tsv"
REPORT = HERE / "RELEVANCE.md"
SPEED_TEXTS = 100_000


@dataclass(frozen=True)
class Label:
    health: bool
    pm: bool
    split: str
    note: str


def read_labels(path: Path = LABELS) -> dict[str, Label]:
    with path.open(encoding="utf-8") as handle:
        return {
            row["iri"]: Label(row["health"] == "1", row["pm"] == "1", row["split"], row["note"])
            for row in csv.DictReader(handle, delimiter="\t")
        }


def wilson(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion."""
    if total == 0:
        return (0.0, 1.0)
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: list[tuple[bool, bool]]) -> Scores:
    """(predicted, labelled) pairs counted."""
    return Scores(
        sum(1 for p, g in pairs if p and g),
        sum(1 for p, g in pairs if p and not g),
        sum(1 for p, g in pairs if g and not p),
    )


def predictions(
    scheme: Thesaurus, texts: dict[str, tuple[str, str, list[str]]]
) -> dict[str, tuple[bool, bool]]:
    found = {}
    for iri, (_, _, pieces) in texts.items():
        a = assess(scheme, pieces)
        found[iri] = (a.health, a.pm)
    return found


def evaluate(
    predicted: dict[str, tuple[bool, bool]], labels: dict[str, Label], split: str
) -> tuple[Scores, Scores]:
    chosen = [i for i, label in labels.items() if label.split == split and i in predicted]
    health = score([(predicted[i][0], labels[i].health) for i in chosen])
    pm = score([(predicted[i][1], labels[i].pm) for i in chosen])
    return health, pm


def tune(
    scheme: Thesaurus, texts: dict[str, tuple[str, str, list[str]]], labels: dict[str, Label]
) -> None:
    for h in (1.0, 1.5, 2.0, 2.5, 3.0):
        for p in (2.0, 2.5, 3.0, 3.5, 4.0, 5.0):
            trial = replace(
                scheme, method=replace(scheme.method, health_threshold=h, pm_threshold=p)
            )
            health, pm = evaluate(predictions(trial, texts), labels, "dev")
            print(f"health >= {h}, pm >= {p}: health F1 {health.f1:.3f} pm F1 {pm.f1:.3f}")


def _row(name: str, s: Scores) -> str:
    p_lo, p_hi = wilson(s.tp, s.tp + s.fp)
    r_lo, r_hi = wilson(s.tp, s.tp + s.fn)
    return (
        f"| {name} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.2f} ({p_lo:.2f}-{p_hi:.2f}) "
        f"| {s.recall:.2f} ({r_lo:.2f}-{r_hi:.2f}) | {s.f1:.2f} |"
    )


def _generated_texts(scheme: Thesaurus, count: int, seed: int = 7) -> list[str]:
    """Texts of about 120 words, mostly filler, with a few of the scheme's words mixed in."""
    rng = random.Random(seed)
    filler = [f"word{n}" for n in range(5000)]
    vocabulary = sorted(scheme.words) + sorted(scheme.chinese)
    return [
        " ".join(rng.choice(filler) for _ in range(110))
        + " "
        + " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 8)))
        for _ in range(count)
    ]


_WORKER_SCHEME: Thesaurus | None = None


def _init(scheme: Thesaurus) -> None:
    global _WORKER_SCHEME
    _WORKER_SCHEME = scheme


def _assess_chunk(chunk: list[str]) -> int:
    assert _WORKER_SCHEME is not None  # noqa: S101
    return sum(assess(_WORKER_SCHEME, [t]).pm for t in chunk)


def speed(scheme: Thesaurus) -> list[tuple[int, float]]:
    """Seconds to classify SPEED_TEXTS generated texts with 1 and 2 processes."""
    texts = _generated_texts(scheme, SPEED_TEXTS)
    timings = []
    for workers in (1, 2):
        start = time.perf_counter()
        chunks = [texts[i : i + 5000] for i in range(0, len(texts), 5000)]
        if workers == 1:
            _init(scheme)
            sum(map(_assess_chunk, chunks))
        else:
            with mp.get_context("fork").Pool(workers, _init, (scheme,)) as pool:
                sum(pool.map(_assess_chunk, chunks))
        timings.append((workers, time.perf_counter() - start))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args()
    store = EmbeddedStore()
    build(store)
    scheme = load_thesaurus(store)
    texts = activity_texts(store)
    labels = read_labels()
    if args.tune:
        tune(scheme, texts, labels)
        return
    predicted = predictions(scheme, texts)
    lines = [
        "# PM lens: precision, recall and speed",
        "",
        "Written by `python -m benchmarks.relevance_eval` (`make bench`). Method "
        f"{scheme.method.iri} version {scheme.method.version}: health threshold "
        f"{scheme.method.health_threshold}, PM threshold {scheme.method.pm_threshold}, "
        f"{len(scheme.terms)} concepts with match strings. Labels: "
        "benchmarks/relevance/labels.tsv (rules: LABELLING.md), every activity read by hand; "
        "thresholds chosen on the dev split only. The method is judged on what it derives from "
        "text (curated statements, which win in the graph, are left out). 95% Wilson intervals.",
        "",
        "| split | class | TP | FP | FN | precision | recall | F1 |",
        "|---|---|---:|---:|---:|---|---|---:|",
    ]
    for split in ("dev", "test"):
        health, pm = evaluate(predicted, labels, split)
        lines.append(_row(f"{split} | health", health).replace("| ", "| ", 1))
        lines.append(_row(f"{split} | PM", pm))
    lines += ["", "## Errors on the test split", ""]
    for iri, label in sorted(labels.items()):
        if label.split != "test" or iri not in predicted:
            continue
        got = predicted[iri]
        if got != (label.health, label.pm):
            lines.append(
                f"- `{iri.rsplit('/', 1)[-1]}` {texts[iri][1][:80]!r}: labelled "
                f"health={int(label.health)} pm={int(label.pm)}, method gave "
                f"health={int(got[0])} pm={int(got[1])}"
                + (f" (label note: {label.note})" if label.note else "")
            )
    lines += [
        "",
        "## Speed",
        "",
        f"{SPEED_TEXTS:,} generated texts of about 120 words each (filler words and a few of the "
        f"scheme's words), on {platform.machine()} with Python {platform.python_version()}:",
        "",
        "| processes | seconds |",
        "|---:|---:|",
    ]
    lines += [f"| {w} | {s:.1f} |" for w, s in speed(scheme)]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {REPORT}")


if __name__ == "__main__":
    main()
