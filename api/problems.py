"""Errors as RFC 9457 problem bodies (application/problem+json) with the right HTTP status."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ic2kg.errors import (
    BadParameter,
    DataLoadError,
    EndpointError,
    Ic2kgError,
    QueryError,
    QueryTimeout,
    ReadOnlyError,
    RemoteEndpointError,
    ServerBusy,
    ServiceNotAllowed,
    UnknownQueryError,
)

PROBLEM_JSON = "application/problem+json"

# Most specific class first: QueryTimeout and ServerBusy are not QueryErrors, BadParameter is.
STATUS_FOR: tuple[tuple[type[Ic2kgError], int, str], ...] = (
    (ReadOnlyError, 403, "Updates are not allowed"),
    (ServiceNotAllowed, 403, "SERVICE endpoint not allowed"),
    (QueryTimeout, 503, "Query time limit exceeded"),
    (ServerBusy, 503, "All query workers are busy"),
    (BadParameter, 422, "Invalid parameter"),
    (UnknownQueryError, 404, "Unknown saved query"),
    (DataLoadError, 400, "Invalid RDF"),
    (QueryError, 400, "Invalid SPARQL query"),
    (RemoteEndpointError, 502, "Remote SPARQL endpoint failed"),
    (EndpointError, 503, "Query engine unavailable"),
)
_POSITION = re.compile(r"(?:at|line) (\d+)[:, ]+(?:column )?(\d+)")


def position_of(message: str) -> dict[str, int]:
    """``{"line": L, "column": C}`` when a parser message names a position, else empty."""
    found = _POSITION.search(message)
    return {"line": int(found.group(1)), "column": int(found.group(2))} if found else {}


class ApiProblem(Exception):
    """An HTTP error raised by a route, rendered as a problem body."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def problem_for(error: Ic2kgError) -> JSONResponse:
    """The problem body of an ic2kg error: status by class, line and column when known."""
    status, title = 500, "Internal error"
    for cls, code, name in STATUS_FOR:
        if isinstance(error, cls):
            status, title = code, name
            break
    extra: dict[str, Any] = {}
    if isinstance(error, BadParameter):
        extra["parameter"] = error.parameter
        if error.unknown:
            extra["unknown"] = list(error.unknown)
        if error.suggestion:
            extra["suggestion"] = error.suggestion
    if isinstance(error, RemoteEndpointError):
        extra["endpoint"] = error.endpoint
    if status == 400:
        extra.update(position_of(f"{error.where or ''} {error.message}"))
    headers = {"Retry-After": "5"} if isinstance(error, ServerBusy) else None
    return problem_response(status, title, str(error), headers=headers, **extra)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem body."""

    async def on_ic2kg_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, Ic2kgError)  # noqa: S101 - registered for this class
        return problem_for(error)

    async def on_problem(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ApiProblem)  # noqa: S101 - registered for this class
        return problem_response(
            error.status, error.title, error.detail, headers=error.headers, **error.extra
        )

    async def on_validation(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)  # noqa: S101 - registered for this class
        errors = error.errors()
        first = errors[0] if errors else {}
        location = [str(part) for part in first.get("loc", ()) if part not in ("query", "body")]
        name = ".".join(location) or "request"
        return problem_response(
            422,
            "Invalid parameter",
            f"parameter '{name}': {first.get('msg', 'invalid value')}",
            parameter=name,
            errors=[{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in errors],
        )

    async def on_http(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)  # noqa: S101 - registered for this class
        title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "Error")
        return problem_response(
            error.status_code, title, str(error.detail), headers=dict(error.headers or {})
        )

    app.add_exception_handler(Ic2kgError, on_ic2kg_error)
    app.add_exception_handler(ApiProblem, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
