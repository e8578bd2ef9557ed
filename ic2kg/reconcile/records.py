"""ROR records read from a dump: v1 and v2 schema, JSON array or JSON Lines, gzipped or zipped.

Every record becomes one :class:`RorRecord` whatever its schema version, so the matcher and the
importer never look at raw JSON. ``read_dump`` streams the file and reports progress in bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal

from ic2kg.errors import DataLoadError
from ic2kg.reconcile.names import is_cjk

ROR_URL = "https://ror.org/"
ROR_ID = re.compile(r"^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")

# Name kinds, from the v2 ``names[].types`` vocabulary; v1 fields are read into the same kinds.
DISPLAY, LABEL, ALIAS, ACRONYM = "ror_display", "label", "alias", "acronym"

ProgressCallback = Callable[[int, int], None]
"""Called with (bytes read so far, total bytes) while a dump is read."""


@dataclass(frozen=True)
class RorName:
    """One name of a record: its text, kind (ror_display, label, alias, acronym), language."""

    value: str
    kind: str
    lang: str | None


def english_name(names: Sequence[RorName]) -> str | None:
    """The record's English display name, else its first English label, else a display name
    with no language tag (schema v1's ``name``, the record's primary name), else None."""
    for kind, lang in ((DISPLAY, "en"), (LABEL, "en"), (DISPLAY, None)):
        for name in names:
            if name.kind == kind and name.lang == lang:
                return name.value
    return None


def english_aliases(names: Sequence[RorName]) -> list[str]:
    """A record's acronyms and its English aliases, trimmed. An alias with no language (schema
    v1 gives none) counts when it is plain ASCII: "Běijīng Huàgōng Dàxué" is pinyin."""
    found: list[str] = []
    for name in names:
        value = name.value.strip()
        english = name.lang == "en" or (name.lang is None and value.isascii())
        if value and (name.kind == ACRONYM or (name.kind == ALIAS and english)):
            if value not in found:
                found.append(value)
    return found


def other_language_names(
    names: Sequence[RorName], known: set[str], labelled: set[str]
) -> list[tuple[bool, Literal]]:
    """The record's names in languages other than English, as (is a label, literal) pairs.

    A display name or label becomes the label of a language in no ``labelled`` yet, any other
    name an alternative label; names in ``known`` and acronyms are left out. Both sets grow
    with what is returned.
    """
    out: list[tuple[bool, Literal]] = []
    for name in sorted(names, key=lambda n: (n.lang or "", n.kind, n.value)):
        if not name.lang or name.lang == "en" or name.kind == ACRONYM or name.value in known:
            continue
        lang = name.lang
        if lang in ("zh", "ja", "ko") and not is_cjk(name.value):
            lang += "-Latn"  # ROR tags romanisations such as pinyin with the bare language
        is_label = name.kind in (DISPLAY, LABEL) and lang not in labelled
        if is_label:
            labelled.add(lang)
        out.append((is_label, Literal(name.value, lang=lang)))
        known.add(name.value)
    return out


@dataclass(frozen=True)
class RorRecord:
    """The parts of a ROR record ic2kg reconciles against and imports.

    ``types`` are v2 type names in lower case (education, healthcare, funder, ...);
    ``relationships`` pairs a lower-case type (parent, child, related, successor, predecessor)
    with the related record's ROR ID. ``release`` is the dump release the record came from,
    when the dump says so (the ``_file`` folder of a repository snapshot), else None;
    ``modified`` the record's last modification date (YYYY-MM-DD, schema v2 only).
    """

    ror_id: str
    status: str
    names: tuple[RorName, ...]
    country: str | None
    types: tuple[str, ...]
    city: str | None = None
    geonames_id: int | None = None
    lat: float | None = None
    lng: float | None = None
    wikidata: tuple[str, ...] = ()
    wikidata_preferred: str | None = None
    fundref: tuple[str, ...] = ()
    isni: tuple[str, ...] = ()
    grid: tuple[str, ...] = ()
    relationships: tuple[tuple[str, str], ...] = ()
    release: str | None = None
    modified: str | None = None

    @property
    def url(self) -> str:
        """The record's URL, the source of every fact taken from it."""
        return ROR_URL + self.ror_id

    @property
    def display_name(self) -> str:
        """The name ROR displays (v2 ror_display, v1 ``name``)."""
        for name in self.names:
            if name.kind == DISPLAY:
                return name.value
        return self.names[0].value if self.names else self.ror_id

    @property
    def active(self) -> bool:
        """Whether the record may be linked to (inactive and withdrawn ones never are)."""
        return self.status == "active"

    @property
    def qid(self) -> str | None:
        """The Wikidata QID the record names: its preferred one, or its only one."""
        if self.wikidata_preferred:
            return self.wikidata_preferred
        return self.wikidata[0] if len(self.wikidata) == 1 else None

    def related(self, kind: str) -> list[str]:
        """ROR IDs of the records related to this one as ``kind`` (e.g. successor)."""
        return [target for relation, target in self.relationships if relation == kind]


