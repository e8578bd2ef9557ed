"""European-Chinese biobank pairs: complementarity and the standards to adopt first
(question 15, IC2PerMed Task 3.3)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ic2kg.errors import BadParameter
from ic2kg.gaps.model import Adoption, BiobankPair, BiobankReport, Lang, side_of
from ic2kg.gaps.opportunities import jaccard
from ic2kg.gaps.snapshot import RawStep, Snapshot
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
    popularity = Counter(f for b in snapshot.biobanks for f in snapshot.declared_families(b))
    terms = weights.terms()
    total = sum(terms.values())
    scored = []
    for eu in europe:
        for cn in china:
            if biobank and biobank not in (eu, cn):
                continue
            if country and country not in (
                snapshot.entities[eu].country,
                snapshot.entities[cn].country,
            ):
                continue
            pair = _pair(snapshot, eu, cn, popularity, terms, total, lang)
            scored.append(((-pair.score, pair.europe.label, pair.china.label), pair))
    scored.sort(key=lambda item: item[0])
    return BiobankReport(tuple(replace(p, rank=i + 1) for i, (_, p) in enumerate(scored[:top])))


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
    fa, fb = snapshot.declared_families(eu), snapshot.declared_families(cn)
    samples_union = a.samples | b.samples
    parts = {
        "disease_overlap": round(jaccard(set(a.diseases), set(b.diseases)), 4),
        "sample_complementarity": round(
            len(a.samples ^ b.samples) / len(samples_union) if samples_union else 0.0, 4
        ),
        "population": (
            _described(a.population, a.participants) + _described(b.population, b.participants)
        )
        / 2,
        "standards": round(jaccard(fa, fb), 4),
    }
    score = sum(parts[name] * weight for name, weight in terms.items()) / total
    adopt: list[Adoption] = []
    shared = fa & fb
    for family in sorted(fa ^ fb, key=lambda f: (-popularity[f], f)):
        lacking, holder = (cn, eu) if family in fa else (eu, cn)
        adopt.append(
            Adoption(
                snapshot.named(lacking, lang),
                snapshot.named(family, lang),
                f"{snapshot.label(holder, lang)} declares it",
            )
        )
    if not fa and not fb and popularity:
        family, count = sorted(popularity.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        reason = f"neither declares a standard; the one most declared by biobanks ({count})"
        adopt.extend(
            Adoption(snapshot.named(x, lang), snapshot.named(family, lang), reason)
            for x in (eu, cn)
        )
    evidence = []
    for bank in (eu, cn):
        for disease in sorted(a.diseases & b.diseases):
            evidence.append(
                RawStep(bank, str(IC2KG.diseaseArea), disease, snapshot.sources_of(bank))
            )
        for relation, standard in snapshot.holders().get(bank, []):
            if snapshot.family(standard) in shared:
                evidence.append(RawStep(bank, relation, standard, snapshot.sources_of(bank)))
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
        evidence=tuple(snapshot.step(s, lang) for s in evidence),
        **parts,
    )


def _described(population: str | None, participants: int | None) -> float:
    return 1.0 if population or participants else 0.0
