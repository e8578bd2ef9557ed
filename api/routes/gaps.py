"""Collaboration-gap analyses (competency questions 13-17) over the served graph: /gaps/...

The same analyses and parameters as `ic2kg gaps`; scores and weights are explained in
docs/gaps.md. The snapshot the analyses read is taken once (the served graph is fixed).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import AppState, StateDep
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.model import (
    BiobankReport,
    CoverageReport,
    Neighbourhood,
    NetworkReport,
    OpportunityReport,
    PmProfileReport,
    Role,
    StandardsReport,
)
from ic2kg.gaps.ranking import Ranking

router = APIRouter(prefix="/gaps", tags=["gaps"])

LangQuery = Annotated[Literal["en", "zh"], Query(description="Label language.")]
TopQuery = Annotated[int | None, Query(ge=1, description="Keep the first N rows.")]
# Without a focus every European x Chinese pair is a candidate (about 1.5 million with the CORDIS
# record); writing them all took longer than a client waits, so the list is cut by default.
OPPORTUNITY_TOP = 100
OpportunityTopQuery = Annotated[
    int, Query(ge=1, le=2_000, description=f"Keep the first N pairs (default {OPPORTUNITY_TOP}).")
]
# Longer answers took a minute or more to draw (a 3-step neighbourhood of Germany's thousands of
# CORDIS partners; a report of 100,000 rows per table): more than a client waits.
NetworkTopQuery = Annotated[
    int | None, Query(ge=1, le=1_000, description="Keep the first N brokers or nodes.")
]
ReportTopQuery = Annotated[
    int | None, Query(ge=1, le=500, description="Keep the first N rows of each table.")
]
CountryQuery = Annotated[
    str | None, Query(description="ISO 3166-1 alpha-2 code, e.g. DE.", examples=["DE"])
]
ScopeQuery = Annotated[
    Literal["pm", "all"],
    Query(
        description="pm: only organisations with personalised-medicine activity or capacity "
        "on both sides, PM activity on one (docs/gaps.md); all: every research field."
    ),
]
FunderQuery = Annotated[str | None, Query(description="IRI of a funding organisation.")]
OrganisationQuery = Annotated[str | None, Query(description="IRI of an organisation.")]


def gaps_snapshot(state: AppState) -> Snapshot:
    """The gap-analysis snapshot of the served graph, read once (the web pages share it)."""
    return state.cached("gaps-snapshot", lambda: load_snapshot(state.store))


@router.get("/coverage", response_model=CoverageReport)
def coverage(
    state: StateDep, country: CountryQuery = None, lang: LangQuery = "en", top: TopQuery = None
) -> CoverageReport:
    """Programmes, calls, projects and policies per Action Plan priority x country and region,
    and the priority x region cells with no funded programme in Europe, China or both (Q14)."""
    from dataclasses import replace

    from ic2kg.gaps.coverage import coverage as run

    snapshot = gaps_snapshot(state)
    report = run(
        snapshot, country=snapshot.country_by_code(country) if country else None, lang=lang
    )
    return replace(report, cells=report.cells[:top], uncovered=report.uncovered[:top])


@router.get("/opportunities", response_model=OpportunityReport)
def opportunities(
    state: StateDep,
    country: CountryQuery = None,
    funder: FunderQuery = None,
    organisation: OrganisationQuery = None,
    partners: Annotated[
        Literal["country", "funder", "organisation"],
        Query(description="Kind of partner to rank (and, without a focus, of both sides)."),
    ] = "organisation",
    role: Annotated[
        Role | None,
        Query(description="Keep only partners of this role (funder, research, university, ...)."),
    ] = None,
    priority: Annotated[
        str | None,
        Query(
            description="IRI of an Action Plan priority or goal: keep only pairs that share it.",
            examples=["https://w3id.org/ic2kg/id/ap-p1"],
        ),
    ] = None,
    as_of: Annotated[
        int | None,
        Query(description="Rank on the graph as it stood at the end of this year.", ge=1900),
    ] = None,
    scope: ScopeQuery = "pm",
    lang: LangQuery = "en",
    top: OpportunityTopQuery = OPPORTUNITY_TOP,
) -> OpportunityReport:
    """European-Chinese partners that can act together and have no joint programme, call or
    project yet, ranked; each partner with its role, each reason one plain sentence with its
    sources; how the score is made: docs/gaps.md (Q13)."""
    from ic2kg.gaps.opportunities import opportunities as run

    snapshot = gaps_snapshot(state)
    focus = snapshot.focus(
        [country] if country else [],
        [funder] if funder else [],
        [organisation] if organisation else [],
    )
    if as_of is not None:
        snapshot = snapshot.memo(("as-of", as_of), lambda: snapshot.as_of(as_of))
    return run(
        snapshot,
        focus=focus[0] if focus else None,
        partner_kind=partners,
        role=role,
        priority=priority,
        top=top,
        lang=lang,
        scope=scope,
    )


@router.get("/profile", response_model=PmProfileReport)
def profile(
    state: StateDep,
    organisation: Annotated[str, Query(description="IRI of an organisation.")],
    lang: LangQuery = "en",
) -> PmProfileReport:
    """An organisation's personalised-medicine profile: its PM and health activities (each
    with the step and its sources), its capacity as the graph states it (biobank, hospital,
    research infrastructure, PM funder, PM policy issuer), their priorities and topics, and
    whether the planner's PM views include it (docs/gaps.md)."""
    from ic2kg.gaps.scope import profile_report

    return profile_report(gaps_snapshot(state), organisation, lang)


