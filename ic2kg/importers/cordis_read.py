"""Read the official CORDIS project and organisation dumps (JSON or CSV) into typed records."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ic2kg.errors import DataLoadError

# CORDIS uses the EU's own codes for two countries; everything else is ISO 3166-1 alpha-2.
# See the CORDIS data dictionary (https://data.europa.eu/data/datasets/cordish2020projects).
COUNTRY_FIXES = {"EL": "GR", "UK": "GB"}

# Horizon 2020 health topics start with SC1- (Societal Challenge 1, "Health, demographic change
# and wellbeing"); Horizon Europe's Cluster 1 "Health" topics with HORIZON-HLTH-.
HEALTH_TOPIC_PREFIXES = ("SC1-", "HORIZON-HLTH-")

PROJECT_FIELDS = ("id", "title", "frameworkProgramme")
ORGANISATION_FIELDS = ("projectID", "name")


@dataclass(frozen=True)
class CordisProject:
    """One project row of project.json / project.csv."""

    id: str
    acronym: str
    title: str
    start: str
    end: str
    programme: str
    call: str
    topics: tuple[str, ...]
    funding_scheme: str
    ec_max_contribution: Decimal | None
    objective: str
    keywords: tuple[str, ...] = ()
    total_cost: Decimal | None = None

    @property
    def is_health(self) -> bool:
        """Whether any topic is a health topic of H2020 or Horizon Europe."""
        return any(t.startswith(HEALTH_TOPIC_PREFIXES) for t in self.topics)

    @property
    def url(self) -> str:
        """The project's CORDIS page, the source of every fact taken from its rows."""
        return f"https://cordis.europa.eu/project/id/{self.id}"


@dataclass(frozen=True)
class CordisParticipant:
    """One participation row of organization.json / organization.csv."""

    project_id: str
    name: str
    country: str
    city: str
    activity_type: str
    role: str
    ec_contribution: Decimal | None
    organisation_id: str


@dataclass(frozen=True)
class CordisDump:
    """The two tables of a dump and the digest that names its release."""

    projects: tuple[CordisProject, ...]
    participants: tuple[CordisParticipant, ...]
    files: tuple[tuple[str, str], ...]  # (file name, sha256)


def country_code(raw: str) -> str:
    """ISO 3166-1 alpha-2 code for a CORDIS country code (EL -> GR, UK -> GB)."""
    code = raw.strip().upper()
    return COUNTRY_FIXES.get(code, code)


