"""One activity's text assessed with the PM scheme: health research or not, personalised
medicine or not, the score, the terms found and the priorities and topics they lead to.

Deterministic and order-free: the same text and scheme give the same assessment. The method
is described in docs/relevance.md."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ic2kg.relevance.thesaurus import Thesaurus, has_cjk, normalise, words


@dataclass(frozen=True)
class Assessment:
    """What the classifier found in one text."""

    health: bool
    pm: bool
    score: float
    health_weight: float
    pm_weight: float
    terms: tuple[str, ...]
    priorities: tuple[str, ...]
    topics: tuple[str, ...]


def matched_terms(thesaurus: Thesaurus, text: str) -> set[str]:
    """The concepts whose hidden labels occur in ``text``."""
    normal = normalise(text)
    found: set[str] = set()
    tokens = words(normal)
    single, prefixes = thesaurus.words, thesaurus.prefixes
    for token in set(tokens):
        if token in single:
            found |= single[token]
        for length, starts in prefixes.items():
            if len(token) >= length and token[:length] in starts:
                found |= starts[token[:length]]
    if thesaurus.phrases:
        for i, token in enumerate(tokens):
            for rest, wildcard, concept in thesaurus.phrases.get(token, ()):
                following = tokens[i + 1 : i + 1 + len(rest)]
                if len(following) < len(rest):
                    continue
                if following[:-1] == list(rest[:-1]) and (
                    following[-1].startswith(rest[-1]) if wildcard else following[-1] == rest[-1]
                ):
                    found.add(concept)
    if thesaurus.chinese_pattern is not None and has_cjk(normal):
        for match in thesaurus.chinese_pattern.findall(normal):
            found |= thesaurus.chinese[match]
    return found


def assess(thesaurus: Thesaurus, texts: Iterable[str]) -> Assessment:
    """The assessment of an activity from all its texts together."""
    found: set[str] = set()
    for text in texts:
        found |= matched_terms(thesaurus, text)
    terms = [thesaurus.terms[c] for c in sorted(found)]
    method = thesaurus.method
    health_weight = sum(t.weight for t in terms)
    pm_weight = sum(t.weight for t in terms if t.pm and t.weight > 0)
    health = health_weight >= method.health_threshold
    pm = health and pm_weight >= method.pm_threshold
    score = 1 - 0.5 ** (pm_weight / method.pm_threshold) if health else 0.0
    positive = [t for t in terms if t.weight > 0 and t.pm] if health else []
    return Assessment(
        health=health,
        pm=pm,
        score=round(score, 3),
        health_weight=round(health_weight, 3),
        pm_weight=round(pm_weight, 3),
        terms=tuple(t.iri for t in terms),
        priorities=tuple(sorted({p for t in positive for p in t.priorities})),
        topics=tuple(sorted({p for t in positive for p in t.topics})),
    )
