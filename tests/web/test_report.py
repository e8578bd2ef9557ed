"""The gap report as a saved pair of files (English and Chinese, ``ic2kg report``) opened from disk
in Chromium: the network picture names every node without overlaps, every opportunity row links its
evidence, the navigation and language links work without a server, the Chinese file has no
English words in its word columns, and the report prints to a PDF (issue 28, items 4 and 5).

Both files are built once for the module from the curated graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_pages import offline_page

from ic2kg.gaps import load_snapshot
from ic2kg.gaps.model import REPORT_TOP
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.report import build_report, table_words
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.store import EmbeddedStore

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SECTIONS = ["coverage", "opportunities", "network", "standards", "biobanks"]
# The columns whose cells are words of the report's vocabulary (role, kind, side, yes/no).
WORD_COLUMNS = ("role", "kind", "area kind", "missing in", "ready", "reason")


@pytest.fixture(scope="module")
def snapshot(curated_store: EmbeddedStore) -> Snapshot:
    """The curated graph's snapshot, whose analyses the report and the tests share (memoised)."""
    return load_snapshot(curated_store)


@pytest.fixture(scope="module")
def report_files(snapshot: Snapshot, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """report.en.html and report.zh.html of the curated graph, each linking to the other."""
    folder = tmp_path_factory.mktemp("report")
    files = {"en": folder / "report.en.html", "zh": folder / "report.zh.html"}
    for lang, other in (("en", "zh"), ("zh", "en")):
        html = build_report(snapshot, lang=lang, sibling=files[other].name)  # type: ignore[arg-type]
        files[lang].write_text(html, encoding="utf-8")
    return files


@pytest.fixture()
def file_page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context that fails the test on a script error or on any request that
    is not the report's own file or an embedded picture (the saved report works offline)."""
    with offline_page(
        browser, ("file://", "data:"), "the report asked for other files or hosts"
    ) as page:
        yield page


def _overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    """Pairs of boxes (x, y, width, height) whose areas intersect."""
    found = []
    for i, (x1, y1, w1, h1) in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            x2, y2, w2, h2 = boxes[j]
            if x1 < x2 + w2 and x2 < x1 + w1 and y1 < y2 + h2 and y2 < y1 + h1:
                found.append((i, j))
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_network_picture_names_every_node_without_overlaps(
    file_page: Page, report_files: dict[str, Path], output_dir: Path, lang: str
) -> None:
    file_page.goto(report_files[lang].as_uri())
    picture = file_page.locator("#network figure.network")
    numbers = picture.locator("svg g.node text").all_text_contents()
    listed = picture.locator("ol.picture-list li")
    assert len(numbers) >= 20, "the brokers and their neighbours"
    assert sorted(map(int, numbers)) == list(range(1, len(numbers) + 1))
    assert listed.count() == len(numbers), "every number is named in the list"
    values = listed.evaluate_all("els => els.map(e => e.value)")
    assert values == list(range(1, len(numbers) + 1))
    names = listed.evaluate_all("els => els.map(e => e.firstElementChild.nextSibling.textContent)")
    assert all(name.strip() for name in names), "no node without a name"
    chinese = picture.locator("ol.picture-list li[data-side='china']")
    assert (
        chinese.count() >= 1
        and chinese.count() == picture.locator("svg g.node[data-side='china']").count()
    ), "the Chinese nodes are named too"
    # The numbers (boxes) and the circles they sit in (centres and radii): none covers another.
    boxes = picture.locator("svg g.node text").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height]; })"
    )
    assert all(w > 0 and h > 0 for _, _, w, h in boxes), "drawn"
    assert not _overlapping(boxes), f"numbers overlap: {_overlapping(boxes)[:5]}"
    circles = picture.locator("svg g.node circle").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2, r.width / 2]; })"
    )
    touching = [
        (i, j)
        for i, (x1, y1, r1) in enumerate(circles)
        for j, (x2, y2, r2) in enumerate(circles[i + 1 :], start=i + 1)
        if ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 < r1 + r2
    ]
    assert not touching, f"circles overlap: {touching[:5]}"
    brokers = picture.locator("svg circle.broker").count()
    assert (
        brokers == file_page.locator("#network table.gap-table").first.locator("tbody tr").count()
    )
    explained = file_page.locator("#network > p").first.inner_text()
    assert ("中介者是" in explained) if lang == "zh" else ("A broker is" in explained), explained
    file_page.locator("#network").screenshot(path=str(output_dir / f"network-{lang}.png"))


def test_every_opportunity_row_links_its_evidence(
    file_page: Page, report_files: dict[str, Path], snapshot: Snapshot, output_dir: Path
) -> None:
    file_page.goto(report_files["en"].as_uri())
    ranked = opportunities(snapshot, partner_kind="organisation", top=REPORT_TOP).opportunities
    rows = file_page.locator("#opportunities table.gap-table").first.locator("tbody tr")
    assert rows.count() == len(ranked) > 0
    first = rows.first.inner_text()
    assert ranked[0].b.label in first and ranked[0].reasons[0].text in first, first
    for i, opportunity in enumerate(ranked):
        links = (
            rows.nth(i)
            .locator("td.evidence a")
            .evaluate_all("els => els.map(e => e.getAttribute('href'))")
        )
        cited = [s.url for r in opportunity.reasons for s in r.sources]
        assert links and all(link.startswith("http") for link in links), (i, links)
        assert set(cited) <= set(links), f"row {i + 1} leaves out a source of its reasons"
    images = file_page.eval_on_selector_all(
        "img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight])"
    )
    assert len(images) == 2, "heatmap and standards matrix (the network is drawn in SVG)"
    assert all(done and w > 100 and h > 100 for done, w, h in images), images
    for section in SECTIONS:
        assert file_page.locator(f"#{section} table.gap-table tbody tr").count() > 0, section
    rows.first.screenshot(path=str(output_dir / "opportunity-row.png"))


