"""POST /validate: check posted RDF against the ic2kg SHACL shapes; nothing is stored."""

from __future__ import annotations

import threading
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from rdflib import Graph

from api.deps import MAX_UPLOAD_BYTES, read_body
from api.models import ValidationReport
from api.problems import PROBLEM_JSON, ApiProblem, position_of
from ic2kg import formats
from ic2kg.namespaces import bind_prefixes
from ic2kg.sparql.protocol import negotiate
from ic2kg.validate import validate_graph

router = APIRouter(tags=["validation"])
_ONE_AT_A_TIME = threading.Lock()  # both engines share the cached shapes between calls

# Each accepted format under its media type and the other names clients use for it, but for
# generic ones (application/json) that name a SPARQL results format as well.
INPUT_FORMATS: dict[str, formats.Format] = {
    media: fmt
    for fmt in (formats.TURTLE, formats.NTRIPLES, formats.JSONLD)
    for media in (fmt.media_type, *fmt.media_aliases)
    if formats.by_media_type(media, "results") is None
}
OUTPUT_TYPES = ["application/json", "text/turtle"]
BODY_DOC = {
    "requestBody": {
        "required": True,
        "description": f"RDF to check, at most {MAX_UPLOAD_BYTES} bytes.",
        "content": {media: {"schema": {"type": "string"}} for media in INPUT_FORMATS},
    }
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The SHACL report (JSON, or the report graph in Turtle)",
        "content": {"text/turtle": {}},
    },
    400: {"description": "The body is not valid RDF", "content": {PROBLEM_JSON: {}}},
    413: {"description": "The body is too large", "content": {PROBLEM_JSON: {}}},
    415: {"description": "Unsupported Content-Type", "content": {PROBLEM_JSON: {}}},
}


async def _rdf_body(request: Request) -> tuple[bytes, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in INPUT_FORMATS:
        raise ApiProblem(
            415,
            "Unsupported media type",
            f"POST /validate takes {', '.join(INPUT_FORMATS)}, "
            f"not '{content_type or 'no content type'}'",
        )
    return await read_body(request, MAX_UPLOAD_BYTES), content_type


def parse_rdf(data: bytes, content_type: str) -> Graph:
    """Parse ``data`` with Oxigraph (precise line/column errors) into an rdflib graph."""
    try:
        triples = [
            quad.triple for quad in ox.parse(data, format=INPUT_FORMATS[content_type].rdf_format)
        ]
    except SyntaxError as error:
        raise ApiProblem(
            400,
            "Invalid RDF",
            f"the body is not valid {content_type}: {error}",
            **position_of(str(error)),  # type: ignore[arg-type]  # line and column: ints
        ) from None
    except ValueError as error:  # e.g. a JSON-LD keyword or an IRI Oxigraph refuses
        raise ApiProblem(
            400, "Invalid RDF", f"the body is not valid {content_type}: {error}"
        ) from None
    ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return bind_prefixes(Graph()).parse(data=ntriples, format="nt")


@router.post(
    "/validate", response_model=ValidationReport, responses=RESPONSES, openapi_extra=BODY_DOC
)
def validate(
    request: Request, body: tuple[bytes, str] = Depends(_rdf_body)
) -> ValidationReport | Response:
    """Validate posted Turtle, N-Triples or JSON-LD against the shapes (JSON or Turtle report)."""
    graph = parse_rdf(*body)
    media = negotiate(request.headers.get("accept"), OUTPUT_TYPES)
    if media is None:
        raise ApiProblem(406, "Not acceptable", f"the report is offered as {OUTPUT_TYPES}")
    with _ONE_AT_A_TIME:
        result = validate_graph(graph)
    if media == "text/turtle":
        report = bind_prefixes(result.report).serialize(format="turtle", encoding="utf-8")
        return Response(report, media_type="text/turtle; charset=utf-8")
    payload = ValidationReport(
        conforms=result.conforms,
        triples=len(graph),
        violations=len(result.violations),
        warnings=len(result.warnings),
        results=list(result.findings),
    )
    return JSONResponse(payload.model_dump())
