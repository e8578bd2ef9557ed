"""The HTML gap report (ic2kg.gaps.report) opened in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from ic2kg.gaps import load_snapshot
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.report import build_report, cjk_font, table_words
from ic2kg.store import EmbeddedStore


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_renders_in_chromium(
    curated_store: EmbeddedStore, output_dir: Path, tmp_path: Path, lang: str, chromium: str
) -> None:
    from playwright.sync_api import sync_playwright

    snapshot = load_snapshot(curated_store)
    html = build_report(snapshot, lang=lang, top=10)  # type: ignore[arg-type]
    ranked = opportunities(snapshot, partner_kind="organisation", top=10, lang=lang).opportunities  # type: ignore[arg-type]
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
            assert ranked[0].b.label in first and ranked[0].reasons[0].text in first, first
            # The evidence column: each shared priority with its paths (tested on a fixture in
            # test_gaps_opportunities.py), empty for pairs that share none.
            evidence = (
                page.locator("#opportunities table.gap-table")
                .first.locator("tbody tr td:last-child")
                .all_inner_texts()
            )
            assert [bool(e.strip()) for e in evidence] == [
                bool(o.shared_priorities) for o in ranked
            ]
            contents = page.locator("nav.contents a").evaluate_all(
                "els => els.map(e => e.getAttribute('href'))"
            )
            assert contents == [f"#{s}" for s in sections], "a contents list of the sections"
            assert page.locator("header.site a[href^='/explore']").count() == 1, "site navigation"
            heading = page.locator("h1").inner_text()
            assert ("报告" in heading) if lang == "zh" else ("report" in heading), heading
            if lang == "zh":
                assert "问题 14" in page.locator("#coverage h2").inner_text(), "headings in Chinese"
                header = page.locator("#opportunities table.gap-table thead").first.inner_text()
                assert "排名" in header and "rank" not in header, "column names in Chinese"
                assert page.locator("html").get_attribute("lang") == "zh-Hans"
            if lang == "zh" and cjk_font():
                assert "中国" in page.content()
            page.screenshot(path=str(output_dir / f"report-{lang}.png"), full_page=True)
        finally:
            context.close()
    assert (output_dir / f"report-{lang}.png").stat().st_size > 10_000


def test_network_picture_keeps_the_brokers_and_their_best_linked_neighbours() -> None:
    import networkx as nx

    from ic2kg.gaps import report

    # A hub broker with more neighbours than the picture holds, and a second broker.
    graph = nx.Graph()
    graph.add_edges_from(("hub", f"n{i:03}") for i in range(report.PICTURE_NODES + 50))
    graph.add_edges_from([("other", "n001"), ("other", "lonely"), ("n007", "x"), ("n007", "y")])
    kept = report._picture_nodes(graph, ["hub", "other", "not in the graph"])
    assert len(kept) == report.PICTURE_NODES
    assert {"hub", "other", "n001", "n007"} <= kept, "brokers and best-linked neighbours first"
    assert "x" not in kept, "two steps away from every broker"


def test_table_words_translate_columns_whole_and_titles_by_their_beginning() -> None:
    chinese = table_words("zh")
    assert chinese("rank") == "排名"
    title = "Collaboration opportunities (no joint programme, call or project yet; how they"
    scored = chinese(title + " are scored: docs/gaps.md)")
    assert scored == "合作机会（尚无联合计划、招标或项目；评分方法：docs/gaps.md)"
    assert chinese("ranking") == "ranking", "neither a column nor the start of a title"
    assert table_words("en")("rank") == "rank"


def test_every_report_table_has_chinese_words(gaps_store: EmbeddedStore) -> None:
    from ic2kg.gaps import tables
    from ic2kg.gaps.biobanks import biobank_pairs
    from ic2kg.gaps.coverage import coverage
    from ic2kg.gaps.network import network_roles
    from ic2kg.gaps.standards import standards_report

    snapshot = load_snapshot(gaps_store)
    every = [
        *tables.coverage_tables(coverage(snapshot)),
        *tables.opportunity_tables(opportunities(snapshot, scope="all")),
        *tables.standards_tables(standards_report(snapshot)),
        *tables.biobank_tables(biobank_pairs(snapshot)),
        *tables.network_tables(network_roles(snapshot, scope="all")),
    ]
    chinese = table_words("zh")
    untranslated = {w for t in every for w in (t.title, *t.columns) if chinese(w) == w}
    assert not untranslated
