"""The saved query library: find .rq files, read their ``#+`` headers, run them with parameters.

Public API (used by the CLI, the API's ``GET /queries/{name}`` and the web page)::

    specs = list_queries()                       # every query of queries/competency and checks
    spec = get_query("cq-01-funders-by-country")
    spec = load_query("web/entity-description")  # any .rq file of queries/, by folder/name
    files = find_query_files("rules")            # the only glob for .rq files
    result = run_query(store, spec.name, {"country": "ES"}, limit=20, lang="zh")

A header is YAML after ``#+`` at the top of the file (grlc style)::

    #+ summary: Funders of personalised-medicine research in a country
    #+ tags: [funding]
    #+ params:
    #+   country: {type: country_code, required: true, example: ES, multi: true}
    #+   lang: {type: language, default: en, enum: [en, zh]}

Parameter types: ``iri`` (absolute IRI, or a CURIE with an ic2kg prefix such as ``kg:org-isciii``),
``string`` (plain literal), ``language`` (a BCP 47 tag, as a plain literal), ``integer``,
``country_code`` (ISO 3166-1 alpha-2, bound as ``kg:country-XX``). Values become RDF terms in a
VALUES block at the start of the query's outermost WHERE group, so a parameter the caller does not
give stays unbound and matches anything; ``multi: true`` accepts several values (one VALUES row
each). The names of :data:`RESERVED_PARAMS` mean the same for every query (``lang`` may also be
declared, as the label language); a parameter not declared is an error naming the closest known
name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from ic2kg import paths
from ic2kg.errors import BadParameter, QueryHeaderError, UnknownQueryError
from ic2kg.namespaces import KG, PREFIXES
from ic2kg.sparql.text import QueryForm, Term, bind_columns, counting, query_form, with_paging
from ic2kg.store import QueryResult, SelectResult, Store

#: Folders of the query library, in listing order.
LIBRARY_DIRS: tuple[str, ...] = ("competency", "checks")
#: Parameters every saved query takes (the API's result format, label language and page);
#: a query may declare ``lang`` itself, never the others.
RESERVED_PARAMS = ("format", "lang", "limit", "offset")
PARAM_TYPES = ("iri", "string", "language", "integer", "country_code")
PARAM_KEYS = {"type", "default", "enum", "multi", "required", "example", "description"}
HEADER_KEYS = {
    "summary",
    "summary_zh",
    "description",
    "tags",
    "params",
    "example",
    "pagination",
    "defaults",
    "enumerate",
}

_HEADER_LINE = re.compile(r"^#\+ ?(.*)$")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_IRI_CHARS = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter of a saved query."""

    name: str
    type: str
    required: bool = False
    multi: bool = False
    default: tuple[str, ...] = ()
    enum: tuple[str, ...] = ()
    example: str | None = None
    description: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly view (for the API and ``ic2kg queries --format json``)."""
        return {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "multi": self.multi,
            "default": list(self.default),
            "enum": list(self.enum),
            "example": self.example,
            "description": self.description,
        }


@dataclass(frozen=True)
class QuerySpec:
    """A saved query: its name (the file stem), header fields and SPARQL text."""

    name: str
    path: Path
    group: str
    summary: str
    description: str
    tags: tuple[str, ...]
    params: tuple[ParamSpec, ...]
    example: str | None
    sparql: str = field(repr=False)
    summary_zh: str | None = None  # the summary in Chinese, for the web pages

    def summary_in(self, lang: str) -> str:
        """The summary in ``lang`` (Chinese when the header has it), else in English."""
        return (self.summary_zh if lang == "zh" else None) or self.summary

    @cached_property
    def form(self) -> QueryForm:
        """SELECT, CONSTRUCT, ASK or DESCRIBE (SELECT when the text says none of them)."""
        return query_form(self.sparql) or "SELECT"

    def param(self, name: str) -> ParamSpec:
        """The declared parameter ``name``.

        :raises BadParameter: when the query declares no such parameter.
        """
        for spec in self.params:
            if spec.name == name:
                return spec
        raise self.unknown([name])

    def check_names(self, names: Iterable[str], *, reserved: Sequence[str] = ()) -> None:
        """Refuse names that are neither declared parameters nor ``reserved`` ones.

        :raises BadParameter: naming every unknown name, and the closest known name.
        """
        known = {p.name for p in self.params} | set(reserved)
        unknown = [name for name in dict.fromkeys(names) if name not in known]
        if unknown:
            raise self.unknown(unknown, reserved=reserved)

    def unknown(self, names: Sequence[str], *, reserved: Sequence[str] = ()) -> BadParameter:
        """The error for parameters ``names`` that this query does not declare."""
        declared = [p.name for p in self.params]
        candidates = [*declared, *(r for r in reserved if r not in declared)]
        closest = difflib.get_close_matches(names[0], candidates, n=1, cutoff=0.6)
        listed = ", ".join(f"'{n}'" for n in names)
        what = "no such parameter" if len(names) == 1 else f"no parameters {listed}"
        hint = f"did you mean '{closest[0]}'? " if closest else ""
        hint += f"this query's parameters: {', '.join(declared) or 'none'}"
        if reserved:
            hint += f"; valid for every query: {', '.join(reserved)}"
        return BadParameter(
            names[0],
            f"query '{self.name}' has {what}",
            hint=hint,
            suggestion=closest[0] if closest else None,
            unknown=tuple(names),
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly view without the SPARQL text."""
        return {
            "name": self.name,
            "group": self.group,
            "summary": self.summary,
            "description": self.description,
            "tags": list(self.tags),
            "params": [p.as_dict() for p in self.params],
            "example": self.example,
            "form": self.form,
        }


