"""Standards one party declares and another lacks, and the adoptions that link most new pairs
(question 17)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ic2kg.errors import BadParameter
from ic2kg.gaps import evidence
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
        if side_of(snapshot.region(c)) and evidence.declared_families(snapshot, c)
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
        mine = evidence.declared_families(snapshot, party)
        others = {o: evidence.declared_families(snapshot, o) for o in group if o != party}
        for family in sorted(set().union(*others.values()) - mine if others else set()):
            holders = [o for o, families in others.items() if family in families]
            gaps.append(
                StandardGap(
                    party=snapshot.named(party, lang),
                    lacks=snapshot.named(family, lang),
                    declared_by=tuple(snapshot.named(o, lang) for o in holders),
                    paths=tuple(
                        snapshot.path(evidence.standard_paths(snapshot, o)[family][0], lang)
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
    Candidates are counted with set operations; records are built only for those returned.
    """
    # family -> (key, parties of the adopter's kind, adopter); the smallest key per family wins.
    best: dict[str, tuple[tuple[int, int, str, str], list[str], str]] = {}
    for parties in adopter_universe(snapshot).values():
        declared = {p: evidence.party_sets(snapshot, p).standards for p in parties}
        holders_of: dict[str, list[str]] = defaultdict(list)
        for party in parties:
            for family in declared[party]:
                holders_of[family].append(party)
        sides = {p: side_of(snapshot.region(p)) for p in parties}
        linked_to: dict[str, set[str]] = {}
        for party in parties:
            linked_to[party] = {h for f in declared[party] for h in holders_of[f]}
        for family, holders in holders_of.items():
            holder_set = set(holders)
            by_side = {
                side: {h for h in holders if sides[h] == side} for side in ("europe", "china")
            }
            for adopter in parties:
                if family in declared[adopter]:
                    continue
                linked = linked_to[adopter]
                new_pairs = len(holder_set) - len(holder_set & linked)
                if not new_pairs:
                    continue
                other = {"europe": "china", "china": "europe"}.get(sides[adopter] or "")
                cross = len(by_side[other] - linked) if other else 0
                key = (-cross, -new_pairs, family, adopter)
                if family not in best or key < best[family][0]:
                    best[family] = (key, parties, adopter)
    chosen = sorted(best.values(), key=lambda item: item[0])[:top]
    records = []
    for rank, (key, parties, adopter) in enumerate(chosen, start=1):
        family = key[2]
        declared_by_adopter = evidence.party_sets(snapshot, adopter).standards
        partners = [
            h
            for h in parties
            if family in evidence.party_sets(snapshot, h).standards
            and not (evidence.party_sets(snapshot, h).standards & declared_by_adopter)
        ]
        records.append(
            StandardLeverage(
                rank=rank,
                standard=snapshot.named(family, lang),
                adopter=snapshot.named(adopter, lang),
                new_pairs=-key[1],
                new_eu_china_pairs=-key[0],
                partners=tuple(snapshot.named(h, lang) for h in partners),
            )
        )
    return tuple(records)
