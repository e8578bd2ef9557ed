"""A self-contained HTML gap report: heatmap, opportunities with explanations, the EU-China
network picture and the standards matrix, with images embedded as base64 PNG; in English or
Chinese (words in templates/report-strings.json), with the site navigation and contents."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape

from ic2kg.gaps import evidence
from ic2kg.gaps.biobanks import biobank_pairs
from ic2kg.gaps.coverage import coverage
from ic2kg.gaps.model import REPORT_TOP, CoverageReport, Lang, StandardsReport
from ic2kg.gaps.network import network_roles
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.picture import PICTURE_NODES, NetworkPicture, network_picture
from ic2kg.gaps.scope import Scope
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.standards import standards_report
from ic2kg.gaps.tables import (
    Table,
    biobank_tables,
    coverage_tables,
    network_tables,
    opportunity_tables,
    standards_tables,
)

Progress = Callable[[str], None]
SIDE_COLOURS = {"europe": "#1f5fbf", "china": "#d62728", None: "#8a8a8a"}


@dataclass(frozen=True)
class Figure:
    """A picture for the report: base64 PNG and a caption."""

    png: str
    caption: str


@dataclass(frozen=True)
class Section:
    """A report section: heading, optional text, figures and tables."""

    anchor: str
    heading: str
    tables: list[Table]
    figures: list[Figure] = field(default_factory=list)
    text: str = ""
    picture: NetworkPicture | None = None


@lru_cache(maxsize=2)
def strings(lang: Lang) -> dict[str, str]:
    """The report's words in ``lang`` (English fills any gap)."""
    text = resources.files("ic2kg.gaps").joinpath("templates/report-strings.json")
    table: dict[str, dict[str, str]] = json.loads(text.read_text(encoding="utf-8"))
    return {**table["en"], **table.get(lang, {})}


def cjk_font() -> str | None:
    """The family name of an installed CJK font registered with matplotlib, or None."""
    from matplotlib import font_manager

    if shutil.which("fc-list") is None:
        return None
    listing = subprocess.run(
        ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=False
    ).stdout
    files = sorted(line.split(":")[0].strip() for line in listing.splitlines() if line.strip())
    preferred = sorted(files, key=lambda f: ("Sans" not in f, "Regular" not in f, f))
    for path in preferred:
        try:
            font_manager.fontManager.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
        except (OSError, RuntimeError, ValueError):
            continue
    return None


def _figure_lang(lang: Lang) -> tuple[Lang, str | None]:
    """The language pictures can use: zh only when a CJK font exists."""
    if lang != "zh":
        return lang, None
    font = cjk_font()
    return ("zh", font) if font else ("en", None)


def _png(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def heatmap(report: CoverageReport, lang: Lang = "en") -> str:
    """Priorities x countries (and regions): funded programmes, calls and projects."""
    import matplotlib.pyplot as plt

    areas = [*report.countries, *report.regions]
    index = {(c.priority.iri, c.area.iri): c.funded for c in report.cells}
    values = [[index.get((p.iri, a.iri), 0) for a in areas] for p in report.priorities]
    width = max(6.0, 0.42 * len(areas) + 3)
    fig, ax = plt.subplots(figsize=(width, 0.6 * max(len(report.priorities), 1) + 2.5))
    image = ax.imshow(values or [[0]], cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(areas)), [a.label for a in areas], rotation=70, ha="right", fontsize=8)
    ax.set_yticks(range(len(report.priorities)), [p.label for p in report.priorities], fontsize=8)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=7,
                color="white" if value > max(max(map(max, values)), 1) / 2 else "#333",
            )
    if report.countries:
        ax.axvline(len(report.countries) - 0.5, color="#444", linewidth=1.2)
    fig.colorbar(image, ax=ax, shrink=0.7, label=strings(lang)["colour_scale"])
    return _png(fig)


