"""A country's or organisation's partners ranked by the learned pair model, each pair explained
by the features that raised its score most: one plain sentence each, in English or Chinese,
with its evidence (docs/gaps.md "The learned ranking")."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ic2kg import paths
from ic2kg.errors import BadParameter
from ic2kg.gaps import evidence, features, learn
from ic2kg.gaps.diversity import capped
from ic2kg.gaps.features import Cut
from ic2kg.gaps.learn import PairModel
from ic2kg.gaps.model import Lang, Partner, Reason, Record
from ic2kg.gaps.reasons import pm_reason, sources
from ic2kg.gaps.scope import Scope
from ic2kg.gaps.snapshot import Snapshot

#: Explanations given per pair: the groups of features that raised its score most.
EXPLAINED = 3
#: Pairs one organisation of the focus may hold (the other side: one each).
FOCUS_CAP = 4
_NAMES = 3

# Features that tell one story, explained by one sentence.
GROUPS: dict[str, tuple[str, ...]] = {
    "activity": ("recent", "decayed", "activities", "idle"),
    "experience": ("cross", "degree"),
    "partners": ("common", "adamic_adar", "allocation", "paths3"),
    "kind": (
        *(f"role_{r}" for r in ("funder", "research", "university", "hospital")),
        "role_biobank",
        "role_company",
        "compatible",
    ),
    "calls": ("families",),
    "topics": ("topics", "priorities", "pm_terms", "pm_share", "health_share"),
    "country": ("country",),
    "standards": ("standards", "networks"),
}


def group_of(feature: str) -> str:
    """The explanation group of a feature name (``eu_``/``cn_`` prefixes dropped)."""
    base = feature.removeprefix("eu_").removeprefix("cn_")
    return next(g for g, names in GROUPS.items() if base in names)


@dataclass(frozen=True)
class RankedPair(Record):
    """One pair of the learned ranking with its score and explanations."""

    rank: int
    a: Partner
    b: Partner
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Ranking(Record):
    """The learned ranking of a focus: the year it stands at, the model's windows, the pairs."""

    focus: Partner
    year: int
    windows: tuple[int, ...]
    scope: str
    pairs: tuple[RankedPair, ...]
    scoring: str = "/gaps/scoring"


def stored_model() -> PairModel:
    """The stored model (graph/derived/pair-model.json)."""
    return learn.load(paths.PAIR_MODEL)


def scoring_facts() -> dict[str, Any]:
    """What the "how is this scored" page shows: the stored model's features by the size of
    their weight, its training windows, and the pooled backtest figures when stored
    (graph/derived/pair-backtest.json, written by ``ic2kg gaps evaluate --format json``)."""
    model = stored_model()
    weights = sorted(
        zip(model.features, model.coefficients, strict=True), key=lambda fc: (-abs(fc[1]), fc[0])
    )
    backtest: dict[str, Any] = {}
    if paths.PAIR_BACKTEST.exists():
        backtest = json.loads(paths.PAIR_BACKTEST.read_text(encoding="utf-8"))
    return {
        "model": model,
        "weights": [(name, group_of(name), round(value, 3)) for name, value in weights],
        "pooled": [r for r in backtest.get("pooled", []) if r["method"] != "random"],
        "differences": [
            d for d in backtest.get("differences", []) if d["baseline"] == "preferential attachment"
        ],
        "judged": backtest.get("judged", []),
    }


def current_cut(snapshot: Snapshot) -> Cut:
    """The graph at the year the snapshot stands at, with its features (computed once)."""
    year = snapshot.year
    if year is None:
        raise BadParameter("ranking", "the graph holds no dated activity")
    return snapshot.memo(("learned-cut",), lambda: features.cut(snapshot, year))


def rank(
    snapshot: Snapshot,
    focus: str,
    *,
    model: PairModel | None = None,
    top: int = 20,
    lang: Lang = "en",
    scope: Scope = "pm",
) -> Ranking:
    """The focus' (a country's organisations, or one organisation's) best new partners on the
    other side, by the learned model; each partner once, no organisation of the focus in more
    than :data:`FOCUS_CAP` pairs.

    :raises BadParameter: the focus is not a European or Chinese country or organisation.
    """
    model = model or stored_model()
    # The served graph does not change: a focus' answer is computed once per snapshot.
    key = ("learned-ranking", focus, model, top, lang, scope)
    return snapshot.memo(key, lambda: _rank(snapshot, focus, model, top, lang, scope))