# ---------------------------------------------------------------- reading .rq files


def find_query_files(folder: str | None = None, *, root: Path | None = None) -> list[Path]:
    """Every .rq file under ``root/folder`` (default: all of queries/), sorted.

    The one place that looks for .rq files: the library, the build's rules and the tests call it.
    """
    base = root or paths.QUERIES_DIR
    return sorted((base / folder if folder else base).rglob("*.rq"))


def _header_line(lines: Sequence[str], name: str) -> int:
    """The 1-based line of the header that declares ``name`` (a key or a parameter), else 1."""
    pattern = re.compile(r"^\s*(?:-\s*)?" + re.escape(name) + r"\s*:")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 1)


def parse_query_file(path: Path, group: str | None = None) -> QuerySpec:
    """Read one .rq file and check its ``#+`` header (uncached; :func:`load_query` caches).

    :param group: the query's group, by default the name of its folder.
    :raises QueryHeaderError: naming the file and line when the YAML is malformed, the summary
        is missing, a key is unknown, a parameter is badly declared or is not used as ``?name``
        in the body.
    """
    text = path.read_text(encoding="utf-8")
    header_lines: list[str] = []
    for line in text.splitlines():
        match = _HEADER_LINE.match(line)
        if not match:
            break
        header_lines.append(match.group(1))
    where = str(path.relative_to(paths.ROOT) if path.is_relative_to(paths.ROOT) else path)

    def at(name: str) -> str:
        return f"{where} line {_header_line(header_lines, name)}"

    try:
        header = yaml.safe_load("\n".join(header_lines)) if header_lines else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise QueryHeaderError(
            f"the #+ header is not valid YAML: {problem}",
            where=where + line,
            hint="each header line starts with '#+ ' followed by YAML; quote a value holding ': '",
        ) from error
    if not isinstance(header, dict) or not isinstance(header.get("summary"), str):
        raise QueryHeaderError(
            "missing '#+ summary: ...' header",
            where=where + " line 1",
            hint="see queries/README.md",
        )
    unknown = sorted(set(header) - HEADER_KEYS)
    if unknown:
        raise QueryHeaderError(
            f"unknown header key(s): {', '.join(unknown)}",
            where=at(unknown[0]),
            hint=f"use {', '.join(sorted(HEADER_KEYS))}",
        )
    body = "\n".join(text.splitlines()[len(header_lines) :])
    params = tuple(_param_specs(header.get("params"), at, body))
    tags = header.get("tags") or []
    if not isinstance(tags, list):
        raise QueryHeaderError("'tags' must be a list, e.g. [funding]", where=at("tags"))
    return QuerySpec(
        name=path.stem,
        path=path,
        group=group or path.parent.name,
        summary=header["summary"].strip(),
        description=str(header.get("description") or "").strip(),
        tags=tuple(str(t) for t in tags),
        params=params,
        example=str(header["example"]) if header.get("example") is not None else None,
        sparql=text,
        summary_zh=_optional_text(header, "summary_zh", at),
    )


