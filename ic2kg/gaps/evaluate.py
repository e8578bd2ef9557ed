"""Backtest of the learned opportunity ranking against link-prediction baselines (issue 26).

For a cut-off Y the graph is cut to the end of Y (:func:`ic2kg.gaps.features.cut`).
*Candidates*: every pair of a European and a Chinese organisation that both had a programme,
call or project by Y and have none together. *Positives*: the candidates that take part
together in a project starting after Y. The model for Y is trained on windows whose labels end
by Y (:mod:`ic2kg.gaps.learn`). Every method ranks every candidate, uncapped and with the
diversity cap (:mod:`ic2kg.gaps.diversity`); ties go in a seeded random order.

Intervals come from a bootstrap over projects: positives arrive as a project's whole clique of
pairs, so each replicate draws a Poisson(1) count per later project and weighs each positive
pair by the mean count of the projects that bring it; the same draws serve every method, scope
and cut-off, so differences and pooled figures are paired.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from ic2kg.errors import BadParameter
from ic2kg.gaps import features, learn
from ic2kg.gaps.diversity import capped_head
from ic2kg.gaps.features import Cut, Table
from ic2kg.gaps.model import Record
from ic2kg.gaps.snapshot import Snapshot

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

BASELINES = (
    "random",
    "preferential attachment",
    "common neighbours",
    "Adamic-Adar",
    "resource allocation",
    "Katz",
)
METHODS = ("model", *BASELINES)
SCOPES = ("all", "pm")
#: The cut-off the model's settings were chosen on; the later ones are judged.
CHOOSING = 2018
CUTOFFS = (2018, 2019, 2020, 2021)
KS = (20, 50, 100)
#: Pairs one European and one Chinese organisation may hold in a capped list (as the planner).
CAPS = (4, 4)
#: Ranked pairs the cap is applied to (the lists people read); beyond, the plain order.
CAPPED = 20_000
REPLICATES = 1000
SEED = 42


@dataclass(frozen=True)
class Estimate(Record):
    """A figure with its 95% bootstrap interval (percentiles 2.5 and 97.5)."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class MethodResult(Record):
    """One method (capped or not) at one cut-off (None: pooled over the judged ones), one scope."""

    cutoff: int | None
    scope: str
    method: str
    capped: bool
    precision: dict[int, Estimate]
    recall: Estimate
    average_precision: Estimate
    hits: int
    chinese_in_top: int
    european_in_top: int
    most_pairs_one_organisation: int


@dataclass(frozen=True)
class Difference(Record):
    """Model minus a baseline, pooled over the judged cut-offs, paired by replicate."""

    scope: str
    metric: str
    model_capped: bool
    baseline: str
    baseline_capped: bool
    estimate: Estimate


@dataclass(frozen=True)
class CutoffData(Record):
    """What one cut-off and scope hold: organisations, candidates, positives and the projects
    they come from, the positives out of reach (an organisation unknown at the cut-off) and the
    model's training windows."""

    cutoff: int
    scope: str
    european: int
    chinese: int
    candidates: int
    positives: int
    projects: int
    unreachable: int
    windows: tuple[int, ...]
    training_positives: int


@dataclass(frozen=True)
class Evaluation(Record):
    """The backtest: settings, counts, per cut-off and pooled results, paired differences."""

    ks: tuple[int, ...]
    choosing: int
    judged: tuple[int, ...]
    caps: tuple[int, int]
    replicates: int
    cutoffs: tuple[CutoffData, ...]
    results: tuple[MethodResult, ...]
    pooled: tuple[MethodResult, ...]
    differences: tuple[Difference, ...]


@dataclass
class _Ranked:
    """One scope of one cut-off: the pairs, their positives and every method's order."""

    table: Table
    positives: IntArray  # positions into table of the positive pairs
    projects: list[list[int]]  # per positive, indices into the global project list
    orders: dict[tuple[str, bool], IntArray]


def baseline_scores(c: Cut, data: Table, name: str) -> FloatArray:
    """A baseline's score of each pair of ``data`` (random: all equal)."""
    degree = c.degree()
    if name == "random":
        return np.zeros(len(data))
    if name == "preferential attachment":
        return np.asarray(degree[c.eu_rows][data.rows] * degree[c.cn_rows][data.cols])
    common = np.expm1(data.column("common"))
    if name == "common neighbours":
        return common
    if name == "Adamic-Adar":
        return data.column("adamic_adar")
    if name == "resource allocation":
        return data.column("allocation")
    if name == "Katz":
        beta = features.KATZ_BETA
        return beta**2 * common + beta**3 * np.expm1(data.column("paths3"))
    raise BadParameter("method", f"unknown baseline '{name}'")


