"""Gap reports as plain tables (title, columns, rows of text) for table, CSV and HTML output."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ic2kg.gaps.model import (
    BiobankReport,
    CoverageReport,
    EvidencePath,
    Neighbourhood,
    NetworkReport,
    Opportunity,
    OpportunityReport,
    StandardsReport,
)


@dataclass(frozen=True)
class Link:
    """A document a row cites: the address and the text shown for it."""

    url: str
    text: str


@dataclass(frozen=True)
class Table:
    """One titled table of strings; ``links`` (empty, or one tuple per row) are the documents
    each row cites, shown as links in its last column (HTML) or a last "sources" column (CSV)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    links: tuple[tuple[Link, ...], ...] = ()


def _paths(paths: tuple[EvidencePath, ...]) -> str:
    return " | ".join(p.text() for p in paths)


def coverage_tables(report: CoverageReport) -> list[Table]:
    """The priority x area counts and the uncovered priorities."""
    cells = tuple(
        (
            c.priority.label,
            c.area.label,
            c.area_kind,
            str(c.programmes),
            str(c.calls),
            str(c.projects),
            str(c.policies),
        )
        for c in report.cells
    )
    uncovered = tuple(
        (
            u.priority.label,
            u.missing_in,
            str(u.europe_activities),
            str(u.china_activities),
            str(u.policies_europe),
            str(u.policies_china),
        )
        for u in report.uncovered
    )
    return [
        Table(
            "Uncovered priority x region cells (no funded programme, call or project)",
            (
                "priority",
                "missing in",
                "europe funded",
                "china funded",
                "europe policies",
                "china policies",
            ),
            uncovered,
        ),
        Table(
            "Coverage: activities addressing each priority",
            ("priority", "area", "area kind", "programmes", "calls", "projects", "policies"),
            cells,
        ),
    ]


def opportunity_tables(report: OpportunityReport) -> list[Table]:
    """Ranked opportunities with their explanation, and the excluded pairs."""
    rows = []
    links = []
    for o in report.opportunities:
        shared: list[tuple[str, tuple[EvidencePath, ...], tuple[EvidencePath, ...]]] = [
            (s.priority.label, s.paths_a, s.paths_b) for s in o.shared_priorities
        ]
        shared += [(s.target.label, s.paths_a, s.paths_b) for s in o.shared_standards]
        shared += [(s.target.label, s.paths_a, s.paths_b) for s in o.shared_networks]
        evidence = " || ".join(f"{name}: {_paths(a)} / {_paths(b)}" for name, a, b in shared)
        links.append(_row_links(o))
        rows.append(
            (
                str(o.rank),
                o.a.label,
                o.a.role or "",
                o.b.label,
                o.b.role or "",
                f"{o.score:.3f}",
                o.why(),
                evidence,
            )
        )
    excluded = tuple(
        (e.a.label, e.b.label, ", ".join(j.activity.label for j in e.joint))
        for e in report.excluded
    )
    return [
        Table(
            "Collaboration opportunities (no joint programme, call or project yet; "
            f"how they are scored: {report.scoring})",
            ("rank", "party", "role", "partner", "role", "score", "why", "evidence"),
            tuple(rows),
            tuple(links),
        ),
        Table(
            "Pairs left out: they already work together",
            ("party", "partner", "joint activities"),
            excluded,
        ),
    ]


def _row_links(opportunity: Opportunity) -> tuple[Link, ...]:
    """The documents an opportunity's reasons and evidence paths cite, each once, in order."""
    urls = [source.url for reason in opportunity.reasons for source in reason.sources]
    paths = [p for s in opportunity.shared_priorities for p in (*s.paths_a, *s.paths_b)]
    for link in (*opportunity.shared_standards, *opportunity.shared_networks):
        paths.extend((*link.paths_a, *link.paths_b))
    urls.extend(url for path in paths for step in path.steps for url in step.sources)
    return tuple(Link(url, url.split("://", 1)[-1]) for url in dict.fromkeys(urls))


