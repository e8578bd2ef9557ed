"""Command line of the collaboration-gap analyses (competency questions 13-17).

    ic2kg gaps coverage      [--country DE]                     priority x country/region counts
    ic2kg gaps opportunities [--country DE | --funder IRI | --organisation IRI] [--partners KIND]
                             [--role ROLE] [--priority IRI] [--as-of YEAR]
    ic2kg gaps evaluate      [--cutoff 2018 --cutoff 2019 ...] [--k 100] [--replicates N]
    ic2kg gaps model         [--write | --check]                  the learned pair model
    ic2kg gaps standards     [--country DE ... | --organisation IRI ...]
    ic2kg gaps biobanks      [--country DE | --organisation BIOBANK-IRI]
    ic2kg gaps network       [--focus IRI | --focus DE]            brokers, or one neighbourhood
    ic2kg gaps relevance     [--write | --check]                 health and PM class of activities
    ic2kg gaps profile       --organisation IRI                  an organisation's PM profile
    ic2kg report [--output FILE]                                 self-contained HTML report

Every gaps command takes --format table|csv|json|html, --lang en|zh, --top N and --endpoint URL.
Scores and weights: docs/gaps.md.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import click

from ic2kg.cli.common import (
    ENDPOINT_OPTION,
    LANG_OPTION,
    STORE_PATH_OPTION,
    console,
    out,
    reports_errors,
    settings_for,
)
from ic2kg.errors import BadParameter
from ic2kg.gaps.model import REPORT_TOP, ROLES, Lang, PartyKind, Role
from ic2kg.gaps.scope import SCOPES, Scope

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "html"]),
    default="table",
    show_default=True,
    help="Output format.",
)
TOP_OPTION = click.option(
    "--top", type=click.IntRange(min=1), default=None, help="Keep the first N rows."
)
COUNTRY_OPTION = click.option(
    "--country", "countries", multiple=True, help="ISO 3166-1 alpha-2 code, e.g. DE."
)
FUNDER_OPTION = click.option(
    "--funder", "funders", multiple=True, help="IRI of a funding organisation."
)
ORGANISATION_OPTION = click.option(
    "--organisation", "organisations", multiple=True, help="IRI of an organisation (or biobank)."
)

SCOPE_OPTION = click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default="pm",
    show_default=True,
    help="pm: organisations with personalised-medicine activity or capacity (docs/gaps.md); "
    "all: every research field.",
)


@dataclass(frozen=True)
class Common:
    """The options every gaps command shares: output format, language, rows, graph to read."""

    fmt: str
    lang: Lang
    top: int | None
    endpoint: str | None
    store_path: Path | None

    def snapshot(self) -> Any:
        """The gap-analysis snapshot of the chosen graph."""
        from ic2kg.build import open_store
        from ic2kg.gaps import load_snapshot

        return load_snapshot(open_store(settings_for(self.endpoint, self.store_path)))

    def emit(self, report: Any, tables: list[Any], title: str) -> None:
        """Print ``report`` in the chosen format."""
        from ic2kg.gaps.report import tables_html
        from ic2kg.gaps.tables import to_csv

        if self.fmt == "json":
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        elif self.fmt == "csv":
            click.echo(to_csv(tables), nl=False)
        elif self.fmt == "html":
            click.echo(tables_html(title, tables, self.lang))
        else:
            from rich.table import Table as RichTable

            for table in tables:
                rich_table = RichTable(title=table.title, show_lines=False)
                for column in table.columns:
                    rich_table.add_column(column, overflow="fold")
                for row in table.rows:
                    rich_table.add_row(*row)
                out.print(rich_table)


def common(func: Callable[..., None]) -> Callable[..., None]:
    """Add the shared options; the command receives them as one ``Common`` first argument."""

    @functools.wraps(func)
    def command(
        fmt: str,
        lang: str,
        top: int | None,
        endpoint: str | None,
        store_path: Path | None,
        **rest: Any,
    ) -> None:
        func(Common(fmt, cast(Lang, lang), top, endpoint, store_path), **rest)

    for option in (FORMAT_OPTION, LANG_OPTION, TOP_OPTION, ENDPOINT_OPTION, STORE_PATH_OPTION):
        command = option(command)
    return command


@click.group()
def gaps() -> None:
    """Collaboration-gap analyses: coverage, opportunities, standards, biobanks, network."""


@gaps.command("coverage")
@common
@COUNTRY_OPTION
@reports_errors
def coverage_command(
    run: Common,
    countries: tuple[str, ...],
) -> None:
    """Programmes, calls, projects and policies per Action Plan priority x country and region."""
    from dataclasses import replace

    from ic2kg.gaps.coverage import coverage
    from ic2kg.gaps.tables import coverage_tables

    if len(countries) > 1:
        raise BadParameter("country", "coverage takes at most one --country")
    snapshot = run.snapshot()
    country = snapshot.country_by_code(countries[0]) if countries else None
    report = coverage(snapshot, country=country, lang=run.lang)
    if run.top:
        top = run.top
        report = replace(report, cells=report.cells[:top], uncovered=report.uncovered[:top])
    run.emit(report, coverage_tables(report), "Action Plan priority coverage")


@gaps.command("opportunities")
@common
@COUNTRY_OPTION
@FUNDER_OPTION
@ORGANISATION_OPTION
@click.option(
    "--partners",
    type=click.Choice(["country", "funder", "organisation"]),
    default="organisation",
    show_default=True,
    help="Kind of partner to rank (and, without a focus, of both sides).",
)
@click.option(
    "--role", type=click.Choice(ROLES), default=None, help="Keep only partners of this role."
)
@click.option(
    "--priority",
    default=None,
    metavar="IRI",
    help="Keep only pairs that share this Action Plan priority or goal.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.IntRange(min=1900),
    default=None,
    help="Rank on the graph as it stood at the end of this year.",
)
@SCOPE_OPTION
@reports_errors
def opportunities_command(
    run: Common,
    countries: tuple[str, ...],
    funders: tuple[str, ...],
    organisations: tuple[str, ...],
    partners: str,
    role: str | None,
    priority: str | None,
    as_of: int | None,
    scope: str,
) -> None:
    """EU-China partners that can act together and have no joint programme, call or project."""
    from ic2kg.gaps.opportunities import opportunities
    from ic2kg.gaps.tables import opportunity_tables

    snapshot = run.snapshot()
    chosen = snapshot.focus(countries, funders, organisations)
    if as_of is not None:
        snapshot = snapshot.as_of(as_of)
    report = opportunities(
        snapshot,
        focus=chosen[0] if chosen else None,
        partner_kind=cast(PartyKind, partners),
        role=cast(Role | None, role),
        priority=priority,
        top=run.top,
        lang=run.lang,
        scope=cast(Scope, scope),
    )
    run.emit(report, opportunity_tables(report), "Collaboration opportunities")


@gaps.command("standards")
@common
@COUNTRY_OPTION
@FUNDER_OPTION
@ORGANISATION_OPTION
@reports_errors
def standards_command(
    run: Common,
    countries: tuple[str, ...],
    funders: tuple[str, ...],
    organisations: tuple[str, ...],
) -> None:
    """Standards one party declares and another lacks; adoptions that link most new pairs."""
    from ic2kg.gaps.standards import standards_report
    from ic2kg.gaps.tables import standards_tables

    snapshot = run.snapshot()
    chosen = snapshot.focus(countries, funders, organisations, at_most_one=False)
    report = standards_report(snapshot, chosen or None, top=run.top or 10, lang=run.lang)
    run.emit(report, standards_tables(report), "Standards gaps")


@gaps.command("biobanks")
@common
@COUNTRY_OPTION
@ORGANISATION_OPTION
@reports_errors
def biobanks_command(
    run: Common,
    countries: tuple[str, ...],
    organisations: tuple[str, ...],
) -> None:
    """European-Chinese biobank pairs: complementarity and the standards to adopt first."""
    from ic2kg.gaps.biobanks import biobank_pairs
    from ic2kg.gaps.tables import biobank_tables

    if len(countries) > 1 or len(organisations) > 1:
        raise BadParameter("biobank", "give at most one --country and one --organisation")
    snapshot = run.snapshot()
    report = biobank_pairs(
        snapshot,
        biobank=organisations[0] if organisations else None,
        country=snapshot.country_by_code(countries[0]) if countries else None,
        top=run.top,
        lang=run.lang,
    )
    run.emit(report, biobank_tables(report), "Biobank pairs")


@gaps.command("network")
@common
@click.option(
    "--focus",
    default=None,
    help="IRI of an organisation or ISO code of a country: its neighbourhood.",
)
@click.option("--hops", type=click.IntRange(1, 3), default=2, show_default=True)
@SCOPE_OPTION
@reports_errors
def network_command(run: Common, focus: str | None, hops: int, scope: str) -> None:
    """Brokers between European and Chinese stakeholders, communities, isolated stakeholders;
    with --focus, the focus' neighbourhood in the collaboration graph."""
    from ic2kg.gaps.network import network_roles
    from ic2kg.gaps.tables import neighbourhood_tables, network_tables

    snapshot = run.snapshot()
    if focus is not None:
        from ic2kg.gaps.neighbourhood import neighbourhood

        iri = snapshot.country_by_code(focus) if len(focus) == 2 else focus
        near = neighbourhood(snapshot, iri, hops=hops, limit=run.top or 60, lang=run.lang)
        run.emit(near, neighbourhood_tables(near), "Neighbourhood")
        return
    report = network_roles(snapshot, top=run.top or 10, lang=run.lang, scope=cast(Scope, scope))
    run.emit(report, network_tables(report), "Network roles")


