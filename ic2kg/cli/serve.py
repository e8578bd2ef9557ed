"""``ic2kg serve``: build the graph once and serve the API (SPARQL endpoint, pages, queries)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from ic2kg.cli.common import (
    ENDPOINT_OPTION,
    STORE_PATH_OPTION,
    console,
    reports_errors,
    settings_for,
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes (each holds a copy of the graph); with --endpoint, queries "
    "forwarded at once.",
)
@ENDPOINT_OPTION
@click.option(
    "--graph",
    envvar="IC2KG_GRAPH",
    default=None,
    help="With --endpoint: the named graph holding the data (needed for Virtuoso, whose default "
    "graph also holds its system graphs). Env: IC2KG_GRAPH.",
)
@STORE_PATH_OPTION
@reports_errors
def serve(
    host: str,
    port: int,
    workers: int,
    endpoint: str | None,
    graph: str | None,
    store_path: Path | None,
) -> None:
    """Build the graph (once, at start-up) and serve the web API on HOST:PORT.

    With --endpoint (or IC2KG_ENDPOINT) nothing is built: the API answers from that remote
    SPARQL 1.1 endpoint, with the same checks and limits (it must stop its own long queries).
    Limits come from IC2KG_QUERY_TIMEOUT, IC2KG_MAX_RESULTS, IC2KG_MAX_QUERY_BYTES and
    IC2KG_SERVICE_ALLOWLIST (see ic2kg/settings.py).
    """
    import uvicorn

    from api.main import create_app

    settings = settings_for(endpoint, store_path)
    if graph:
        settings = replace(settings, graph=graph)
    if settings.endpoint is not None:
        console.print(
            f"[dim]… serving the SPARQL endpoint {settings.endpoint}, "
            f"{workers} queries at a time[/]",
            highlight=False,
        )
    else:
        console.print(f"[dim]… building the graph and starting {workers} query workers[/]")
    uvicorn.run(create_app(settings, workers=workers), host=host, port=port, log_level="info")
