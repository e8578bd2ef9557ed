"""The project's guides (docs/*.md) as web pages: /guide/querying is the how-to-query guide.

The Markdown is rendered with markdown-it-py (CommonMark and tables) with raw HTML off, once per
document and process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from api.pages import LangQuery, render
from api.problems import ApiProblem
from ic2kg import paths

router = APIRouter(tags=["web"])


@lru_cache(maxsize=1)
def _documents(folder: Path = paths.DOCS_DIR) -> dict[str, Path]:
    return {path.stem: path for path in sorted(folder.glob("*.md"))}


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading, so that links like ``#1-which-funders`` work on both.

    >>> slug("17. Names in Chinese, else in English")
    '17-names-in-chinese-else-in-english'
    """
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@lru_cache(maxsize=16)
def _rendered(path: Path) -> tuple[str, Markup]:
    """The document's first heading and its body as HTML, each heading with its anchor."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(path.read_text(encoding="utf-8"))
    title = next(
        (
            tokens[index + 1].content
            for index, token in enumerate(tokens)
            if token.type == "heading_open" and token.tag == "h1"
        ),
        path.stem,
    )
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", slug(tokens[index + 1].content))
    body = parser.renderer.render(tokens, parser.options, {})
    return title, Markup(body)  # noqa: S704 - markdown-it escapes text; raw HTML is off


@router.get("/guide/{name}", response_class=HTMLResponse, name="web_guide", include_in_schema=False)
def guide(request: Request, name: str, lang: LangQuery = "en") -> HTMLResponse:
    """A guide of docs/ (``querying``, ``gaps``, ``relevance``, ...; a trailing ``.md`` is
    accepted, so links between the documents work as they are written)."""
    documents = _documents()
    path = documents.get(name.removesuffix(".md"))
    if path is None:
        raise ApiProblem(
            404,
            "Unknown guide",
            f"no guide '{name}'",
            hint=f"the guides are {', '.join(f'/guide/{stem}' for stem in documents)}",
        )
    title, body = _rendered(path)
    return render(request, "guide.html", lang, title=title, body=body, source=f"docs/{path.name}")
