"""The JSON the web pages read beside /gaps/...: search, an entity's neighbours, the explorer's
pickers, the collaboration network around a focus, the standards matrix, the editor's questions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import AppState, StateDep
from api.models import (
    Example,
    GraphEdge,
    GraphNode,
    LabelRequest,
    MatrixRow,
    Neighbour,
    Neighbourhood,
    NetworkGraph,
    Parties,
    Party,
    SearchGroup,
    SearchResults,
    StandardsMatrix,
)
from api.pages import LangQuery, entity_href, explore_href, hit, label_index, named, strings
from api.problems import ApiProblem
from api.routes.gaps import gaps_snapshot as snapshot
from api.wording import wording
from ic2kg.collation import sort_key
from ic2kg.gaps import Snapshot, evidence
from ic2kg.gaps.model import side_of
from ic2kg.namespaces import KG
from ic2kg.queries import list_queries, load_query, prepare, to_term
from ic2kg.search import Category, Lang, local_name

if TYPE_CHECKING:
    import networkx as nx

router = APIRouter(tags=["web"])
IriQuery = Annotated[str, Query(description="Entity IRI (or kg:local-name).", min_length=1)]
# The neighbourhood picture stays readable up to about this many nodes around a focus.
NETWORK_NODES = 60
# The drawing the neighbourhood is laid out in (CSS pixels when the chart is at least this big):
# a node is a circle of 24 px with its number inside, centres at least NETWORK_GAP apart.
NETWORK_SIZE = (760, 600)
NETWORK_GAP = 30
NETWORK_BORDER = 16


def entity_iri(value: str) -> str:
    """A full entity IRI from an IRI, a kg: CURIE or a bare ic2kg local name.

    :raises BadParameter: when the value is not an IRI.
    """
    text = value.strip().removeprefix("kg:")
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text):
        text = str(KG) + text
    return str(to_term(load_query("web/neighbourhood").param("entity"), text))


@router.get("/search", response_model=SearchResults)
def search(
    state: StateDep,
    q: Annotated[str, Query(description="Name or part of a name, any language.", max_length=200)],
    lang: LangQuery = "en",
    kind: Annotated[Category | None, Query(description="Only entities of this kind.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> SearchResults:
    """Entities by name (English or Chinese, partial, accent- and case-insensitive, a typo or
    two forgiven); a country's name or ISO code also lists what is based there."""
    index = label_index(state)
    page = index.search(q, category=kind, offset=offset, limit=limit)
    return SearchResults(
        query=q,
        lang=lang,
        kind=kind,
        total=page.total,
        offset=offset,
        count=len(page.matches),
        country=named(index, page.country.iri, lang) if page.country else None,
        close=page.close,
        groups=[SearchGroup(kind=k, count=n) for k, n in page.groups.items()],
        results=[hit(index, m.entity, m.matched, lang) for m in page.matches],
    )


@router.get("/explore/neighbourhood", response_model=Neighbourhood)
def neighbourhood(state: StateDep, iri: IriQuery, lang: LangQuery = "en") -> Neighbourhood:
    """The entity's direct neighbours in both directions, each link worded from the entity."""
    index = label_index(state)
    wanted = entity_iri(iri)
    found = index.entities.get(wanted)
    if found is None:
        raise ApiProblem(404, "Unknown entity", f"no entity has the IRI <{wanted}>")
    words = wording()
    text = prepare(load_query("web/neighbourhood"), {"entity": wanted, "lang": lang})
    neighbours: dict[str, Neighbour] = {}
    for row in state.store.select(text).rows:
        other = str(row["other"])
        item = neighbours.get(other)
        if item is None:
            known = index.entities.get(other)
            label = known.label(lang) if known else str(row.get("otherLabel") or "")
            kinds = sorted({k.label(lang) for k in known.kinds.values()}) if known else []
            item = neighbours[other] = Neighbour(
                iri=other,
                label=label or local_name(other),
                kinds=kinds,
                href=entity_href(other, lang),
                explore=explore_href(other, lang),
                links=[],
            )
        prop, direction = str(row["property"]), str(row["direction"])
        label = words.out(prop, lang) if direction == "out" else words.back(prop, lang)
        link = {"direction": direction, "property": prop, "label": label}
        if link not in item.links:
            item.links.append(link)
    ordered = sorted(neighbours.values(), key=lambda n: sort_key(n.label, lang))
    return Neighbourhood(entity=hit(index, found, "", lang), neighbours=ordered)


