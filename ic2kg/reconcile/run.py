"""One run of ``ic2kg reconcile ror``: read the dump and the graph, decide, write four files.

Nothing is written until every input has been read and every decision made, so bad input
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ic2kg import paths
from ic2kg.errors import DataLoadError
from ic2kg.reconcile.graph import (
    IMPORTED_DIR,
    ROR_TURTLE,
    ROR_TYPES,
    graph_sources,
    load_organisations,
    load_type_mappings,
)
from ic2kg.reconcile.outcomes import Reconciliation, reconcile
from ic2kg.reconcile.output import Provenance, render_report, render_sssom, render_turtle
from ic2kg.reconcile.records import ProgressCallback, ror_id_of
from ic2kg.reconcile.review import merge_decisions, read_review, render_review
from ic2kg.reconcile.ror import RorIndex

_RELEASE = re.compile(r"v\d+(?:\.\d+)+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Outputs:
    """Where a run writes (defaults: the repository's graph/ files)."""

    turtle: Path = ROR_TURTLE
    sssom: Path = paths.MAPPINGS_DIR / "ror.sssom.tsv"
    review: Path = paths.MAPPINGS_DIR / "ror-review.tsv"
    report: Path = paths.MAPPINGS_DIR / "ror-report.tsv"

    def all(self) -> tuple[Path, ...]:
        """The four files."""
        return (self.turtle, self.sssom, self.review, self.report)


@dataclass(frozen=True)
class RunResult:
    """What a run decided and which files it changed."""

    reconciliation: Reconciliation
    provenance: Provenance
    organisations: int
    changed: tuple[Path, ...] = field(default=())


def read_funder_map(path: Path) -> dict[str, list[str]]:
    """Crossref Funder IDs by ROR ID, from a ``{"501100001809": "https://ror.org/..."}`` file.

    :raises DataLoadError: when the file is not such a JSON object.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataLoadError(f"cannot read the funder map: {error}", where=str(path)) from error
    if not isinstance(raw, dict):
        raise DataLoadError("expected a JSON object of funder ID -> ROR URL", where=str(path))
    found: dict[str, list[str]] = defaultdict(list)
    for funder, ror in sorted(raw.items()):
        if not str(funder).isdigit() or not isinstance(ror, str):
            raise DataLoadError(f"bad entry {funder!r}: {ror!r}", where=str(path))
        found[ror_id_of(ror)].append(str(funder))
    return dict(found)


def provenance_of(
    dump: Path, index: RorIndex, funder_map: Path | None, date: str | None
) -> Provenance:
    """Release, date and checksum of the dump; the command line with file names only."""
    release = index.releases[-1] if index.releases else None
    if release is None:
        found = _RELEASE.search(dump.name)
        release = found.group(0) if found else "unknown"
    # The dump's own date (its newest record, or the date in an official dump's file name), not
    # today's: a rerun on the same dump must write the same files.
    newest = max((r.modified for r in index.records.values() if r.modified), default=None)
    named = _DATE.search(dump.name)
    date = date or newest or (named.group(0) if named else None)
    if date is None:
        raise DataLoadError(
            "the dump gives no date", where=str(dump), hint="pass --date YYYY-MM-DD"
        )
    command = f"ic2kg reconcile ror {dump.name}"
    if funder_map is not None:
        command += f" --funder-map {funder_map.name}"
    digest = hashlib.sha256(dump.read_bytes()).hexdigest()
    return Provenance(command, release, date, len(index.records), digest)


def run(
    dump: Path,
    *,
    funder_map: Path | None = None,
    date: str | None = None,
    graph_files: Sequence[Path] | None = None,
    types_table: Path = ROR_TYPES,
    outputs: Outputs | None = None,
    progress: ProgressCallback | None = None,
    check: bool = False,
) -> RunResult:
    """Reconcile the graph's organisations with the ROR dump and write the four files.

    :param graph_files: Turtle files to read organisations from (default: the ontology and the
        curated graph/ files, without graph/imported/).
    :param check: write nothing; ``changed`` lists the files that would change.
    """
    target = outputs or Outputs()
    index = RorIndex.load(dump, progress)
    if not index.records:
        raise DataLoadError("the dump holds no record", where=str(dump))
    funders = read_funder_map(funder_map) if funder_map is not None else None
    provenance = provenance_of(dump, index, funder_map, date)
    files = (
        list(graph_files)
        if graph_files is not None
        else graph_sources((IMPORTED_DIR, target.turtle))
    )
    view = load_organisations(files)
    mappings = load_type_mappings(types_table)
    previous = read_review(target.review)
    result = reconcile(view.organisations, index, mappings, view.ontology, previous, view.qids)
    texts = {
        target.turtle: render_turtle(
            result.matches, mappings, view.ontology, view.qids, provenance, funders
        ),
        target.sssom: render_sssom(result.matches, provenance),
        target.review: render_review(merge_decisions(result.review, previous)),
        target.report: render_report(result.findings, provenance),
    }
    changed = []
    for path, text in texts.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return RunResult(result, provenance, len(view.organisations), tuple(changed))
