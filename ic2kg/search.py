"""Label search over every ic2kg entity: names in any language, country names and ISO codes,
spelling mistakes tolerated; built once from the store and searched in memory.

The index reads queries/web/search-*.rq: names (with the translations the curators made),
classes with their ontology ancestors (the kind filter follows rdfs:subClassOf), countries and
their ISO codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, get_args

from rdflib import Literal as RDFLiteral

from ic2kg.namespaces import IC2KG, KG
from ic2kg.queries import load_query
from ic2kg.store import Store

Lang = Literal["en", "zh"]
Category = Literal[
    "country",
    "funder",
    "organisation",
    "programme",
    "call",
    "project",
    "standard",
    "biobank",
    "priority",
    "policy",
]
CATEGORIES: tuple[str, ...] = get_args(Category)
# The class each search category stands for; an entity is in a category when one of its classes
# is that class or a subclass of it in the ontology.
CATEGORY_CLASSES: dict[str, str] = {
    "country": str(IC2KG.Country),
    "funder": str(IC2KG.FundingOrganisation),
    "organisation": str(IC2KG.Organisation),
    "programme": str(IC2KG.FundingProgramme),
    "call": str(IC2KG.Call),
    "project": str(IC2KG.Project),
    "standard": str(IC2KG.Standard),
    "biobank": str(IC2KG.Biobank),
    "priority": str(IC2KG.ActionPlanPriority),
    "policy": str(IC2KG.Policy),
}

# Match ranks, best first.
EXACT, PREFIX, WORD_PREFIX, INSIDE, ALL_WORDS, WORDS_ACROSS, IN_COUNTRY, CLOSE = range(8)


def normalise(text: str) -> str:
    """Text folded for matching: NFKD, combining marks removed, casefolded, spaces collapsed.

    >>> normalise("Università  Cattolica")
    'universita cattolica'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def local_name(iri: str) -> str:
    """The part of an IRI after the ic2kg entity namespace, or after its last / or #."""
    if iri.startswith(str(KG)):
        return iri[len(str(KG)) :]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def edit_distance(a: str, b: str, bound: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``, or
    ``bound + 1`` once more are needed (optimal string alignment distance).

    >>> edit_distance("germny", "germany", 2)
    1
    >>> edit_distance("spian", "spain", 1)
    1
    >>> edit_distance("spain", "china", 1)
    2
    """
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > bound:
            return bound + 1
        before, previous = previous, current
    return previous[-1]


def allowed_typos(word: str) -> int:
    """How many edits a query word may be from a name's word: none for short words."""
    if len(word) < 4 or not word.isascii():
        return 0
    return 1 if len(word) <= 7 else 2


@dataclass(frozen=True)
class Kind:
    """A class (or concept scheme) of an entity with its labels."""

    iri: str
    en: str | None
    zh: str | None

    def label(self, lang: Lang) -> str:
        """The label in ``lang``, else English, else the local name."""
        return (self.zh if lang == "zh" else None) or self.en or local_name(self.iri)


@dataclass
class IndexedEntity:
    """One entity of the index: its names (normalised once), kinds, categories and country."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> rdfs:label
    translated: set[str] = field(default_factory=set)  # labels the curators translated
    names: list[str] = field(default_factory=list)  # every name, labels first
    keys: list[str] = field(default_factory=list)  # normalise(name), same order
    kinds: dict[str, Kind] = field(default_factory=dict)
    categories: set[str] = field(default_factory=set)
    country: str | None = None
    codes: set[str] = field(default_factory=set)  # ISO codes, for a country

    def label(self, lang: Lang) -> str:
        """The label in ``lang``, falling back to English, any label, the local name."""
        for choice in (lang, "en", ""):
            if self.labels.get(choice):
                return self.labels[choice]
        return next(iter(self.labels.values()), None) or local_name(self.iri)

    def other_label(self, lang: Lang) -> str | None:
        """The label in the other language, when it differs from the one shown."""
        other = self.labels.get("en" if lang == "zh" else "zh")
        return other if other and other != self.label(lang) else None


@dataclass(frozen=True)
class Match:
    """A search result: the entity, how it matched (a rank above) and the name that matched."""

    entity: IndexedEntity
    rank: int
    matched: str


@dataclass(frozen=True)
class SearchPage:
    """One page of results, the number of all results and the country the query named."""

    matches: list[Match]
    total: int
    country: IndexedEntity | None
    close: bool  # no name contains the query: the results are close spellings


class LabelIndex:
    """Names of every ic2kg entity, normalised once, searched without touching the store."""

    def __init__(self, entities: dict[str, IndexedEntity]) -> None:
        self.entities = entities
        self.words: dict[str, set[str]] = defaultdict(set)  # a word of a name -> entity IRIs
        self.by_code: dict[str, IndexedEntity] = {}
        self.members: dict[str, list[IndexedEntity]] = defaultdict(list)  # country -> entities
        for entity in entities.values():
            for key in entity.keys:
                for word in re.findall(r"\w+", key):
                    self.words[word].add(entity.iri)
            for code in entity.codes:
                self.by_code[normalise(code)] = entity
            if entity.country and entity.country != entity.iri:
                self.members[entity.country].append(entity)

    @classmethod
    def build(cls, store: Store) -> LabelIndex:
        """Read every name, kind, category and country with the search queries."""
        entities: dict[str, IndexedEntity] = {}
        alternatives: dict[str, list[str]] = defaultdict(list)
        for row in store.select(load_query("web/search-labels").sparql).rows:
            iri, name = str(row["entity"]), row["name"]
            entity = entities.setdefault(iri, IndexedEntity(iri))
            text = str(name)
            if _true(row.get("translated")):
                entity.translated.add(text)
            if _true(row["alt"]):
                alternatives[iri].append(text)
                continue
            tag = name.language if isinstance(name, RDFLiteral) else None
            entity.labels.setdefault((tag or "").split("-")[0], text)
            entity.names.append(text)
        for iri, names in alternatives.items():
            entities[iri].names.extend(names)
        ancestors: dict[str, set[str]] = defaultdict(set)
        for row in store.select(load_query("web/search-classes").sparql).rows:
            ancestors[str(row["class"])].add(str(row["ancestor"]))
        category_of = {iri: name for name, iri in CATEGORY_CLASSES.items()}
        for row in store.select(load_query("web/search-facts").sparql).rows:
            found = entities.get(str(row["entity"]))
            if found is None:
                continue
            kind = str(row["kind"])
            found.kinds.setdefault(
                kind, Kind(kind, _text(row.get("kindEn")), _text(row.get("kindZh")))
            )
            for ancestor in ancestors.get(kind, {kind}):
                if ancestor in category_of:
                    found.categories.add(category_of[ancestor])
            if row.get("country") is not None:
                found.country = str(row["country"])
        for row in store.select(load_query("web/search-codes").sparql).rows:
            country = entities.get(str(row["country"]))
            if country is not None:
                country.codes.add(str(row["code"]))
        for entity in entities.values():
            entity.names = list(dict.fromkeys(entity.names))
            entity.keys = [normalise(name) for name in entity.names]
        return cls(entities)

    def label(self, iri: str, lang: Lang) -> str:
        """The label of any indexed entity (the local name for others)."""
        entity = self.entities.get(iri)
        return entity.label(lang) if entity else local_name(iri)

    def country_named(self, query: str) -> IndexedEntity | None:
        """The country whose ISO code or name is exactly ``query`` (after normalising)."""
        wanted = normalise(query)
        if wanted in self.by_code:
            return self.by_code[wanted]
        for entity in self.entities.values():
            if "country" in entity.categories and wanted in entity.keys:
                return entity
        return None

    def search(
        self,
        query: str,
        *,
        category: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> SearchPage:
        """Entities matching ``query``, best first: names containing it, then (when it names a
        country) the entities based in that country, or else names within a typo or two.

        Among names: exact names, then names starting with the query, names with a word starting
        with it, other names containing it, names with all its words; shorter names first.
        A country code (ES, DEU) matches its country and names that have it as a whole word,
        not names starting with it (ES is Spain, not Estonia).
        """
        wanted = normalise(query)
        if not wanted:
            return SearchPage([], 0, None, close=False)
        words = wanted.split(" ")
        country = self.country_named(query)
        is_code = wanted in self.by_code
        best: dict[str, tuple[tuple[int, int, str], Match]] = {}

        def keep(entity: IndexedEntity, rank: int, matched: str, length: int) -> None:
            if category and category not in entity.categories:
                return
            order = (rank, length, normalise(entity.label("en")))
            if entity.iri not in best or order < best[entity.iri][0]:
                best[entity.iri] = (order, Match(entity, rank, matched))

        for entity in self.entities.values():
            for name, key in zip(entity.names, entity.keys, strict=True):
                rank = _rank(key, wanted, words)
                if rank is not None and (not is_code or wanted in key.split(" ")):
                    keep(entity, rank, name, len(key))
            if entity.iri not in best and len(words) > 1:
                joined = " ".join(entity.keys)
                if all(word in joined for word in words):
                    keep(entity, WORDS_ACROSS, "", len(joined))
        if country is not None:
            keep(country, EXACT, "", 0)
            for member in self.members.get(country.iri, []):
                keep(member, IN_COUNTRY, "", len(member.keys[0]) if member.keys else 0)
        close = False
        if not best:
            close = self._close_matches(words, keep)
        ranked = [match for _, match in sorted(best.values(), key=lambda item: item[0])]
        return SearchPage(ranked[offset : offset + limit], len(ranked), country, close=close)

    def _close_matches(
        self, words: list[str], keep: Callable[[IndexedEntity, int, str, int], None]
    ) -> bool:
        """Entities whose names have every query word, some within a few typos."""
        candidates: set[str] | None = None
        distance: dict[str, int] = defaultdict(int)
        for word in words:
            bound = allowed_typos(word)
            found: dict[str, int] = {}
            for known, iris in self.words.items():
                if word in known:
                    cost = 0
                elif bound:
                    cost = edit_distance(word, known, bound)
                    if cost > bound:
                        continue
                else:
                    continue
                for iri in iris:
                    found[iri] = min(cost, found.get(iri, cost))
            candidates = set(found) if candidates is None else candidates & set(found)
            for iri in candidates:
                distance[iri] += found[iri]
        for iri in candidates or set():
            entity = self.entities[iri]
            keep(entity, CLOSE, "", distance[iri] * 1000 + len(entity.keys[0]))
        return bool(candidates)


def _rank(key: str, wanted: str, words: list[str]) -> int | None:
    if key == wanted:
        return EXACT
    if key.startswith(wanted):
        return PREFIX
    position = key.find(wanted)
    if position > 0 and not key[position - 1].isalnum():
        return WORD_PREFIX
    if position > 0:
        return INSIDE
    if len(words) > 1 and all(word in key for word in words):
        return ALL_WORDS
    return None


def _text(term: object | None) -> str | None:
    return None if term is None else str(term)


def _true(term: object | None) -> bool:
    return str(term) in ("true", "1")