def _rank(
    snapshot: Snapshot, focus: str, model: PairModel, top: int, lang: Lang, scope: Scope
) -> Ranking:
    c = current_cut(snapshot)
    kind = snapshot.kind(focus)
    members = snapshot.organisations_in(focus) if kind == "country" else [focus]
    side = features.side(snapshot, focus)
    if side is None:
        raise BadParameter("focus", f"{snapshot.label(focus)} is in neither Europe nor China")
    own = c.europe if side == "europe" else c.china
    position = {o: i for i, o in enumerate(own)}
    chosen = [position[m] for m in members if m in position]
    ours = np.array(chosen, dtype=np.int64)
    rows, cols = c.candidates(ours, None) if side == "europe" else c.candidates(None, ours)
    if scope == "pm":
        mine = features.pm_pairs(c, rows, cols)
        rows, cols = rows[mine], cols[mine]
    data = features.table(c, rows, cols)
    scores = model.score(data.values)
    order = np.argsort(-scores, kind="stable")
    focus_side, other_side = (rows, cols) if side == "europe" else (cols, rows)
    positions, _ = capped(focus_side, other_side, order, (FOCUS_CAP, 1), top=top)
    contributions = model.contributions(data.values)
    pairs = []
    for n, p in enumerate(positions):
        a, b = c.europe[int(rows[p])], c.china[int(cols[p])]
        if side == "china":
            a, b = b, a
        pairs.append(
            RankedPair(
                rank=n + 1,
                a=snapshot.partner(a, lang),
                b=snapshot.partner(b, lang),
                score=round(float(1 / (1 + np.exp(-scores[p]))), 4),
                reasons=explain(snapshot, c, a, b, contributions[p], lang),
            )
        )
    return Ranking(
        focus=snapshot.partner(focus, lang),
        year=c.year,
        windows=model.windows,
        scope=scope,
        pairs=tuple(pairs),
    )


def explain(
    snapshot: Snapshot, c: Cut, a: str, b: str, contribution: npt.NDArray[np.float64], lang: Lang
) -> tuple[Reason, ...]:
    """The PM reason first (when the pair has one), then one sentence for each of the
    :data:`EXPLAINED` feature groups that raised the pair's log-odds most."""
    groups: dict[str, float] = {}
    for name, value in zip(features.FEATURES, contribution.tolist(), strict=True):
        groups[group_of(name)] = groups.get(group_of(name), 0.0) + value
    best = sorted((g for g, v in groups.items() if v > 0), key=lambda g: -groups[g])
    found: list[Reason] = []
    first = pm_reason(snapshot, a, b, lang)
    if first is not None:
        found.append(first)
    for group in best:
        if len(found) >= EXPLAINED + (first is not None):
            break
        said = _sentence(snapshot, c, a, b, group, lang)
        if said is not None:
            text, cited = said
            found.append(Reason(group, text, round(groups[group], 4), 1.0, sources(cited)))
    return tuple(found)


def _names(snapshot: Snapshot, iris: Iterable[str], lang: Lang) -> str:
    chosen = sorted(iris)
    shown = [snapshot.label(i, lang) for i in chosen[:_NAMES]]
    rest = len(chosen) - len(shown)
    if lang == "zh":
        return "、".join(shown) + ("等" if rest > 0 else "")
    text = ", ".join(shown)
    return text + (f" and {rest} more" if rest > 0 else "")


