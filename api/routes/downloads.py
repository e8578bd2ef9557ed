"""The release files of the served graph under /downloads/, and /ontology/context.jsonld.

The files are those ``ic2kg release`` writes (but the SHACL report), made once from the graph
this server holds, so a dump always agrees with /sparql. Each answer carries an ETag (the file's
SHA-256, as SHA256SUMS gives it), a ``Repr-Digest`` (RFC 9530) of the bytes sent, and is sent
gzip-compressed to a client that accepts it.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from fastapi import APIRouter, Request, Response

from api.deps import AppState, StateDep
from api.models import DownloadFile, DownloadList
from api.problems import PROBLEM_JSON, ApiProblem
from ic2kg import formats, paths

router = APIRouter(tags=["downloads"])

# Media types of the release files that are not RDF (RDF files are found by suffix).
OTHER_MEDIA = {
    "tsv": "text/tab-separated-values",
    "": "text/plain",
    "jsonld": "application/ld+json",
}
RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"description": "The file (gzip-compressed when the client accepts it)"},
    304: {"description": "Not modified: the client's copy (If-None-Match) is current"},
    404: {"description": "No such file", "content": {PROBLEM_JSON: {}}},
    503: {"description": "The files are being made: retry after Retry-After seconds"},
}
_making = threading.Lock()  # the files of the full graph take tens of seconds: make them once


@dataclass(frozen=True)
class Download:
    """One file: its bytes, media type and SHA-256, and its gzip form (made when first asked)."""

    name: str
    data: bytes
    media_type: str
    sha256: str
    _gzipped: list[bytes] = field(default_factory=list, compare=False)

    @classmethod
    def of(cls, name: str, data: bytes) -> Download:
        """The download of ``data`` called ``name``, its media type taken from the suffix."""
        suffix = name.rpartition(".")[2] if "." in name else ""
        media = OTHER_MEDIA.get(suffix)
        if media is None:
            media = formats.for_suffix(suffix).media_type
        return cls(name, data, media, hashlib.sha256(data).hexdigest())

    @property
    def gzipped(self) -> bytes:
        """The gzip form (``mtime`` 0, so the same file always compresses to the same bytes)."""
        if not self._gzipped:
            self._gzipped.append(gzip.compress(self.data, mtime=0))
        return self._gzipped[0]


def downloads(state: AppState, base: str) -> dict[str, Download]:
    """The release files of the served graph, their VoID naming the service root ``base``.

    They are made once, in a thread: a request waits up to ``PREPARE_WAIT`` seconds for them,
    then gets a 503 problem with ``Retry-After`` (``curl --retry`` and most clients retry).
    """
    key = f"downloads {base}"
    with _making:
        job = state.cache.get(key)
        if job is None:
            job = state.cache[key] = _Preparation(state, base)
    assert isinstance(job, _Preparation)  # noqa: S101 - only this module writes the key
    return job.result(PREPARE_WAIT)


PREPARE_WAIT = 20.0  # seconds a request waits for the files before it is told to come back


class _Preparation:
    """The making of the release files, in a thread of its own."""

    def __init__(self, state: AppState, base: str) -> None:
        self.files: dict[str, Download] | None = None
        self.error: Exception | None = None
        self.thread = threading.Thread(
            target=self._make, args=(state, base), name="ic2kg-downloads", daemon=True
        )
        self.thread.start()

    def _make(self, state: AppState, base: str) -> None:
        from ic2kg.release import CHECKSUMS, artefacts, checksums

        try:
            files = artefacts(state.store, base=base)
            files[CHECKSUMS] = checksums(files)
            self.files = {name: Download.of(name, data) for name, data in files.items()}
        except Exception as error:
            self.error = error

    def result(self, wait: float) -> dict[str, Download]:
        self.thread.join(wait)
        if self.error is not None:
            raise self.error
        if self.files is None:
            raise ApiProblem(
                503,
                "Downloads being prepared",
                "the release files of the served graph are being made; ask again shortly",
                headers={"Retry-After": "30"},
            )
        return self.files


def file_response(request: Request, download: Download) -> Response:
    """``download`` with its ETag, digest and caching headers; 304 when the client has it."""
    gzip_ok = _accepts_gzip(request.headers.get("accept-encoding", ""))
    etag = f'"{download.sha256}{"-gzip" if gzip_ok else ""}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, no-cache",  # revalidate: a restarted server may hold new data
        "Vary": "Accept-Encoding",
        "Content-Disposition": f'inline; filename="{download.name.rpartition("/")[2]}"',
    }
    if etag in _etags(request.headers.get("if-none-match", "")):
        return Response(status_code=304, headers=headers)
    body = download.gzipped if gzip_ok else download.data
    if gzip_ok:
        headers["Content-Encoding"] = "gzip"
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")
    headers["Repr-Digest"] = f"sha-256=:{digest}:"
    charset = "; charset=utf-8" if download.media_type.startswith("text/") else ""
    return Response(body, media_type=download.media_type + charset, headers=headers)


def _accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "*"):
            quality = params.strip().removeprefix("q=")
            return not (params and quality.replace(".", "", 1).strip("0") == "")
    return False


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


@router.get("/downloads", response_model=DownloadList)
def list_downloads(request: Request, state: StateDep) -> DownloadList:
    """The release files of the served graph, each with its size and SHA-256.

    They are made from the served graph when first asked for (tens of seconds for the full
    graph): a request waits 20 s for them, then gets a 503 with ``Retry-After``.
    """
    from ic2kg.void import dataset_modified, dataset_version

    base = str(request.base_url)
    return DownloadList(
        version=dataset_version(),
        modified=dataset_modified().isoformat(),
        files=[
            DownloadFile(
                name=d.name,
                url=f"{base}downloads/{d.name}",
                media_type=d.media_type,
                bytes=len(d.data),
                sha256=d.sha256,
            )
            for d in sorted(downloads(state, base).values(), key=lambda d: d.name)
        ],
    )


# HEAD gives GET's status and headers (the server drops the body); only GET is in the OpenAPI
# document, which would otherwise hold one operation ID twice.
@router.get("/downloads/{name:path}", response_class=Response, responses=RESPONSES)
@router.head("/downloads/{name:path}", response_class=Response, include_in_schema=False)
def download(name: str, request: Request, state: StateDep) -> Response:
    """One release file: the graph (Turtle, N-Triples, JSON-LD), the ontology, the SSSOM
    tables, the VoID description or SHA256SUMS."""
    files = downloads(state, str(request.base_url))
    found = files.get(name)
    if found is None:
        raise ApiProblem(
            404,
            "No such file",
            f"'{name}' is not a release file",
            hint=f"one of {', '.join(sorted(files))}",
        )
    return file_response(request, found)


@lru_cache(maxsize=1)
def _context() -> Download:
    return Download.of("context.jsonld", paths.CONTEXT.read_bytes())


@router.get("/ontology/context.jsonld", response_class=Response, responses=RESPONSES)
@router.head("/ontology/context.jsonld", response_class=Response, include_in_schema=False)
def context(request: Request) -> Response:
    """The JSON-LD context of ic2kg's JSON-LD (ontology/context.jsonld)."""
    return file_response(request, _context())
