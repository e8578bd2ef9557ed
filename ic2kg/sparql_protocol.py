"""SPARQL 1.1 Protocol rules that do not depend on a web framework.

Query-form detection (and refusal of updates and unlisted SERVICE endpoints) by a lexical scan
that respects strings, IRIs and comments; content negotiation with q-values, per query form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ic2kg.errors import QueryError, ReadOnlyError, ServiceNotAllowed

QueryForm = Literal["select", "ask", "construct", "describe"]

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
QUERY_KEYWORDS: dict[str, QueryForm] = {
    "SELECT": "select",
    "ASK": "ask",
    "CONSTRUCT": "construct",
    "DESCRIBE": "describe",
}
MAX_NESTING = 100

# Media types the endpoint writes, canonical type first; the value names the serialiser.
RESULTS_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RDF_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
# Other names clients use for the same formats.
RESULTS_ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
RDF_ALIASES: dict[str, str] = {
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
    "application/x-turtle": "text/turtle",
}
# Short names for ?format= (browser links, curl one-liners).
FORMAT_NAMES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^\s{}()\[\].,;'"<>=!|&+*/^#]*)
  | (?P<pname>(?:[^\W\d][\w\-.]*)?:[\w\-.:%\\]*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class QueryInfo:
    """What a lexical scan found in a query: its form and the SERVICE endpoints it calls."""

    form: QueryForm | None
    services: tuple[str | None, ...]


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    offset: int


def _tokens(query: str) -> list[_Token]:
    return [
        _Token(match.lastgroup or "other", match.group(), match.start())
        for match in _TOKEN.finditer(query)
        if match.lastgroup not in ("ws", "comment")
    ]


def position(query: str, offset: int) -> str:
    """``line L column C`` (both from 1) of a character offset."""
    line = query.count("\n", 0, offset) + 1
    column = offset - (query.rfind("\n", 0, offset) + 1) + 1
    return f"line {line} column {column}"


def inspect_query(query: str, *, max_nesting: int = MAX_NESTING) -> QueryInfo:
    """Find the query form and SERVICE endpoints of ``query`` without running it.

    :raises ReadOnlyError: the text is a SPARQL Update request.
    :raises QueryError: brackets are nested deeper than ``max_nesting``.
    """
    tokens = _tokens(query)
    prefixes: dict[str, str] = {}
    form: QueryForm | None = None
    index = 0
    # The prologue: PREFIX pname: <iri> and BASE <iri>, in any order.
    while index < len(tokens) and tokens[index].text.upper() in ("PREFIX", "BASE"):
        if tokens[index].text.upper() == "PREFIX" and index + 2 < len(tokens):
            prefixes[tokens[index + 1].text] = tokens[index + 2].text.strip("<>")
            index += 3
        else:
            index += 2
    if index < len(tokens) and tokens[index].kind == "word":
        keyword = tokens[index].text.upper()
        if keyword in UPDATE_KEYWORDS:
            raise ReadOnlyError(
                f"SPARQL Update ({keyword}) is not allowed: this endpoint is read-only",
                where=position(query, tokens[index].offset),
                hint="send SELECT, ASK, CONSTRUCT or DESCRIBE queries",
            )
        form = QUERY_KEYWORDS.get(keyword)
    depth = 0
    services: list[str | None] = []
    for number, token in enumerate(tokens):
        if token.kind == "other" and token.text in "{([":
            depth += 1
            if depth > max_nesting:
                raise QueryError(
                    f"the query nests brackets more than {max_nesting} levels deep",
                    where=position(query, token.offset),
                    hint="flatten the query",
                )
        elif token.kind == "other" and token.text in "})]":
            depth -= 1
        elif token.kind == "word" and token.text.upper() == "SERVICE":
            services.append(_service_target(tokens[number + 1 :], prefixes))
    return QueryInfo(form, tuple(services))


def _service_target(following: Sequence[_Token], prefixes: dict[str, str]) -> str | None:
    """The endpoint IRI after SERVICE [SILENT]; None when it is a variable or unreadable."""
    rest = list(following[:2])
    if rest and rest[0].kind == "word" and rest[0].text.upper() == "SILENT":
        rest = rest[1:]
    if not rest:
        return None
    target = rest[0]
    if target.kind == "iri":
        return target.text[1:-1]
    if target.kind == "pname":
        prefix, _, local = target.text.partition(":")
        namespace = prefixes.get(f"{prefix}:")
        return f"{namespace}{local}" if namespace is not None else None
    return None


def check_services(query: str, info: QueryInfo, allowlist: Sequence[str]) -> None:
    """Refuse SERVICE calls to endpoints outside ``allowlist``.

    :raises ServiceNotAllowed: naming the first endpoint not allowed.
    """
    for endpoint in info.services:
        if endpoint is None or endpoint not in allowlist:
            shown = f"<{endpoint}>" if endpoint else "a variable endpoint"
            raise ServiceNotAllowed(
                f"SERVICE {shown} is not allowed: federated queries may only call the "
                f"endpoints in IC2KG_SERVICE_ALLOWLIST ({len(allowlist)} listed)",
                hint="run the federated part against that endpoint yourself",
            )


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """Specificity of the match (3 exact, 2 type/*, 1 */*), 0 when it does not match."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == kind and self.subtype == "*":
            return 2
        if self.type == kind and self.subtype == sub:
            return 3
        return 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; an empty or missing header accepts anything."""
    ranges = []
    for order, part in enumerate((header or "").split(",")):
        pieces = [piece.strip() for piece in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else f"{media}/*"
        kind, _, sub = media.partition("/")
        q = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub or "*", q, order))
    return ranges or [MediaRange("*", "*", 1.0, 0)]


def negotiate(
    accept: str | None, offered: Sequence[str], aliases: dict[str, str] | None = None
) -> str | None:
    """The offered media type the client prefers most, or None when none is acceptable.

    Each offered type (or an alias of it) takes the q of the most specific range matching it;
    the highest q wins, ties going to the range written first, then to the server's order.
    """
    ranges = parse_accept(accept)
    names: dict[str, list[str]] = {media: [media] for media in offered}
    for alias, target in (aliases or {}).items():
        if target in names:
            names[target].append(alias)
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for rank, media in enumerate(offered):
        for name in names[media]:
            matching = [(r.matches(name), r) for r in ranges if r.matches(name)]
            if not matching:
                continue
            _, top = max(matching, key=lambda item: (item[0], item[1].q))
            if top.q <= 0:
                continue
            key = (top.q, -top.order, -rank)
            if best is None or key > best:
                best, chosen = key, media
    return chosen


def offered_types(form: QueryForm | None) -> tuple[list[str], dict[str, str]]:
    """The media types (and aliases) a query of ``form`` can be answered in."""
    if form in ("construct", "describe"):
        return list(RDF_MEDIA_TYPES), RDF_ALIASES
    return list(RESULTS_MEDIA_TYPES), RESULTS_ALIASES


def serializer_name(media_type: str) -> str:
    """The serialiser key (``json``, ``turtle``, ...) of a canonical media type."""
    return {**RESULTS_MEDIA_TYPES, **RDF_MEDIA_TYPES}[media_type]
