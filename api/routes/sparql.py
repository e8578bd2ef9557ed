"""The read-only SPARQL 1.1 Protocol endpoint at /sparql, with its service description."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, VOID, XSD

from api.deps import AppState, StateDep, decode_utf8, get_state, parse_form, read_body
from api.problems import PROBLEM_JSON, ApiProblem
from ic2kg import formats
from ic2kg.namespaces import IC2KG, SD, bind_prefixes
from ic2kg.settings import Settings
from ic2kg.sparql import protocol as protocol
from ic2kg.sparql.text import QueryForm
from ic2kg.sparql.workers import QueryJob

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
RESULT_HEADERS = ["X-Ic2kg-Truncated", "X-Ic2kg-Result-Limit", "X-Ic2kg-Result-Count"]
SD_FORMATS = [formats.TURTLE, formats.JSONLD, formats.NTRIPLES, formats.RDFXML]
SD_MEDIA_TYPES = [fmt.media_type for fmt in SD_FORMATS]

QUERY_DOC = (
    "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). Without it: the service description."
)
DEFAULT_GRAPH_DOC = "IRI of a graph forming the default graph of the query dataset."
NAMED_GRAPH_DOC = "IRI of a named graph of the query dataset."
STRICT_DOC = (
    "true: answer 413 (a problem body) instead of a cut result when the answer has more rows "
    "or triples than the result limit, for clients that read no headers. Default false: the "
    "result is cut to the limit and X-Ic2kg-Truncated says so."
)
FORMAT_DOC = (
    "Result format instead of the Accept header: "
    f"{', '.join(formats.FORMAT_NAMES)} (json and xml are JSON-LD and RDF/XML for a graph)."
)
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Query results (by content negotiation) or the service description.",
        "content": {media: {} for media in formats.media_types()},
    },
    400: {"description": "Syntax error or malformed request", "content": {PROBLEM_JSON: {}}},
    403: {"description": "Update or SERVICE call refused", "content": {PROBLEM_JSON: {}}},
    406: {"description": "No acceptable result format", "content": {PROBLEM_JSON: {}}},
    413: {
        "description": "Query or request too large, or (strict=true) an answer over the "
        "result limit",
        "content": {PROBLEM_JSON: {}},
    },
    502: {
        "description": "Remote endpoint unreachable (serve --endpoint)",
        "content": {PROBLEM_JSON: {}},
    },
    503: {"description": "Time limit exceeded or workers busy", "content": {PROBLEM_JSON: {}}},
}
POST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            SPARQL_QUERY: {"schema": {"type": "string"}},
            FORM: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string", "description": QUERY_DOC},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "strict": {"type": "boolean", "description": STRICT_DOC},
                    },
                    "required": ["query"],
                }
            },
        },
    }
}


# The GET parameters are documented here and read once, strictly, by parse_form (a FastAPI
# Query() for each would parse and validate the query string a second time per request).
GET_PARAMETERS: dict[str, Any] = {
    "parameters": [
        {"name": "query", "in": "query", "schema": {"type": "string"}, "description": QUERY_DOC},
        *(
            {
                "name": name,
                "in": "query",
                "schema": {"type": "array", "items": {"type": "string"}},
                "style": "form",
                "explode": True,
                "description": doc,
            }
            for name, doc in (
                ("default-graph-uri", DEFAULT_GRAPH_DOC),
                ("named-graph-uri", NAMED_GRAPH_DOC),
            )
        ),
        {"name": "format", "in": "query", "schema": {"type": "string"}, "description": FORMAT_DOC},
        {
            "name": "strict",
            "in": "query",
            "schema": {"type": "boolean", "default": False},
            "description": STRICT_DOC,
        },
    ]
}


@router.get(
    "/sparql",
    name="sparql",
    response_class=Response,
    responses=RESPONSES,
    openapi_extra=GET_PARAMETERS,
)
def sparql_get(request: Request) -> Response:
    """Run a query given in the URL (SPARQL 1.1 Protocol, query via GET).

    Without a query: the SPARQL service description (Turtle, or other RDF by Accept).
    """
    state = get_state(request)
    params = parse_form(request.scope.get("query_string", b""), "the URL query string")
    queries = [value for name, value in params if name == "query"]
    if any(name == "update" for name, _ in params):
        raise _update_refused("an 'update' parameter")
    if not queries:
        return _service_description(request, state)
    return _answer(request, state, _single(queries), params)


async def _post_params(request: Request) -> list[tuple[str, str]]:
    """The protocol parameters of a POST: the body (form or query) plus the URL's own."""
    state: AppState = request.app.state.ic2kg
    limit = 3 * state.settings.max_query_bytes + 4096  # room for percent-encoding
    body = await read_body(request, limit)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url_params = parse_form(request.scope.get("query_string", b""), "the URL query string")
    if content_type == FORM:
        return [*parse_form(body, "the form"), *url_params]
    if content_type == SPARQL_QUERY:
        return [("query", decode_utf8(body, "the query")), *url_params]
    if content_type == SPARQL_UPDATE:
        raise _update_refused("a SPARQL Update request (application/sparql-update)")
    raise ApiProblem(
        415,
        "Unsupported media type",
        f"POST /sparql takes {SPARQL_QUERY} or {FORM}, not '{content_type or 'no content type'}'",
    )


