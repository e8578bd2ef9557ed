"""The web pages for planners and analysts, in English and Chinese: search, collaboration
explorer and SPARQL editor (entity pages: api/routes/entities.py; their JSON: web_data.py).

The label index behind the search (ic2kg/search.py) is built once, when the app starts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.pages import (
    INDEX_KEY,
    STATIC_DIR,
    LangQuery,
    entity_href,
    hit,
    label_index,
    not_found_page,
    render,
    wants_html,
)
from api.routes.web_data import entity_iri
from ic2kg.errors import EndpointError, QueryTimeout
from ic2kg.search import Category, LabelIndex

PAGE_SIZE = 30
CategoryQuery = Annotated[Category | None, Query(description="Only entities of this kind.")]


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


@router.get("/", response_class=HTMLResponse, name="web_home", include_in_schema=False)
def home(
    request: Request,
    state: StateDep,
    lang: LangQuery = "en",
    q: Annotated[str, Query(description="Search text.", max_length=200)] = "",
    kind: CategoryQuery = None,
    shown: Annotated[int, Query(ge=1, le=1000, description="Results to show.")] = PAGE_SIZE,
) -> HTMLResponse:
    """The front page: label search (results rendered here too, so it works without script)."""
    index = label_index(state)
    page = index.search(q, category=kind, limit=shown)
    hits = [hit(index, m.entity, m.matched, lang) for m in page.matches]
    return render(
        request,
        "home.html",
        lang,
        q=q,
        kind=kind or "",
        hits=hits,
        total=page.total,
        groups=page.groups,
        close=page.close,
        more=shown + PAGE_SIZE if page.total > len(hits) else None,
    )


@router.get("/explore", response_class=HTMLResponse, name="web_explore", include_in_schema=False)
def explore(request: Request, lang: LangQuery = "en") -> HTMLResponse:
    """The collaboration explorer (its data comes from /gaps/... and /explore/... JSON)."""
    return render(request, "explore.html", lang)


@router.get("/explore/entity", name="web_entity", include_in_schema=False)
def explore_entity(
    iri: Annotated[str, Query(min_length=1)], lang: LangQuery = "en"
) -> RedirectResponse:
    """The old neighbourhood page: an entity's page now shows its neighbourhood."""
    target = entity_href(entity_iri(iri))
    return RedirectResponse(f"{target}?lang={lang}#neighbourhood", status_code=301)


@router.get(
    "/sparql-editor", response_class=HTMLResponse, name="web_editor", include_in_schema=False
)
def sparql_editor(request: Request, lang: LangQuery = "en") -> HTMLResponse:
    """YASGUI on /sparql, with the saved questions listed beside it."""
    return render(request, "editor.html", lang)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI on /openapi.json, from api/static/vendor/swagger-ui (no CDN: works offline)."""
    from fastapi.openapi.docs import get_swagger_ui_html

    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title=f"{request.app.title} - Swagger UI",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="data:,",
        oauth2_redirect_url="/static/vendor/swagger-ui/oauth2-redirect.html",
    )


def not_found_for_browsers(app: FastAPI) -> None:
    """Answer browsers with the HTML "not found" page (API clients keep problem+json)."""
    from starlette.exceptions import HTTPException
    from starlette.responses import Response

    from api.problems import ApiProblem, problem_response

    async def on_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)  # noqa: S101 - registered for this class
        if error.status_code == 404 and wants_html(request):
            return not_found_page(request, str(error.detail))
        title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "Error")
        return problem_response(
            error.status_code, title, str(error.detail), headers=dict(error.headers or {})
        )

    async def on_problem(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiProblem)  # noqa: S101 - registered for this class
        if error.status == 404 and wants_html(request):
            return not_found_page(request, error.detail)
        return problem_response(
            error.status, error.title, error.detail, headers=error.headers, **error.extra
        )

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(ApiProblem, on_problem)
