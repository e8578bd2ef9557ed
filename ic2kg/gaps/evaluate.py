"""Backtest of the opportunity ranking: does it predict the EU-China pairs that first worked
together after a cut-off year, better than link-prediction baselines?

For a cut-off Y the graph is cut to the end of Y (:meth:`Snapshot.as_of`). Candidates are all
pairs of a European and a Chinese organisation with no joint programme, call or project by
then; the positives are those that take part together in a project starting after Y. Every
method ranks all candidates; precision@k, recall@k and average precision (over the whole
ranking) are reported with the diversity of the top k. Weights are chosen on the earliest
cut-off only and judged on the later ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np
import numpy.typing as npt

from ic2kg.errors import BadParameter
from ic2kg.gaps import evidence
from ic2kg.gaps.model import Record, side_of
from ic2kg.gaps.opportunities import sides
from ic2kg.gaps.scoring import PairScorer, diverse, order
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.weights import OPPORTUNITY_PARTS, OpportunityWeights

IntArray = npt.NDArray[np.int64]
METHODS = ("ic2kg", "random", "preferential attachment", "common neighbours", "Adamic-Adar")
#: Weight values tried per part when weights are chosen (on the earliest cut-off only).
GRID = (0.0, 0.5, 1.0, 2.0, 4.0)
#: (European, Chinese) diversity caps tried: each keeps at least 25 Chinese organisations in a
#: top 100 and no organisation in more than 10 of its pairs.
CAP_GRID = ((4, 4), (6, 4), (10, 4))
SEED = 42
#: Ranked pairs the diversity cap is applied to in the backtest (beyond, plain score order).
CAPPED = 20_000


@dataclass(frozen=True)
class MethodResult(Record):
    """One method at one cut-off: accuracy and diversity of its top k."""

    cutoff: int
    method: str
    precision_at_k: float
    recall_at_k: float
    average_precision: float
    hits_at_k: int
    chinese_in_top: int
    european_in_top: int
    most_pairs_one_organisation: int


@dataclass(frozen=True)
class CutoffData(Record):
    """The candidate and positive counts of one cut-off."""

    cutoff: int
    european: int
    chinese: int
    candidates: int
    positives: int


@dataclass(frozen=True)
class Evaluation(Record):
    """The backtest: the weights used, where they were chosen, and every method's results."""

    k: int
    tuned_on: int | None
    weights: dict[str, float]
    cutoffs: tuple[CutoffData, ...]
    results: tuple[MethodResult, ...]


class Cutoff:
    """The graph at the end of one year, its candidates and the positives after it."""

    def __init__(self, full: Snapshot, year: int) -> None:
        self.year = year
        self.snapshot = full.as_of(year)
        organisations = [i for i in full.entities if full.kind(i) == "organisation"]
        self.europe = sorted(i for i in organisations if side_of(full.region(i)) == "europe")
        self.china = sorted(i for i in organisations if side_of(full.region(i)) == "china")
        self.eu_index = {e: i for i, e in enumerate(self.europe)}
        self.cn_index = {c: j for j, c in enumerate(self.china)}
        self.graph = _organisation_graph(self.snapshot, (*self.europe, *self.china))
        self.joint = {
            self.id(a, b)
            for a in self.europe
            for b in self.graph.neighbors(a)
            if b in self.cn_index
        }
        self.candidates = len(self.europe) * len(self.china) - len(self.joint)
        self.positives = self._positives(full)

    def id(self, a: str, b: str) -> int:
        """The pair id of a European and a Chinese organisation."""
        return self.eu_index[a] * len(self.china) + self.cn_index[b]

    def _positives(self, full: Snapshot) -> set[int]:
        found: set[int] = set()
        for activity, start in full.starts.items():
            if start <= self.year or full.kind(activity) != "project":
                continue
            members = full.ix.participants.get(activity, set())
            europe = [m for m in members if m in self.eu_index]
            china = [m for m in members if m in self.cn_index]
            found.update(self.id(a, b) for a in europe for b in china)
        return found - self.joint

    def pair(self, pair_id: int) -> tuple[str, str]:
        """The (European, Chinese) IRIs of a pair id."""
        i, j = divmod(pair_id, len(self.china))
        return self.europe[i], self.china[j]


def _organisation_graph(snapshot: Snapshot, organisations: Iterable[str]) -> nx.Graph:
    """Organisations linked when they share a programme, call or project (as of the cut)."""
    graph = nx.Graph()
    graph.add_nodes_from(organisations)
    for organisation in list(graph.nodes):
        for partner in evidence.party_sets(snapshot, organisation).partners:
            if partner in graph:
                graph.add_edge(organisation, partner)
    return graph