@router.post("/sparql", response_class=Response, responses=RESPONSES, openapi_extra=POST_BODY)
def sparql_post(
    request: Request,
    state: StateDep,
    params: list[tuple[str, str]] = Depends(_post_params),
) -> Response:
    """Run a query sent in the body (SPARQL 1.1 Protocol, query via POST)."""
    if any(name == "update" for name, _ in params):
        raise _update_refused("an 'update' parameter")
    queries = [value for name, value in params if name == "query"]
    if not queries:
        raise ApiProblem(400, "Missing query", "the request has no 'query' parameter")
    return _answer(request, state, _single(queries), params)


def _single(queries: list[str]) -> str:
    if len(queries) > 1:
        raise ApiProblem(
            400, "Several queries", f"the request has {len(queries)} 'query' parameters; send one"
        )
    return queries[0]


def _update_refused(what: str) -> ApiProblem:
    return ApiProblem(
        403,
        "Updates are not allowed",
        f"{what} was refused: this SPARQL endpoint is read-only",
    )


def _answer(
    request: Request, state: AppState, query: str, params: list[tuple[str, str]]
) -> Response:
    settings = state.settings
    size = len(query.encode("utf-8"))
    if size > settings.max_query_bytes:
        raise ApiProblem(
            413,
            "Query too large",
            f"the query has {size} bytes; the limit is {settings.max_query_bytes} bytes",
            limit=settings.max_query_bytes,
        )
    strict = _flag([v for n, v in params if n == "strict"], "strict")
    info = protocol.inspect_query(query)
    protocol.check_prefixes(query, info, state.prefixes)
    protocol.check_services(query, info, settings.service_allowlist)
    fmt = _result_format(request, info.form, [v for n, v in params if n == "format"])
    media = fmt.media_type
    job = QueryJob(
        query=query,
        result_format=fmt.name,
        max_results=settings.max_results,
        default_graphs=tuple(v for n, v in params if n == "default-graph-uri"),
        named_graphs=tuple(v for n, v in params if n == "named-graph-uri"),
        prefixes=state.prefixes,
        # Relative IRIs resolve against the endpoint's URL, as the request reached it.
        base_iri=str(request.url.replace(query="", fragment="")),
    )
    answer = state.runner.run(job)
    if strict and answer.truncated:
        # A client that reads no headers cannot tell a cut CSV from a whole one: refuse instead.
        raise ApiProblem(
            413,
            "Result too large",
            f"the answer has more than {settings.max_results} "
            f"{'triples' if protocol.kind_of(info.form) == 'graph' else 'rows'}, the result "
            "limit of this endpoint; strict=true refuses to cut it "
            "(hint: add LIMIT and OFFSET to read it in parts, or leave strict out to get the "
            "first ones with X-Ic2kg-Truncated: true)",
            limit=settings.max_results,
        )
    headers = {
        "Vary": "Accept",
        "X-Ic2kg-Truncated": "true" if answer.truncated else "false",
        "X-Ic2kg-Result-Limit": str(settings.max_results),
        "X-Ic2kg-Result-Count": str(answer.count),
    }
    charset = "" if media.endswith("+json") or media.endswith("+xml") else "; charset=utf-8"
    return Response(answer.body, media_type=f"{media}{charset}", headers=headers)