def order_of(scores: FloatArray, rng: np.random.Generator) -> IntArray:
    """Positions best first; ties in a random order drawn from ``rng``."""
    shuffle = rng.permutation(len(scores))
    return np.asarray(shuffle[np.argsort(-scores[shuffle], kind="stable")], dtype=np.int64)


def _metrics(
    ranks: IntArray, weights: FloatArray, ks: tuple[int, ...]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Precision at each k (ks x replicates), recall at the largest k and average precision
    (replicates), for positives at ``ranks`` (1-based) weighted per replicate."""
    o = np.argsort(ranks, kind="stable")
    r = ranks[o].astype(np.float64)
    w = weights[:, o]
    total = w.sum(axis=1)
    safe = np.where(total > 0, total, 1.0)
    precision = np.stack([(w * (r <= k)).sum(axis=1) / k for k in ks])
    recall = (w * (r <= max(ks))).sum(axis=1) / safe
    ap = (w * np.cumsum(w, axis=1) / r).sum(axis=1) / safe if len(r) else np.zeros(len(w))
    return precision, recall, ap


def _estimate(point: float, draws: FloatArray) -> Estimate:
    low, high = np.percentile(draws, [2.5, 97.5]) if len(draws) else (point, point)
    return Estimate(round(point, 4), round(float(low), 4), round(float(high), 4))


def evaluate(
    snapshot: Snapshot,
    cutoffs: Iterable[int] = CUTOFFS,
    *,
    ks: tuple[int, ...] = KS,
    choosing: int = CHOOSING,
    caps: tuple[int, int] = CAPS,
    replicates: int = REPLICATES,
    first_window: int = learn.FIRST_WINDOW,
    c: float = learn.C,
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Every method at every cut-off and scope, with intervals; pooled over the cut-offs after
    ``choosing``.

    :raises BadParameter: no cut-off, a k below 1, fewer than 10 replicates, or a cut-off with
        nothing to learn from.
    """
    years = sorted(set(cutoffs))
    if not years or not ks or min(ks) < 1 or replicates < 10:
        raise BadParameter("cutoff", "give a cut-off year, each k >= 1 and >= 10 replicates")
    ks = tuple(sorted(set(ks)))
    say = progress or (lambda _: None)
    cuts: dict[int, Cut] = {}

    def cut_of(year: int) -> Cut:
        if year not in cuts:
            say(f"cutting the graph at the end of {year}")
            cuts[year] = features.cut(snapshot, year)
        return cuts[year]

    later = sorted(
        p for p, s in snapshot.starts.items() if s > years[0] and snapshot.kind(p) == "project"
    )
    project_index = {p: n for n, p in enumerate(later)}
    draws = np.random.default_rng(SEED).poisson(1.0, size=(replicates, len(later)))
    counts: list[CutoffData] = []
    per: dict[tuple[int, str], _Ranked] = {}
    for year in years:
        current = cut_of(year)
        say(f"training the model for {year}")
        model = learn.fit(snapshot, year, c=c, cuts=cut_of, first=first_window)
        data = features.table(current)
        found = features.first_together(snapshot, current, year)
        unreachable = _unreachable(snapshot, current, year)
        scope_masks = {"all": np.ones(len(data), dtype=bool)}
        scope_masks["pm"] = features.pm_pairs(current, data.rows, data.cols)
        scores = {"model": model.score(data.values)} | {
            name: baseline_scores(current, data, name) for name in BASELINES
        }
        for scope, mask in scope_masks.items():
            ranked = _rank(data, mask, found, project_index, scores, caps, len(current.china))
            per[(year, scope)] = ranked
            counts.append(
                CutoffData(
                    cutoff=year,
                    scope=scope,
                    european=len(set(ranked.table.rows.tolist())),
                    chinese=len(set(ranked.table.cols.tolist())),
                    candidates=len(ranked.table),
                    positives=len(ranked.positives),
                    projects=len({p for ps in ranked.projects for p in ps}),
                    unreachable=unreachable if scope == "all" else 0,
                    windows=model.windows,
                    training_positives=model.positives,
                )
            )
    say("bootstrapping over projects")
    results, pooled, differences = _summaries(per, years, choosing, ks, draws, cuts)
    return Evaluation(
        ks=ks,
        choosing=choosing,
        judged=tuple(y for y in years if y > choosing),
        caps=caps,
        replicates=replicates,
        cutoffs=tuple(counts),
        results=results,
        pooled=pooled,
        differences=differences,
    )


def _unreachable(snapshot: Snapshot, c: Cut, year: int) -> int:
    """New European-Chinese pairs after ``year`` with a side unknown at the cut-off."""
    sides = [(o, features.side(c.snapshot, o)) for o in c.organisations]
    everyone = Cut(
        year,
        c.snapshot,
        c.organisations,
        [o for o, s in sides if s == "europe"],
        [o for o, s in sides if s == "china"],
        c.adjacency,
    )
    reached = features.first_together(snapshot, c, year)
    return len(features.first_together(snapshot, everyone, year)) - len(reached)


def _rank(
    data: Table,
    mask: BoolArray,
    found: dict[tuple[int, int], list[str]],
    project_index: dict[str, int],
    scores: dict[str, FloatArray],
    caps: tuple[int, int],
    width: int,
) -> _Ranked:
    keep = np.flatnonzero(mask)
    sub = Table(data.year, data.rows[keep], data.cols[keep], data.values[keep])
    ids = sub.rows * width + sub.cols
    position = {int(i): n for n, i in enumerate(ids.tolist())}
    positives: list[int] = []
    projects: list[list[int]] = []
    for (i, j), brought in sorted(found.items()):
        n = position.get(i * width + j)
        if n is not None:
            positives.append(n)
            projects.append([project_index[p] for p in brought])
    orders: dict[tuple[str, bool], IntArray] = {}
    for name, values in scores.items():
        order = order_of(values[keep], np.random.default_rng(SEED))
        orders[(name, False)] = order
        orders[(name, True)] = capped_head(sub.rows, sub.cols, order, caps, CAPPED)
    return _Ranked(sub, np.array(positives, dtype=np.int64), projects, orders)


def _pair_weights(draws: npt.NDArray[np.int64], projects: list[list[int]]) -> FloatArray:
    """Per replicate, each positive's weight: the mean draw of the projects that bring it."""
    rows = [n for n, ps in enumerate(projects) for _ in ps]
    cols = [p for ps in projects for p in ps]
    share = [1.0 / len(ps) for ps in projects for _ in ps]
    matrix = sparse.csr_matrix((share, (rows, cols)), shape=(len(projects), max(1, draws.shape[1])))
    return np.asarray((matrix @ draws.T.astype(np.float64)).T)


def _summaries(
    per: dict[tuple[int, str], _Ranked],
    years: list[int],
    choosing: int,
    ks: tuple[int, ...],
    draws: npt.NDArray[np.int64],
    cuts: dict[int, Cut],
) -> tuple[tuple[MethodResult, ...], tuple[MethodResult, ...], tuple[Difference, ...]]:
    judged = [y for y in years if y > choosing]
    results: list[MethodResult] = []
    # (scope, method, capped) -> per judged year: (precision, recall, ap) point and draws
    kept: dict[tuple[str, str, bool], list[tuple[FloatArray, ...]]] = {}
    for (year, scope), ranked in sorted(per.items()):
        weights = _pair_weights(draws, ranked.projects)
        ones = np.ones((1, len(ranked.positives)))
        for (name, is_capped), order in ranked.orders.items():
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(1, len(order) + 1)
            ranks = rank[ranked.positives]
            point = _metrics(ranks, ones, ks)
            spread = _metrics(ranks, weights, ks)
            if year in judged:
                kept.setdefault((scope, name, is_capped), []).append((*point, *spread))
            results.append(
                _result(year, scope, name, is_capped, ks, point, spread, ranked, order, cuts[year])
            )
    pooled: list[MethodResult] = []
    means: dict[tuple[str, str, bool], tuple[FloatArray, ...]] = {}
    for key, rows in kept.items():
        means[key] = tuple(np.mean([r[n] for r in rows], axis=0) for n in range(6))
        scope, name, is_capped = key
        p, rc, ap, pd, rd, apd = means[key]
        pooled.append(
            MethodResult(
                cutoff=None,
                scope=scope,
                method=name,
                capped=is_capped,
                precision={k: _estimate(float(p[n, 0]), pd[n]) for n, k in enumerate(ks)},
                recall=_estimate(float(rc[0]), rd),
                average_precision=_estimate(float(ap[0]), apd),
                hits=0,
                chinese_in_top=0,
                european_in_top=0,
                most_pairs_one_organisation=0,
            )
        )
    differences: list[Difference] = []
    top = len(ks) - 1
    for scope in SCOPES:
        for model_capped in (True, False):
            mine = means.get((scope, "model", model_capped))
            if mine is None:
                continue
            for name in BASELINES:
                for base_capped in (True, False):
                    theirs = means[(scope, name, base_capped)]
                    for metric, index in ((f"P@{ks[top]}", top), ("AP", -1)):
                        differences.append(
                            Difference(
                                scope,
                                metric,
                                model_capped,
                                name,
                                base_capped,
                                _estimate(
                                    _point(mine, index) - _point(theirs, index),
                                    _spread(mine, index) - _spread(theirs, index),
                                ),
                            )
                        )
    return tuple(results), tuple(pooled), tuple(differences)


def _point(summary: tuple[FloatArray, ...], index: int) -> float:
    """The point value of precision at ks[index], or of AP for index -1."""
    return float(summary[2][0] if index < 0 else summary[0][index, 0])


def _spread(summary: tuple[FloatArray, ...], index: int) -> FloatArray:
    """The replicate values of precision at ks[index], or of AP for index -1."""
    return summary[5] if index < 0 else summary[3][index]


def _result(
    year: int,
    scope: str,
    name: str,
    is_capped: bool,
    ks: tuple[int, ...],
    point: tuple[FloatArray, ...],
    spread: tuple[FloatArray, ...],
    ranked: _Ranked,
    order: IntArray,
    c: Cut,
) -> MethodResult:
    k = max(ks)
    head = order[:k]
    rows = ranked.table.rows[head]
    cols = ranked.table.cols[head]
    held: dict[str, int] = {}
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        for key in (c.europe[i], c.china[j]):
            held[key] = held.get(key, 0) + 1
    positives = set(ranked.positives.tolist())
    return MethodResult(
        cutoff=year,
        scope=scope,
        method=name,
        capped=is_capped,
        precision={kk: _estimate(float(point[0][n, 0]), spread[0][n]) for n, kk in enumerate(ks)},
        recall=_estimate(float(point[1][0]), spread[1]),
        average_precision=_estimate(float(point[2][0]), spread[2]),
        hits=sum(1 for p in head.tolist() if p in positives),
        chinese_in_top=len(set(cols.tolist())),
        european_in_top=len(set(rows.tolist())),
        most_pairs_one_organisation=max(held.values(), default=0),
    )


def _interval(e: Estimate, digits: int) -> str:
    return f"{e.value:.{digits}f} [{e.low:.{digits}f}, {e.high:.{digits}f}]"


def markdown(evaluation: Evaluation) -> str:
    """The backtest tables as Markdown (benchmarks/GAPS_EVAL.md's tables)."""
    ks = evaluation.ks
    k = max(ks)
    head = (
        "| cut-off | method | cap | "
        + " | ".join(f"P@{x}" for x in ks)
        + f" | R@{k} | AP | Chinese orgs in top {k} | most pairs held by one org |"
    )
    rule = "|---|---|---|" + "---:|" * (len(ks) + 4)
    lines: list[str] = []
    for scope in SCOPES:
        lines += [f"### Scope: {scope}", "", head, rule]
        for r in evaluation.results:
            if r.scope != scope:
                continue
            lines.append(
                f"| {r.cutoff} | {r.method} | {'4/4' if r.capped else 'none'} | "
                + " | ".join(_interval(r.precision[x], 2) for x in ks)
                + f" | {_interval(r.recall, 3)} | {_interval(r.average_precision, 4)} "
                f"| {r.chinese_in_top} | {r.most_pairs_one_organisation} |"
            )
        judged = ", ".join(str(y) for y in evaluation.judged)
        lines += ["", f"Pooled over {judged} (mean of the cut-offs):", ""]
        lines += [
            "| method | cap | " + " | ".join(f"P@{x}" for x in ks) + f" | R@{k} | AP |",
            "|---|---|" + "---:|" * (len(ks) + 2),
        ]
        for r in evaluation.pooled:
            if r.scope == scope:
                lines.append(
                    f"| {r.method} | {'4/4' if r.capped else 'none'} | "
                    + " | ".join(_interval(r.precision[x], 3) for x in ks)
                    + f" | {_interval(r.recall, 3)} | {_interval(r.average_precision, 4)} |"
                )
        lines += ["", "Model minus baseline, pooled, paired by replicate:", ""]
        lines += ["| metric | model cap | baseline | baseline cap | difference [95%] |"]
        lines += ["|---|---|---|---|---:|"]
        for d in evaluation.differences:
            if d.scope == scope and d.baseline != "random":
                digits = 4 if d.metric == "AP" else 3
                lines.append(
                    f"| {d.metric} | {'4/4' if d.model_capped else 'none'} | {d.baseline} "
                    f"| {'4/4' if d.baseline_capped else 'none'} "
                    f"| {_interval(d.estimate, digits)} |"
                )
        lines.append("")
    lines += [
        "| cut-off | scope | European orgs | Chinese orgs | candidate pairs | positives "
        "| projects bringing them | new pairs out of reach | training windows "
        "| training positives |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for n in evaluation.cutoffs:
        windows = f"{n.windows[0]}-{n.windows[-1]}" if n.windows else "-"
        lines.append(
            f"| {n.cutoff} | {n.scope} | {n.european} | {n.chinese} | {n.candidates} "
            f"| {n.positives} | {n.projects} | {n.unreachable} | {windows} "
            f"| {n.training_positives} |"
        )
    return "\n".join(lines) + "\n"
