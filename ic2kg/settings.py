"""Run-time settings, read from environment variables (CLI options override them).

| variable | meaning | default |
|---|---|---|
| IC2KG_ENDPOINT | SPARQL 1.1 query endpoint URL; unset = embedded Oxigraph | unset |
| IC2KG_UPDATE_ENDPOINT | SPARQL Update endpoint of the remote store | unset |
| IC2KG_GSP_ENDPOINT | Graph Store HTTP Protocol endpoint of the remote store | unset |
| IC2KG_GRAPH | named graph holding the data on the remote store (Virtuoso) | unset |
| IC2KG_STORE_PATH | folder of a persistent embedded store; unset = in memory | unset |
| IC2KG_QUERY_TIMEOUT | seconds a /sparql query may run before it is stopped | 10 |
| IC2KG_MAX_RESULTS | rows (or triples) a /sparql answer may hold | 10000 |
| IC2KG_MAX_QUERY_BYTES | largest accepted query text | 100000 |
| IC2KG_SERVICE_ALLOWLIST | space-separated endpoints SERVICE may call | empty |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    """Where the graph lives and the limits the public endpoint enforces."""

    endpoint: str | None = None
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
    graph: str | None = None
    store_path: Path | None = None
    query_timeout: float = 10.0
    max_results: int = 10_000
    max_query_bytes: int = 100_000
    service_allowlist: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the IC2KG_* environment variables."""
        path = os.environ.get("IC2KG_STORE_PATH")
        return cls(
            endpoint=os.environ.get("IC2KG_ENDPOINT") or None,
            update_endpoint=os.environ.get("IC2KG_UPDATE_ENDPOINT") or None,
            gsp_endpoint=os.environ.get("IC2KG_GSP_ENDPOINT") or None,
            graph=os.environ.get("IC2KG_GRAPH") or None,
            store_path=Path(path) if path else None,
            query_timeout=_env_float("IC2KG_QUERY_TIMEOUT", 10.0),
            max_results=_env_int("IC2KG_MAX_RESULTS", 10_000),
            max_query_bytes=_env_int("IC2KG_MAX_QUERY_BYTES", 100_000),
            service_allowlist=tuple(os.environ.get("IC2KG_SERVICE_ALLOWLIST", "").split()),
        )

    def with_endpoint(self, endpoint: str | None) -> Settings:
        """A copy pointing at ``endpoint`` (None keeps the current one)."""
        return replace(self, endpoint=endpoint) if endpoint else self
