"""Facts about the service and the dataset: /health, /stats, /.well-known/void."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from api.deps import AppState, StateDep
from api.models import Health, Stats
from api.routes.entities import RESPONSES, choose_media, rdf_response
from ic2kg.stats import GraphStats, graph_stats

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health)
def health(state: StateDep) -> Health:
    """Liveness: the service answers and how large the served graph is."""
    return Health(status="ok", triples=state.triple_count(), workers=state.runner.size)


def _stats(state: AppState) -> GraphStats:
    return state.cached("stats", lambda: graph_stats(state.store))


@router.get("/stats", response_model=Stats)
def stats(state: StateDep) -> Stats:
    """Entities per class, triples, label and identifier coverage, version and build time."""
    from ic2kg.void import dataset_version

    found = _stats(state)
    return Stats(
        version=dataset_version(),
        built_at=state.built_at.isoformat(timespec="seconds"),
        build_seconds=round(state.build_seconds, 3),
        triples=found.triples,
        entities=found.entities,
        labelled_entities=found.labelled_entities,
        classes=found.classes,
        with_chinese_label=found.with_chinese_label,
        with_external_identifier=found.with_external_identifier,
        sources_by_kind=found.sources_by_kind,
        weakly_sourced_entities=found.weakly_sourced_entities,
        chinese_labels_published=found.chinese_labels_published,
        chinese_labels_translated=found.chinese_labels_translated,
    )


@router.get("/.well-known/void", response_class=Response, responses=RESPONSES)
def void(
    request: Request,
    state: StateDep,
    format: str | None = Query(None, description="turtle, jsonld, ntriples or rdfxml"),
) -> Response:
    """The VoID / DCAT description of the dataset: licence, version, date modified, triples,
    classes, sources, its dumps under /downloads/, /sparql and one linkset per registry."""
    from ic2kg.void import void_graph

    media = choose_media(request, format)
    if media == "text/html":
        media = "text/turtle"
    base = str(request.base_url)
    graph = state.cached(f"void {base}", lambda: void_graph(state.store, base=base))
    return rdf_response(graph, media)
