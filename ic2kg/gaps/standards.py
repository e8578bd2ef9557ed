"""Standards one party declares and another lacks, and the adoptions that link most new pairs
(question 17)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from ic2kg.errors import BadParameter
from ic2kg.gaps.model import (
    Lang,
    StandardGap,
    StandardLeverage,
    StandardsReport,
    side_of,
)
from ic2kg.gaps.snapshot import Snapshot


def default_group(snapshot: Snapshot) -> list[str]:
    """European and Chinese countries that declare at least one standard."""
    return [
        c
        for c in snapshot.parties("country")
        if side_of(snapshot.region(c)) and snapshot.declared_families(c)
    ]


def standards_report(
    snapshot: Snapshot,
    parties: Sequence[str] | None = None,
    *,
    top: int | None = 10,
    lang: Lang = "en",
) -> StandardsReport:
    """Standards gaps within a group of parties, and the best single adoptions.

    A party's standards are those it adopts, those its organisations and biobanks adopt (for a
    country) and those its policies reference; a standard and the standards derived from it
    (prov:wasDerivedFrom, e.g. GB/T 37864-2019 from ISO 20387:2018) form one family, so either
    one satisfies the other. ``parties`` defaults to the European and Chinese countries that
    declare any standard.

    :raises BadParameter: a party is not a country or organisation of the graph, or the group
        has fewer than two parties.
    """
    group = list(dict.fromkeys(parties)) if parties else default_group(snapshot)
    for party in group:
        if snapshot.kind(party) not in ("country", "organisation"):
            raise BadParameter("party", f"<{party}> is not a country or organisation of the graph")
    if parties and len(group) < 2:
        raise BadParameter("party", "a standards comparison needs at least two parties")
    gaps = []
    for party in group:
        mine = snapshot.declared_families(party)
        others = {o: snapshot.declared_families(o) for o in group if o != party}
        for family in sorted(set().union(*others.values()) - mine if others else set()):
            holders = [o for o, families in others.items() if family in families]
            gaps.append(
                StandardGap(
                    party=snapshot.named(party, lang),
                    lacks=snapshot.named(family, lang),
                    declared_by=tuple(snapshot.named(o, lang) for o in holders),
                    paths=tuple(
                        snapshot.path(snapshot.profile(o).standards[family][0], lang)
                        for o in holders
                    ),
                )
            )
    return StandardsReport(
        parties=tuple(snapshot.named(p, lang) for p in group),
        gaps=tuple(gaps),
        leverage=leverage(snapshot, top=top, lang=lang),
    )


def adopter_universe(snapshot: Snapshot) -> dict[str, list[str]]:
    """Parties that could adopt a standard, by kind: countries and biobanks."""
    return {
        "country": snapshot.parties("country"),
        "biobank": sorted(snapshot.biobanks),
    }


def leverage(
    snapshot: Snapshot, *, top: int | None = 10, lang: Lang = "en"
) -> tuple[StandardLeverage, ...]:
    """For each standard family, the one adoption that would link the most new pairs.

    Pairs are of the same kind (country-country, biobank-biobank). A pair is new when the two
    share no standard family yet. Ranked by new European-Chinese pairs, then all new pairs.
    """
    best: list[tuple[tuple[int, int, str, str], StandardLeverage]] = []
    for parties in adopter_universe(snapshot).values():
        declared = {p: snapshot.declared_families(p) for p in parties}
        linked = {
            frozenset((a, b)) for a, b in combinations(parties, 2) if declared[a] & declared[b]
        }
        families = sorted(set().union(*declared.values())) if declared else []
        for family in families:
            holders = [p for p in parties if family in declared[p]]
            for adopter in parties:
                if family in declared[adopter]:
                    continue
                partners = [h for h in holders if frozenset((adopter, h)) not in linked]
                if not partners:
                    continue
                cross = [
                    h
                    for h in partners
                    if {side_of(snapshot.region(adopter)), side_of(snapshot.region(h))}
                    == {"europe", "china"}
                ]
                record = StandardLeverage(
                    rank=0,
                    standard=snapshot.named(family, lang),
                    adopter=snapshot.named(adopter, lang),
                    new_pairs=len(partners),
                    new_eu_china_pairs=len(cross),
                    partners=tuple(snapshot.named(h, lang) for h in partners),
                )
                best.append(((-len(cross), -len(partners), family, adopter), record))
    best.sort(key=lambda item: item[0])
    chosen: list[StandardLeverage] = []
    seen: set[str] = set()
    for _, record in best:
        if record.standard.iri in seen:
            continue
        seen.add(record.standard.iri)
        chosen.append(record)
    from dataclasses import replace

    return tuple(replace(r, rank=i + 1) for i, r in enumerate(chosen[:top]))
