"""Saved queries as an API (grlc's idea, in-process): GET /queries and one route per .rq file.

Each route is generated at start-up from the query's ``#+`` header, so the OpenAPI document
lists every saved query with its own typed parameters. Queries run on the SPARQL workers, under
the same time limit and result cap as /sparql.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from api.deps import AppState, get_state
from api.models import QueryParameter, QueryRows, SavedQueries, SavedQuery
from api.problems import PROBLEM_JSON, ApiProblem
from ic2kg import formats
from ic2kg.queries import ParamSpec, QuerySpec, get_query, list_queries, prepare
from ic2kg.sparql import protocol as protocol
from ic2kg.sparql.workers import QueryJob

JSON = "application/json"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS: dict[str, Callable[[str], Any]] = {
    f"{XSD}integer": int,
    f"{XSD}int": int,
    f"{XSD}long": int,
    f"{XSD}decimal": Decimal,
    f"{XSD}double": float,
    f"{XSD}float": float,
}
PATTERNS = {
    "country_code": r"^[A-Za-z]{2}$",
    "integer": r"^[+-]?\d+$",
    "language": r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$",
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Rows as JSON (or SPARQL results, CSV, TSV; RDF for CONSTRUCT queries)",
        "content": {media: {} for media in formats.media_types()},
    },
    404: {"description": "Unknown saved query", "content": {PROBLEM_JSON: {}}},
    406: {"description": "No acceptable format", "content": {PROBLEM_JSON: {}}},
    422: {"description": "A parameter is missing or ill-typed", "content": {PROBLEM_JSON: {}}},
    502: {
        "description": "Remote endpoint unreachable (serve --endpoint)",
        "content": {PROBLEM_JSON: {}},
    },
    503: {"description": "Time limit exceeded or workers busy", "content": {PROBLEM_JSON: {}}},
}


def build_router(root: Path | None = None) -> APIRouter:
    """The /queries routes: the list, one route per saved query, and a fallback by name.

    :param root: the query library folder (default: queries/).
    :raises QueryHeaderError: a saved query has a malformed header (the app must not start).
    """
    router = APIRouter(prefix="/queries", tags=["queries"])

    @router.get("", response_model=SavedQueries, name="list_queries")
    def saved_queries(request: Request) -> SavedQueries:
        """Every saved query with its summary and parameters."""
        data = [_summary(spec, request) for spec in list_queries(root)]
        return SavedQueries(data=data, count=len(data))

    for spec in list_queries(root):
        router.add_api_route(
            f"/{spec.name}",
            _endpoint(spec),
            methods=["GET"],
            name=f"query-{spec.name}",
            summary=spec.summary,
            description=_description(spec),
            response_class=Response,
            responses=RESPONSES,
            tags=["queries", *spec.tags],
        )

    @router.get("/{name}", include_in_schema=False)
    def unknown_query(name: str) -> Response:
        """Names that are not saved queries (the known ones have their own routes above)."""
        get_query(name, root)  # raises UnknownQueryError: 404 with close names
        raise ApiProblem(404, "Unknown saved query", f"no route for saved query '{name}'")

    return router


def _summary(spec: QuerySpec, request: Request) -> SavedQuery:
    return SavedQuery(
        name=spec.name,
        summary=spec.summary,
        description=spec.description or None,
        tags=list(spec.tags),
        parameters=[
            QueryParameter(
                name=p.name,
                type=p.type,
                required=p.required,
                description=p.description,
                example=p.example,
            )
            for p in spec.params
        ],
        url=str(request.url_for(f"query-{spec.name}")),
    )


def _description(spec: QuerySpec) -> str:
    text = spec.description or spec.summary
    if spec.example:
        text += f"\n\nCommand line: `{spec.example}`"
    return text + f"\n\nSource: `queries/{spec.group}/{spec.name}.rq`"


def _parameter(param: ParamSpec) -> inspect.Parameter:
    """The FastAPI query parameter of one declared parameter."""
    described = param.description or f"{param.type} value"
    if param.multi:
        described += " (several values allowed: repeat the parameter or separate with commas)"
    options: dict[str, Any] = {"description": described, "alias": param.name}
    if param.example is not None:
        options["examples"] = [param.example]
    if param.type in PATTERNS and not param.multi:
        options["pattern"] = PATTERNS[param.type]
    if param.enum:
        options["json_schema_extra"] = {"enum": list(param.enum)}
    annotation: Any = list[str] | None if param.multi else str | None
    default = ... if param.required and not param.default else None
    return inspect.Parameter(
        f"p_{param.name}",
        inspect.Parameter.KEYWORD_ONLY,
        default=Query(default, **options),
        annotation=annotation,
    )


def _endpoint(spec: QuerySpec) -> Callable[..., Response]:
    """A route function whose signature declares the query's parameters for FastAPI."""

    def run_saved_query(**values: Any) -> Response:
        request: Request = values.pop("request")
        state: AppState = values.pop("state")
        limit: int = values.pop("limit")
        offset: int = values.pop("offset")
        params = {name[2:]: value for name, value in values.items() if value not in (None, [], "")}
        return run_saved(request, state, spec, params, limit=limit, offset=offset)

    fixed = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter(
            "state",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=AppState,
            default=Depends(get_state),
        ),
        inspect.Parameter(
            "limit",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=int,
            default=Query(100, ge=1, le=100_000, description="At most this many rows."),
        ),
        inspect.Parameter(
            "offset",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=int,
            default=Query(0, ge=0, le=10_000_000, description="Skip this many rows first."),
        ),
    ]
    run_saved_query.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*fixed, *(_parameter(p) for p in spec.params)]
    )
    run_saved_query.__name__ = f"query_{spec.name.replace('-', '_')}"
    run_saved_query.__doc__ = spec.summary
    return run_saved_query


