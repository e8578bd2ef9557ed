"""The ic2kg web API: the app factory that builds the graph once and includes every router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from api import problems
from api.deps import AppState, start_state
from api.routes import (
    downloads,
    entities,
    gaps,
    guide,
    lookup,
    meta,
    queries,
    sparql,
    validation,
    web,
    web_data,
)
from api.routes.queries import PAGE_HEADERS
from api.routes.sparql import RESULT_HEADERS
from ic2kg.settings import Settings
from ic2kg.store import Store

DESCRIPTION = """\
Personalised-medicine stakeholders and standards in Europe and China, as a knowledge graph.

* **/sparql**: read-only SPARQL 1.1 Protocol endpoint (time limit, result cap, no updates).
* **/queries**: the saved queries of `queries/`, each with typed parameters.
* **/id/{path}**: every entity, as HTML, Turtle or JSON-LD; **/ontology** likewise.
* **/guide/querying**: how to query the graph: the model, prefixes, limits, worked examples.
* **/validate**: check RDF against the ic2kg SHACL shapes.
* **/downloads/**: the release files of the served graph, with checksums (SHA256SUMS, ETag).
* **/lookup**: which entity an external identifier (ROR, Wikidata, Crossref Funder ID, ...) is.

Data licence: CC BY 4.0.
"""


def create_app(
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    workers: int = 2,
    queries_root: Path | None = None,
) -> FastAPI:
    """The API serving ``store`` (default: the graph built from the repository at start-up).

    The graph is built and the query workers started once, when the app starts.
    ``queries_root`` is the saved-query library folder (default: queries/).
    """
    chosen = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state: AppState = await run_in_threadpool(start_state, chosen, store, workers=workers)
        app.state.ic2kg = state
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="ic2kg API",
        version=version("ic2kg"),
        description=DESCRIPTION,
        license_info={"name": "Data: CC BY 4.0; code: MIT"},
        lifespan=lifespan,
        docs_url=None,  # served by api/routes/web.py from the vendored Swagger UI (offline)
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=[*RESULT_HEADERS, *PAGE_HEADERS],
    )
    problems.install(app)
    web.not_found_for_browsers(app)
    app.include_router(sparql.router)
    app.include_router(queries.build_router(queries_root))
    app.include_router(downloads.router)  # before entities: /ontology/context.jsonld
    app.include_router(entities.router)
    app.include_router(validation.router)
    app.include_router(lookup.router)
    app.include_router(meta.router)
    app.include_router(gaps.router)
    app.include_router(web.router)  # web pages: /, /explore, /sparql-editor
    app.include_router(guide.router)  # docs/*.md as pages: /guide/querying
    app.include_router(web_data.router)  # their JSON: /search, /explore/...
    return app


def app_from_env() -> FastAPI:
    """The app configured by IC2KG_* variables (for ``uvicorn --factory api.main:app_from_env``)."""
    return create_app(Settings.from_env())
