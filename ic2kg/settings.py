"""Run-time settings: the one place that reads the environment (CLI options override it).

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
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ic2kg.errors import SettingsError

_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")


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
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from the IC2KG_* variables of ``environ`` (default: the process environment).

        An empty variable counts as unset.

        :raises SettingsError: naming the variable whose value cannot be used.
        """
        env = _Environment(os.environ if environ is None else environ)
        path = env.text("IC2KG_STORE_PATH")
        return cls(
            endpoint=env.url("IC2KG_ENDPOINT"),
            update_endpoint=env.url("IC2KG_UPDATE_ENDPOINT"),
            gsp_endpoint=env.url("IC2KG_GSP_ENDPOINT"),
            graph=env.text("IC2KG_GRAPH"),
            store_path=Path(path) if path else None,
            query_timeout=env.seconds("IC2KG_QUERY_TIMEOUT", cls.query_timeout),
            max_results=env.count("IC2KG_MAX_RESULTS", cls.max_results),
            max_query_bytes=env.count("IC2KG_MAX_QUERY_BYTES", cls.max_query_bytes),
            service_allowlist=env.urls("IC2KG_SERVICE_ALLOWLIST"),
        )

    def with_endpoint(self, endpoint: str | None) -> Settings:
        """A copy pointing at ``endpoint`` (None keeps the current one)."""
        return replace(self, endpoint=endpoint) if endpoint else self


class _Environment:
    """Typed, checked reads of environment variables."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ

    def text(self, name: str) -> str | None:
        value = self.environ.get(name, "").strip()
        return value or None

    def url(self, name: str) -> str | None:
        value = self.text(name)
        if value is not None and not _URL.match(value):
            raise SettingsError(
                f"'{value}' is not an http(s) URL",
                where=name,
                hint=f"e.g. {name}=http://127.0.0.1:7878/query",
            )
        return value

    def urls(self, name: str) -> tuple[str, ...]:
        found = tuple((self.text(name) or "").split())
        for value in found:
            if not _URL.match(value):
                raise SettingsError(
                    f"'{value}' is not an http(s) URL",
                    where=name,
                    hint="list endpoint URLs separated by spaces",
                )
        return found

    def seconds(self, name: str, default: float) -> float:
        value = self.text(name)
        if value is None:
            return default
        try:
            seconds = float(value)
        except ValueError:
            seconds = float("nan")
        if not seconds > 0 or seconds == float("inf"):
            raise SettingsError(
                f"'{value}' is not a positive number of seconds",
                where=name,
                hint=f"e.g. {name}={default:g}",
            )
        return seconds

    def count(self, name: str, default: int) -> int:
        value = self.text(name)
        if value is None:
            return default
        if not (value.isascii() and value.isdigit()) or int(value) == 0:
            raise SettingsError(
                f"'{value}' is not a positive whole number",
                where=name,
                hint=f"e.g. {name}={default}",
            )
        return int(value)