def _sentence(
    snapshot: Snapshot, c: Cut, a: str, b: str, group: str, lang: Lang
) -> tuple[str, list[str]] | None:
    """One plain sentence for a feature group, with the sources of its evidence."""
    snap = c.snapshot
    la, lb = snapshot.label(a, lang), snapshot.label(b, lang)
    sa, sb = evidence.party_sets(snap, a), evidence.party_sets(snap, b)
    year = c.year
    first = year - evidence.RECENT_YEARS + 1
    if group == "activity":
        recent = [
            t for s in (sa, sb) for t in sorted(s.activities) if first <= snap.starts.get(t, -1)
        ]
        cited = [u for t in recent for u in snap.sources_of(t)[:1]]
        if lang == "zh":
            text = (
                f"{first}—{year}年间，{la}参与了{sa.recent}个新开始的项目、征集或计划，"
                f"{lb}参与了{sb.recent}个。"
            )
        else:
            text = (
                f"In {first}-{year}, {la} took part in {sa.recent} and {lb} in {sb.recent} "
                "projects, calls or programmes that started then."
            )
        return text, cited
    if group == "experience":
        cross_a = [
            p for p in sa.partners if features.side(snap, p) not in (None, features.side(snap, a))
        ]
        cross_b = [
            p for p in sb.partners if features.side(snap, p) not in (None, features.side(snap, b))
        ]
        cited = [
            u for t in sorted(sa.activities | sb.activities)[:4] for u in snap.sources_of(t)[:1]
        ]
        if lang == "zh":
            text = (
                f"{la}已与{len(cross_a)}个对方地区机构合作（{_names(snapshot, cross_a, lang)}），"
                f"{lb}已与{len(cross_b)}个（{_names(snapshot, cross_b, lang)}）。"
            )
        else:
            text = (
                f"{la} has already worked with {len(cross_a)} organisations on the other side "
                f"({_names(snapshot, cross_a, lang)}), {lb} with {len(cross_b)} "
                f"({_names(snapshot, cross_b, lang)})."
            )
        return text, cited
    if group == "partners":
        common = sa.partners & sb.partners
        if not common:
            return None
        cited = [
            u
            for z in sorted(common)[:_NAMES]
            for x in (a, b)
            for t in sorted(
                evidence.party_sets(snap, x).activities & evidence.party_sets(snap, z).activities
            )[:1]
            for u in snap.sources_of(t)[:1]
        ]
        if lang == "zh":
            text = f"{la}和{lb}有{len(common)}个共同合作伙伴：{_names(snapshot, common, lang)}。"
        else:
            text = f"{la} and {lb} share {len(common)} partners: {_names(snapshot, common, lang)}."
        return text, cited
    if group == "kind":
        ra, rb = snapshot.role(a), snapshot.role(b)
        if ra is None or rb is None:
            return None
        cited = [*snap.sources_of(a)[:1], *snap.sources_of(b)[:1]]
        if lang == "zh":
            text = (
                f"在以往的欧中合作中，{_ROLE_ZH[ra]}与{_ROLE_ZH[rb]}之间的新合作较为常见："
                f"{la}是{_ROLE_ZH[ra]}，{lb}是{_ROLE_ZH[rb]}。"
            )
        else:
            text = (
                f"New EU-China pairs of a {_ROLE_EN[ra]} and a {_ROLE_EN[rb]} have been common "
                f"in the record: {la} is a {_ROLE_EN[ra]}, {lb} a {_ROLE_EN[rb]}."
            )
        return text, cited
    if group == "calls":
        fam_a = features.families_of(snap, sa.activities)
        fam_b = features.families_of(snap, sb.activities)
        shared = fam_a & fam_b
        if not shared:
            return None
        cited = [
            u
            for s in (sa, sb)
            for t in sorted(s.activities)
            if features.families_of(snap, frozenset({t})) & shared
            for u in snap.sources_of(t)[:1]
        ]
        names = "、".join(sorted(shared)) if lang == "zh" else ", ".join(sorted(shared))
        text = (
            f"{la}和{lb}都参与过同一工作计划系列的征集：{names}。"
            if lang == "zh"
            else f"{la} and {lb} both took part in calls of one work-programme family: {names}."
        )
        return text, cited
    if group == "country":
        country = (
            snap.entities[a].country
            if features.side(snap, a) == "europe"
            else snap.entities[b].country
        )
        if country is None:
            return None
        cited = list(snap.sources_of(country)[:1])
        name = snapshot.label(country, lang)
        text = (
            f"{name}的机构已有许多欧中合作伙伴关系，新的合作常由此产生。"
            if lang == "zh"
            else f"Organisations in {name} already hold many EU-China partnerships; new ones "
            "often grow from them."
        )
        return text, cited
    if group == "topics":
        return None  # said by the PM reason, which comes first
    if group == "standards":
        held = (sa.standards & sb.standards) | (sa.networks & sb.networks)
        if not held:
            return None
        text = (
            f"{la}和{lb}采用相同的标准或属于相同的网络：{_names(snapshot, held, lang)}。"
            if lang == "zh"
            else f"{la} and {lb} share standards or networks: {_names(snapshot, held, lang)}."
        )
        return text, [u for s in sorted(held) for u in snap.sources_of(s)[:1]]
    return None


_ROLE_ZH = {
    "funder": "资助机构",
    "research": "研究机构",
    "university": "大学",
    "hospital": "医院",
    "biobank": "生物样本库",
    "company": "企业",
}
_ROLE_EN = {
    "funder": "funder",
    "research": "research organisation",
    "university": "university",
    "hospital": "hospital",
    "biobank": "biobank",
    "company": "company",
}