def test_saved_report_navigates_by_anchors_and_opens_the_other_language(
    file_page: Page, report_files: dict[str, Path], output_dir: Path
) -> None:
    file_page.goto(report_files["en"].as_uri())
    header = file_page.locator("header.site")
    targets = header.locator("a:not(.lang)").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert targets == ["#top", *(f"#{s}" for s in SECTIONS)], "in-page anchors only"
    header.get_by_role("link", name=re.compile("^EU-China collaboration")).click()
    file_page.wait_for_url(re.compile(r"report\.en\.html#opportunities$"))
    top = file_page.locator("#opportunities").evaluate("e => e.getBoundingClientRect().top")
    assert abs(top) < 5, f"the section is scrolled to the top of the window ({top})"
    file_page.locator("#opportunities p.back a").click()
    file_page.wait_for_url(re.compile(r"#top$"))

    file_page.locator("header.site a.lang").click()
    file_page.wait_for_url(re.compile(r"report\.zh\.html$"))
    assert file_page.locator("html").get_attribute("lang") == "zh-Hans"
    assert "报告" in file_page.locator("h1").inner_text()
    file_page.locator("header.site a[href='#network']").click()
    file_page.wait_for_url(re.compile(r"report\.zh\.html#network$"))
    file_page.screenshot(path=str(output_dir / "report-zh-network-anchor.png"))
    file_page.locator("header.site a.lang").click()
    file_page.wait_for_url(re.compile(r"report\.en\.html$"))


def test_chinese_report_has_no_english_words_in_headings_and_word_columns(
    file_page: Page, report_files: dict[str, Path], output_dir: Path
) -> None:
    file_page.goto(report_files["zh"].as_uri())
    chinese = table_words("zh")
    headers = file_page.locator("th").all_inner_texts()
    assert headers and not [h for h in headers if re.search("[A-Za-z]", h)], "column names"
    words = {chinese(c) for c in WORD_COLUMNS}
    cells = file_page.locator("table.gap-table").evaluate_all(
        """(tables, words) => tables.flatMap(t => {
            const names = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim());
            return [...t.querySelectorAll('tbody tr')].flatMap(tr => [...tr.children]
                .filter((td, i) => words.includes(names[i])).map(td => td.textContent.trim()));
        })""",
        sorted(words),
    )
    assert len(cells) > 100, "role, kind, area kind and reason cells of every table"
    english = sorted({c for c in cells if re.search("[A-Za-z]", c)})
    assert not english, f"English in Chinese word columns: {english[:10]}"
    steps = file_page.locator("td").evaluate_all(
        "tds => tds.map(td => td.textContent).filter(text => /-[A-Za-z]+->/.test(text))"
    )
    assert not steps, f"evidence steps named in English: {steps[:3]}"
    kinds = file_page.locator("ol.picture-list .kind").all_inner_texts()
    assert kinds and not [k for k in kinds if re.search("[A-Za-z]", k)], "the picture's list"
    headings = file_page.locator(
        "h1, h2, summary h3, figcaption, header.site a:not(.lang)"
    ).all_inner_texts()
    # Names kept as they are: the project, the Louvain method and the path of a document.
    kept = r"ic2kg|Louvain|\S*/\S*"
    latin = [h for h in headings if re.search(r"[A-Za-z]{3,}", re.sub(kept, "", h))]
    assert not latin, latin
    file_page.locator("#coverage").screenshot(path=str(output_dir / "report-zh-coverage.png"))


def test_report_prints_to_a_pdf_with_every_table_open(
    file_page: Page, report_files: dict[str, Path], output_dir: Path
) -> None:
    file_page.goto(report_files["en"].as_uri())
    folded = file_page.locator("#opportunities details.table:not([open]) table").first
    assert not folded.is_visible(), "on screen the second table of a section is folded"
    file_page.emulate_media(media="print")
    assert not file_page.locator("header.site").is_visible(), "no navigation on paper"
    assert not file_page.locator("nav.contents").is_visible()
    assert folded.is_visible(), "printed, every table is open"
    box = file_page.locator("#coverage .table-box").first
    assert box.evaluate("e => getComputedStyle(e).overflow") == "visible", "tables not cut"
    assert box.evaluate("e => e.scrollHeight <= e.clientHeight + 1")
    link = file_page.locator("#opportunities td.evidence a").first
    href = link.get_attribute("href") or ""
    assert link.inner_text() and link.inner_text() in href, "printed links show their address"
    # Playwright's page.pdf is Chrome DevTools' Page.printToPDF.
    pdf = file_page.pdf(format="A4", print_background=True)
    (output_dir / "report-en.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and len(pdf) > 200_000, len(pdf)
    assert pages >= 10, f"{pages} pages: every section and table printed"
    file_page.screenshot(path=str(output_dir / "report-en-print.png"))