def _complete(cut: Cutoff, ranked: list[int] | IntArray, rng: np.random.Generator) -> IntArray:
    """The ranked pair ids, then every other candidate in a seeded random order."""
    head = np.asarray(ranked, dtype=np.int64)
    unranked = np.ones(len(cut.europe) * len(cut.china), dtype=bool)
    unranked[head] = False
    unranked[np.fromiter(cut.joint, dtype=np.int64, count=len(cut.joint))] = False
    rest = np.flatnonzero(unranked).astype(np.int64)
    return np.concatenate([head, rng.permutation(rest)])


def _metrics(cut: Cutoff, method: str, ranking: IntArray, k: int) -> MethodResult:
    positives = np.array(sorted(cut.positives), dtype=np.int64)
    hit = np.isin(ranking, positives)
    ranks = np.flatnonzero(hit) + 1
    total = max(1, len(positives))
    ap = float(np.sum(np.arange(1, len(ranks) + 1) / ranks) / total) if len(ranks) else 0.0
    top = [cut.pair(int(p)) for p in ranking[:k]]
    held: dict[str, int] = {}
    for a, b in top:
        held[a] = held.get(a, 0) + 1
        held[b] = held.get(b, 0) + 1
    hits = int(hit[:k].sum())
    return MethodResult(
        cutoff=cut.year,
        method=method,
        precision_at_k=round(hits / k, 4),
        recall_at_k=round(hits / total, 4),
        average_precision=round(ap, 4),
        hits_at_k=hits,
        chinese_in_top=len({b for _, b in top}),
        european_in_top=len({a for a, _ in top}),
        most_pairs_one_organisation=max(held.values(), default=0),
    )


def _by_score(cut: Cutoff, scores: dict[int, float], rng: np.random.Generator) -> list[int]:
    """Pair ids with a positive score, best first, ties in a seeded random order."""
    ids = np.array(list(scores), dtype=np.int64)
    values = np.array([scores[i] for i in ids.tolist()])
    keep = values > 0
    ids, values = ids[keep], values[keep]
    shuffle = rng.permutation(len(ids))
    ids, values = ids[shuffle], values[shuffle]
    ordered: list[int] = ids[np.argsort(-values, kind="stable")].tolist()
    return ordered


def _baseline(cut: Cutoff, name: str, rng: np.random.Generator) -> IntArray:
    graph = cut.graph
    if name == "random":
        return _complete(cut, [], rng)
    eu = [a for a in cut.europe if graph.degree(a) > 0]
    cn = [b for b in cut.china if graph.degree(b) > 0]
    if name == "preferential attachment":
        # A list: networkx checks the nodes of the bunch first, which would use up an iterator.
        scored = nx.preferential_attachment(graph, [(a, b) for a in eu for b in cn])
    else:
        near = {
            (a, b)
            for a in eu
            for z in graph.neighbors(a)
            for b in graph.neighbors(z)
            if b in cut.cn_index
        }
        if name == "common neighbours":
            scored = ((a, b, len(list(nx.common_neighbors(graph, a, b)))) for a, b in sorted(near))
        else:
            scored = nx.adamic_adar_index(graph, sorted(near))
    scores = {pid: float(s) for a, b, s in scored if (pid := cut.id(a, b)) not in cut.joint}
    return _complete(cut, _by_score(cut, scores, rng), rng)


class Ranker:
    """The ic2kg ranking of one cut-off: parts computed once, re-weighted per trial."""

    def __init__(self, cut: Cutoff, weights: OpportunityWeights) -> None:
        self.cut = cut
        self.left, self.right = sides(cut.snapshot, None, "organisation", scope="all")
        left = [evidence.party_sets(cut.snapshot, a) for a in self.left]
        right = [evidence.party_sets(cut.snapshot, b) for b in self.right]
        self.pairs = PairScorer(cut.snapshot, left, right, weights).best(None)
        self.left_ids = np.array([cut.eu_index[a] for a in self.left], dtype=np.int64)
        self.right_ids = np.array([cut.cn_index[b] for b in self.right], dtype=np.int64)

    def ranking(self, weights: OpportunityWeights, rng: np.random.Generator) -> IntArray:
        """Every candidate pair id: the eligible pairs best first, the diversity cap applied to
        the first :data:`CAPPED` of them (the lists people read), then every other candidate
        in a seeded random order."""
        terms = weights.terms()
        vector = np.array([terms[n] for n in OPPORTUNITY_PARTS])
        scored = replace(self.pairs, score=self.pairs.parts @ vector / vector.sum())
        ranked = order(scored, self.left, self.right)
        head, tail = ranked[:CAPPED], ranked[CAPPED:]
        chosen, _ = diverse(
            scored,
            head,
            self.left,
            self.right,
            (weights.max_per_european, weights.max_per_chinese),
            None,
            None,
        )
        positions = np.concatenate([np.array(chosen, dtype=np.int64), tail])
        ids = (
            self.left_ids[scored.rows[positions]] * len(self.cut.china)
            + self.right_ids[scored.cols[positions]]
        )
        return _complete(self.cut, ids, rng)