def _party(state: AppState, snap: Snapshot, iri: str, lang: Lang) -> Party:
    entity = snap.entities.get(iri)
    region = snap.region(iri)
    shown = named(label_index(state), iri, lang)
    return Party(
        iri=iri,
        local=local_name(iri),
        label=shown.label,
        translated=shown.translated,
        code=entity.code if entity else None,
        side=side_of(region),
        region=snap.label(region, lang) if region else None,
    )


def _by_side(parties: list[Party], lang: Lang) -> list[Party]:
    """Europe first, then China; by name within a side (pinyin order in Chinese)."""
    return sorted(parties, key=lambda p: (p.side != "europe", sort_key(p.label, lang)))


@router.get("/explore/parties", response_model=Parties)
def parties(state: StateDep, lang: LangQuery = "en") -> Parties:
    """European and Chinese countries, funders, organisations and biobanks, and the Action Plan
    priorities, for the explorer's pickers."""
    snap = snapshot(state)

    def party(iri: str) -> Party:
        return _party(state, snap, iri, lang)

    def sided(kind: Literal["country", "funder", "organisation"]) -> list[Party]:
        return _by_side([party(i) for i in snap.parties(kind) if side_of(snap.region(i))], lang)

    return Parties(
        countries=sided("country"),
        funders=sided("funder"),
        organisations=sided("organisation"),
        biobanks=_by_side([party(i) for i in snap.biobanks if side_of(snap.region(i))], lang),
        priorities=[party(i) for i in snap.action_plan()],
        properties=property_labels(state, lang),
    )


def property_labels(state: AppState, lang: Lang) -> dict[str, str]:
    """Labels of the ontology's properties in ``lang`` (read once per language)."""

    def read() -> dict[str, str]:
        rows = state.store.select(prepare(load_query("web/property-labels"), {"lang": lang})).rows
        return {str(r["property"]): str(r["label"]) for r in rows}

    return state.cached(f"web-property-labels-{lang}", read)


@router.get("/explore/network", response_model=NetworkGraph)
def network(
    state: StateDep,
    lang: LangQuery = "en",
    focus: Annotated[
        str | None,
        Query(description="IRI of an organisation, or ISO code of a country: its neighbourhood."),
    ] = None,
) -> NetworkGraph:
    """The collaboration graph around ``focus`` (GET /gaps/network?focus=), laid out once with a
    fixed seed so the picture is the same on every visit; without a focus, the components that
    join European and Chinese organisations (laid out by the page)."""
    chosen = focus.strip() if focus else None
    if chosen and len(chosen) != 2:
        chosen = entity_iri(chosen)
    key = f"web-network-{lang}-{chosen}"
    return state.cached(key, lambda: _network(snapshot(state), lang, chosen))