def _optional_text(header: dict[str, Any], key: str, at: Callable[[str], str]) -> str | None:
    value = header.get(key)
    if value is not None and not isinstance(value, str):
        raise QueryHeaderError(f"'{key}' must be one line of text", where=at(key))
    return value.strip() if value else None


def _param_specs(raw: Any, at: Callable[[str], str], body: str) -> list[ParamSpec]:
    if raw is None:
        return []
    # Both "params: {a: {...}}" and grlc-like "params: [- a: {...}]" are accepted.
    items: list[tuple[Any, Any]] = []
    if isinstance(raw, dict):
        items = list(raw.items())
    elif isinstance(raw, list) and all(isinstance(i, dict) and len(i) == 1 for i in raw):
        items = [next(iter(i.items())) for i in raw]
    else:
        raise QueryHeaderError("'params' must map names to {type: ...}", where=at("params"))
    specs = []
    for name, options in items:
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryHeaderError(f"bad parameter name {name!r}", where=at(str(name)))
        if name in RESERVED_PARAMS and name != "lang":
            raise QueryHeaderError(
                f"parameter name '{name}' is reserved",
                where=at(name),
                hint=f"{', '.join(RESERVED_PARAMS)} mean the same for every query; rename it",
            )
        if not isinstance(options, dict) or options.get("type") not in PARAM_TYPES:
            raise QueryHeaderError(
                f"parameter '{name}' needs a type",
                where=at(name),
                hint=f"one of {', '.join(PARAM_TYPES)}",
            )
        unknown = set(options) - PARAM_KEYS
        if unknown:
            raise QueryHeaderError(
                f"parameter '{name}' has unknown key(s): {', '.join(sorted(unknown))}",
                where=at(name),
            )
        if not re.search(r"[?$]" + name + r"\b", body):
            raise QueryHeaderError(f"parameter '{name}' is not used as ?{name}", where=at(name))
        default = options.get("default")
        defaults = [] if default is None else default if isinstance(default, list) else [default]
        enum = options.get("enum") or []
        specs.append(
            ParamSpec(
                name=name,
                type=options["type"],
                required=bool(options.get("required", False)),
                multi=bool(options.get("multi", False)),
                default=tuple(str(d) for d in defaults),
                enum=tuple(str(e) for e in enum),
                example=str(options["example"]) if options.get("example") is not None else None,
                description=options.get("description"),
            )
        )
    return specs


@lru_cache(maxsize=128)
def _load(path: Path, group: str) -> QuerySpec:
    return parse_query_file(path, group)


@lru_cache(maxsize=256)
def load_query(ref: str, *, root: Path | None = None) -> QuerySpec:
    """The query ``folder/name`` of queries/ (e.g. ``"web/entity-description"``), parsed once.

    :raises UnknownQueryError: naming the folder's queries when there is no such file.
    :raises QueryHeaderError: when its header is malformed.
    """
    base = root or paths.QUERIES_DIR
    parts = ref.split("/")
    if len(parts) < 2 or any(part in ("", ".", "..") for part in parts):
        raise UnknownQueryError(f"no query '{ref}'", hint="write it as folder/name, e.g. web/x")
    folder, _, name = ref.rpartition("/")
    path = base / folder / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(p.stem for p in find_query_files(folder, root=base))
        raise UnknownQueryError(
            f"no query '{ref}'",
            where=str(base / folder),
            hint=f"known in '{folder}': {known}" if known else f"no .rq files in '{folder}'",
        )
    return _load(path, folder)