@gaps.command("relevance")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--write", is_flag=True, help="Regenerate graph/derived/relevance.ttl.")
@click.option("--check", is_flag=True, help="Exit 1 if graph/derived/relevance.ttl is stale.")
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def relevance_command(
    fmt: str, write: bool, check: bool, endpoint: str | None, store_path: Path | None
) -> None:
    """Every programme, call, project and policy: human-health research or not, personalised
    medicine or not, score, Action Plan priorities and the PM-scheme terms found in its own
    text (the PM lens, docs/relevance.md). A curator's statement wins over the method's."""
    from ic2kg import paths
    from ic2kg.build import open_store
    from ic2kg.gaps.tables import Table, to_csv
    from ic2kg.relevance.derived import as_dicts, relevance, render

    store = open_store(settings_for(endpoint, store_path))
    if write or check:
        text = render(store)
        current = (
            paths.RELEVANCE_TTL.read_text(encoding="utf-8") if paths.RELEVANCE_TTL.exists() else ""
        )
        if check:
            if current != text:
                console.print(f"{paths.RELEVANCE_TTL} is stale: run `ic2kg gaps relevance --write`")
                sys.exit(1)
            out.print(f"{paths.RELEVANCE_TTL} is up to date")
            return
        paths.RELEVANCE_TTL.parent.mkdir(parents=True, exist_ok=True)
        paths.RELEVANCE_TTL.write_text(text, encoding="utf-8")
        console.print(f"wrote {paths.RELEVANCE_TTL}")
        return
    rows = as_dicts(relevance(store))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    columns = ("iri", "label", "kind", "health", "pm", "score", "priorities", "terms", "decided_by")
    table = Table(
        "Health and personalised-medicine relevance of every activity",
        columns,
        tuple(
            tuple(
                " ".join(map(str, v))
                if isinstance(v := row[c], list)
                else str(v).lower()
                if isinstance(v, bool)
                else str(v)
                for c in columns
            )
            for row in rows
        ),
    )
    if fmt == "csv":
        click.echo(to_csv([table]), nl=False)
        return
    from rich.table import Table as RichTable

    shown = RichTable(title=table.title)
    for column in ("label", "kind", "health", "pm", "score", "priorities"):
        shown.add_column(column, overflow="fold")
    for row in rows:
        shown.add_row(
            str(row["label"]),
            str(row["kind"]),
            "yes" if row["health"] else "no",
            "yes" if row["pm"] else "no",
            f"{row['score']:.2f}",
            " ".join(str(p).rsplit("/", 1)[-1] for p in cast(list[str], row["priorities"])),
        )
    out.print(shown)