def choose_weights(
    ranker: Ranker, k: int, start: OpportunityWeights, *, passes: int = 2
) -> OpportunityWeights:
    """Coordinate search over :data:`GRID` (each part's weight) and :data:`CAP_GRID` for the
    best average precision, then precision@k, on one cut-off. Only ever called on the earliest
    cut-off."""
    best = start
    best_key = _key(ranker, best, k)
    for _ in range(passes):
        for name in OPPORTUNITY_PARTS:
            for value in GRID:
                if sum((best.terms() | {name: value}).values()) <= 0:
                    continue
                trial = _with(best, name, value)
                key = _key(ranker, trial, k)
                if key > best_key:
                    best, best_key = trial, key
        for europe, china in CAP_GRID:
            trial = replace(best, max_per_european=europe, max_per_chinese=china)
            key = _key(ranker, trial, k)
            if key > best_key:
                best, best_key = trial, key
    return best


def _with(weights: OpportunityWeights, name: str, value: float) -> OpportunityWeights:
    terms = weights.terms() | {name: value}
    return OpportunityWeights(
        **terms,
        max_per_european=weights.max_per_european,
        max_per_chinese=weights.max_per_chinese,
        paths_per_side=weights.paths_per_side,
    )


def _key(ranker: Ranker, weights: OpportunityWeights, k: int) -> tuple[float, float]:
    result = _metrics(ranker.cut, "ic2kg", ranker.ranking(weights, np.random.default_rng(SEED)), k)
    return (result.average_precision, result.precision_at_k)


def evaluate(
    snapshot: Snapshot,
    cutoffs: Iterable[int] = (2018, 2019, 2020),
    *,
    k: int = 100,
    weights: OpportunityWeights | None = None,
    tune: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Evaluation:
    """Every method at every cut-off; with ``tune``, weights chosen on the earliest cut-off.

    :raises BadParameter: no cut-off, or k below 1.
    """
    years = sorted(set(cutoffs))
    if not years or k < 1:
        raise BadParameter("cutoff", "give at least one cut-off year and k >= 1")
    say = progress or (lambda _: None)
    weights = weights or OpportunityWeights()
    cuts: list[Cutoff] = []
    rankers: list[Ranker] = []
    for year in years:
        say(f"cutting the graph at the end of {year}")
        cuts.append(Cutoff(snapshot, year))
        rankers.append(Ranker(cuts[-1], weights))
    if tune:
        say(f"choosing weights on {years[0]}")
        weights = choose_weights(rankers[0], k, weights)
    results: list[MethodResult] = []
    for cut, ranker in zip(cuts, rankers, strict=True):
        say(f"ranking as of {cut.year}")
        rng = np.random.default_rng(SEED)
        results.append(_metrics(cut, "ic2kg", ranker.ranking(weights, rng), k))
        for name in METHODS[1:]:
            results.append(_metrics(cut, name, _baseline(cut, name, rng), k))
    return Evaluation(
        k=k,
        tuned_on=years[0] if tune else None,
        weights={
            **weights.terms(),
            "max_per_european": weights.max_per_european,
            "max_per_chinese": weights.max_per_chinese,
        },
        cutoffs=tuple(
            CutoffData(c.year, len(c.europe), len(c.china), c.candidates, len(c.positives))
            for c in cuts
        ),
        results=tuple(results),
    )


def markdown(evaluation: Evaluation) -> str:
    """The backtest table as Markdown (benchmarks/GAPS_EVAL.md's tables)."""
    k = evaluation.k
    lines = [
        f"| cut-off | method | P@{k} | R@{k} | AP | hits@{k} | Chinese orgs in top {k} "
        f"| European orgs in top {k} | most pairs held by one org |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in evaluation.results:
        lines.append(
            f"| {r.cutoff} | {r.method} | {r.precision_at_k:.3f} | {r.recall_at_k:.3f} "
            f"| {r.average_precision:.4f} | {r.hits_at_k} | {r.chinese_in_top} "
            f"| {r.european_in_top} | {r.most_pairs_one_organisation} |"
        )
    lines += [
        "",
        "| cut-off | European orgs | Chinese orgs | candidate pairs | positives |",
        "|---|---:|---:|---:|---:|",
    ]
    for c in evaluation.cutoffs:
        lines.append(
            f"| {c.cutoff} | {c.european} | {c.chinese} | {c.candidates} | {c.positives} |"
        )
    return "\n".join(lines) + "\n"