@router.get("/standards", response_model=StandardsReport)
def standards(
    state: StateDep,
    country: Annotated[list[str] | None, Query(description="ISO codes of the group.")] = None,
    organisation: Annotated[list[str] | None, Query(description="IRIs in the group.")] = None,
    lang: LangQuery = "en",
    top: TopQuery = None,
) -> StandardsReport:
    """Standards one party of a group declares and another lacks, and the standards whose
    adoption by one more country or biobank would link the most new pairs (Q17)."""
    from ic2kg.gaps.standards import standards_report

    snapshot = gaps_snapshot(state)
    group = [snapshot.country_by_code(c) for c in country or []]
    group += [snapshot.require(o, "organisation") for o in organisation or []]
    return standards_report(snapshot, group or None, top=top or 10, lang=lang)


@router.get("/biobanks", response_model=BiobankReport)
def biobanks(
    state: StateDep,
    country: CountryQuery = None,
    organisation: Annotated[str | None, Query(description="IRI of a biobank.")] = None,
    lang: LangQuery = "en",
    top: TopQuery = None,
) -> BiobankReport:
    """European-Chinese biobank pairs scored on complementarity and shared standards, with the
    standards each pair should adopt first (Q15)."""
    from ic2kg.gaps.biobanks import biobank_pairs

    snapshot = gaps_snapshot(state)
    return biobank_pairs(
        snapshot,
        biobank=organisation,
        country=snapshot.country_by_code(country) if country else None,
        top=top,
        lang=lang,
    )


@router.get("/network", response_model=NetworkReport | Neighbourhood)
def network(
    state: StateDep,
    focus: Annotated[
        str | None,
        Query(description="IRI of an organisation (or ISO code of a country): its neighbourhood."),
    ] = None,
    hops: Annotated[int, Query(ge=1, le=3, description="Steps from the focus.")] = 2,
    scope: ScopeQuery = "pm",
    lang: LangQuery = "en",
    top: NetworkTopQuery = None,
) -> NetworkReport | Neighbourhood:
    """Without focus: brokers between European and Chinese stakeholders, Louvain communities
    and isolated stakeholders of the collaboration graph (Q16). With focus: the focus'
    neighbourhood (nodes within ``hops`` steps, at most ``top`` of them, and their links)."""
    snapshot = gaps_snapshot(state)
    if focus is not None:
        from ic2kg.gaps.neighbourhood import neighbourhood

        iri = snapshot.country_by_code(focus) if len(focus) == 2 else focus
        return neighbourhood(snapshot, iri, hops=hops, limit=top or 60, lang=lang)
    from ic2kg.gaps.network import network_roles

    return network_roles(snapshot, top=top or 10, lang=lang, scope=scope)


@router.get("/report", response_class=HTMLResponse)
def report(state: StateDep, lang: LangQuery = "en", top: ReportTopQuery = None) -> HTMLResponse:
    """The self-contained HTML gap report (the same as `ic2kg report`)."""
    from ic2kg.gaps.model import REPORT_TOP
    from ic2kg.gaps.report import build_report

    chosen = top or REPORT_TOP

    def draw() -> str:
        return build_report(gaps_snapshot(state), lang=lang, top=chosen)

    # Drawing takes seconds; the served graph is fixed, so the page's own link (the default
    # length) is drawn once per language. Other lengths are drawn per request, not stored.
    html = state.cached(f"gaps-report:{lang}", draw) if chosen == REPORT_TOP else draw()
    return HTMLResponse(html)


@router.get("/ranking", response_model=Ranking)
def ranking(
    state: StateDep,
    country: CountryQuery = None,
    organisation: OrganisationQuery = None,
    scope: ScopeQuery = "pm",
    lang: LangQuery = "en",
    top: Annotated[int, Query(ge=1, le=500, description="Keep the first N pairs.")] = 20,
) -> Ranking:
    """A country's (or an organisation's) best new partners on the other side by the learned
    pair model, each partner once, each pair explained by the features that raised its score
    most; how it is scored: /gaps/scoring."""
    from ic2kg.gaps.ranking import rank

    snapshot = gaps_snapshot(state)
    focus = snapshot.focus([country] if country else [], [], [organisation] if organisation else [])
    if not focus:
        from ic2kg.errors import BadParameter

        raise BadParameter("focus", "give a country or an organisation")
    return rank(snapshot, focus[0], top=top, lang=lang, scope=scope)


@router.get("/scoring", response_class=HTMLResponse)
def scoring(request: Request, lang: LangQuery = "en") -> HTMLResponse:
    """How the learned ranking scores a pair, in English or Chinese: the model, its features and
    weights, the backtest figures and what it cannot know."""
    from api.pages import render
    from ic2kg.gaps.ranking import scoring_facts

    return render(request, "scoring.html", lang, **scoring_facts())
