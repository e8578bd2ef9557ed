"""SPARQL as text: one lexer, the query form, update and SERVICE detection, bound values, paging.

Everything here reads the tokens of one lexer that skips strings, IRIs and comments, so a
keyword in a ``#+`` header, a label or an IRI never counts. Values reach a query as RDF terms
written with rdflib's ``.n3()`` into a VALUES block; user text is never pasted into SPARQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal as TypingLiteral
from typing import NamedTuple, get_args

from rdflib import BNode, Literal, URIRef

from ic2kg.errors import QueryError

Term = URIRef | Literal | BNode
QueryForm = TypingLiteral["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
QUERY_FORMS: tuple[QueryForm, ...] = get_args(QueryForm)
GRAPH_FORMS: tuple[QueryForm, ...] = ("CONSTRUCT", "DESCRIBE")
# The first keyword of every SPARQL 1.1 Update operation (https://www.w3.org/TR/sparql11-update/).
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

# Possessive quantifiers (Python 3.11) keep a word from being re-scanned as a prefixed name.
_TOKEN = re.compile(
    r"""
    \s*+(?:
    (?P<comment>\#[^\n\r]*+)
  | (?P<pname>(?:[^\W\d][\w\-.]*+)?:[\w\-.:%\\]*+)
  | (?P<word>[^\W\d]\w*+)
  | (?P<var>[?$][^\s{}()\[\].,;'"<>=!|&+*/^#]*+)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*+'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*+\"\"\"
               |'(?:[^'\\\n\r]|\\.)*+'|"(?:[^"\\\n\r]|\\.)*+")
  | (?P<number>\d++(?:\.\d++)?(?:[eE][+-]?\d++)?)
  | (?P<other>.)
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCHEME = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:")
_INVALID_IRI_CHARS = re.compile(r'[<>"{}|^`\\\x00-\x20]')


class Token(NamedTuple):
    """One token outside whitespace and comments; ``depth`` is the brace depth it sits at.

    A closing brace reports the depth it closes back to, as does the opening one.
    """

    kind: str
    text: str
    offset: int
    depth: int

    @property
    def keyword(self) -> str:
        """The upper-cased word, or an empty string for any other kind of token."""
        return self.text.upper() if self.kind == "word" else ""

    @property
    def end(self) -> int:
        """Offset just after the token."""
        return self.offset + len(self.text)


def tokens(sparql: str) -> tuple[Token, ...]:
    """The tokens of ``sparql``: strings, IRIs, variables, prefixed names, words, others."""
    if len(sparql) <= _CACHED_LENGTH:
        return _cached_tokens(sparql)
    return tuple(Token(*scanned) for scanned in _scan(sparql))


#: Texts up to this length keep their tokens: a saved query (3.6 kB at most) is paged and bound
#: on every call, and lexing it took 0.5 ms each time; a long posted query is lexed afresh.
_CACHED_LENGTH = 8_000


@lru_cache(maxsize=128)
def _cached_tokens(sparql: str) -> tuple[Token, ...]:
    return tuple(Token(*scanned) for scanned in _scan(sparql))


def _scan(sparql: str) -> list[tuple[str, str, int, int]]:
    """:func:`tokens` as plain tuples (a NamedTuple costs more to make than the match)."""
    found: list[tuple[str, str, int, int]] = []
    append = found.append
    depth = 0
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup or "other"
        if kind == "comment":
            continue
        text = match.group(kind)
        if kind == "other" and text == "}":
            depth -= 1
        append((kind, text, match.start(kind), depth))
        if kind == "other" and text == "{":
            depth += 1
    return found


def position(sparql: str, offset: int) -> str:
    """``line L column C`` (both from 1) of a character offset."""
    line = sparql.count("\n", 0, offset) + 1
    column = offset - (sparql.rfind("\n", 0, offset) + 1) + 1
    return f"line {line} column {column}"


@dataclass(frozen=True)
class QueryInfo:
    """What one lexical scan found in a query or update request.

    :ivar form: SELECT, ASK, CONSTRUCT or DESCRIBE; None for an update or unreadable text.
    :ivar update: the update keyword (INSERT, DROP, ...) the request starts with, else None.
    :ivar services: the SERVICE endpoints it calls, None for a variable or unreadable one.
    :ivar keyword_at: offset of the form or update keyword (0 when there is none).
    :ivar declared: the prefixes the prologue declares (``ex`` for ``PREFIX ex: <...>``).
    :ivar used: each prefix the text uses in a prefixed name, with the offset of its first use.
    """

    form: QueryForm | None
    update: str | None
    services: tuple[str | None, ...]
    keyword_at: int = 0
    declared: frozenset[str] = frozenset()
    used: tuple[tuple[str, int], ...] = ()


def inspect(sparql: str, *, max_nesting: int | None = None) -> QueryInfo:
    """Find the form, update keyword and SERVICE endpoints of ``sparql`` in one scan.

    :raises QueryError: brackets ({, ( and [) are nested deeper than ``max_nesting``.
    """
    found = _scan(sparql)
    prefixes: dict[str, str] = {}
    index = 0
    # The prologue: PREFIX pname: <iri> and BASE <iri>, in any order.
    while index < len(found) and found[index][1].upper() in ("PREFIX", "BASE"):
        if found[index][1].upper() == "PREFIX" and index + 2 < len(found):
            prefixes[found[index + 1][1]] = found[index + 2][1].strip("<>")
            index += 3
        else:
            index += 2
    kind, text, keyword_at, _ = found[index] if index < len(found) else ("", "", 0, 0)
    keyword = text.upper() if kind == "word" else ""
    form = next((f for f in QUERY_FORMS if f == keyword), None)
    update = keyword if keyword in UPDATE_KEYWORDS else None
    depth = 0
    services: list[str | None] = []
    used: dict[str, int] = {}
    for number, (kind, text, offset, _) in enumerate(found):
        if kind == "pname":
            prefix = text.partition(":")[0]
            if prefix != "_":  # _:b is a blank node label, not a prefixed name
                used.setdefault(prefix, offset)
        elif kind == "other":
            if text in "{([":
                depth += 1
                if max_nesting is not None and depth > max_nesting:
                    raise QueryError(
                        f"the query nests brackets more than {max_nesting} levels deep",
                        where=position(sparql, offset),
                        hint="flatten the query",
                    )
            elif text in "})]":
                depth -= 1
        elif kind == "word" and text.upper() == "SERVICE":
            following = [Token(*t) for t in found[number + 1 : number + 3]]
            services.append(_service_target(following, prefixes))
    declared = frozenset(name.partition(":")[0] for name in prefixes)
    return QueryInfo(form, update, tuple(services), keyword_at, declared, tuple(used.items()))


def query_form(sparql: str) -> QueryForm | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; None for an update request or text that is neither."""
    return inspect(sparql).form


def _service_target(following: Sequence[Token], prefixes: dict[str, str]) -> str | None:
    """The endpoint IRI after SERVICE [SILENT]; None when it is a variable or unreadable."""
    rest = list(following)
    if rest and rest[0].keyword == "SILENT":
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


# ---------------------------------------------------------------- binding values


def where_group_start(sparql: str) -> int:
    """Index just after the '{' that opens the outermost WHERE group of ``sparql``.

    :raises QueryError: when the query has no WHERE group (e.g. ``DESCRIBE <iri>``).
    """
    form: str | None = None
    seen_where = False
    for token in tokens(sparql):
        if token.depth:
            continue
        if token.keyword in QUERY_FORMS and form is None:
            form = token.keyword
        elif token.keyword == "WHERE":
            seen_where = True
        elif token.text == "{" and token.kind == "other":
            if seen_where or form in ("SELECT", "ASK", "DESCRIBE"):
                return token.end
    raise QueryError("the query has no WHERE group to bind parameters in")


def term_n3(term: Term) -> str:
    """A term as SPARQL text; IRIs are checked so that no character can end the IRI early.

    :raises QueryError: for a blank node or an IRI with characters not allowed in SPARQL IRIs.
    """
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a parameter")
    if isinstance(term, URIRef) and _INVALID_IRI_CHARS.search(str(term)):
        raise QueryError(f"not a valid IRI: {str(term)!r}")
    return term.n3()


def values_block(rows: Iterable[Mapping[str, Term | None]], variables: Iterable[str]) -> str:
    """A VALUES block over ``variables``; a None or missing value is written UNDEF."""
    names = list(variables)
    lines = []
    for row in rows:
        cells = [
            term_n3(value) if (value := row.get(name)) is not None else "UNDEF" for name in names
        ]
        lines.append("(" + " ".join(cells) + ")")
    header = " ".join("?" + name for name in names)
    return f"VALUES ({header}) {{ {' '.join(lines)} }}"


def bind_values(
    sparql: str, rows: Iterable[Mapping[str, Term | None]], variables: Iterable[str] | None = None
) -> str:
    """``sparql`` with a VALUES block of ``rows`` at the start of its outermost WHERE group."""
    row_list = list(rows)
    names = list(variables) if variables is not None else sorted({k for r in row_list for k in r})
    return _insert_values(sparql, [(row_list, names)])


def bind_columns(sparql: str, columns: Mapping[str, Sequence[Term]]) -> str:
    """``sparql`` with one VALUES block per variable (their rows multiply) at the start of its
    outermost WHERE group: what :func:`bind_values` gives bound one variable at a time (the last
    block first), with one look for the group instead of one per variable."""
    blocks = [([{name: term} for term in terms], [name]) for name, terms in columns.items()]
    return _insert_values(sparql, blocks[::-1])


def _insert_values(
    sparql: str, blocks: Sequence[tuple[Sequence[Mapping[str, Term | None]], Sequence[str]]]
) -> str:
    """``sparql`` with a VALUES block per (rows, variables) at its WHERE group's start, in order."""
    blocks = [(rows, names) for rows, names in blocks if names]
    if not blocks:
        return sparql
    for _, names in blocks:
        for name in names:
            if not _NAME.fullmatch(name):
                raise QueryError(f"not a SPARQL variable name: {name!r}")
    start = where_group_start(sparql)
    text = "".join("\n  " + values_block(rows, names) + "\n" for rows, names in blocks)
    return sparql[:start] + text + sparql[start:]


def with_prefixes(sparql: str, prefixes: Mapping[str, str]) -> str:
    """``sparql`` with a PREFIX declaration, put first on its first line, for each prefix of
    ``prefixes`` that it uses without declaring (positions on other lines stay).

    :raises QueryError: for a namespace that is not a valid IRI.
    """
    info = inspect(sparql)
    missing = [p for p, _ in info.used if p not in info.declared and p in prefixes]
    declarations = "".join(f"PREFIX {p}: {term_n3(URIRef(prefixes[p]))} " for p in missing)
    return declarations + sparql


def has_relative_iris(sparql: str) -> bool:
    """Whether an IRI in ``sparql`` is relative (``<s>``, ``<data1.rdf>``): it needs a base."""
    return any(kind == "iri" and not _SCHEME.match(text) for kind, text, _, _ in _scan(sparql))


def with_base(sparql: str, base_iri: str) -> str:
    """``sparql`` with ``BASE <base_iri>`` put first, on its first line (positions on other
    lines stay; a BASE of the query's own still applies after it).

    :raises QueryError: for a base that is not a valid IRI.
    """
    return f"BASE {term_n3(URIRef(base_iri))} {sparql}"


# ---------------------------------------------------------------- paging


#: The fixed text that wraps a SELECT query to count its solutions (:func:`counting`).
COUNT_OPEN = "SELECT (COUNT(*) AS ?total) WHERE {\n"
COUNT_CLOSE = "\n}\n"


def counting(sparql: str) -> str:
    """A SELECT query counting the solutions of the SELECT query ``sparql`` as ``?total``: its
    prologue, then ``SELECT (COUNT(*) AS ?total) WHERE { <the query> }``, so the query's own
    LIMIT, OFFSET, DISTINCT and GROUP BY count as they do when it runs.

    :raises QueryError: for a query that is not a SELECT.
    """
    info = inspect(sparql)
    if info.form != "SELECT":
        raise QueryError(f"only SELECT solutions can be counted, not {info.form or 'this text'}")
    start = info.keyword_at
    # The query keeps its own lines (and any trailing comment) inside the group.
    return "".join((sparql[:start], COUNT_OPEN, sparql[start:], COUNT_CLOSE))


CLOSE = ("other", "}", 0)  # a brace closing a group of the outermost query


def outer_limit(sparql: str) -> int | None:
    """The LIMIT of the outermost query; None when it has none or it cannot be told apart."""
    found = _scan(sparql)
    closes = [
        i
        for i, (kind, text, _, depth) in enumerate(found)
        if kind == "other" and text == "}" and not depth
    ]
    if not closes:
        return None
    for (kind, text, _, _), (next_kind, value, _, _) in pairwise(found[closes[-1] + 1 :]):
        if kind == "word" and text.upper() == "LIMIT" and next_kind == "number":
            return int(value) if value.isdigit() else None
    return None


def with_paging(sparql: str, limit: int | None = None, offset: int = 0) -> str:
    """``sparql`` showing at most ``limit`` results from ``offset``, within its own LIMIT/OFFSET.

    :raises QueryError: for a negative limit or offset, or a query without a WHERE group.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("limit and offset must not be negative")
    if limit is None and offset == 0:
        return sparql
    found = tokens(sparql)
    closes = [i for i, t in enumerate(found) if t.text == "}" and t.kind == "other" and not t.depth]
    if not closes:
        raise QueryError("the query has no WHERE group to page")
    head_end = found[closes[-1]].end
    own: dict[str, int] = {}
    cut: list[tuple[int, int]] = []  # spans of the query's own LIMIT n / OFFSET n, to drop
    tail = found[closes[-1] + 1 :]
    for word, value in pairwise(tail):
        if word.keyword in ("LIMIT", "OFFSET") and value.kind == "number":
            own[word.keyword] = int(value.text)
            cut.append((word.offset, value.end))
    rest, kept_from = [], head_end
    for start, end in cut:
        rest.append(sparql[kept_from:start])
        kept_from = end
    rest.append(sparql[kept_from:])
    start_at = own.get("OFFSET", 0) + offset
    ends = [e for e in (own["LIMIT"] - offset if "LIMIT" in own else None, limit) if e is not None]
    modifiers = [f"LIMIT {max(min(ends), 0)}"] if ends else []
    modifiers += [f"OFFSET {start_at}"] if start_at else []
    text = sparql[:head_end] + "".join(rest).rstrip()
    # After a trailing comment the modifiers need a line of their own.
    kept = [t for t in found if not any(start <= t.offset < end for start, end in cut)]
    separator = " " if kept and kept[-1].end >= len(text) else "\n"
    return text + (separator + " ".join(modifiers) if modifiers else "") + "\n"
