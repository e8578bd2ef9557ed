"""Browser pages for the Chromium tests: the one way to open a page that must work offline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@contextmanager
def offline_page(
    browser: Browser, allowed: tuple[str, ...], outside_message: str, **options: Any
) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies, storage or cache of another test). After
    the block, fails the test on any uncaught script error, or on any request whose URL starts
    with none of ``allowed`` (reported with ``outside_message``). ``options`` go to the context.
    """
    errors: list[str] = []
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1366, "height": 900}, **options)
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{error}\n{(error.stack or '')[:800]}"))
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith(allowed) else outside.append(request.url)
            ),
        )
        yield page
    finally:
        context.close()
    assert not errors, f"script errors on the page: {errors}"
    assert not outside, f"{outside_message}: {outside}"