@gaps.command("profile")
@click.option("--organisation", required=True, help="IRI of an organisation.")
@LANG_OPTION
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def profile_command(
    organisation: str, lang: str, endpoint: str | None, store_path: Path | None
) -> None:
    """An organisation's personalised-medicine profile as JSON: its PM and health activities,
    its capacity, priorities and topics, and whether the PM views include it."""
    from ic2kg.build import open_store
    from ic2kg.gaps import load_snapshot
    from ic2kg.gaps.scope import profile_report

    snapshot = load_snapshot(open_store(settings_for(endpoint, store_path)))
    report = profile_report(snapshot, organisation, cast(Lang, lang))
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))


@gaps.command("evaluate")
@click.option(
    "--cutoff",
    "cutoffs",
    type=click.IntRange(min=1900),
    multiple=True,
    default=(2018, 2019, 2020, 2021),
    show_default=True,
    help="Cut-off year (repeat); those after --choosing are judged and pooled.",
)
@click.option(
    "--k",
    "ks",
    type=click.IntRange(min=1),
    multiple=True,
    default=(20, 50, 100),
    show_default=True,
    help="Precision at these list lengths (repeat); recall at the largest.",
)
@click.option(
    "--choosing",
    type=click.IntRange(min=1900),
    default=2018,
    show_default=True,
    help="The cut-off the model's settings were chosen on (not pooled).",
)
@click.option(
    "--replicates",
    type=click.IntRange(min=10),
    default=1000,
    show_default=True,
    help="Bootstrap replicates over projects.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def evaluate_command(
    cutoffs: tuple[int, ...],
    ks: tuple[int, ...],
    choosing: int,
    replicates: int,
    fmt: str,
    endpoint: str | None,
    store_path: Path | None,
) -> None:
    """Backtest: the learned ranking as of each cut-off against the EU-China pairs that first
    worked together in a project starting later, next to random, preferential attachment,
    common neighbours, Adamic-Adar, resource allocation and Katz, each capped and uncapped
    (precision@k, recall, average precision with 95% bootstrap intervals; pooled; PM scope)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from ic2kg.build import open_store
    from ic2kg.gaps import load_snapshot
    from ic2kg.gaps.evaluate import evaluate, markdown

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console) as progress:
        task = progress.add_task("reading the graph", total=None)
        snapshot = load_snapshot(open_store(settings_for(endpoint, store_path)))
        result = evaluate(
            snapshot,
            cutoffs,
            ks=ks,
            choosing=choosing,
            replicates=replicates,
            progress=lambda message: progress.update(task, description=message),
        )
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(markdown(result), nl=False)


@gaps.command("model")
@click.option("--write", is_flag=True, help="Regenerate the stored model.")
@click.option("--check", is_flag=True, help="Exit 1 when the stored model is stale.")
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def model_command(write: bool, check: bool, endpoint: str | None, store_path: Path | None) -> None:
    """The learned pair model (graph/derived/pair-model.json): fitted on every training window
    of the record, printed as JSON; --write stores it, --check compares it with the stored one."""
    from ic2kg import paths
    from ic2kg.build import open_store
    from ic2kg.gaps import load_snapshot
    from ic2kg.gaps.learn import fit_current

    snapshot = load_snapshot(open_store(settings_for(endpoint, store_path)))
    text = fit_current(snapshot).to_json()
    if write:
        paths.PAIR_MODEL.write_text(text, encoding="utf-8")
        console.print(f"wrote {paths.PAIR_MODEL}")
    elif check:
        stored = paths.PAIR_MODEL.read_text(encoding="utf-8") if paths.PAIR_MODEL.exists() else ""
        if stored != text:
            console.print(f"{paths.PAIR_MODEL} is stale: run ic2kg gaps model --write")
            sys.exit(1)
        console.print(f"{paths.PAIR_MODEL} is up to date")
    else:
        click.echo(text, nl=False)


@click.command("report")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("ic2kg-gap-report.html"),
    show_default=True,
    help="HTML file to write; the other language goes beside it (FILE.zh.html or FILE.en.html).",
)
@LANG_OPTION
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=REPORT_TOP,
    show_default=True,
    help="Rows per table.",
)
@SCOPE_OPTION
@ENDPOINT_OPTION
@STORE_PATH_OPTION
@reports_errors
def report(
    output: Path, lang: str, top: int, scope: str, endpoint: str | None, store_path: Path | None
) -> None:
    """Write the self-contained HTML gap report (pictures embedded, opens without a server)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from ic2kg.build import open_store
    from ic2kg.gaps import load_snapshot
    from ic2kg.gaps.report import build_report

    if output.parent and not output.parent.exists():
        raise BadParameter("output", f"folder {output.parent} does not exist")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), console=console) as progress:
        task = progress.add_task("building the graph", total=None)

        def step(message: str) -> None:
            progress.update(task, description=message)

        store = open_store(settings_for(endpoint, store_path), progress=step)
        step("reading the graph")
        snapshot = load_snapshot(store)
        other: Lang = "en" if lang == "zh" else "zh"
        files = {cast(Lang, lang): output, other: sibling_file(output, other)}
        # Both languages, each linking to the other's file: the pair works without a server.
        pages = {
            language: build_report(
                snapshot,
                lang=language,
                top=top,
                progress=step,
                scope=cast(Scope, scope),
                sibling=files["en" if language == "zh" else "zh"].name,
            )
            for language in files
        }
    for language, html in pages.items():
        files[language].write_text(html, encoding="utf-8")
        console.print(f"wrote {files[language]} ({len(html) // 1024} KiB)")
    sys.exit(0)


def sibling_file(output: Path, lang: Lang) -> Path:
    """The file beside ``output`` for the report in ``lang``: ``report.zh.html`` for
    ``report.html`` or ``report.en.html``."""
    stem = output.stem
    for known in ("en", "zh"):
        if stem.endswith(f".{known}"):
            stem = stem[: -len(known) - 1]
    return output.with_name(f"{stem}.{lang}{output.suffix or '.html'}")