def _amount(value: Any, where: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    # The CSV dumps write decimals with a comma.
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise DataLoadError(
            f"not a number: {value!r}", where=where, hint="check the column"
        ) from error
    return amount.quantize(Decimal("0.01"))


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _read_rows(
    folder: Path, stem: str, required: Sequence[str]
) -> tuple[list[dict[str, Any]], Path]:
    for suffix in (".json", ".csv"):
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            rows = _load_json(path) if suffix == ".json" else _load_csv(path)
            for number, row in enumerate(rows, start=1):
                missing = [key for key in required if not _text(row, key)]
                if missing:
                    raise DataLoadError(
                        f"record {number} lacks {', '.join(missing)}",
                        where=str(path),
                        hint="is this an official CORDIS dump?",
                    )
            return rows, path
    raise DataLoadError(
        f"no {stem}.json or {stem}.csv",
        where=str(folder),
        hint="unpack the CORDIS JSON or CSV dump into this folder",
    )


def _load_json(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise DataLoadError(f"not JSON: {error}", where=str(path)) from error
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise DataLoadError("expected a JSON array of objects", where=str(path))
    return data


def _load_csv(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8-sig")
    first = text.split("\n", 1)[0]
    # The official CSV dumps are separated by semicolons; accept commas as well.
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def _topics(raw: str) -> tuple[str, ...]:
    return tuple(sorted({t.strip() for t in raw.replace(",", ";").split(";") if t.strip()}))


def read_dumps(folders: Sequence[Path]) -> CordisDump:
    """Several programmes' dumps (a folder each) as one; a project listed twice is refused."""
    dumps = [read_dump(folder) for folder in folders]
    projects = tuple(p for d in dumps for p in d.projects)
    twice = duplicate_ids(projects)
    if twice:
        raise DataLoadError(
            f"project(s) {', '.join(twice[:5])} listed more than once",
            where=", ".join(str(f) for f in folders),
            hint="give each programme's folder once",
        )
    participants = tuple(p for d in dumps for p in d.participants)
    files = tuple(
        (f"{folder.name}/{name}" if len(folders) > 1 else name, digest)
        for folder, d in zip(folders, dumps, strict=True)
        for name, digest in d.files
    )
    return CordisDump(projects, participants, files)


def _keywords(text: str) -> tuple[str, ...]:
    """The comma-separated keywords of a project, each once, in their order."""
    return tuple(
        dict.fromkeys(k for k in (" ".join(part.split()) for part in text.split(",")) if k)
    )


def read_dump(folder: Path) -> CordisDump:
    """Read project and organization tables from ``folder`` (JSON preferred over CSV)."""
    project_rows, project_path = _read_rows(folder, "project", PROJECT_FIELDS)
    org_rows, org_path = _read_rows(folder, "organization", ORGANISATION_FIELDS)
    projects = tuple(
        CordisProject(
            id=_text(row, "id"),
            acronym=_text(row, "acronym"),
            title=_text(row, "title"),
            start=_text(row, "startDate")[:10],
            end=_text(row, "endDate")[:10],
            programme=_text(row, "frameworkProgramme"),
            call=_text(row, "masterCall") or _text(row, "call"),
            topics=_topics(_text(row, "topics")),
            funding_scheme=_text(row, "fundingScheme"),
            ec_max_contribution=_amount(
                row.get("ecMaxContribution"), f"{project_path} id {row['id']}"
            ),
            objective=" ".join(_text(row, "objective").split()),
            keywords=_keywords(_text(row, "keywords")),
            total_cost=_amount(row.get("totalCost"), f"{project_path} id {row['id']}"),
        )
        for row in project_rows
    )
    participants = tuple(
        CordisParticipant(
            project_id=_text(row, "projectID"),
            name=" ".join(_text(row, "name").split()),
            country=country_code(_text(row, "country")),
            city=_text(row, "city"),
            activity_type=_text(row, "activityType").upper(),
            role=_text(row, "role"),
            ec_contribution=_amount(
                row.get("ecContribution"), f"{org_path} project {row['projectID']}"
            ),
            organisation_id=_text(row, "organisationID"),
        )
        for row in org_rows
    )
    files = tuple(
        (path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in (project_path, org_path)
    )
    return CordisDump(projects, participants, files)


@dataclass(frozen=True)
class Selection:
    """Which projects to import: all by default."""

    countries: frozenset[str] = frozenset()
    topic_prefixes: tuple[str, ...] = ()
    programmes: frozenset[str] = frozenset()

    def describe(self) -> str:
        """The selection as command-line options, for the generated file's header."""
        parts = [f"--country {c}" for c in sorted(self.countries)]
        parts += [f"--topic-prefix {t}" for t in self.topic_prefixes]
        parts += [f"--programme {p}" for p in sorted(self.programmes)]
        return " ".join(parts)


def select(dump: CordisDump, selection: Selection) -> CordisDump:
    """The projects that pass ``selection`` and their participations."""
    countries = {country_code(c) for c in selection.countries}
    by_project: dict[str, set[str]] = {}
    for participant in dump.participants:
        by_project.setdefault(participant.project_id, set()).add(participant.country)

    def keep(project: CordisProject) -> bool:
        if selection.programmes and project.programme not in selection.programmes:
            return False
        if selection.topic_prefixes and not any(
            t.startswith(selection.topic_prefixes) for t in project.topics
        ):
            return False
        return not countries or bool(countries & by_project.get(project.id, set()))

    projects = tuple(p for p in dump.projects if keep(p))
    kept = {p.id for p in projects}
    participants = tuple(p for p in dump.participants if p.project_id in kept)
    return CordisDump(projects, participants, dump.files)


def duplicate_ids(projects: Iterable[CordisProject]) -> list[str]:
    """Project IDs listed more than once (a dump error the importer refuses)."""
    seen: set[str] = set()
    twice = set()
    for project in projects:
        if project.id in seen:
            twice.add(project.id)
        seen.add(project.id)
    return sorted(twice)