def standards_matrix(snapshot: Snapshot, report: StandardsReport, lang: Lang) -> str:
    """Which party (country of the group, biobank) declares which standard family."""
    import matplotlib.pyplot as plt

    parties = [p.iri for p in report.parties]
    parties += [b for b in sorted(snapshot.biobanks) if evidence.declared_families(snapshot, b)]
    parties = list(dict.fromkeys(parties))
    families = sorted({f for p in parties for f in evidence.declared_families(snapshot, p)})
    values = [
        [1 if f in evidence.declared_families(snapshot, p) else 0 for f in families]
        for p in parties
    ]
    fig, ax = plt.subplots(
        figsize=(max(5.0, 0.5 * len(families) + 4), 0.4 * max(len(parties), 1) + 3)
    )
    ax.imshow(values or [[0]], cmap="Greens", vmin=0, vmax=1.4, aspect="auto")
    ax.set_xticks(
        range(len(families)),
        [snapshot.label(f, lang)[:30] for f in families],
        rotation=60,
        ha="right",
        fontsize=8,
    )
    ax.set_yticks(range(len(parties)), [snapshot.label(p, lang)[:40] for p in parties], fontsize=8)
    from matplotlib.patches import Patch

    words = strings(lang)
    ax.legend(
        handles=[
            Patch(facecolor="#3a9a50", label=words["declares"]),
            Patch(facecolor="#f7fcf5", edgecolor="#999", label=words["does_not"]),
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
    )
    return _png(fig)


def build_report(
    snapshot: Snapshot,
    *,
    lang: Lang = "en",
    top: int = REPORT_TOP,
    progress: Progress | None = None,
    scope: Scope = "pm",
    sibling: str | None = None,
) -> str:
    """The whole report as one HTML string (no external files, no server needed); its
    opportunities and network keep to personalised medicine unless ``scope`` is "all".

    ``sibling`` is the file name of the report in the other language, for a report saved as a
    file: its language link then opens that file and the site's pages are not linked. Without
    it (the served report) the link asks the server for ``?lang=`` of the other language.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    say = progress or (lambda _message: None)
    figure_lang, font = _figure_lang(lang)
    rc: dict[str, Any] = (
        {"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"]} if font else {}
    )
    with plt.rc_context(rc):  # type: ignore[arg-type]  # matplotlib types keys as Literal
        return _build(snapshot, lang, figure_lang, top, say, scope, sibling)


def _build(
    snapshot: Snapshot,
    lang: Lang,
    figure_lang: Lang,
    top: int,
    say: Progress,
    scope: Scope,
    sibling: str | None,
) -> str:
    words = strings(lang)
    note = "" if figure_lang == lang else words["no_font"]
    say("coverage")
    cover = coverage(snapshot, lang=lang)
    cover_fig = coverage(snapshot, lang=figure_lang) if figure_lang != lang else cover
    say("opportunities")
    opps = opportunities(snapshot, partner_kind="organisation", top=top, lang=lang, scope=scope)
    say("standards")
    stds = standards_report(snapshot, top=top, lang=lang)
    say("biobanks")
    banks = biobank_pairs(snapshot, top=top, lang=lang)
    say("network roles")
    roles = network_roles(snapshot, top=top, lang=lang, scope=scope)
    say("pictures")
    sections = [
        Section(
            "coverage",
            words["coverage"],
            coverage_tables(cover),
            [Figure(heatmap(cover_fig, figure_lang), words["coverage_caption"])],
            note,
        ),
        Section(
            "opportunities",
            words["opportunities"],
            opportunity_tables(opps),
            text=words["opportunities_text"],
        ),
        Section(
            "network",
            words["network"],
            network_tables(roles),
            text=words["broker_text"],
            picture=network_picture(snapshot, roles, lang, scope),
        ),
        Section(
            "standards",
            words["standards"],
            standards_tables(stds),
            [Figure(standards_matrix(snapshot, stds, figure_lang), words["standards_caption"])],
        ),
        Section("biobanks", words["biobanks"], biobank_tables(banks)),
    ]
    say("writing HTML")
    return render(
        words["title"],
        words["subtitle"].format(date=date.today().isoformat()),
        sections,
        lang,
        sibling,
    )


def render(
    title: str,
    subtitle: str,
    sections: list[Section],
    lang: Lang = "en",
    sibling: str | None = None,
) -> str:
    """Fill the report template (``sibling``: see :func:`build_report`)."""
    template_text = (
        resources.files("ic2kg.gaps").joinpath("templates/report.html").read_text(encoding="utf-8")
    )
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string(template_text)
    return template.render(
        title=title,
        subtitle=subtitle,
        sections=sections,
        lang=lang,
        t=strings(lang),
        tr=table_words(lang),
        tv=value_words(lang),
        other="en" if lang == "zh" else "zh",
        sibling=sibling,
        side_colours=SIDE_COLOURS,
        picture_nodes=PICTURE_NODES,
    )


def table_words(lang: Lang) -> Callable[[str], str]:
    """Translate a table title or column name into ``lang`` (templates/table-words.json):
    columns match whole, a title whole or by its beginning (the rest, e.g. a link, is kept)."""
    text = resources.files("ic2kg.gaps").joinpath("templates/table-words.json")
    words: dict[str, dict[str, str]] = json.loads(text.read_text(encoding="utf-8")).get(lang, {})
    columns, titles = words.get("columns", {}), words.get("titles", {})
    starts = sorted(titles, key=len, reverse=True)

    def translate(english: str) -> str:
        if english in columns:
            return columns[english]
        key = next((k for k in starts if english.startswith(k)), None)
        return english if key is None else titles[key] + english[len(key) :].lstrip()

    return translate


def value_words(lang: Lang) -> Callable[[str, str], str]:
    """Translate a cell of a word column (role, kind, side, yes/no: ``value_columns`` in
    templates/table-words.json) into ``lang``; other cells and unknown words are kept."""
    text = resources.files("ic2kg.gaps").joinpath("templates/table-words.json")
    table: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    columns = set(table["value_columns"])
    words: dict[str, str] = table.get(lang, {}).get("values", {})
    relations = property_labels(lang) if lang != "en" else {}

    def relation(match: re.Match[str]) -> str:
        return f"-{relations.get(match.group(1), match.group(1))}->"

    def translate(column: str, value: str) -> str:
        if column in columns:
            return words.get(value, value)
        # Evidence paths name each step's property (``-adoptsStandard->``): its label in lang.
        return _STEP.sub(relation, value) if relations and "->" in value else value

    return translate


_STEP = re.compile(r"-([A-Za-z][A-Za-z0-9_]*)->")


@lru_cache(maxsize=2)
def property_labels(lang: Lang) -> dict[str, str]:
    """The ontology's labels of its properties in ``lang``, by local name."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS

    from ic2kg import paths
    from ic2kg.namespaces import IC2KG

    ontology = Graph().parse(paths.ONTOLOGY_EDIT, format="turtle")
    found: dict[str, str] = {}
    for subject, label in ontology.subject_objects(RDFS.label):
        if (
            isinstance(subject, URIRef)
            and str(subject).startswith(str(IC2KG))
            and getattr(label, "language", None) == lang
        ):
            found[str(subject)[len(str(IC2KG)) :]] = str(label)
    return found


def tables_html(title: str, tables: list[Table], lang: Lang = "en") -> str:
    """One analysis's tables as a small HTML page (``--format html``)."""
    return render(
        title,
        "ic2kg gap analysis; scores explained in docs/gaps.md.",
        [Section("result", title, tables)],
        lang,
    )
