"""The worked examples of docs/querying.md as data, for tests/test_docs_querying.py (on the
store) and tests/api/test_guide.py (on the endpoint)."""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt

from ic2kg import paths

GUIDE = paths.DOCS_DIR / "querying.md"


@dataclass(frozen=True)
class Example:
    """One worked example: the heading above it, its query and the excerpt of its answer."""

    title: str
    sparql: str
    excerpt: tuple[str, ...]  # the header line (variables), then rows
    checked: bool


def examples(text: str) -> list[Example]:
    """The ``sparql`` fences of ``text``, each with the nearest h3 above it and the text fence
    that follows it."""
    tokens = MarkdownIt("commonmark").parse(text)
    found: list[Example] = []
    title = ""
    pending: tuple[str, str] | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h3":
            title = tokens[index + 1].content
        if token.type != "fence":
            continue
        info = token.info.split()
        if info[:1] == ["sparql"]:
            if pending is not None:
                found.append(Example(pending[0], pending[1], (), False))
            pending = (title, token.content)
        elif info[:1] == ["text"] and pending is not None:
            lines = tuple(line for line in token.content.splitlines() if line.strip())
            found.append(Example(pending[0], pending[1], lines, "checked" in info[1:]))
            pending = None
    if pending is not None:
        found.append(Example(pending[0], pending[1], (), False))
    return found


def guide_examples() -> list[Example]:
    """The examples of docs/querying.md."""
    return examples(GUIDE.read_text(encoding="utf-8"))