def query_files(root: Path | None = None) -> list[tuple[str, Path]]:
    """(group, path) of every library query, competency questions first."""
    return [(group, path) for group in LIBRARY_DIRS for path in find_query_files(group, root=root)]


@lru_cache(maxsize=4)
def _library(root: Path) -> dict[str, QuerySpec]:
    return {path.stem: _load(path, group) for group, path in query_files(root)}


def list_queries(root: Path | None = None) -> list[QuerySpec]:
    """Every query of the library (queries/competency, then queries/checks), parsed once.

    :raises QueryHeaderError: when any file has a malformed header.
    """
    return list(_library(root or paths.QUERIES_DIR).values())


def get_query(name: str, root: Path | None = None) -> QuerySpec:
    """The library query called ``name`` (its file stem).

    :raises UnknownQueryError: listing close names when there is no such query.
    """
    library = _library(root or paths.QUERIES_DIR)
    if name in library:
        return library[name]
    close = [known for known in library if name in known] or sorted(library)[:5]
    raise UnknownQueryError(
        f"no saved query '{name}'",
        hint=f"try {', '.join(close)}; `ic2kg queries` lists them all",
    )


# ---------------------------------------------------------------- parameters


def to_term(spec: ParamSpec, value: str) -> Term:
    """Check one raw value against its parameter's type and turn it into an RDF term.

    :raises BadParameter: naming the parameter when the value does not fit.
    """
    text = value.strip()
    if spec.enum and text not in spec.enum:
        raise BadParameter(
            spec.name, f"'{text}' is not allowed", hint=f"use {', '.join(spec.enum)}"
        )
    if spec.type == "string":
        return Literal(value)
    if spec.type == "language":
        if not _LANGUAGE.match(text):
            raise BadParameter(spec.name, f"'{text}' is not a language tag", hint="e.g. en, zh")
        return Literal(text.lower())
    if spec.type == "integer":
        if not _INTEGER.match(text):
            raise BadParameter(spec.name, f"'{text}' is not an integer")
        return Literal(int(text), datatype=XSD.integer)
    if spec.type == "country_code":
        return _country(spec.name, text)
    return _iri(spec.name, text)


def _iri(name: str, text: str) -> URIRef:
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = str(PREFIXES[prefix]) + local
    if not _SCHEME.match(text):
        raise BadParameter(name, f"'{text}' is not an absolute IRI", hint="e.g. kg:org-isciii")
    bad = _BAD_IRI_CHARS.search(text)
    if bad:
        raise BadParameter(name, f"IRI contains a character not allowed in IRIs: {bad.group(0)!r}")
    return URIRef(text)


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(country.alpha_2 for country in pycountry.countries)


def _country(name: str, text: str) -> URIRef:
    code = text.upper()
    if not _COUNTRY_CODE.match(code) or code not in _country_codes():
        raise BadParameter(
            name, f"'{text}' is not an ISO 3166-1 alpha-2 country code", hint="e.g. ES, DE, CN"
        )
    return KG["country-" + code]


