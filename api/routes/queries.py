"""Saved queries as an API (grlc's idea, in-process): GET /queries and one route per .rq file.

Each route is generated at start-up from the query's ``#+`` header, so the OpenAPI document
lists every saved query with its own typed parameters. Queries run on the SPARQL workers, under
the same time limit and result cap as /sparql. An answer comes in pages of ``limit`` rows
(default :data:`PAGE`): each says how many rows the whole answer has (``X-Ic2kg-Total``), whether
the page holds less than that (``X-Ic2kg-Truncated``) and where the next and previous pages are
(an RFC 8288 ``Link`` header).
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
from ic2kg.errors import BadParameter
from ic2kg.queries import (
    RESERVED_PARAMS,
    ParamSpec,
    QuerySpec,
    get_query,
    list_queries,
    prepare,
    prepare_count,
)
from ic2kg.sparql import protocol as protocol
from ic2kg.sparql.text import QueryForm
from ic2kg.sparql.workers import QueryAnswer, QueryJob

JSON = "application/json"
#: Rows per page when the request gives no ``limit``.
PAGE = 100
PAGE_HEADERS = ["X-Ic2kg-Total", "Link"]
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
        "description": "One page of rows as JSON (or SPARQL results, CSV, TSV by `Accept` or "
        "`format`; RDF for CONSTRUCT queries)",
        "content": {media: {} for media in formats.media_types()},
        "headers": {
            "X-Ic2kg-Total": {
                "description": "Rows of the whole answer (SELECT queries)",
                "schema": {"type": "integer"},
            },
            "X-Ic2kg-Truncated": {
                "description": "true when this page holds fewer rows than the whole answer",
                "schema": {"type": "string", "enum": ["true", "false"]},
            },
            "Link": {
                "description": 'RFC 8288 links to the other pages: rel="next", rel="prev"',
                "schema": {"type": "string"},
            },
        },
    },
    404: {"description": "Unknown saved query", "content": {PROBLEM_JSON: {}}},
    406: {"description": "No acceptable format", "content": {PROBLEM_JSON: {}}},
    422: {
        "description": "A parameter is unknown (the problem names the closest known one), "
        "missing or ill-typed",
        "content": {PROBLEM_JSON: {}},
    },
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


def _format_names(form: QueryForm) -> list[str]:
    """The ``format`` values a query of ``form`` answers in (``json``: rows as plain JSON)."""
    kind = protocol.kind_of(form)
    names = [name for fmt in formats.of_kind(kind) for name in fmt.names]
    return list(dict.fromkeys(["json", *names] if kind == "results" else names))


def _names_checker(spec: QuerySpec) -> Callable[[Request], None]:
    """A dependency refusing parameters ``spec`` does not declare (FastAPI would ignore them).

    It runs before the declared parameters are validated, so a misspelt required parameter is
    reported as misspelt rather than as missing.
    """

    def check_parameter_names(request: Request) -> None:
        spec.check_names(request.query_params.keys(), reserved=RESERVED_PARAMS)

    return check_parameter_names


def _endpoint(spec: QuerySpec) -> Callable[..., Response]:
    """A route function whose signature declares the query's parameters for FastAPI."""

    def run_saved_query(**values: Any) -> Response:
        request: Request = values.pop("request")
        state: AppState = values.pop("state")
        values.pop("names_checked")
        limit: int = values.pop("limit")
        offset: int = values.pop("offset")
        asked: str | None = values.pop("format")
        params = {name[2:]: value for name, value in values.items() if value not in (None, [], "")}
        return run_saved(
            request, state, spec, params, limit=limit, offset=offset, result_format=asked
        )

    fixed = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter(
            "names_checked",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=None,
            default=Depends(_names_checker(spec)),
        ),
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
            default=Query(
                PAGE,
                ge=1,
                le=100_000,
                description=f"Rows per page (default {PAGE}; the server's result cap, "
                "IC2KG_MAX_RESULTS, may cut a page shorter). X-Ic2kg-Total gives the rows of "
                'the whole answer, the Link header the next page (rel="next").',
            ),
        ),
        inspect.Parameter(
            "offset",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=int,
            default=Query(0, ge=0, le=10_000_000, description="Skip this many rows first."),
        ),
        inspect.Parameter(
            "format",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=str | None,
            default=Query(
                None,
                description="Answer format instead of the Accept header: json (rows as plain "
                "JSON, the default), or a SPARQL results or RDF format name or media type.",
                json_schema_extra={"enum": _format_names(spec.form)},
            ),
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
    result_format: str | None = None,
) -> Response:
    """Bind the parameters (422 on bad input), run on a worker, answer one page in the wanted
    format (``result_format``, else by Accept), with its total and links to the other pages."""
    media = _media(request, spec.form, result_format)
    kind = protocol.kind_of(spec.form)
    # One row more than the page: the cap then shows whether the answer goes on after it.
    text = prepare(spec, params, limit=limit + 1, offset=offset)
    cap = min(limit, state.settings.max_results)
    fmt = formats.by_media_type(media, kind, with_aliases=False)
    serializer = "json" if media == JSON or fmt is None else fmt.name
    answer = state.runner.run(QueryJob(text, serializer, cap, prefixes=state.prefixes))
    total = _total(state, spec, params, answer, offset)
    if total is not None:
        truncated = answer.count < total
        more = offset + answer.count < total
    else:  # ASK has one answer; a CONSTRUCT's triples are not counted
        more = answer.truncated
        truncated = more or (offset > 0 and spec.form != "ASK")
    links = {}
    if more and answer.count:
        links["next"] = str(request.url.include_query_params(offset=offset + answer.count))
    if offset > 0 and spec.form != "ASK":
        links["prev"] = str(request.url.include_query_params(offset=max(offset - limit, 0)))
    headers = {
        "X-Ic2kg-Truncated": "true" if truncated else "false",
        "X-Ic2kg-Result-Limit": str(cap),
        "X-Ic2kg-Result-Count": str(answer.count),
        "Vary": "Accept",
    }
    if total is not None:
        headers["X-Ic2kg-Total"] = str(total)
    if links:
        headers["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    if media != JSON:
        return Response(answer.body, media_type=media, headers=headers)
    rows = QueryRows(
        name=spec.name,
        variables=[],
        rows=[],
        count=0,
        limit=limit,
        offset=offset,
        total=total,
        truncated=truncated,
        next=links.get("next"),
        prev=links.get("prev"),
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


def _media(request: Request, form: QueryForm, asked: str | None) -> str:
    """The media type of the answer: the ``format`` parameter's, else the Accept header's.

    :raises BadParameter: ``format`` names no format.
    :raises ApiProblem: 406 when no format fits the query's form.
    """
    kind = protocol.kind_of(form)
    offered, aliases = protocol.offered_types(form)
    if kind == "results":
        offered = [JSON, *offered]
        aliases = {k: v for k, v in aliases.items() if k != JSON}
    if asked is not None and asked.strip():
        if kind == "results" and asked.strip().lower() in ("json", JSON):
            return JSON
        found = formats.named(asked)
        if found is None:
            raise BadParameter(
                "format", f"'{asked}' is not a format", hint=f"use {', '.join(_format_names(form))}"
            )
        chosen = formats.for_kind(found, kind)
        if chosen is None:
            raise ApiProblem(
                406,
                "Not acceptable",
                f"format={asked} matches no format of a {form} answer; offered: "
                f"{', '.join(_format_names(form))}",
            )
        return chosen.media_type
    media = protocol.negotiate(request.headers.get("accept"), offered, aliases)
    if media is None:
        raise ApiProblem(406, "Not acceptable", f"this query answers in {', '.join(offered)}")
    return media


def _total(
    state: AppState, spec: QuerySpec, params: dict[str, Any], page: QueryAnswer, offset: int
) -> int | None:
    """Rows of the whole answer of a SELECT query (None for other forms).

    A page that ends before the cap and is not past the end tells it; otherwise a COUNT of the
    same query, bound the same way, runs on the workers.
    """
    if spec.form != "SELECT":
        return None
    if not page.truncated and (page.count or not offset):
        return offset + page.count
    counted = state.runner.run(QueryJob(prepare_count(spec, params), "json", 1))
    bindings = json.loads(counted.body)["results"]["bindings"]
    return int(bindings[0]["total"]["value"]) if bindings else 0


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
