"""ERA PerMed and EP PerMed projects: sourced partners with a country, call-defined priorities."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from ic2kg import paths
from ic2kg.namespaces import IC2KG, KG

PROJECTS_FILE = paths.GRAPH_DIR / "projects-erapermed.ttl"
ORGANISATIONS_FILE = paths.GRAPH_DIR / "organisations-erapermed.ttl"
ROR = "https://ror.org/"
PROGRAMMES = {KG["prog-era-permed"], KG["prog-ep-permed"]}


@pytest.fixture(scope="module")
def projects() -> list[URIRef]:
    """The projects that graph/projects-erapermed.ttl curates (not the whole graph's projects)."""
    own = Graph().parse(PROJECTS_FILE, format="turtle")
    return sorted(s for s in own.subjects(RDF.type, IC2KG.Project) if isinstance(s, URIRef))


def test_the_file_curates_projects_of_several_calls(
    curated_graph: Graph, projects: list[URIRef]
) -> None:
    calls = {c for p in projects for c in curated_graph.objects(p, IC2KG.fundedUnderCall)}
    assert len(projects) >= 17
    assert len(calls) >= 5
    for call in calls:
        assert curated_graph.value(call, IC2KG.partOfProgramme) in PROGRAMMES, call


def participations(graph: Graph, projects: list[URIRef]) -> Iterator[tuple[URIRef, Node]]:
    """Every (project, participation node) of ``projects``."""
    for project in projects:
        for part in graph.objects(project, IC2KG.qualifiedParticipation):
            yield project, part


def test_every_participation_has_a_source_and_a_participant_with_a_country(
    curated_graph: Graph, projects: list[URIRef]
) -> None:
    seen = 0
    for project, part in participations(curated_graph, projects):
        seen += 1
        participant = curated_graph.value(part, IC2KG.participant)
        assert participant is not None, (project, part)
        assert curated_graph.value(part, DCTERMS.source) is not None, (project, participant)
        country = curated_graph.value(participant, IC2KG.country)
        assert country is not None, (project, participant)
    assert seen >= 25


def test_each_project_has_at_most_one_coordinator(
    curated_graph: Graph, projects: list[URIRef]
) -> None:
    for project in projects:
        coordinators = [
            part
            for part in curated_graph.objects(project, IC2KG.qualifiedParticipation)
            if curated_graph.value(part, IC2KG.participationRole) == KG["role-coordinator"]
        ]
        assert len(coordinators) <= 1, project


def _broader_closure(graph: Graph, concept: URIRef) -> set[URIRef]:
    seen: set[URIRef] = set()
    todo = [concept]
    while todo:
        for parent in graph.objects(todo.pop(), SKOS.broader):
            if isinstance(parent, URIRef) and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_projects_of_a_call_carry_its_priorities_with_a_topic_under_the_priority(
    curated_graph: Graph, projects: list[URIRef]
) -> None:
    with_call = [p for p in projects if curated_graph.value(p, IC2KG.fundedUnderCall) is not None]
    assert with_call
    for project in with_call:
        links = list(curated_graph.objects(project, IC2KG.qualifiedPriority))
        assert links, project
        for link in links:
            priority = curated_graph.value(link, IC2KG.priority)
            topic = curated_graph.value(link, DCTERMS.subject)
            assert curated_graph.value(link, DCTERMS.source) is not None, (project, topic)
            assert (priority, RDF.type, IC2KG.ActionPlanPriority) in curated_graph, project
            assert isinstance(topic, URIRef), (project, link)
            assert (topic, SKOS.inScheme, KG["pm-scheme"]) in curated_graph, (project, topic)
            # the finer topic must sit under the priority that the link names
            assert priority in _broader_closure(curated_graph, topic), (project, topic, priority)


REFERENCE = re.compile(r"^ERAPERMED(20[0-9]{2})-[0-9]{1,4}$")


def test_reference_numbers_have_the_year_of_the_call_they_name(
    curated_graph: Graph, projects: list[URIRef]
) -> None:
    numbered = 0
    for project in projects:
        for notation in curated_graph.objects(project, SKOS.notation):
            match = REFERENCE.match(str(notation))
            assert match, (project, notation)
            call = curated_graph.value(project, IC2KG.fundedUnderCall)
            assert isinstance(call, URIRef), (project, "a reference number without a call")
            # ERA-LEARN numbers a project by the year of its joint call (ERAPERMED2021-184, JTC2021)
            assert str(call).endswith(f"jtc{match.group(1)}"), (project, notation, call)
            numbered += 1
    assert numbered >= 9


def test_funder_participations_name_a_funding_organisation(
    curated_graph: Graph, projects: list[URIRef]
) -> None:
    funders = 0
    for project, part in participations(curated_graph, projects):
        if curated_graph.value(part, IC2KG.participationRole) != KG["role-funder"]:
            continue
        funder = curated_graph.value(part, IC2KG.participant)
        assert (funder, RDF.type, IC2KG.FundingOrganisation) in curated_graph, (project, funder)
        # a funder role is also stated as the plain funding link the queries read
        assert (project, IC2KG.fundedBy, funder) in curated_graph, (project, funder)
        funders += 1
    assert funders >= 3


def test_a_ror_id_of_a_new_partner_is_backed_by_its_ror_record_as_source() -> None:
    own = Graph().parse(ORGANISATIONS_FILE, format="turtle")
    with_ror = 0
    for org, ror_id in own.subject_objects(IC2KG.rorId):
        # the ID was taken from the ROR dump, so the record itself must be among the sources
        assert (org, DCTERMS.source, URIRef(ROR + str(ror_id))) in own, (org, ror_id)
        with_ror += 1
    assert with_ror >= 4