def _flag(values: list[str], name: str) -> bool:
    """A boolean protocol parameter: true/1/yes or false/0/no (absent: false)."""
    if not values:
        return False
    value = values[-1].strip().lower()
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off", ""):
        return False
    raise ApiProblem(
        400, "Invalid parameter", f"{name}={values[-1]}: use true or false", parameter=name
    )


def _result_format(request: Request, form: QueryForm | None, asked: list[str]) -> formats.Format:
    kind = protocol.kind_of(form)
    offered, aliases = protocol.offered_types(form)
    if asked:
        # SPARQLWrapper sends both a name and a media type (format=tsv&format=text/tab-...).
        found = next((fmt for fmt in map(formats.named, asked) if fmt is not None), None)
        if found is None:
            raise ApiProblem(
                400,
                "Unknown format",
                f"format '{asked[0]}' is not one of {', '.join(formats.FORMAT_NAMES)} "
                "or a media type of them",
            )
        # ?format=json on a CONSTRUCT means JSON-LD, ?format=xml RDF/XML: the name decides.
        chosen = formats.for_kind(found, kind)
        if chosen is None:
            raise _not_acceptable(form, offered, f"format={asked[0]}")
        return chosen
    accept = request.headers.get("accept")
    media = protocol.negotiate(accept, offered, aliases)
    if media is None:
        raise _not_acceptable(form, offered, f"Accept: {accept}")
    negotiated = formats.by_media_type(media, kind)
    assert negotiated is not None  # noqa: S101 - offered types come from the registry
    return negotiated


def _not_acceptable(form: str | None, offered: list[str], asked: str) -> ApiProblem:
    kind = (form or "select").upper()
    return ApiProblem(
        406,
        "Not acceptable",
        f"{asked} matches no format of a {kind} result; offered: {', '.join(offered)}",
        offered=offered,
    )


def _service_description(request: Request, state: AppState) -> Response:
    media = protocol.negotiate(request.headers.get("accept"), SD_MEDIA_TYPES, {})
    if media is None:
        raise _not_acceptable("service description", SD_MEDIA_TYPES, "the Accept header")
    graph = service_description(
        str(request.url_for("sparql")),
        state.triple_count(),
        settings=state.settings,
        prefixes=state.prefixes,
        void=str(request.url_for("void")),
    )
    fmt = formats.by_media_type(media, "graph")
    assert fmt is not None  # noqa: S101 - SD_MEDIA_TYPES come from the registry
    body = graph.serialize(format=fmt.rdflib, encoding="utf-8")
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def service_description(
    endpoint: str,
    triples: int,
    *,
    settings: Settings,
    prefixes: Mapping[str, str],
    void: str,
) -> Graph:
    """The SPARQL 1.1 Service Description of this endpoint: its formats, its limits
    (``ic2kg:resultLimit``, ``queryTimeLimit``, ``queryLengthLimit``), the prefixes it
    predeclares (``sh:declare``, as SHACL-based SPARQL example collections write them) and a
    link to the dataset's VoID description (``rdfs:seeAlso``)."""
    graph = bind_prefixes(Graph())
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.service_allowlist:  # SERVICE is refused unless allow-listed: advertise it only then
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for fmt in formats.FORMATS:
        graph.add((service, SD.resultFormat, URIRef(fmt.iri)))
    graph.add((service, IC2KG.resultLimit, Literal(settings.max_results, datatype=XSD.integer)))
    timeout = Literal(Decimal(str(settings.query_timeout)), datatype=XSD.decimal)
    graph.add((service, IC2KG.queryTimeLimit, timeout))
    length = Literal(settings.max_query_bytes, datatype=XSD.integer)
    graph.add((service, IC2KG.queryLengthLimit, length))
    for prefix, namespace in sorted(prefixes.items()):
        declaration = BNode(f"prefix-{prefix}")
        graph.add((service, SH.declare, declaration))
        graph.add((declaration, RDF.type, SH.PrefixDeclaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    dataset = BNode("dataset")
    default = BNode("default-graph")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDFS.seeAlso, URIRef(void)))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return graph
