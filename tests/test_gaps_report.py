"""The HTML gap report (ic2kg.gaps.report) opened in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from ic2kg.gaps import load_snapshot
from ic2kg.gaps.report import build_report, cjk_font
from ic2kg.store import EmbeddedStore


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_renders_in_chromium(
    curated_store: EmbeddedStore, output_dir: Path, tmp_path: Path, lang: str, chromium: str
) -> None:
    from playwright.sync_api import sync_playwright

    html = build_report(load_snapshot(curated_store), lang=lang, top=10)  # type: ignore[arg-type]
    page_file = output_dir / f"report-{lang}.html"
    page_file.write_text(html, encoding="utf-8")
    assert "http://" not in html.split("<body>")[0] and "<script" not in html, "not self-contained"
    with sync_playwright() as playwright:
        # A fresh profile folder per run (Playwright takes it as user_data_dir).
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium,
            headless=True,
            viewport={"width": 1280, "height": 900},
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = context.new_page()
            page.goto(page_file.as_uri())
            images = page.eval_on_selector_all(
                "img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])"
            )
            assert len(images) == 3, "heatmap, network picture and standards matrix expected"
            assert all(done and w > 100 and h > 100 for done, w, h in images), images
            sections = ["coverage", "opportunities", "network", "standards", "biobanks"]
            for section in sections:
                rows = page.locator(f"#{section} table.gap-table tbody tr").count()
                assert rows > 0, f"section {section} has no table rows"
            first = page.locator("#opportunities table.gap-table tbody tr").first.inner_text()
            # The first reason's sentence, in the report's language, then the evidence paths.
            assert ("both" if lang == "en" else "都") in first, first
            assert "addressesPriority" in first
            if lang == "zh" and cjk_font():
                assert "中国" in page.content()
            page.screenshot(path=str(output_dir / f"report-{lang}.png"), full_page=True)
        finally:
            context.close()
    assert (output_dir / f"report-{lang}.png").stat().st_size > 10_000
