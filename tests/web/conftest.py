"""Browser-test fixtures: the app served by a real uvicorn process on a free loopback port, as
`make run` serves it (curated graph, embedded store), and Debian's Chromium driven by Playwright:
one server and one browser for the session, a fresh browser context (profile) per test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import pytest
from browser_pages import offline_page
from servers import CHROMIUM_FLAGS, free_port

from ic2kg import paths

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

START_TIMEOUT = 90.0


@pytest.fixture(scope="session")
def web_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of ``uvicorn --factory api.main:app_from_env`` on the curated graph."""
    port = free_port()
    log = tmp_path_factory.mktemp("uvicorn") / "server.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IC2KG_")}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "api.main:app_from_env",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=paths.ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if server.poll() is not None:
                pytest.fail(f"the web server exited at start-up:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the web server did not start in {START_TIMEOUT:.0f} s")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Browser]:
    """One headless Chromium for the browser tests (Playwright gives it a fresh --user-data-dir).

    Scoped to this folder, which pytest runs last: while Playwright's sync API is started, the
    main thread counts as running an event loop and ``asyncio.run`` there would fail.
    """
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait for their state as long as page actions do (below): a cold server ranks a
    # country's partners in seconds, longer on a busy machine, and expect's default is 5 s.
    expect.set_options(timeout=120_000)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def page(browser: Browser, web_url: str) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies, storage or cache of another test); fails the
    test on any uncaught script error or any request that leaves the loopback server (the pages
    must work offline)."""
    with offline_page(
        browser,
        (web_url, "data:", "blob:"),
        "the page called other hosts (must work offline)",
        accept_downloads=True,
    ) as browser_page:
        # Ranking opportunities takes up to a minute on a busy two-core machine (issue 16).
        browser_page.set_default_timeout(120_000)
        yield browser_page