def _network(snap: Snapshot, lang: Lang, focus: str | None) -> NetworkGraph:
    import networkx as nx

    from ic2kg.gaps.graphs import collaboration_graph

    if focus is not None:
        from ic2kg.gaps.neighbourhood import neighbourhood as around

        iri = snap.country_by_code(focus) if len(focus) == 2 else focus
        # A country reaches its organisations' partners through their projects in three steps.
        hops = 3 if iri in snap.entities and snap.kind(iri) == "country" else 2
        near = around(snap, iri, hops=hops, limit=NETWORK_NODES, lang=lang)
        graph = nx.Graph()
        graph.add_nodes_from(n.iri for n in near.nodes)
        graph.add_edges_from((e.source, e.target) for e in near.edges)
        positions = _drawn(graph, [n.iri for n in near.nodes])
        return NetworkGraph(
            focus=iri,
            truncated=near.truncated,
            nodes=[
                GraphNode(
                    id=n.iri,
                    label=n.label,
                    kind=n.kind,
                    side=n.side,
                    degree=graph.degree(n.iri),
                    href=entity_href(n.iri, lang),
                    x=positions[n.iri][0],
                    y=positions[n.iri][1],
                    focus=n.hops == 0,
                    hops=n.hops,
                    role=n.role,
                    betweenness=n.betweenness,
                )
                for n in near.nodes
            ],
            edges=[
                GraphEdge(source=e.source, target=e.target, relation=local_name(e.predicate))
                for e in near.edges
            ],
        )
    graph = collaboration_graph(snap, lang=lang)
    keep: set[str] = set()
    for component in nx.connected_components(graph):
        if {"europe", "china"} <= {graph.nodes[n]["side"] for n in component}:
            keep |= component
    sub = graph.subgraph(keep)
    nodes = [
        GraphNode(
            id=node,
            label=data["label"],
            kind=data["kind"],
            side=data["side"],
            degree=sub.degree(node),
            href=entity_href(node, lang),
        )
        for node, data in sorted(sub.nodes(data=True))
    ]
    edges = [
        GraphEdge(source=a, target=b, relation=local_name(str(data.get("predicate", ""))))
        for a, b, data in sorted(sub.edges(data=True))
    ]
    return NetworkGraph(nodes=nodes, edges=edges)


def _drawn(graph: nx.Graph, order: list[str]) -> dict[str, tuple[float, float]]:
    """Positions in a NETWORK_SIZE drawing where no two nodes are closer than NETWORK_GAP, so
    that every node can carry its number without one covering another (as in the report)."""
    import networkx as nx
    import numpy as np

    from ic2kg.gaps.picture import fit

    if len(order) < 2:
        return dict.fromkeys(order, (NETWORK_SIZE[0] / 2, NETWORK_SIZE[1] / 2))
    # Kamada-Kawai is deterministic: the same neighbourhood is drawn the same way each time.
    layout = nx.kamada_kawai_layout(graph)
    points = np.array([layout[node] for node in order], dtype=float)
    points = fit(points, NETWORK_SIZE, NETWORK_BORDER, NETWORK_GAP)
    return {
        node: (round(float(x), 1), round(float(y), 1))
        for node, (x, y) in zip(order, points, strict=True)
    }


@router.get("/explore/standards-matrix", response_model=StandardsMatrix)
def standards_matrix(
    state: StateDep,
    lang: LangQuery = "en",
    country: Annotated[
        str | None, Query(description="ISO 3166-1 alpha-2 code added to the rows.")
    ] = None,
) -> StandardsMatrix:
    """European and Chinese countries with data in the graph (a standard declared, or an
    organisation based there) and biobanks that declare standards, against standards: countries
    first (Europe by name, then China, as every page orders them), ``country`` among them."""
    from ic2kg.gaps.standards import default_group

    snap = snapshot(state)

    def party(iri: str) -> Party:
        return _party(state, snap, iri, lang)

    countries = set(default_group(snap))
    countries |= {
        c for c in snap.parties("country") if side_of(snap.region(c)) and snap.organisations_in(c)
    }
    if country:
        countries.add(snap.country_by_code(country))
    biobanks = [b for b in snap.biobanks if evidence.declared_families(snap, b)]
    rows = [p.iri for p in _by_side([party(c) for c in countries], lang)]
    rows += [p.iri for p in _by_side([party(b) for b in biobanks], lang)]

    families = sorted(
        {f for p in rows for f in evidence.declared_families(snap, p)},
        key=lambda f: sort_key(party(f).label, lang),
    )
    return StandardsMatrix(
        standards=[party(f) for f in families],
        rows=[
            MatrixRow(
                party=party(p),
                kind="biobank" if p in snap.biobanks else snap.kind(p),
                declares=sorted(evidence.declared_families(snap, p)),
            )
            for p in rows
        ],
    )