def run_saved(
    request: Request,
    state: AppState,
    spec: QuerySpec,
    params: dict[str, Any],
    *,
    limit: int,
    offset: int,
) -> Response:
    """Bind the parameters (422 on bad input), run on a worker, answer in the wanted format."""
    text = prepare(spec, params, limit=limit, offset=offset)
    kind = protocol.kind_of(spec.form)
    graph_form = kind == "graph"
    offered, aliases = protocol.offered_types(spec.form)
    if not graph_form:
        offered = [JSON, *offered]
        aliases = {k: v for k, v in aliases.items() if k != JSON}
    media = protocol.negotiate(request.headers.get("accept"), offered, aliases)
    if media is None:
        raise ApiProblem(406, "Not acceptable", f"this query answers in {', '.join(offered)}")
    cap = min(limit, state.settings.max_results)
    fmt = formats.by_media_type(media, kind, with_aliases=False)
    serializer = "json" if media == JSON or fmt is None else fmt.name
    job = QueryJob(text, serializer, cap, prefixes=state.prefixes)
    answer = state.runner.run(job)
    headers = {
        "X-Ic2kg-Truncated": "true" if answer.truncated else "false",
        "X-Ic2kg-Result-Limit": str(cap),
        "X-Ic2kg-Result-Count": str(answer.count),
        "Vary": "Accept",
    }
    if media != JSON:
        return Response(answer.body, media_type=media, headers=headers)
    rows = QueryRows(
        name=spec.name,
        variables=[],
        rows=[],
        count=0,
        limit=limit,
        offset=offset,
    )
    results = json.loads(answer.body)
    if "boolean" in results:
        rows.variables = ["boolean"]
        rows.rows = [{"boolean": bool(results["boolean"])}]
    else:
        rows.variables = list(results["head"].get("vars", []))
        rows.rows = [
            {name: _plain(value) for name, value in binding.items()}
            for binding in results["results"]["bindings"]
        ]
    rows.count = len(rows.rows)
    return JSONResponse(rows.model_dump(mode="json"), headers=headers)


def _plain(value: dict[str, str]) -> Any:
    """A SPARQL JSON term as a plain JSON value: numbers and booleans typed, others as text."""
    datatype = value.get("datatype", "")
    if datatype in NUMBERS:
        try:
            number = NUMBERS[datatype](value["value"])
            return float(number) if isinstance(number, Decimal) else number
        except (ValueError, ArithmeticError):
            return value["value"]
    if datatype == f"{XSD}boolean":
        return value["value"] in ("true", "1")
    return value["value"]
