"""The web pages for planners and analysts (English and Chinese): search, collaboration
explorer, entity neighbourhoods and the SPARQL editor, with the small JSON routes they read.

The label index behind the search is built once, when the app starts, from
queries/web/search-labels.rq and search-facts.rq; the explorer reads the gap analyses of
/gaps/... and the few JSON views below that the gap routes do not offer (party lists, the
network as nodes and edges, the standards matrix).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel
from rdflib import Literal as RDFLiteral
from starlette.concurrency import run_in_threadpool

from api.deps import AppState, StateDep
from api.problems import ApiProblem
from api.routes.gaps import gaps_snapshot as snapshot
from ic2kg import paths
from ic2kg.errors import EndpointError, QueryTimeout
from ic2kg.gaps import Snapshot
from ic2kg.gaps.model import side_of
from ic2kg.namespaces import IC2KG, KG
from ic2kg.queries import QuerySpec, list_queries, parse_query_file, prepare, to_term
from ic2kg.store import Store

API_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = API_DIR / "static"
I18N_DIR = STATIC_DIR / "web" / "i18n"
WEB_QUERIES = paths.QUERIES_DIR / "web"
TEMPLATES = Jinja2Templates(directory=str(API_DIR / "templates"))
LANGS = ("en", "zh")
INDEX_KEY = "web-label-index"

Lang = Literal["en", "zh"]
LangQuery = Annotated[Lang, Query(description="Language of the interface and the data labels.")]
IriQuery = Annotated[str, Query(description="Entity IRI (or kg:local-name).", min_length=1)]

# Search categories a planner filters on, from the classes (or concept schemes) of an entity.
CATEGORY_OF = {
    str(IC2KG.Country): "country",
    str(IC2KG.FundingOrganisation): "funder",
    str(IC2KG.FundingProgramme): "programme",
    str(IC2KG.Call): "call",
    str(IC2KG.Project): "project",
    str(IC2KG.Standard): "standard",
    str(IC2KG.Biobank): "biobank",
    str(IC2KG.ActionPlanPriority): "priority",
    str(KG["action-plan"]): "priority",
    str(IC2KG.Policy): "policy",
    str(IC2KG.NationalStrategy): "policy",
    str(IC2KG.Regulation): "policy",
    str(IC2KG.Organisation): "organisation",
    str(IC2KG.ResearchOrganisation): "organisation",
    str(IC2KG.Ministry): "organisation",
    str(IC2KG.Company): "organisation",
    str(IC2KG.StandardsBody): "organisation",
    str(IC2KG.Network): "organisation",
    str(IC2KG.ResearchInfrastructure): "organisation",
}
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
CategoryQuery = Annotated[
    Category | None,
    Query(description="Only entities of this kind."),
]


# ---------------------------------------------------------------- the label index


def normalise(text: str) -> str:
    """Text folded for matching: NFKD, combining marks removed, casefolded, spaces collapsed.

    >>> normalise("Università  Cattolica")
    'universita cattolica'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


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
    """One entity of the index: its names (normalised once), kinds and country."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> rdfs:label
    names: list[str] = field(default_factory=list)  # every name, labels first
    keys: list[str] = field(default_factory=list)  # normalise(name), same order
    kinds: dict[str, Kind] = field(default_factory=dict)
    country: str | None = None

    def label(self, lang: Lang) -> str:
        """The label in ``lang``, falling back to English, any label, the local name."""
        for choice in (lang, "en", ""):
            if self.labels.get(choice):
                return self.labels[choice]
        return next(iter(self.labels.values()), None) or local_name(self.iri)

    @property
    def categories(self) -> set[str]:
        """Search categories of the entity (see CATEGORY_OF)."""
        return {CATEGORY_OF[k] for k in self.kinds if k in CATEGORY_OF}


class Named(BaseModel):
    """An entity with its label and the page that shows it."""

    iri: str
    label: str
    href: str


class SearchHit(BaseModel):
    """One search result."""

    iri: str
    label: str
    other_label: str | None
    matched: str | None
    kinds: list[str]
    categories: list[str]
    country: Named | None
    href: str
    explore: str


class SearchResults(BaseModel):
    """Search results, best first."""

    query: str
    lang: Lang
    count: int
    results: list[SearchHit]


class LabelIndex:
    """Names of every ic2kg entity, normalised once, searched without touching the store."""

    def __init__(self, entities: dict[str, IndexedEntity]) -> None:
        self.entities = entities

    @classmethod
    def build(cls, store: Store) -> LabelIndex:
        """Read every name, kind and country with the two search queries."""
        entities: dict[str, IndexedEntity] = {}
        alternatives: dict[str, list[str]] = defaultdict(list)
        for row in store.select(web_query("search-labels").sparql).rows:
            iri, name = str(row["entity"]), row["name"]
            entity = entities.setdefault(iri, IndexedEntity(iri))
            text = str(name)
            if str(row["alt"]) in ("true", "1"):
                alternatives[iri].append(text)
                continue
            tag = name.language if isinstance(name, RDFLiteral) else None
            entity.labels.setdefault((tag or "").split("-")[0], text)
            entity.names.append(text)
        for iri, names in alternatives.items():
            entities[iri].names.extend(names)
        for entity in entities.values():
            entity.names = list(dict.fromkeys(entity.names))
            entity.keys = [normalise(name) for name in entity.names]
        for row in store.select(web_query("search-facts").sparql).rows:
            found = entities.get(str(row["entity"]))
            if found is None:
                continue
            kind = str(row["kind"])
            found.kinds.setdefault(
                kind,
                Kind(kind, _text(row.get("kindEn")), _text(row.get("kindZh"))),
            )
            if row.get("country") is not None:
                found.country = str(row["country"])
        return cls(entities)

    def label(self, iri: str, lang: Lang) -> str:
        """The label of any indexed entity (the local name for others)."""
        entity = self.entities.get(iri)
        return entity.label(lang) if entity else local_name(iri)

    def search(
        self, query: str, *, lang: Lang = "en", category: str | None = None, limit: int = 20
    ) -> list[SearchHit]:
        """Entities whose names contain the query (or all its words), best matches first.

        Exact names rank before names that start with the query, then names with a word that
        starts with it, then other matches; shorter names first within a rank.
        """
        wanted = normalise(query)
        if not wanted:
            return []
        words = wanted.split(" ")
        scored: list[tuple[tuple[int, int, str], IndexedEntity, str]] = []
        for entity in self.entities.values():
            if category and category not in entity.categories:
                continue
            best: tuple[int, int, str] | None = None
            matched = ""
            for name, key in zip(entity.names, entity.keys, strict=True):
                rank = _rank(key, wanted, words)
                if rank is None:
                    continue
                candidate = (rank, len(key), key)
                if best is None or candidate < best:
                    best, matched = candidate, name
            if best is None and len(words) > 1:
                joined = " ".join(entity.keys)
                if all(word in joined for word in words):
                    best, matched = (5, len(joined), joined), ""
            if best is not None:
                scored.append((best, entity, matched))
        scored.sort(key=lambda item: item[0])
        return [self.hit(entity, matched, lang) for _, entity, matched in scored[:limit]]

    def hit(self, entity: IndexedEntity, matched: str, lang: Lang) -> SearchHit:
        """A search result for ``entity`` (``matched``: the name that matched, if another)."""
        label = entity.label(lang)
        other = entity.labels.get("en" if lang == "zh" else "zh")
        country = None
        if entity.country and entity.country != entity.iri:
            country = self.named(entity.country, lang)
        return SearchHit(
            iri=entity.iri,
            label=label,
            other_label=other if other and other != label else None,
            matched=matched if matched and matched not in (label, other) else None,
            kinds=sorted({k.label(lang) for k in entity.kinds.values()}),
            categories=sorted(entity.categories),
            country=country,
            href=entity_href(entity.iri),
            explore=explore_href(entity.iri, lang),
        )

    def named(self, iri: str, lang: Lang) -> Named:
        """``iri`` with its label and page."""
        return Named(iri=iri, label=self.label(iri, lang), href=entity_href(iri))


def _rank(key: str, wanted: str, words: list[str]) -> int | None:
    if key == wanted:
        return 0
    if key.startswith(wanted):
        return 1
    position = key.find(wanted)
    if position > 0 and not key[position - 1].isalnum():
        return 2
    if position > 0:
        return 3
    if len(words) > 1 and all(word in key for word in words):
        return 4
    return None


def _text(term: object | None) -> str | None:
    return None if term is None else str(term)


def local_name(iri: str) -> str:
    """The part of an IRI after the ic2kg entity namespace, or after its last / or #."""
    if iri.startswith(str(KG)):
        return iri[len(str(KG)) :]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def entity_href(iri: str) -> str:
    """The page of an entity: /id/<local> for ic2kg entities, the IRI itself otherwise."""
    return f"/id/{iri[len(str(KG)) :]}" if iri.startswith(str(KG)) else iri