def ror_id_of(value: str) -> str:
    """The nine-character ROR ID of an ID or record URL.

    :raises DataLoadError: when ``value`` is no ROR ID.

    >>> ror_id_of("https://ror.org/02v51f717")
    '02v51f717'
    """
    text = value.strip().removeprefix("https://ror.org/").removeprefix("http://ror.org/")
    if not ROR_ID.fullmatch(text):
        raise DataLoadError(f"'{value}' is not a ROR ID", hint="nine characters, e.g. 02v51f717")
    return text


def _release_of(raw: dict[str, Any]) -> str | None:
    source = raw.get("_file")
    if isinstance(source, str) and "/" in source:
        return source.split("/", 1)[0]
    return None


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(str(v) for v in value if v)


def _relationships(raw: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(rel["type"]).lower(), ror_id_of(rel["id"])) for rel in raw.get("relationships") or ()
    )


def _parse_v2(raw: dict[str, Any]) -> RorRecord:
    names: list[RorName] = []
    for entry in raw.get("names") or ():
        kinds = entry.get("types") or [LABEL]
        # ror_display wins over label for the same text; the rest keep their first kind.
        kind = DISPLAY if DISPLAY in kinds else kinds[0]
        names.append(RorName(entry["value"], kind, entry.get("lang") or None))
    location = next(iter(raw.get("locations") or ()), None) or {}
    details = location.get("geonames_details") or {}
    ids: dict[str, tuple[str, ...]] = {}
    preferred: dict[str, str] = {}
    for ext in raw.get("external_ids") or ():
        kind = str(ext.get("type", "")).lower()
        ids[kind] = _strings(ext.get("all")) or _strings(ext.get("preferred"))
        if ext.get("preferred"):
            preferred[kind] = str(ext["preferred"])
    return RorRecord(
        ror_id=ror_id_of(raw["id"]),
        status=str(raw.get("status", "active")).lower(),
        names=tuple(names),
        country=details.get("country_code"),
        types=tuple(str(t).lower() for t in raw.get("types") or ()),
        city=details.get("name"),
        geonames_id=location.get("geonames_id"),
        lat=details.get("lat"),
        lng=details.get("lng"),
        wikidata=ids.get("wikidata", ()),
        wikidata_preferred=preferred.get("wikidata"),
        fundref=ids.get("fundref", ()),
        isni=ids.get("isni", ()),
        grid=ids.get("grid", ()),
        relationships=_relationships(raw),
        release=_release_of(raw),
        modified=((raw.get("admin") or {}).get("last_modified") or {}).get("date"),
    )


