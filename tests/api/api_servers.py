"""Starting real uvicorn servers on free loopback ports for the API tests."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI
from servers import free_port

RESOURCES = Path(__file__).parent.parent / "resources" / "api"
QUERY_TIMEOUT = 2.0
FIXTURE_CAP = 20


@dataclass
class RunningServer:
    """A uvicorn server running an app in a thread of the test process."""

    app: FastAPI
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, **options: object) -> httpx.Client:
        """An HTTP client for this server (no default headers beyond httpx's own)."""
        return httpx.Client(base_url=self.url, timeout=30, **options)  # type: ignore[arg-type]

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def start_server(app: FastAPI) -> RunningServer:
    """Start ``app`` on a free port and wait until it answers /health."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the test server stopped during start-up")
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return RunningServer(app, url, server, thread)
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.should_exit = True
    raise RuntimeError("the test server did not start within 180 s")


def graph_fingerprint(server: RunningServer) -> tuple[int, str]:
    """Triple count and SHA-256 of the sorted, canonical N-Triples a SPARQL worker holds."""
    response = httpx.post(
        f"{server.url}/sparql",
        content="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert response.headers["x-ic2kg-truncated"] == "false"
    # Each worker parses the graph itself, so blank-node labels differ: canonicalise them first.
    dataset = ox.Dataset(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    text = (ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return len(lines), hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