def explore_href(iri: str, lang: Lang) -> str:
    """The neighbourhood page of an entity."""
    return f"/explore/entity?iri={local_name(iri)}&lang={lang}"


@lru_cache(maxsize=8)
def web_query(name: str) -> QuerySpec:
    """queries/web/<name>.rq, parsed once."""
    return parse_query_file(WEB_QUERIES / f"{name}.rq", "web")


@lru_cache(maxsize=2)
def strings(lang: Lang) -> dict[str, str]:
    """The interface strings of api/static/web/i18n/<lang>.json (English fills any gap)."""
    english: dict[str, str] = json.loads((I18N_DIR / "en.json").read_text(encoding="utf-8"))
    if lang == "en":
        return english
    chosen: dict[str, str] = json.loads((I18N_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    return {**english, **chosen}


# ---------------------------------------------------------------- app wiring


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Build the label index once, after the app's own start-up has built the graph."""
    state = app.state.ic2kg
    try:
        state.cache[INDEX_KEY] = await run_in_threadpool(LabelIndex.build, state.store)
    except (EndpointError, QueryTimeout):  # a remote endpoint that is down: build it when used
        pass
    yield


router = APIRouter(tags=["web"], lifespan=lifespan)
router.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")


def label_index(state: AppState) -> LabelIndex:
    """The label index (built at start-up; built here if an app skipped the lifespan)."""
    return state.cached(INDEX_KEY, lambda: LabelIndex.build(state.store))


def entity_iri(value: str) -> str:
    """A full entity IRI from an IRI, a kg: CURIE or a bare ic2kg local name.

    :raises BadParameter: when the value is not an IRI.
    """
    text = value.strip()
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text):
        text = str(KG) + text
    term = to_term(web_query("neighbourhood").param("entity"), text)
    return str(term)


def _page(request: Request, template: str, lang: Lang, **context: Any) -> HTMLResponse:
    t = strings(lang)
    return TEMPLATES.TemplateResponse(
        request,
        f"web/{template}",
        {
            "lang": lang,
            "t": t,
            "strings_json": json.dumps(t, ensure_ascii=False),
            "path": request.url.path,
            "query": dict(request.query_params),
            **context,
        },
    )


# ---------------------------------------------------------------- pages


@router.get("/", response_class=HTMLResponse, name="web_home", include_in_schema=False)
def home(
    request: Request,
    state: StateDep,
    lang: LangQuery = "en",
    q: Annotated[str, Query(description="Search text.", max_length=200)] = "",
    kind: CategoryQuery = None,
) -> HTMLResponse:
    """The front page: label search (results rendered here too, so it works without script)."""
    hits = label_index(state).search(q, lang=lang, category=kind, limit=30) if q.strip() else []
    return _page(request, "home.html", lang, q=q, kind=kind or "", hits=hits, categories=CATEGORIES)


@router.get("/explore", response_class=HTMLResponse, name="web_explore", include_in_schema=False)
def explore(request: Request, lang: LangQuery = "en") -> HTMLResponse:
    """The collaboration explorer (its data comes from /gaps/... and /explore/... JSON)."""
    return _page(request, "explore.html", lang)


@router.get(
    "/explore/entity", response_class=HTMLResponse, name="web_entity", include_in_schema=False
)
def explore_entity(
    request: Request, state: StateDep, iri: IriQuery, lang: LangQuery = "en"
) -> HTMLResponse:
    """One entity with its neighbourhood graph and a link to its full page."""
    found = label_index(state).entities.get(entity_iri(iri))
    if found is None:
        raise ApiProblem(404, "Unknown entity", f"no entity has the IRI <{entity_iri(iri)}>")
    hit = label_index(state).hit(found, "", lang)
    return _page(
        request,
        "entity.html",
        lang,
        entity=hit,
        names=found.names,
        focus_link=_focus_link(state, found, lang),
    )


def _focus_link(state: AppState, entity: IndexedEntity, lang: Lang) -> str | None:
    """The explorer focused on the entity, when it is a country, funder or biobank."""
    snap = snapshot(state)
    if side_of(snap.region(entity.iri)) is None:
        return None
    local = local_name(entity.iri)
    record = snap.entities.get(entity.iri)
    if "country" in entity.categories and record is not None and record.code:
        return f"/explore?lang={lang}&focus=country&country={record.code}"
    if entity.iri in snap.biobanks:
        return f"/explore?lang={lang}&focus=biobank&biobank={local}"
    if snap.kind(entity.iri) == "organisation" and snap.is_funder(entity.iri):
        return f"/explore?lang={lang}&focus=funder&funder={local}"
    return None


@router.get(
    "/sparql-editor", response_class=HTMLResponse, name="web_editor", include_in_schema=False
)
def sparql_editor(request: Request, lang: LangQuery = "en") -> HTMLResponse:
    """YASGUI on /sparql, with the saved queries as example tabs."""
    return _page(request, "editor.html", lang)


# ---------------------------------------------------------------- JSON for the pages


@router.get("/search", response_model=SearchResults)
def search(
    state: StateDep,
    q: Annotated[str, Query(description="Name or part of a name, any language.", max_length=200)],
    lang: LangQuery = "en",
    kind: CategoryQuery = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResults:
    """Entities by name (English or Chinese, partial, accent- and case-insensitive)."""
    hits = label_index(state).search(q, lang=lang, category=kind, limit=limit)
    return SearchResults(query=q, lang=lang, count=len(hits), results=hits)


class Neighbour(BaseModel):
    """A neighbour of the entity and the properties linking them."""

    iri: str
    label: str
    kinds: list[str]
    href: str
    explore: str
    links: list[dict[str, str]]  # {direction: in|out, property, label}


class Neighbourhood(BaseModel):
    """An entity and its direct neighbours."""

    entity: SearchHit
    neighbours: list[Neighbour]


@router.get("/explore/neighbourhood", response_model=Neighbourhood)
def neighbourhood(state: StateDep, iri: IriQuery, lang: LangQuery = "en") -> Neighbourhood:
    """The entity's direct neighbours in both directions (for the neighbourhood graph)."""
    index = label_index(state)
    wanted = entity_iri(iri)
    found = index.entities.get(wanted)
    if found is None:
        raise ApiProblem(404, "Unknown entity", f"no entity has the IRI <{wanted}>")
    text = prepare(web_query("neighbourhood"), {"entity": wanted, "lang": lang})
    neighbours: dict[str, Neighbour] = {}
    for row in state.store.select(text).rows:
        other = str(row["other"])
        known = index.entities.get(other)
        item = neighbours.get(other)
        if item is None:
            label = known.label(lang) if known else _text(row.get("otherLabel")) or ""
            kinds = sorted({k.label(lang) for k in known.kinds.values()}) if known else []
            item = neighbours[other] = Neighbour(
                iri=other,
                label=label or local_name(other),
                kinds=kinds,
                href=entity_href(other),
                explore=explore_href(other, lang),
                links=[],
            )
        link = {
            "direction": str(row["direction"]),
            "property": str(row["property"]),
            "label": _text(row.get("propertyLabel")) or local_name(str(row["property"])),
        }
        if link not in item.links:
            item.links.append(link)
    return Neighbourhood(entity=index.hit(found, "", lang), neighbours=list(neighbours.values()))


class Party(BaseModel):
    """A country, funder, biobank or priority the explorer can focus on."""

    iri: str
    local: str
    label: str
    code: str | None = None
    side: str | None = None


class Parties(BaseModel):
    """What the explorer's pickers list."""

    countries: list[Party]
    funders: list[Party]
    biobanks: list[Party]
    priorities: list[Party]
    properties: dict[str, str]  # property IRI -> label, for evidence paths


def _party(snap: Snapshot, iri: str, lang: Lang) -> Party:
    entity = snap.entities.get(iri)
    return Party(
        iri=iri,
        local=local_name(iri),
        label=snap.label(iri, lang),
        code=entity.code if entity else None,
        side=side_of(snap.region(iri)),
    )


@router.get("/explore/parties", response_model=Parties)
def parties(state: StateDep, lang: LangQuery = "en") -> Parties:
    """European and Chinese countries, funders and biobanks, and the Action Plan priorities."""
    snap = snapshot(state)

    def party(iri: str) -> Party:
        return _party(snap, iri, lang)

    def sided(kind: Literal["country", "funder"]) -> list[Party]:
        found = [party(i) for i in snap.parties(kind) if side_of(snap.region(i))]
        return sorted(found, key=lambda p: (p.side != "europe", p.label.casefold()))

    biobanks = [party(i) for i in snap.biobanks if side_of(snap.region(i))]
    return Parties(
        countries=sided("country"),
        funders=sided("funder"),
        biobanks=sorted(biobanks, key=lambda p: (p.side != "europe", p.label.casefold())),
        priorities=[party(i) for i in snap.action_plan()],
        properties=property_labels(state, lang),
    )


def property_labels(state: AppState, lang: Lang) -> dict[str, str]:
    """Labels of the ontology's properties in ``lang`` (read once per language)."""

    def read() -> dict[str, str]:
        rows = state.store.select(prepare(web_query("property-labels"), {"lang": lang})).rows
        return {str(r["property"]): str(r["label"]) for r in rows}

    return state.cached(f"web-property-labels-{lang}", read)


class GraphNode(BaseModel):
    """A node of the network view."""

    id: str
    label: str
    kind: str
    side: str | None
    degree: int
    href: str


class GraphEdge(BaseModel):
    """An edge of the network view."""

    source: str
    target: str
    relation: str


class NetworkGraph(BaseModel):
    """The parts of the collaboration graph that join European and Chinese organisations."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]


@router.get("/explore/network", response_model=NetworkGraph)
def network(state: StateDep, lang: LangQuery = "en") -> NetworkGraph:
    """Organisations, activities, networks and standards in components with both sides."""
    return state.cached(f"web-network-{lang}", lambda: _network(snapshot(state), lang))


def _network(snap: Snapshot, lang: Lang) -> NetworkGraph:
    import networkx as nx

    from ic2kg.gaps.graphs import collaboration_graph

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
            href=entity_href(node),
        )
        for node, data in sorted(sub.nodes(data=True))
    ]
    edges = [
        GraphEdge(source=a, target=b, relation=local_name(str(data.get("predicate", ""))))
        for a, b, data in sorted(sub.edges(data=True))
    ]
    return NetworkGraph(nodes=nodes, edges=edges)


class MatrixRow(BaseModel):
    """A party of the standards matrix and the standard families it declares."""

    party: Party
    kind: str
    declares: list[str]


class StandardsMatrix(BaseModel):
    """Which country or biobank declares which standard family."""

    standards: list[Party]
    rows: list[MatrixRow]


@router.get("/explore/standards-matrix", response_model=StandardsMatrix)
def standards_matrix(
    state: StateDep,
    lang: LangQuery = "en",
    country: Annotated[
        str | None, Query(description="ISO 3166-1 alpha-2 code added to the rows.")
    ] = None,
) -> StandardsMatrix:
    """Countries that declare standards (and ``country``), and biobanks, against standards."""
    from ic2kg.gaps.standards import default_group

    snap = snapshot(state)
    rows = list(default_group(snap))
    if country:
        rows.insert(0, snap.country_by_code(country))
    rows += [b for b in sorted(snap.biobanks) if snap.declared_families(b)]
    rows = list(dict.fromkeys(rows))
    families = sorted(
        {f for p in rows for f in snap.declared_families(p)},
        key=lambda f: snap.label(f, lang).casefold(),
    )

    def party(iri: str) -> Party:
        return _party(snap, iri, lang)

    return StandardsMatrix(
        standards=[party(f) for f in families],
        rows=[
            MatrixRow(
                party=party(p),
                kind="biobank" if p in snap.biobanks else snap.kind(p),
                declares=sorted(snap.declared_families(p)),
            )
            for p in rows
        ],
    )


class Example(BaseModel):
    """A saved query as an editor tab: its text with the example parameters bound."""

    name: str
    summary: str
    sparql: str
    url: str


@router.get("/sparql-editor/examples", response_model=list[Example])
def examples(lang: LangQuery = "en") -> list[Example]:
    """The competency questions of the query library, ready to run in the editor."""
    found = []
    for spec in list_queries():
        if spec.group != "competency":
            continue
        params = {p.name: p.example for p in spec.params if p.example and p.name != "lang"}
        text = prepare(spec, params, lang=lang)
        # The #+ header documents the file; in the editor its summary is enough.
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#+"))
        found.append(
            Example(
                name=spec.name,
                summary=spec.summary,
                sparql=f"# {spec.summary}\n# saved as /queries/{spec.name}\n{body}",
                url=f"/queries/{spec.name}",
            )
        )
    return found


__all__ = ["LabelIndex", "normalise", "router"]
