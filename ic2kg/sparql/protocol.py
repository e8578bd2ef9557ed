"""SPARQL 1.1 Protocol rules that do not depend on a web framework.

Refusal of updates and unlisted SERVICE endpoints (found by :mod:`ic2kg.sparql.text`'s lexer),
content negotiation with q-values, per query form, over the formats of :mod:`ic2kg.formats`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ic2kg import formats
from ic2kg.errors import QueryError, ReadOnlyError, ServiceNotAllowed
from ic2kg.sparql.text import GRAPH_FORMS, QueryForm, QueryInfo, inspect, position

MAX_NESTING = 100


def inspect_query(query: str, *, max_nesting: int = MAX_NESTING) -> QueryInfo:
    """Find the query form and SERVICE endpoints of ``query`` without running it.

    :raises ReadOnlyError: the text is a SPARQL Update request.
    :raises QueryError: brackets are nested deeper than ``max_nesting``.
    """
    info = inspect(query, max_nesting=max_nesting)
    if info.update is not None:
        raise ReadOnlyError(
            f"SPARQL Update ({info.update}) is not allowed: this endpoint is read-only",
            where=position(query, info.keyword_at),
            hint="send SELECT, ASK, CONSTRUCT or DESCRIBE queries",
        )
    return info


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


def check_prefixes(query: str, info: QueryInfo, predeclared: Mapping[str, str]) -> None:
    """Refuse a prefixed name whose prefix neither the query nor ``predeclared`` declares (the
    parser would say only which characters it expected there).

    :raises QueryError: naming the first such prefix, its line and column, and a fix.
    """
    for prefix, offset in info.used:
        if prefix in info.declared or prefix in predeclared:
            continue
        known = sorted(predeclared)
        close = difflib.get_close_matches(prefix, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}:'? or " if close else ""
        raise QueryError(
            f"prefix '{prefix}:' is not declared",
            where=position(query, offset),
            hint=f"{hint}add 'PREFIX {prefix}: <namespace IRI>' before the query; predeclared: "
            f"{', '.join(known)} (GET /sparql lists their namespaces)",
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


def kind_of(form: QueryForm | None) -> formats.Kind:
    """The kind of answer a query of ``form`` gives (an unknown form answers like SELECT)."""
    return "graph" if form in GRAPH_FORMS else "results"


def offered_types(form: QueryForm | None) -> tuple[list[str], dict[str, str]]:
    """The media types (and aliases) a query of ``form`` can be answered in."""
    kind = kind_of(form)
    return formats.media_types(kind), formats.aliases(kind)
