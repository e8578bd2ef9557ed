"""Label search over every ic2kg entity: names in any language, country names and ISO codes,
spelling mistakes tolerated; built once from the store and searched in memory.

The index reads queries/web/search-*.rq: names (with the translations the curators made),
classes with their ontology ancestors (the kind filter follows rdfs:subClassOf), countries and
their ISO codes, and the personalised-medicine standing of activities and organisations (the
PM lens of graph/derived/relevance.ttl), so that PM bodies rank before companies.
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

# Match ranks, best first. ACRONYM: the query is the initials of a name's words (or their end:
# "CSIC" for "Agencia Estatal Consejo Superior de Investigaciones Cientificas").
EXACT, ACRONYM, PREFIX, WORD_PREFIX, INSIDE, ALL_WORDS, WORDS_ACROSS, IN_COUNTRY, CLOSE = range(9)

# Groups of the result list, in the order they are shown when they tie: an entity is in the
# first of its categories here.
GROUPS: tuple[str, ...] = (
    "country",
    "funder",
    "biobank",
    "organisation",
    "priority",
    "standard",
    "policy",
    "programme",
    "call",
    "project",
)

# PM standing, best first (docs/gaps.md, "The PM scope"): a body with PM capacity (funder,
# biobank, hospital, research infrastructure) or an organisation, activity or curated PM record
# (country, standard, priority) with PM activity; health activity only; any other non-company;
# a company with PM or health activity; any other company.
PM_BODY, HEALTH_BODY, OTHER, PM_COMPANY, COMPANY = range(5)
_CAPACITY = frozenset(
    str(c)
    for c in (
        IC2KG.FundingOrganisation,
        IC2KG.Biobank,
        IC2KG.Hospital,
        IC2KG.ResearchInfrastructure,
    )
)
_CURATED_PM = frozenset(str(c) for c in (IC2KG.Country, IC2KG.Standard, IC2KG.ActionPlanPriority))
_COMPANY = str(IC2KG.Company)
# Words an acronym skips (articles, prepositions and conjunctions of the languages in the names).
_MINOR_WORDS = frozenset(
    "a an and at d da das de degli dei del della delle der des di die do dos du e el en et for "
    "fuer fur i in l la las le les los of on per the to und van voor y zum zur".split()
)
# A Chinese name is close to a query when it has this share of the query's character pairs.
CHINESE_CLOSE = 0.6
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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
    standing: int = OTHER  # PM standing: PM_BODY ... COMPANY
    acronyms: dict[str, str] = field(default_factory=dict)  # initials of a name's words -> name

    @property
    def group(self) -> str:
        """The group the result list shows this entity in (its first category in GROUPS)."""
        return next((g for g in GROUPS if g in self.categories), "other")

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

    @property
    def group(self) -> str:
        """The group of the result list (see GROUPS)."""
        return self.entity.group


@dataclass(frozen=True)
class SearchPage:
    """One page of results, the number of all results and the country the query named."""

    matches: list[Match]
    total: int
    country: IndexedEntity | None
    close: bool  # no name contains the query: the results are close spellings
    groups: dict[str, int] = field(default_factory=dict)  # group -> matches, in list order


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
        lens: dict[str, tuple[bool, bool]] = {}  # entity -> (PM, health)
        for row in store.select(load_query("web/search-pm").sparql).rows:
            if row.get("entity") is not None:
                lens[str(row["entity"])] = (_true(row.get("pm")), _true(row.get("health")))
        classes: dict[str, set[str]] = defaultdict(set)
        category_of = {iri: name for name, iri in CATEGORY_CLASSES.items()}
        for row in store.select(load_query("web/search-facts").sparql).rows:
            found = entities.get(str(row["entity"]))
            if found is None:
                continue
            kind = str(row["kind"])
            classes[found.iri] |= ancestors.get(kind, {kind})
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
            entity.acronyms = {
                a: name
                for name, key in zip(entity.names, entity.keys, strict=True)
                if len(a := initials(key)) >= 3
            }
            pm, health = lens.get(entity.iri, (False, False))
            entity.standing = standing(classes[entity.iri], pm=pm, health=health)
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
        """Entities matching ``query``, grouped by kind, best first.

        What matches: names containing the query (an exact name or alternative name, a name
        whose words' initials are the query, a name starting with it, a word starting with it,
        a name containing it, a name with all its words); when it names a country, what is
        based there; when nothing contains it, names a typo or two away (Chinese: names sharing
        most of its character pairs). A country code (ES, DEU) matches its country and names
        that have it as a whole word, not names starting with it (ES is Spain, not Estonia).

        How they are ordered: exact matches, then acronym matches, first; then personalised-medicine
        bodies (funders, biobanks, hospitals, research infrastructures, organisations and
        activities with PM or health activity) before other entities and companies last; then
        by how the name matched, shorter names first. The list is grouped by kind (GROUPS), each
        group where its best match is, and ``groups`` counts every group's matches.
        """
        wanted = normalise(query)
        if not wanted:
            return SearchPage([], 0, None, close=False)
        words = wanted.split(" ")
        country = self.country_named(query)
        is_code = wanted in self.by_code
        acronym = wanted if len(wanted) >= 3 and wanted.isalnum() and wanted.isascii() else None
        best: dict[str, tuple[tuple[int, int, int, int, str], Match]] = {}

        def keep(entity: IndexedEntity, rank: int, matched: str, length: int) -> None:
            if category and category not in entity.categories:
                return
            # An exact name or acronym ("CAMS" for CAMS) before names whose initials the query
            # is (Cancer Hospital, Chinese Academy of Medical Sciences), then everything else.
            first = rank if rank <= ACRONYM else ACRONYM + 1
            order = (first, entity.standing, rank, length, normalise(entity.label("en")))
            if entity.iri not in best or order < best[entity.iri][0]:
                best[entity.iri] = (order, Match(entity, rank, matched))

        for entity in self.entities.values():
            for name, key in zip(entity.names, entity.keys, strict=True):
                rank = _rank(key, wanted, words)
                if rank is not None and (not is_code or wanted in key.split(" ")):
                    keep(entity, rank, name, len(key))
            if acronym:
                for letters, name in entity.acronyms.items():
                    # The initials, or their end when at most two leading words are left
                    # out ("Agencia Estatal"): not the end of any long name's initials.
                    if letters.endswith(acronym) and len(letters) - len(acronym) <= 2:
                        keep(entity, ACRONYM, name, len(letters))
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
            close = self._close_chinese(wanted, keep) or self._close_matches(words, keep)
        # Each group stands where its best match is; within it, best first.
        # Groups whose best matches tie (as good a match, as PM) keep the order of GROUPS.
        leader: dict[str, tuple[int, int, int, int]] = {}
        for order, match in best.values():
            group = (*order[:3], _group_index(match.group))
            leader[match.group] = min(leader.get(match.group, group), group)
        ranked = sorted(best.values(), key=lambda item: (leader[item[1].group], item[0]))
        groups: dict[str, int] = {}
        for _, match in ranked:
            groups[match.group] = groups.get(match.group, 0) + 1
        return SearchPage(
            [match for _, match in ranked[offset : offset + limit]],
            len(ranked),
            country,
            close=close,
            groups=groups,
        )

    def _close_chinese(
        self, wanted: str, keep: Callable[[IndexedEntity, int, str, int], None]
    ) -> bool:
        """Entities with a Chinese name sharing most of the query's character pairs (Chinese
        has no spaces between words: "国家自然科学基金会" finds "国家自然科学基金委员会")."""
        pairs = bigrams(wanted)
        if len(pairs) < 2:
            return False
        found = False
        for entity in self.entities.values():
            for name, key in zip(entity.names, entity.keys, strict=True):
                shared = len(pairs & bigrams(key)) / len(pairs) if _CJK.search(key) else 0.0
                if shared >= CHINESE_CLOSE:
                    keep(entity, CLOSE, name, round((1 - shared) * 100) * 1000 + len(key))
                    found = True
        return found

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


def _group_index(group: str) -> int:
    return GROUPS.index(group) if group in GROUPS else len(GROUPS)


def initials(key: str) -> str:
    """The first letters of a normalised name's words, minor words skipped ("" for one word).

    >>> initials("agencia estatal consejo superior de investigaciones cientificas")
    'aecsic'
    """
    words = [w for w in re.findall(r"[^\W\d_]+", key) if w not in _MINOR_WORDS and w.isascii()]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def standing(classes: set[str], *, pm: bool, health: bool) -> int:
    """The PM standing of an entity from its classes (with their ancestors) and activity."""
    if _COMPANY in classes:
        return PM_COMPANY if pm or health else COMPANY
    if pm or classes & _CAPACITY or classes & _CURATED_PM:
        return PM_BODY
    return HEALTH_BODY if health else OTHER


def bigrams(text: str) -> set[str]:
    """Pairs of neighbouring Chinese characters (the unit of a Chinese close match)."""
    chars = "".join(_CJK.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


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