def _parse_v1(raw: dict[str, Any]) -> RorRecord:
    names = [RorName(raw["name"], DISPLAY, None)]
    names += [RorName(a, ALIAS, None) for a in raw.get("aliases") or () if a]
    names += [RorName(a, ACRONYM, None) for a in raw.get("acronyms") or () if a]
    names += [
        RorName(label["label"], LABEL, label.get("iso639") or None)
        for label in raw.get("labels") or ()
        if label.get("label")
    ]
    address = next(iter(raw.get("addresses") or ()), None) or {}
    city = address.get("city") or (address.get("geonames_city") or {}).get("city")
    geonames = (address.get("geonames_city") or {}).get("id")
    external = raw.get("external_ids") or {}

    def ids(key: str) -> tuple[str, ...]:
        entry = external.get(key) or {}
        return _strings(entry.get("all")) or _strings(entry.get("preferred"))

    return RorRecord(
        ror_id=ror_id_of(raw["id"]),
        status=str(raw.get("status", "active")).lower(),
        names=tuple(names),
        country=(raw.get("country") or {}).get("country_code"),
        types=tuple(str(t).lower() for t in raw.get("types") or ()),
        city=city,
        geonames_id=geonames,
        lat=address.get("lat"),
        lng=address.get("lng"),
        wikidata=ids("Wikidata"),
        wikidata_preferred=(external.get("Wikidata") or {}).get("preferred") or None,
        fundref=ids("FundRef"),
        isni=ids("ISNI"),
        grid=ids("GRID"),
        relationships=_relationships(raw),
        release=_release_of(raw),
    )


def parse_record(raw: dict[str, Any]) -> RorRecord:
    """One record of either schema version.

    :raises DataLoadError: when the object is not a ROR record.
    """
    try:
        if "names" in raw:
            return _parse_v2(raw)
        if "name" in raw:
            return _parse_v1(raw)
    except (KeyError, TypeError, AttributeError) as error:
        raise DataLoadError(
            f"malformed ROR record: missing or odd field {error}", where=str(raw.get("id"))
        ) from error
    raise DataLoadError(
        "not a ROR record: neither 'names' (schema v2) nor 'name' (schema v1)",
        where=str(raw.get("id", "?"))[:80],
    )


def _open_text(path: Path) -> tuple[io.TextIOBase, int]:
    """The dump's text and its size in bytes (of the compressed file when compressed)."""
    size = path.stat().st_size
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if m.filename.endswith((".json", ".jsonl"))]
        if not members:
            raise DataLoadError("the zip archive holds no .json file", where=str(path))
        # ROR's Zenodo zips of 2024-2025 hold the dump in both schemas, the v2 file named
        # "...-ror-data_schema_v2.json"; later zips hold only the v2 file.
        member = sorted(members, key=lambda m: ("schema_v2" not in m.filename, m.filename))[0]
        return io.TextIOWrapper(archive.open(member), encoding="utf-8"), member.file_size
    with path.open("rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8"), size
    return io.TextIOWrapper(path.open("rb"), encoding="utf-8"), size


def _raw_objects(text: str, where: str, report: Callable[[int], None]) -> Iterator[dict[str, Any]]:
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    if stripped.startswith("["):
        position = len(text) - len(stripped) + 1
        end = len(text)
        while True:
            while position < end and text[position] in " \t\r\n,":
                position += 1
            if position >= end or text[position] == "]":
                return
            obj, position = decoder.raw_decode(text, position)
            report(position)
            yield obj
    else:
        position = 0
        for number, line in enumerate(text.splitlines(keepends=True), start=1):
            position += len(line)
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise DataLoadError(
                        f"bad JSON: {error.msg}", where=f"{where} line {number}"
                    ) from error
                report(position)


def read_dump(path: Path, progress: ProgressCallback | None = None) -> Iterator[RorRecord]:
    """Every record of a ROR dump, in file order.

    Accepts ROR's official dump (a JSON array of records, as released on Zenodo, zipped or
    not), JSON Lines, either schema version, gzipped or not.

    :param progress: called with (characters read, total characters) as records are read.
    :raises DataLoadError: when the file cannot be read or holds something else.
    """
    try:
        stream, _size = _open_text(path)
        with stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError, EOFError, zipfile.BadZipFile) as error:
        raise DataLoadError(f"cannot read the ROR dump: {error}", where=str(path)) from error
    total = len(text)

    def report(done: int) -> None:
        if progress is not None:
            progress(done, total)

    try:
        for raw in _raw_objects(text, str(path), report):
            if not isinstance(raw, dict):
                raise DataLoadError("expected a JSON object per record", where=str(path))
            yield parse_record(raw)
    except json.JSONDecodeError as error:
        raise DataLoadError(
            f"bad JSON at character {error.pos}: {error.msg}",
            where=str(path),
            hint="the dump must be a JSON array or JSON Lines",
        ) from error
    report(total)
