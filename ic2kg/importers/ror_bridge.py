"""The ROR matcher (ic2kg.reconcile) as the CORDIS importer asks it: one sure record or none."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ic2kg.importers.cordis_match import RorHit, RorMatcher, RorNames
from ic2kg.reconcile.records import ProgressCallback
from ic2kg.reconcile.ror import RorIndex, candidates_for_names, decide

# CORDIS activity types as ROR type evidence (a score bonus or malus, never a filter).
ROR_TYPES: dict[str, tuple[str, ...]] = {
    "HES": ("education",),
    "REC": ("facility", "nonprofit", "healthcare", "government"),
    "PRC": ("company",),
    "PUB": ("government", "healthcare"),
}


def matcher_for(index: RorIndex) -> RorMatcher:
    """A matcher over ``index``: the single confident active record in the country, or None."""
    dump_date = max((r.modified for r in index.records.values() if r.modified), default="")

    def match(names: Sequence[str], country: str, activity_type: str) -> RorHit | None:
        found = candidates_for_names(index, names, country, types=ROR_TYPES.get(activity_type))
        best = decide(found)
        if best is None or not best.record.active or best.record.country != country:
            return None
        record = best.record
        return RorHit(
            record.ror_id,
            record.url,
            record.names,
            display_name=record.display_name,
            qid=record.qid,
            score=best.score,
            dump_date=dump_date,
            via=best.via,
        )

    return match


def names_for(index: RorIndex) -> RorNames:
    """Every name of a record of ``index`` by its ROR ID (none for a record it lacks)."""

    def names(ror_id: str) -> tuple[str, ...]:
        record = index.get(ror_id)
        return tuple(name.value for name in record.names) if record is not None else ()

    return names


def ror_matcher(dump: Path, progress: ProgressCallback | None = None) -> tuple[RorMatcher, str]:
    """Load the ROR dump at ``dump``: its matcher and a description of its release."""
    matcher, _names, release = ror_lookups(dump, progress)
    return matcher, release


def ror_lookups(
    dump: Path, progress: ProgressCallback | None = None
) -> tuple[RorMatcher, RorNames, str]:
    """Load the ROR dump at ``dump``: its matcher, its names by ROR ID and its release."""
    index = RorIndex.load(dump, progress)
    releases = index.releases
    described = f"{dump.name}, releases {releases[0]} to {releases[-1]}" if releases else dump.name
    release = f"ROR {described} ({len(index.records)} records), CC0"
    return matcher_for(index), names_for(index), release