def bind_params(
    spec: QuerySpec, params: Mapping[str, str | Sequence[str]], *, lang: str | None = None
) -> dict[str, list[Term]]:
    """The terms each parameter takes: given values, else the default; ``lang`` fills ``lang``.

    A single string of a ``multi`` parameter may hold several values separated by commas.

    :raises BadParameter: for an unknown parameter, a missing required one, several values for a
        single-valued one, or a value that does not match its type.
    """
    given: dict[str, list[str]] = {}
    for name, raw in params.items():
        spec.param(name)  # raises for an unknown name
        values = [raw] if isinstance(raw, str) else list(raw)
        if spec.param(name).multi:
            values = [part for v in values for part in v.split(",")]
        values = [v for v in values if v.strip() != ""]
        if values:
            given[name] = values
    if lang is not None and "lang" not in given and any(p.name == "lang" for p in spec.params):
        given["lang"] = [lang]
    bound: dict[str, list[Term]] = {}
    for param in spec.params:
        values = given.get(param.name) or list(param.default)
        if not values:
            if param.required:
                hint = f"e.g. --param {param.name}={param.example}" if param.example else None
                raise BadParameter(param.name, "is required", hint=hint)
            continue
        if len(values) > 1 and not param.multi:
            raise BadParameter(param.name, f"takes one value, got {len(values)}")
        bound[param.name] = [to_term(param, value) for value in values]
    return bound


def prepare(
    spec: QuerySpec,
    params: Mapping[str, str | Sequence[str]] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    lang: str | None = None,
) -> str:
    """The query text with its parameters bound in a VALUES block and paging applied."""
    bound = bind_params(spec, params or {}, lang=lang)
    text = spec.sparql
    # Paged first: paging edits only what follows the WHERE group, so the text to look into for
    # the VALUES blocks is one of a few per query (paging of the default page) and its tokens
    # are cached, where the bound texts would differ on every call.
    if spec.form in ("SELECT", "CONSTRUCT", "DESCRIBE"):
        text = with_paging(text, limit, offset)
    # One VALUES block per parameter: a multi-valued one adds rows, several ones multiply.
    return bind_columns(text, bound)


def prepare_count(
    spec: QuerySpec,
    params: Mapping[str, str | Sequence[str]] | None = None,
    *,
    lang: str | None = None,
) -> str:
    """A query counting the rows of the SELECT query ``spec`` with its parameters bound: the
    whole answer, without paging, as one ``?total`` binding.

    :raises BadParameter: as :func:`prepare`.
    :raises QueryError: ``spec`` is not a SELECT query.
    """
    return counting(prepare(spec, params, lang=lang))


def run_query(
    store: Store,
    name: str,
    params: Mapping[str, str | Sequence[str]] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    lang: str | None = None,
    root: Path | None = None,
) -> QueryResult:
    """Run the library query ``name`` on ``store``.

    :param params: raw values by parameter name; a list (or a comma-separated string) for a
        ``multi`` parameter.
    :param limit: at most this many rows (within the query's own LIMIT).
    :param offset: skip this many rows first.
    :param lang: label language for queries with a ``lang`` parameter (default: its default).
    :returns: a SelectResult for SELECT, an rdflib Graph for CONSTRUCT/DESCRIBE, a bool for ASK.
    :raises UnknownQueryError: no such query.
    :raises BadParameter: a parameter is unknown, missing or ill-typed.
    :raises QueryError: the store rejected the query.
    """
    spec = get_query(name, root)
    return store.query(prepare(spec, params, limit=limit, offset=offset, lang=lang))


def run_select(
    store: Store,
    name: str,
    params: Mapping[str, str | Sequence[str]] | None = None,
    **options: Any,
) -> SelectResult:
    """:func:`run_query` for a SELECT query."""
    result = run_query(store, name, params, **options)
    if not isinstance(result, SelectResult):
        raise TypeError(f"query '{name}' is not a SELECT query")
    return result


def run_graph(
    store: Store,
    name: str,
    params: Mapping[str, str | Sequence[str]] | None = None,
    **options: Any,
) -> Graph:
    """:func:`run_query` for a CONSTRUCT or DESCRIBE query."""
    result = run_query(store, name, params, **options)
    if not isinstance(result, Graph):
        raise TypeError(f"query '{name}' is not a CONSTRUCT query")
    return result