def standards_tables(report: StandardsReport) -> list[Table]:
    """Standards gaps in the group and the adoptions that link the most new pairs."""
    gaps = tuple(
        (g.party.label, g.lacks.label, ", ".join(d.label for d in g.declared_by), _paths(g.paths))
        for g in report.gaps
    )
    leverage = tuple(
        (
            str(x.rank),
            x.standard.label,
            x.adopter.label,
            str(x.new_pairs),
            str(x.new_eu_china_pairs),
            ", ".join(p.label for p in x.partners),
        )
        for x in report.leverage
    )
    return [
        Table(
            "Standards a party lacks that others in the group declare",
            ("party", "lacks", "declared by", "evidence"),
            gaps,
        ),
        Table(
            "Standards whose adoption by one more party would link the most new pairs",
            ("rank", "standard", "adopter", "new pairs", "new EU-China pairs", "new partners"),
            leverage,
        ),
    ]


def biobank_tables(report: BiobankReport) -> list[Table]:
    """Ranked European-Chinese biobank pairs."""
    rows = tuple(
        (
            str(p.rank),
            p.europe.label,
            p.china.label,
            f"{p.score:.3f}",
            ", ".join(d.label for d in p.shared_diseases),
            ", ".join(s.label for s in p.shared_standards),
            "yes" if p.ready else "no",
            "; ".join(f"{a.biobank.label}: {a.standard.label} ({a.reason})" for a in p.adopt_first),
        )
        for p in report.pairs
    )
    return [
        Table(
            "European-Chinese biobank pairs",
            (
                "rank",
                "Europe",
                "China",
                "score",
                "shared disease areas",
                "shared standards",
                "ready",
                "adopt first",
            ),
            rows,
        )
    ]


def network_tables(report: NetworkReport) -> list[Table]:
    """Brokers, communities and isolated stakeholders."""
    brokers = tuple(
        (
            str(b.rank),
            b.node.label,
            b.kind,
            f"{b.betweenness:.2f}",
            str(b.europe_neighbours),
            str(b.china_neighbours),
        )
        for b in report.brokers
    )
    communities = tuple(
        (
            str(c.index),
            str(c.size),
            str(c.europe),
            str(c.china),
            ", ".join(m.label for m in c.members),
        )
        for c in report.communities
    )
    isolated = tuple((i.node.label, i.kind, i.reason) for i in report.isolated)
    return [
        Table(
            "Brokers between European and Chinese stakeholders",
            (
                "rank",
                "stakeholder",
                "kind",
                "betweenness",
                "European within 2 hops",
                "Chinese within 2 hops",
            ),
            brokers,
        ),
        Table(
            "Communities (Louvain)",
            ("community", "size", "European", "Chinese", "members"),
            communities,
        ),
        Table("Isolated stakeholders", ("stakeholder", "kind", "reason"), isolated),
    ]


def to_csv(tables: list[Table]) -> str:
    """Tables as CSV, one block each, separated by a blank line, the title in a first row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for i, table in enumerate(tables):
        if i:
            buffer.write("\n")
        writer.writerow([f"# {table.title}"])
        if table.links:
            writer.writerow((*table.columns, "sources"))
            writer.writerows(
                (*row, " ".join(link.url for link in links))
                for row, links in zip(table.rows, table.links, strict=True)
            )
        else:
            writer.writerow(table.columns)
            writer.writerows(table.rows)
    return buffer.getvalue()


def neighbourhood_tables(report: Neighbourhood) -> list[Table]:
    """The nodes of a focus' neighbourhood and their links."""
    labels = {n.iri: n.label for n in report.nodes}
    return [
        Table(
            f"Neighbourhood of {report.focus.label} ({report.hops} steps)",
            ("label", "kind", "side", "role", "steps", "betweenness"),
            tuple(
                (n.label, n.kind, n.side or "", n.role or "", str(n.hops), f"{n.betweenness:.3f}")
                for n in report.nodes
            ),
        ),
        Table(
            "Links",
            ("from", "to", "predicate"),
            tuple(
                (labels[e.source], labels[e.target], e.predicate.rsplit("#", 1)[-1])
                for e in report.edges
            ),
        ),
    ]
