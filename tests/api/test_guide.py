"""The guides of docs/ as web pages (api/routes/guide.py): /guide/querying renders
docs/querying.md with its examples, links between the documents work, unknown names are 404."""

from __future__ import annotations

import re
from pathlib import Path

from api_servers import RunningServer
from guide_examples import guide_examples

from api.routes.guide import _rendered, slug
from ic2kg import paths

BROWSER = {"Accept": "text/html"}


def test_querying_guide_is_served_with_every_example(fixture_server: RunningServer) -> None:
    text = (paths.DOCS_DIR / "querying.md").read_text(encoding="utf-8")
    with fixture_server.client() as client:
        response = client.get("/guide/querying", headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<h1 id="how-to-query-ic2kg">How to query ic2kg</h1>' in page
    assert "<title>How to query ic2kg" in page
    served = page.count('<code class="language-sparql">')
    assert served == text.count("```sparql") and served >= 15
    assert "<table>" in page, "Markdown tables are rendered"
    assert "kg:region-china" in page
    assert '<h3 id="1-which-funding-organisations-are-based-in-china">' in page, "anchors"
    assert 'href="/guide/querying?lang=en" aria-current="page"' in page, "the site navigation"


def test_guide_names_with_md_resolve_and_raw_html_is_escaped(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        plain = client.get("/guide/querying", headers=BROWSER).text
        with_suffix = client.get("/guide/querying.md", headers=BROWSER).text
        chinese = client.get("/guide/querying", params={"lang": "zh"}, headers=BROWSER).text
    assert plain == with_suffix
    assert "查询指南" in chinese, "the interface follows ?lang"


def test_raw_html_in_a_document_is_shown_as_text(tmp_path: Path) -> None:
    document = tmp_path / "x.md"
    document.write_text("# Title <b>\n\n<script>alert(1)</script>\n\n| a |\n|---|\n| 1 |\n")
    title, body = _rendered(document)
    assert title == "Title <b>"
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert "<td>1</td>" in body


def test_every_document_of_docs_is_a_guide(fixture_server: RunningServer) -> None:
    stems = sorted(path.stem for path in paths.DOCS_DIR.glob("*.md"))
    with fixture_server.client() as client:
        statuses = {
            stem: client.get(f"/guide/{stem}", headers=BROWSER).status_code for stem in stems
        }
    assert statuses and set(statuses.values()) == {200}, statuses


def test_unknown_guides_are_not_found(fixture_server: RunningServer) -> None:
    with fixture_server.client() as client:
        unknown = client.get("/guide/nothing-here")
        outside = client.get("/guide/..%2FREADME")
        browser = client.get("/guide/nothing-here", headers=BROWSER)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert "/guide/querying" in unknown.json()["hint"]
    assert outside.status_code == 404
    assert browser.status_code == 404 and "text/html" in browser.headers["content-type"]


def test_links_within_the_guides_point_at_their_headings() -> None:
    for path in sorted(paths.DOCS_DIR.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        anchors = {slug(heading) for heading in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}
        targets = set(re.findall(r"\]\(#([^)]+)\)", text))
        assert targets <= anchors, f"{path.name}: links to no heading: {targets - anchors}"


def test_guide_examples_run_on_the_endpoint_as_written(curated_server: RunningServer) -> None:
    """What the guide says of /sparql: no PREFIX lines needed, and every example has rows."""
    found = guide_examples()
    empty = []
    with curated_server.client() as client:
        for example in found:
            response = client.post(
                "/sparql",
                data={"query": example.sparql},
                headers={"Accept": "application/sparql-results+json"},
            )
            assert response.status_code == 200, f"{example.title}: {response.text[:300]}"
            if not response.json()["results"]["bindings"]:
                empty.append(example.title)
    assert len(found) >= 15 and not empty, f"examples without rows on /sparql: {empty}"