@router.get("/sparql-editor/examples", response_model=list[Example])
def examples(lang: LangQuery = "en") -> list[Example]:
    """The competency questions of the query library, ready to run in the editor."""
    found = []
    saved_as = strings(lang)["editor_saved_as"]
    for spec in list_queries():
        if spec.group != "competency":
            continue
        params = {p.name: p.example for p in spec.params if p.example and p.name != "lang"}
        url = f"/queries/{spec.name}"
        text = prepare(spec, params, lang=lang)
        # The #+ header documents the file; in the editor its summary is enough.
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#+"))
        found.append(
            Example(
                name=spec.name,
                summary=spec.summary_in(lang),
                sparql=f"# {spec.summary_in(lang)}\n# {saved_as.replace('{url}', url)}\n{body}",
                url=url,
            )
        )
    return found


@router.post("/sparql-editor/labels", response_model=dict[str, str])
def labels(state: StateDep, request: LabelRequest) -> dict[str, str]:
    """Names, in ``lang``, of the graph's entities, classes and properties among ``iris``, for
    the editor's results table; IRIs the graph does not name are left out."""
    index = label_index(state)

    def terms() -> dict[str, str]:
        kinds = index.entities.values()
        classes = {k.iri: k.label(request.lang) for e in kinds for k in e.kinds.values()}
        return classes | property_labels(state, request.lang)

    ontology = state.cached(f"web-term-labels-{request.lang}", terms)
    found: dict[str, str] = {}
    for iri in request.iris:
        entity = index.entities.get(iri)
        if entity is not None:
            found[iri] = entity.label(request.lang)
        elif iri in ontology:
            found[iri] = ontology[iri]
    return found


def focus_link(state: AppState, iri: str, lang: Lang) -> str | None:
    """The explorer focused on ``iri``, when it is a European or Chinese party."""
    snap = snapshot(state)
    if side_of(snap.region(iri)) is None:
        return None
    local = local_name(iri)
    record = snap.entities.get(iri)
    kind = snap.kind(iri)
    if kind == "country" and record is not None and record.code:
        return f"/explore?lang={lang}&focus=country&country={record.code}"
    if iri in snap.biobanks:
        return f"/explore?lang={lang}&focus=biobank&biobank={local}"
    if kind == "organisation" and snap.is_funder(iri):
        return f"/explore?lang={lang}&focus=funder&funder={local}"
    if kind == "organisation":
        return f"/explore?lang={lang}&focus=organisation&organisation={local}"
    return None


#: Activities an entity page lists in its personalised-medicine section; the rest are counted.
PM_ACTIVITIES_SHOWN = 10


def pm_section(state: AppState, iri: str, lang: Lang) -> dict[str, object] | None:
    """What an organisation's page shows of its personalised-medicine profile (None for
    other entities): whether the PM views include it, its capacity, priorities and its PM and
    health activities, best first."""
    from ic2kg.gaps.scope import profile_report

    snap = snapshot(state)
    if snap.kind(iri) != "organisation":
        return None
    report = profile_report(snap, iri, lang)
    return {
        "in_scope": report.in_scope,
        "capacity": ["cap_" + c.lower().replace(" ", "_") for c in report.capacity],
        "priorities": [(entity_href(p.iri, lang), p.label) for p in report.priorities],
        "activities": [
            (entity_href(a.activity.iri, lang), a.activity.label, a.pm)
            for a in report.activities[:PM_ACTIVITIES_SHOWN]
        ],
        "more": max(0, len(report.activities) - PM_ACTIVITIES_SHOWN),
    }
