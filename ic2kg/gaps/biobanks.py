"""European-Chinese biobank pairs: complementarity and the standards to adopt first
(question 15, IC2PerMed Task 3.3)."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import replace
from operator import itemgetter

from ic2kg.errors import BadParameter
from ic2kg.gaps import evidence
from ic2kg.gaps.model import Adoption, BiobankPair, BiobankReport, Lang, side_of
from ic2kg.gaps.opportunities import jaccard
from ic2kg.gaps.snapshot import Biobank, RawStep, Snapshot
from ic2kg.gaps.weights import BiobankWeights
from ic2kg.namespaces import IC2KG


def biobank_pairs(
    snapshot: Snapshot,
    *,
    biobank: str | None = None,
    country: str | None = None,
    top: int | None = None,
    weights: BiobankWeights | None = None,
    lang: Lang = "en",
) -> BiobankReport:
    """Score every pair of a European and a Chinese biobank.

    Terms (each in [0, 1]): disease overlap (Jaccard of disease areas: shared areas allow
    joint studies), sample complementarity (share of the pair's sample types only one side
    holds), population (half a point per side whose population is described), standards
    (Jaccard of declared standard families). A pair is ``ready`` when it shares a standard
    family. ``adopt_first`` lists the standard families one side declares and the other lacks,
    most declared by biobanks first (for a pair that shares none, adopting the first makes it
    ready), or, when neither declares any, the standard most declared by biobanks in the graph.

    :raises BadParameter: ``biobank`` is not a biobank, or ``top`` is below 1.
    """
    weights = weights or BiobankWeights()
    if biobank is not None and biobank not in snapshot.biobanks:
        raise BadParameter("biobank", f"<{biobank}> is not a biobank of the graph")
    if top is not None and top < 1:
        raise BadParameter("top", f"must be at least 1, got {top}")
    europe = [b for b in sorted(snapshot.biobanks) if side_of(snapshot.region(b)) == "europe"]
    china = [b for b in sorted(snapshot.biobanks) if side_of(snapshot.region(b)) == "china"]
    popularity = Counter(
        f for b in snapshot.biobanks for f in evidence.party_sets(snapshot, b).standards
    )
    terms = weights.terms()
    total = sum(terms.values())
    # Biobanks with the same diseases, samples, description and standards score the same
    # against any partner: score each such pair of profiles once, build records for the rows
    # returned only.
    scores: dict[tuple[Profile, Profile], float] = {}
    labels = {b: snapshot.label(b, lang) for b in (*europe, *china)}
    keyed = []
    for eu in europe:
        for cn in china:
            if biobank and biobank not in (eu, cn):
                continue
            if country and country not in (
                snapshot.entities[eu].country,
                snapshot.entities[cn].country,
            ):
                continue
            pair = (_profile(snapshot, eu), _profile(snapshot, cn))
            score = scores.get(pair)
            if score is None:
                score = scores[pair] = _score(pair[0], pair[1], terms, total)
            keyed.append((-score, labels[eu], labels[cn], eu, cn))
    order = itemgetter(0, 1, 2)
    chosen = heapq.nsmallest(top, keyed, key=order) if top else sorted(keyed, key=order)
    return BiobankReport(
        tuple(
            replace(_pair(snapshot, eu, cn, popularity, terms, total, lang), rank=i + 1)
            for i, (*_, eu, cn) in enumerate(chosen)
        )
    )


Profile = tuple[frozenset[str], frozenset[str], float, frozenset[str]]


def _profile(snapshot: Snapshot, iri: str) -> Profile:
    bank: Biobank = snapshot.biobanks[iri]
    described = _described(bank.population, bank.participants)
    return (bank.diseases, bank.samples, described, evidence.party_sets(snapshot, iri).standards)


def _parts(a: Profile, b: Profile) -> dict[str, float]:
    """The four terms of a pair, rounded as they are reported."""
    samples_union = a[1] | b[1]
    return {
        "disease_overlap": round(jaccard(a[0], b[0]), 4),
        "sample_complementarity": round(
            len(a[1] ^ b[1]) / len(samples_union) if samples_union else 0.0, 4
        ),
        "population": (a[2] + b[2]) / 2,
        "standards": round(jaccard(a[3], b[3]), 4),
    }


def _score(a: Profile, b: Profile, terms: dict[str, float], total: float) -> float:
    parts = _parts(a, b)
    return round(sum(parts[name] * weight for name, weight in terms.items()) / total, 4)


def _pair(
    snapshot: Snapshot,
    eu: str,
    cn: str,
    popularity: Counter[str],
    terms: dict[str, float],
    total: float,
    lang: Lang,
) -> BiobankPair:
    a, b = snapshot.biobanks[eu], snapshot.biobanks[cn]
    fa, fb = evidence.declared_families(snapshot, eu), evidence.declared_families(snapshot, cn)
    parts = _parts(_profile(snapshot, eu), _profile(snapshot, cn))
    score = sum(parts[name] * weight for name, weight in terms.items()) / total
    adopt: list[Adoption] = []
    shared = fa & fb
    for family in sorted(fa ^ fb, key=lambda f: (-popularity[f], f)):
        lacking, holder = (cn, eu) if family in fa else (eu, cn)
        adopt.append(
            Adoption(
                snapshot.named(lacking, lang),
                snapshot.named(family, lang),
                f"{snapshot.label(holder, lang)}已声明采用"
                if lang == "zh"
                else f"{snapshot.label(holder, lang)} declares it",
            )
        )
    if not fa and not fb and popularity:
        family, count = sorted(popularity.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        reason = (
            f"双方都未声明标准；这是生物样本库声明最多的标准（{count}）"
            if lang == "zh"
            else f"neither declares a standard; the one most declared by biobanks ({count})"
        )
        adopt.extend(
            Adoption(snapshot.named(x, lang), snapshot.named(family, lang), reason)
            for x in (eu, cn)
        )
    steps = []
    for bank in (eu, cn):
        for disease in sorted(a.diseases & b.diseases):
            steps.append(RawStep(bank, str(IC2KG.diseaseArea), disease, snapshot.sources_of(bank)))
        for relation, standard in snapshot.holders().get(bank, []):
            if snapshot.family(standard) in shared:
                steps.append(RawStep(bank, relation, standard, snapshot.sources_of(bank)))
    return BiobankPair(
        rank=0,
        europe=snapshot.named(eu, lang),
        china=snapshot.named(cn, lang),
        score=round(score, 4),
        shared_diseases=tuple(snapshot.named(d, lang) for d in sorted(a.diseases & b.diseases)),
        complementary_samples=tuple(snapshot.named(s, lang) for s in sorted(a.samples ^ b.samples)),
        shared_standards=tuple(snapshot.named(f, lang) for f in sorted(shared)),
        ready=bool(shared),
        adopt_first=tuple(adopt),
        evidence=tuple(snapshot.step(s, lang) for s in steps),
        **parts,
    )


def _described(population: str | None, participants: int | None) -> float:
    return 1.0 if population or participants else 0.0
