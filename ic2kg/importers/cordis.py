"""CORDIS project and organisation dumps -> graph/imported/cordis.ttl, merged with the graph.

Curated facts win: a project the graph already holds (same CORDIS ID) receives only the facts it
lacks; differing values are reported as conflicts, not written.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ic2kg import paths
from ic2kg.errors import DataLoadError
from ic2kg.importers.cordis_match import Resolution, RorMatcher, RorNames, resolve
from ic2kg.importers.cordis_read import (
    CordisDump,
    CordisParticipant,
    CordisProject,
    Selection,
    read_dumps,
    select,
)
from ic2kg.importers.display_names import organisation_names, word_counts
from ic2kg.importers.organisations import OWN_PREFIX, build_clusters, graph_organisations, slug
from ic2kg.importers.review import ReviewRow, read_decided_rows
from ic2kg.namespaces import IC2KG, KG, SCHEMA, bind_prefixes
from ic2kg.reconcile.records import other_language_names

PROGRAMMES_TSV = paths.MAPPINGS_DIR / "cordis-programmes.tsv"
REVIEW_TSV = paths.MAPPINGS_DIR / "cordis-review.tsv"
# The importer's matches of the organisations it makes to ROR records, with their scores.
ROR_SSSOM = paths.MAPPINGS_DIR / "cordis-ror.sssom.tsv"
CONFLICTS_TSV = paths.MAPPINGS_DIR / "cordis-conflicts.tsv"
OUTPUT = paths.IMPORTED_DIR / "cordis.ttl"

# CORDIS roles -> the ic2kg roles scheme. A dump without a role column (such as the China
# subset) says only that each row is a member of the consortium: its participations get the
# role "not given by the source", never a guessed partner (a coordinator would hide among them).
ROLE_NOT_GIVEN = KG["role-not-given"]
ROLES = {
    "coordinator": KG["role-coordinator"],
    "participant": KG["role-partner"],
    "beneficiary": KG["role-partner"],
    "": ROLE_NOT_GIVEN,
    "associatedpartner": KG["role-associated-partner"],
    "thirdparty": KG["role-associated-partner"],
    "partner": KG["role-partner"],
}
CLASSES = {
    "HES": IC2KG.ResearchOrganisation,
    "REC": IC2KG.ResearchOrganisation,
    "PRC": IC2KG.Company,
}
# Single-valued facts of a project: the curated value, where there is one, wins.
CURATED_WINS = (
    RDFS.label,
    SKOS.altLabel,
    SCHEMA.startDate,
    SCHEMA.endDate,
    DCTERMS.isPartOf,
    IC2KG.fundedUnderCall,
    IC2KG.ecMaxContribution,
    IC2KG.totalCost,
    DCTERMS.abstract,
    IC2KG.callTopic,
    IC2KG.cordisFundingScheme,
)

# The date typing policy (docs/data-model.md): xsd:date when the day is known, else the
# month or the year alone.
DATE_FORMS = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), XSD.date),
    (re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth),
    (re.compile(r"\d{4}"), XSD.gYear),
)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Conflict:
    """A curated value kept where CORDIS says something else."""

    entity: str
    predicate: str
    curated: str
    imported: str


@dataclass
class CordisImport:
    """What an import produced: the graph to write and what to tell people."""

    graph: Graph
    header: list[str]
    review: list[ReviewRow]
    conflicts: list[Conflict]
    resolution: Resolution
    projects_new: int = 0
    projects_merged: int = 0
    participations: int = 0
    records: int = 0
    skipped: list[str] = field(default_factory=list)


def read_programmes(path: Path = PROGRAMMES_TSV) -> dict[str, tuple[URIRef, str, URIRef]]:
    """CORDIS frameworkProgramme code -> (programme IRI, English label, source)."""
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t")
    return {r["code"]: (URIRef(r["programme"]), r["label"], URIRef(r["source"])) for r in rows}


def _curated_index(curated: Graph) -> tuple[dict[str, URIRef], dict[str, URIRef]]:
    projects = {
        str(o): s
        for s, o in curated.subject_objects(IC2KG.cordisProjectId)
        if isinstance(s, URIRef)
    }
    calls = {
        str(o): s
        for s, o in curated.subject_objects(SKOS.notation)
        if isinstance(s, URIRef) and (s, RDF.type, IC2KG.Call) in curated
    }
    return projects, calls


def amount_literal(value: Decimal) -> Literal:
    """A whole amount as xsd:integer, any other as xsd:decimal without trailing zeros.

    Stores keep decimals in canonical form ("579250.00" becomes "579250"), which Turtle
    writers then print as 579250.0: whole decimals would not survive a round trip.

    >>> str(amount_literal(Decimal("579250.00"))), str(amount_literal(Decimal("0.50")))
    ('579250', '0.5')
    """
    if value == value.to_integral_value():
        return Literal(str(int(value)), datatype=XSD.integer)
    return Literal(format(value.normalize(), "f"), datatype=XSD.decimal)


def _amount(graph: Graph, value: Decimal) -> BNode:
    """A euro amount; what it is lies in the property that points to it (issue 27)."""
    node = BNode()
    graph.add((node, RDF.type, SCHEMA.MonetaryAmount))
    graph.add((node, SCHEMA.value, amount_literal(value)))
    graph.add((node, SCHEMA.currency, Literal("EUR")))
    return node


def date_literal(text: str, where: str) -> Literal:
    """A CORDIS date as xsd:date, or xsd:gYearMonth / xsd:gYear when only that much is given."""
    for pattern, datatype in DATE_FORMS:
        if pattern.fullmatch(text):
            return Literal(text, datatype=datatype)
    raise DataLoadError(f"'{text}' is not a date", where=where, hint="expected YYYY-MM-DD")


def _call_iri(code: str, calls: dict[str, URIRef]) -> URIRef:
    return calls.get(code) or KG[f"call-cordis-{slug(code)}"]


def import_cordis(
    folder: Path | Sequence[Path],
    curated: Graph,
    *,
    selection: Selection | None = None,
    review_path: Path = REVIEW_TSV,
    programmes_path: Path = PROGRAMMES_TSV,
    ror_matcher: RorMatcher | None = None,
    ror_names: RorNames | None = None,
    release: str = "",
    ror_release: str = "",
    progress: Progress | None = None,
) -> CordisImport:
    """Build the imported graph for the dump in ``folder`` against the ``curated`` graph.

    Every participation row becomes one participation with its own amount, even when two rows
    of a project resolve to one organisation (a body listed twice, once per legal form or
    address): no amount is lost, and counting distinct participants counts it once.

    :param folder: one dump folder, or several (one per framework programme).
    :param ror_names: the names of a ROR record by its ID, to find graph organisations by
        their names in every language.
    """
    chosen = selection or Selection()
    folders = [folder] if isinstance(folder, Path) else list(folder)
    dump = select(read_dumps(folders), chosen)
    programmes = read_programmes(programmes_path)
    unknown = sorted({p.programme for p in dump.projects} - set(programmes))
    if unknown:
        raise DataLoadError(
            f"unknown framework programme {', '.join(unknown)}",
            where=", ".join(str(f) for f in folders),
            hint=f"add a row for it to {programmes_path}",
        )
    countries = {str(o) for o in curated.objects(None, IC2KG.iso3166Alpha2)}
    outside = [p for p in dump.participants if p.country and p.country not in countries]
    clusters = build_clusters(p for p in dump.participants if p not in outside)
    resolution = resolve(
        clusters,
        graph_organisations(curated),
        read_decided_rows(review_path),
        ror_matcher,
        ror_names,
    )
    home = {m: c for c in clusters.values() for m in c.members}
    out = bind_prefixes(Graph())
    result = CordisImport(
        out,
        _header(dump, chosen, release, ror_release, len(folders)),
        resolution.review,
        [],
        resolution,
    )
    _add_organisations(out, clusters, resolution, curated)
    projects, calls = _curated_index(curated)
    seen_titles = {
        str(o) for o in curated.objects(None, RDFS.label) if getattr(o, "language", None) == "en"
    }
    by_project: dict[str, list[int]] = defaultdict(list)
    for index, participant in enumerate(dump.participants):
        by_project[participant.project_id].append(index)
    total = len(dump.projects)
    for number, project in enumerate(sorted(dump.projects, key=lambda p: int(p.id)), start=1):
        iri = projects.get(project.id, KG[f"proj-cordis-{project.id}"])
        facts = _project_facts(
            project, programmes, calls, seen_titles, merged=project.id in projects
        )
        if project.id in projects:
            result.projects_merged += 1
            _merge(out, curated, iri, facts, result.conflicts)
        else:
            result.projects_new += 1
            for predicate, obj in facts:
                _add_fact(out, iri, predicate, obj)
        out.add((iri, RDF.type, IC2KG.Project))
        if project.is_health:
            out.add((iri, RDF.type, IC2KG.HealthResearchProject))
        out.add((iri, IC2KG.cordisProjectId, Literal(project.id)))
        out.add((iri, DCTERMS.source, URIRef(project.url)))
        curated_nodes: dict[Node | None, list[Node]] = defaultdict(list)
        for q in curated.objects(iri, IC2KG.qualifiedParticipation):
            curated_nodes[curated.value(q, IC2KG.participant)].append(q)
        recorded: set[URIRef] = set()
        for index in by_project.get(project.id, []):
            participant = dump.participants[index]
            cluster = home.get(participant)
            if cluster is None:
                result.skipped.append(
                    f"{project.id}\t{participant.name}\t{participant.country or '-'}"
                )
                continue
            target = resolution.target[cluster.key]
            stated = curated_nodes.get(target, [])
            if stated and target not in recorded:
                # The curated participation stands for this row; what CORDIS adds (the amount,
                # the activity type) is kept on a record beside it, so it is neither lost nor a
                # second participation. A second row of the organisation (a body listed twice)
                # becomes a participation of its own, as below, with its own amount.
                recorded.add(target)
                result.records += 1
                node = _participation(out, participant, target, project.url)
                out.add((iri, IC2KG.registryParticipation, node))
                _keep_curated(out, curated, stated, node, iri, result.conflicts)
                continue
            result.participations += 1
            node = _participation(out, participant, target, project.url)
            out.add((iri, IC2KG.qualifiedParticipation, node))
            out.add((iri, IC2KG.participantCountry, KG[f"country-{cluster.country}"]))
        _add_call(out, curated, project, programmes, calls)
        if progress:
            progress("projects", number, total)
    result.conflicts.sort(key=lambda c: (c.entity, c.predicate, c.imported))
    return result


def _participation(out: Graph, participant: CordisParticipant, target: URIRef, url: str) -> BNode:
    """A participation node for one CORDIS row, with its role, activity type, amount and source."""
    node = BNode()
    out.add((node, RDF.type, IC2KG.Participation))
    out.add((node, IC2KG.participant, target))
    out.add(
        (node, IC2KG.participationRole, ROLES.get(participant.role.lower(), KG["role-partner"]))
    )
    if participant.activity_type:
        activity = KG[f"cordis-activity-{participant.activity_type.lower()}"]
        out.add((node, IC2KG.activityType, activity))
    if participant.ec_contribution is not None:
        out.add((node, IC2KG.ecContribution, _amount(out, participant.ec_contribution)))
    out.add((node, DCTERMS.source, URIRef(url)))
    return node


def _keep_curated(
    out: Graph,
    curated: Graph,
    stated: list[Node],
    record: BNode,
    project: URIRef,
    conflicts: list[Conflict],
) -> None:
    """Drop from ``record`` the amount or activity type the curated participations already give.

    Curated facts win, as for a project's: a CORDIS value that differs is reported as a
    conflict. The record keeps its role (every participation node has one); a role CORDIS gives
    that differs from the curated one is reported too.
    """
    for predicate in (IC2KG.ecContribution, IC2KG.activityType, IC2KG.participationRole):
        mine = next((v for n in stated if (v := curated.value(n, predicate)) is not None), None)
        theirs = out.value(record, predicate)
        if mine is None or theirs is None:
            continue
        kept, given = _comparable(curated, mine), _comparable(out, theirs)
        if predicate != IC2KG.participationRole:
            out.remove((record, predicate, theirs))
            out.remove((theirs, None, None))  # the amount node, now referenced by nothing
        if theirs != ROLE_NOT_GIVEN and kept != given:
            participant = curated.value(stated[0], IC2KG.participant)
            conflicts.append(Conflict(str(project), f"{predicate} of {participant}", kept, given))


def _header(
    dump: CordisDump, selection: Selection, release: str, ror_release: str, folders: int
) -> list[str]:
    options = selection.describe()
    files = ", ".join(f"{name} (sha256 {digest[:16]})" for name, digest in dump.files)
    return [
        f"Generated by `ic2kg import cordis {' '.join(['DIR'] * folders)}"
        f"{(' ' + options) if options else ''}"
        f"{' --ror-dump FILE' if ror_release else ''}`. Do not edit:",
        "rerun the command (scripts/refresh-data.sh) and review graph/mappings/cordis-review.tsv.",
        f"Input: CORDIS {release or 'dump'}: {files}; CC BY 4.0, European Commission.",
        *([f"ROR IDs and names from {ror_release}; each cites its record."] if ror_release else []),
        "Every project and participation cites its CORDIS page; organisations cite the pages of",
        "the projects they take part in. Participations without a CORDIS role have the role",
        "kg:role-not-given; each participation row is one participation with its own amount.",
        "A row for an organisation the curated project already lists is the project's",
        "ic2kg:registryParticipation (amount, activity type), not a second participation.",
    ]


def _project_facts(
    project: CordisProject,
    programmes: dict[str, tuple[URIRef, str, URIRef]],
    calls: dict[str, URIRef],
    seen_titles: set[str],
    *,
    merged: bool,
) -> list[tuple[URIRef, object]]:
    title = project.title or project.acronym
    # Two different projects with one title would break the unique-label check: the acronym and
    # CORDIS ID tell them apart.
    if title in seen_titles and not merged:
        title = f"{title} ({project.acronym or 'CORDIS'} {project.id})"
    seen_titles.add(title)
    facts: list[tuple[URIRef, object]] = [(RDFS.label, Literal(title, lang="en"))]
    if project.acronym:
        facts.append((SKOS.altLabel, Literal(project.acronym, lang="en")))
    for predicate, value in ((SCHEMA.startDate, project.start), (SCHEMA.endDate, project.end)):
        if value:
            facts.append((predicate, date_literal(value, project.url)))
    facts.append((DCTERMS.isPartOf, programmes[project.programme][0]))
    if project.call:
        facts.append((IC2KG.fundedUnderCall, _call_iri(project.call, calls)))
    for topic in project.topics:
        facts.append((IC2KG.callTopic, Literal(topic)))
        if topic in calls:
            facts.append((IC2KG.fundedUnderCall, calls[topic]))
    if project.funding_scheme:
        facts.append((IC2KG.cordisFundingScheme, Literal(project.funding_scheme)))
    if project.ec_max_contribution is not None:
        facts.append((IC2KG.ecMaxContribution, ("amount", project.ec_max_contribution)))
    if project.total_cost is not None:
        facts.append((IC2KG.totalCost, ("amount", project.total_cost)))
    if project.objective:
        facts.append((DCTERMS.abstract, Literal(project.objective, lang="en")))
    facts += [(SCHEMA.keywords, Literal(k, lang="en")) for k in project.keywords]
    return facts


def _add_fact(out: Graph, iri: URIRef, predicate: URIRef, obj: object) -> None:
    if isinstance(obj, tuple):
        out.add((iri, predicate, _amount(out, obj[1])))
    else:
        assert isinstance(obj, (URIRef, Literal))  # noqa: S101 - built above
        out.add((iri, predicate, obj))


def _merge(
    out: Graph,
    curated: Graph,
    iri: URIRef,
    facts: list[tuple[URIRef, object]],
    conflicts: list[Conflict],
) -> None:
    grouped: dict[URIRef, list[object]] = defaultdict(list)
    for predicate, obj in facts:
        grouped[predicate].append(obj)
    for predicate, objects in grouped.items():
        existing = [
            o
            for o in curated.objects(iri, predicate)
            if not (isinstance(o, Literal) and o.language and o.language != "en")
        ]
        if not existing:
            for obj in objects:
                _add_fact(out, iri, predicate, obj)
            continue
        have = {_comparable(curated, o) for o in existing}
        for obj in objects:
            value = _comparable(curated, obj)
            if value not in have and predicate in CURATED_WINS:
                conflicts.append(
                    Conflict(str(iri), str(predicate), " | ".join(sorted(have)), value)
                )


def _comparable(graph: Graph, obj: object) -> str:
    if isinstance(obj, tuple):
        return f"{obj[1]:.2f} EUR"
    if isinstance(obj, BNode):
        value = graph.value(obj, SCHEMA.value)
        return f"{Decimal(str(value)):.2f} EUR" if value is not None else str(obj)
    if isinstance(obj, Literal) and obj.language:
        return str(obj).casefold()
    return str(obj)


def _add_call(
    out: Graph,
    curated: Graph,
    project: CordisProject,
    programmes: dict[str, tuple[URIRef, str, URIRef]],
    calls: dict[str, URIRef],
) -> None:
    programme, label, source = programmes[project.programme]
    if (programme, RDF.type, IC2KG.FundingProgramme) not in curated:
        out.add((programme, RDF.type, IC2KG.FundingProgramme))
        out.add((programme, RDFS.label, Literal(label, lang="en")))
        out.add((programme, SKOS.notation, Literal(project.programme)))
        out.add((programme, DCTERMS.source, source))
    if not project.call or project.call in calls:
        return
    call = _call_iri(project.call, calls)
    out.add((call, RDF.type, IC2KG.Call))
    # CORDIS gives the call's identifier, not its title: the label says just that.
    out.add((call, RDFS.label, Literal(f"{label} call {project.call}", lang="en")))
    out.add((call, SKOS.notation, Literal(project.call)))
    out.add((call, IC2KG.partOfProgramme, programme))
    out.add((call, DCTERMS.source, URIRef(project.url)))


def _add_organisations(out: Graph, clusters: dict, resolution: Resolution, curated: Graph) -> None:  # type: ignore[type-arg]
    groups: dict[URIRef, list] = defaultdict(list)  # type: ignore[type-arg]
    for key, cluster in clusters.items():
        target = resolution.target[key]
        # A node the curated files define (typed) keeps its own names; graph/names-zh.ttl only
        # adds Chinese names to the importer's organisations.
        if resolution.how[key] not in ("name", "ror") and (target, RDF.type, None) not in curated:
            groups[target].append(cluster)
    vocabulary = word_counts(m.name for c in clusters.values() for m in c.members)
    taken = {
        str(o)
        for s, o in curated.subject_objects(RDFS.label)
        if getattr(o, "language", None) == "en" and not str(s).startswith(OWN_PREFIX)
    }
    for target in sorted(groups):
        members = sorted(groups[target], key=lambda c: (-len(c.members), c.key))
        counts: dict[str, int] = defaultdict(int)
        for cluster in members:
            for m in cluster.members:
                counts[m.name] += 1
        names = sorted(counts, key=lambda n: (n.isupper(), -counts[n], n))
        country = members[0].country
        activity = members[0].activity_type
        hit = resolution.ror.get(target)
        # ROR's English name, else the legal name in normal case; the legal names stay
        # alternative labels (issue 29).
        preferred, alternatives = organisation_names(names, hit.names if hit else (), vocabulary)
        label = preferred
        if label in taken:
            label = f"{label} ({country})"
        if label in taken:
            label = f"{preferred} ({members[0].members[0].city}, {country})"
        taken.add(label)
        out.add((target, RDF.type, CLASSES.get(activity, IC2KG.Organisation)))
        out.add((target, RDFS.label, Literal(label, lang="en")))
        for name in alternatives:
            if name != label:
                out.add((target, SKOS.altLabel, Literal(name, lang="en")))
        out.add((target, IC2KG.country, KG[f"country-{country}"]))
        for cluster in members:
            for m in cluster.members:
                out.add(
                    (
                        target,
                        DCTERMS.source,
                        URIRef(f"https://cordis.europa.eu/project/id/{m.project_id}"),
                    )
                )
        if hit is not None:
            out.add((target, IC2KG.rorId, Literal(hit.ror_id)))
            if hit.qid:  # the record's Wikidata QID; the record is the source (issue 27)
                out.add((target, IC2KG.wikidataId, Literal(hit.qid)))
            out.add((target, DCTERMS.source, URIRef(hit.url)))
            known = {label, *alternatives}
            for is_label, literal in other_language_names(hit.names, known, {"en"}):
                out.add((target, RDFS.label if is_label else SKOS.altLabel, literal))
