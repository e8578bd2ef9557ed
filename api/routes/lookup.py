"""Identifier look-up: which entity of ours an external identifier is (question 11).

GET /lookup?id= answers one identifier, POST /lookup up to 1,000; both read every form
``ic2kg link lookup`` reads (CURIE, IRI, DOI, bare code). The identifiers of the served graph are
read once into an ``ic2kg.link.LinkIndex``, so a look-up costs no query.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.deps import AppState, StateDep
from api.models import (
    LookupAnswerPublic,
    LookupAnswersPublic,
    LookupMatchPublic,
    LookupRequest,
)
from ic2kg.link import LinkIndex, LookupAnswer

router = APIRouter(prefix="/lookup", tags=["linking"])
ID_DOC = (
    "A CURIE (ror:02r6c6d62, wikidata:Q29), an IRI (https://ror.org/02r6c6d62), a Crossref Funder "
    "ID as a DOI (10.13039/501100004587, https://doi.org/10.13039/501100004587) or a bare code "
    "(Q29, ES, ESP, 724, 874694)."
)


def _index(state: AppState) -> LinkIndex:
    return state.cached("link index", lambda: LinkIndex.of(state.store))


def _public(answer: LookupAnswer) -> LookupAnswerPublic:
    matches = [LookupMatchPublic(**m.__dict__) for m in answer.matches]
    return LookupAnswerPublic(id=answer.id, matches=matches, error=answer.error)


@router.get("", response_model=LookupAnswerPublic)
def lookup_one(
    state: StateDep, id: str = Query(..., description=ID_DOC, max_length=2000)
) -> LookupAnswerPublic:
    """The entities that carry the identifier ``id`` or map to its IRI (none: an empty list).

    An ``id`` that fits no registry is a 422 problem naming the known prefixes.
    """
    matches = _index(state).lookup(id)
    return _public(LookupAnswer(id, tuple(matches)))


@router.post("", response_model=LookupAnswersPublic)
def lookup_many(body: LookupRequest, state: StateDep) -> LookupAnswersPublic:
    """Up to 1,000 identifiers at once, answered in order; one that fits no registry gets its
    ``error`` instead of failing the batch."""
    answers = _index(state).lookup_many(body.ids)
    return LookupAnswersPublic(
        count=len(answers),
        found=sum(1 for a in answers if a.matches),
        results=[_public(a) for a in answers],
    )
