"""The PM scheme as a matcher: concepts by hidden label, with weight, class and topics above."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from ic2kg.errors import DataLoadError
from ic2kg.namespaces import KG
from ic2kg.queries import load_query
from ic2kg.store import Store

HEALTH = str(KG["pmt-health"])
PM = str(KG["pmt-pm"])
METHOD = str(KG["method-pm-lens"])
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case without accents; :func:`words` then splits off punctuation."""
    if text.isascii():  # most texts: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The Latin-script words of a normalised text."""
    return _WORD.findall(text)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


@dataclass(frozen=True)
class Method:
    """The version and thresholds of the PM-lens method (graph/relevance-method.ttl)."""

    iri: str
    version: str
    health_threshold: float
    pm_threshold: float


@dataclass(frozen=True)
class Term:
    """A concept the classifier can find: its weight, whether it speaks of personalised
    medicine, and the priorities and finer topics above it."""

    iri: str
    weight: float
    pm: bool
    priorities: frozenset[str]
    topics: frozenset[str]


@dataclass
class Thesaurus:
    """Concepts by the strings that find them: single words, word prefixes (``genom*``),
    phrases of several words (the last may be a prefix) and Chinese substrings."""

    method: Method
    terms: dict[str, Term]
    words: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    prefixes: dict[int, dict[str, set[str]]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], bool, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    chinese: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    chinese_pattern: re.Pattern[str] | None = None

    def add_pattern(self, pattern: str, concept: str) -> None:
        text = normalise(pattern).strip()
        if has_cjk(text):
            self.chinese[text].add(concept)
            return
        wildcard = text.endswith("*")
        parts = tuple(words(text.rstrip("*")))
        if not parts:
            raise DataLoadError(f"PM scheme: hidden label {pattern!r} of {concept} has no word")
        if len(parts) == 1 and wildcard:
            self.prefixes.setdefault(len(parts[0]), {}).setdefault(parts[0], set()).add(concept)
        elif len(parts) == 1:
            self.words[parts[0]].add(concept)
        else:
            self.phrases[parts[0]].append((parts[1:], wildcard, concept))

    def finish(self) -> None:
        if self.chinese:
            alternatives = sorted(self.chinese, key=lambda s: (-len(s), s))
            self.chinese_pattern = re.compile("|".join(map(re.escape, alternatives)))


def _ancestors(concept: str, broader: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [concept]
    while todo:
        for parent in broader.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def load_method(store: Store) -> Method:
    rows = store.select(load_query("relevance/method").sparql).rows
    if not rows:
        raise DataLoadError(
            f"the PM-lens method {METHOD} has no version or thresholds",
            hint="graph/relevance-method.ttl states them",
        )
    row = rows[0]
    return Method(METHOD, str(row["version"]), float(str(row["health"])), float(str(row["pm"])))


def load_thesaurus(store: Store) -> Thesaurus:
    """The PM scheme of the store as a matcher."""
    broader: dict[str, set[str]] = defaultdict(set)
    patterns: dict[str, set[str]] = defaultdict(set)
    weights: dict[str, float] = {}
    priorities: set[str] = set()
    for row in store.select(load_query("relevance/scheme").sparql).rows:
        concept = str(row["concept"])
        if "broader" in row:
            broader[concept].add(str(row["broader"]))
        if "pattern" in row:
            patterns[concept].add(str(row["pattern"]))
        if "weight" in row:
            weights[concept] = float(str(row["weight"]))
        if "priority" in row:
            priorities.add(concept)
    terms: dict[str, Term] = {}
    for concept in patterns:
        above = _ancestors(concept, broader)
        if PM not in above and HEALTH not in above and concept not in (PM, HEALTH):
            raise DataLoadError(
                f"PM scheme: {concept} has hidden labels but is under neither {PM} nor {HEALTH}",
                hint="give it a skos:broader chain to one of them",
            )
        lineage = above | {concept}
        terms[concept] = Term(
            concept,
            weights.get(concept, 1.0),
            PM in lineage,
            frozenset(lineage & priorities),
            frozenset(
                c
                for c in lineage
                if c not in (PM, HEALTH) and PM in _ancestors(c, broader) and c not in weights
            ),
        )
    thesaurus = Thesaurus(load_method(store), terms)
    for concept, found in sorted(patterns.items()):
        for pattern in sorted(found):
            thesaurus.add_pattern(pattern, concept)
    thesaurus.finish()
    return thesaurus
