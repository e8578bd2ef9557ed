"""One entity per organisation: the CORDIS importer's resolution on a fixture whose bodies are
known by construction (other-language names, parents, bodies of one project, roles)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from ic2kg import paths
from ic2kg.importers.cordis import CordisImport, import_cordis
from ic2kg.importers.ror_bridge import matcher_for, names_for
from ic2kg.namespaces import IC2KG, KG, SCHEMA
from ic2kg.reconcile.names import translated_words
from ic2kg.reconcile.records import ACRONYM, ALIAS, DISPLAY, LABEL, RorName, RorRecord
from ic2kg.reconcile.ror import RorIndex, candidates_for_names, decide
from ic2kg.validate import parse_files

FIXTURE = Path(__file__).parent / "resources" / "import" / "cordis" / "entities"
PROJECT = KG["proj-cordis-700001"]


def record(
    ror_id: str,
    country: str,
    *names: RorName,
    status: str = "active",
    types: tuple[str, ...] = (),
    relationships: tuple[tuple[str, str], ...] = (),
) -> RorRecord:
    return RorRecord(ror_id, status, names, country, types, relationships=relationships)


INDEX = RorIndex(
    [
        record(
            "0aaaaaa11",
            "NL",
            RorName("Erasmus MC", DISPLAY, "en"),
            RorName("Erasmus University Medical Center", ALIAS, "en"),
            types=("healthcare",),
        ),
        record(
            "0aaaaaa22",
            "CN",
            RorName("Chinese Academy of Sciences", DISPLAY, "en"),
            RorName("CAS", ACRONYM, None),
            relationships=(("child", "0aaaaaa33"),),
        ),
        record(
            "0aaaaaa33",
            "CN",
            RorName("Institute of Automation", DISPLAY, None),
            types=("facility",),
            relationships=(("parent", "0aaaaaa22"),),
        ),
        record(
            "0aaaaaa34",
            "CN",
            RorName("Beijing Institute of Genomics", DISPLAY, "en"),
            relationships=(("parent", "0aaaaaa22"),),
        ),
        record(
            "0aaaaaa44",
            "HU",
            RorName("Hungarian University of Agriculture and Life Sciences", DISPLAY, "en"),
            RorName("Magyar Agrár- és Élettudományi Egyetem", LABEL, "hu"),
            types=("education",),
            relationships=(("predecessor", "0aaaaaa55"),),
        ),
        record(
            "0aaaaaa55",
            "HU",
            RorName("Szent István University", DISPLAY, "en"),
            RorName("Szent István Egyetem", LABEL, "hu"),
            status="inactive",
            types=("education",),
            relationships=(("successor", "0aaaaaa44"),),
        ),
        record(
            "0aaaaaa66",
            "PL",
            RorName("Łukasiewicz Research Network", DISPLAY, "en"),
            RorName("Sieć Badawcza Łukasiewicz", LABEL, "pl"),
            relationships=(("child", "0aaaaaa77"),),
        ),
        record("0aaaaaa88", "CN", RorName("Jiangsu University", DISPLAY, "en")),
    ]
)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> CordisImport:
    curated = parse_files([paths.ONTOLOGY_EDIT, FIXTURE / "graph.ttl"])
    return import_cordis(
        FIXTURE,
        curated,
        review_path=tmp_path_factory.mktemp("review") / "review.tsv",
        ror_matcher=matcher_for(INDEX),
        ror_names=names_for(INDEX),
    )


def participations(graph: Graph) -> list[tuple[URIRef, Decimal | None, URIRef]]:
    rows = []
    for node in graph.objects(PROJECT, IC2KG.qualifiedParticipation):
        amount = graph.value(node, IC2KG.ecContribution)
        value = graph.value(amount, SCHEMA.value) if amount is not None else None
        rows.append(
            (
                URIRef(str(graph.value(node, IC2KG.participant))),
                Decimal(str(value)) if value is not None else None,
                URIRef(str(graph.value(node, IC2KG.participationRole))),
            )
        )
    return rows


def entity_named(graph: Graph, name: str) -> URIRef:
    found = {s for s, o in graph.subject_objects() if str(o) == name and isinstance(s, URIRef)}
    assert len(found) == 1, (name, found)
    return found.pop()


def test_curated_organisations_are_found_by_names_in_other_languages(
    result: CordisImport,
) -> None:
    found = {who for who, _, _ in participations(result.graph)}
    # Dutch name against a ROR alias of the curated entity's record, the city left out;
    # "United Kingdom" / "UK"; the German legal form "Aktiengesellschaft" / "AG".
    assert {KG["org-erasmus-mc"], KG["org-ukri"], KG["org-bayer"]} <= found
    how = result.resolution.how
    assert how["erasmus universitair medisch centrum rotterdam nl"] == "name-translated"
    assert not any(str(s).startswith(str(KG["org-cordis-erasmus"])) for s in found)


def test_a_near_spelling_in_another_language_goes_to_review_and_stays_apart(
    result: CordisImport,
) -> None:
    rows = [r for r in result.review if r.candidate == str(KG["org-crg"])]
    assert [r.reason for r in rows] == ["the same name in another language or spelling"]
    assert KG["org-crg"] not in {who for who, _, _ in participations(result.graph)}


def test_an_institute_is_never_linked_to_a_namesake_under_another_parent(
    result: CordisImport,
) -> None:
    shandong = entity_named(result.graph, "Institute of Automation, Shandong Academy of Sciences")
    assert (shandong, IC2KG.rorId, None) not in result.graph


def test_bodies_of_one_project_keep_apart_though_ror_joins_them(result: CordisImport) -> None:
    graph = result.graph
    mate = entity_named(graph, "Hungarian University of Agriculture and Life Sciences")
    szent = entity_named(graph, "SZENT ISTVAN EGYETEM")
    assert mate != szent
    assert [str(o) for o in graph.objects(mate, IC2KG.rorId)] == ["0aaaaaa44"]
    assert (szent, IC2KG.rorId, None) not in graph
    reasons = [r.reason for r in result.review if r.cordis_name == "SZENT ISTVAN EGYETEM"]
    assert reasons == ["same ROR record (0aaaaaa44), but both take part in one project"]


def test_every_participation_row_keeps_its_amount(result: CordisImport) -> None:
    rows = participations(result.graph)
    farm = entity_named(result.graph, "VERTICAL FARM INSTITUTE")
    # Two rows (an association and a GmbH of one name) are one organisation, two participations.
    assert sorted(amount for who, amount, _ in rows if who == farm) == [0, 600]  # type: ignore[type-var]
    assert len(rows) == 9
    assert sum(a for _, a, _ in rows if a is not None) == Decimal(11100)


def test_participations_without_a_role_in_the_input_say_so(result: CordisImport) -> None:
    roles = {role for _, _, role in participations(result.graph)}
    assert roles == {KG["role-not-given"]}
    assert "kg:role-not-given" in " ".join(result.header)
    vocabulary = parse_files([paths.GRAPH_DIR / "vocabularies.ttl"])
    assert (KG["role-not-given"], RDFS.label, None) in vocabulary


def test_the_participation_rule_never_makes_a_coordinator_of_an_unknown_role() -> None:
    from ic2kg.queries import load_query

    rule = load_query("rules/participation")
    graph = Graph()
    node = URIRef("urn:p")
    graph.add((PROJECT, IC2KG.qualifiedParticipation, node))
    graph.add((node, IC2KG.participant, KG["org-x"]))
    graph.add((node, IC2KG.participationRole, KG["role-not-given"]))
    derived = graph.query(rule.sparql).graph
    assert derived is not None
    assert (KG["org-x"], IC2KG.partnerIn, PROJECT) in derived
    assert (KG["org-x"], IC2KG.coordinates, PROJECT) not in derived


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [
        # The comma's tail names the record's parent: the institute itself.
        ("Beijing Institute of Genomics, Chinese Academy of Sciences", "CN", "0aaaaaa34"),
        # Another academy's institute of the same name.
        ("Institute of Automation, Shandong Academy of Sciences", "CN", None),
        # The network is the parent of the institute named.
        ("SIEC BADAWCZA LUKASIEWICZ - POZNANSKI INSTYTUT TECHNOLOGICZNY", "PL", None),
        # A school of the university is not the university.
        ("Jiangsu University, School of Mathematical Sciences", "CN", None),
        # An acronym after a dash is no unit.
        ("JIANGSU UNIVERSITY - JSU", "CN", "0aaaaaa88"),
    ],
)
def test_a_shorter_form_finds_the_body_named_never_its_parent(
    name: str, country: str, expected: str | None
) -> None:
    best = decide(candidates_for_names(INDEX, [name], country))
    assert (best.ror_id if best else None) == expected


def test_generic_words_meet_across_languages_proper_names_do_not() -> None:
    rotterdam = frozenset({"rotterdam"})
    assert translated_words(
        "ERASMUS UNIVERSITAIR MEDISCH CENTRUM ROTTERDAM", rotterdam
    ) == translated_words("Erasmus University Medical Center")
    assert translated_words("Universität Wien") == translated_words("University Wien")
    assert translated_words("Hunan University") != translated_words("Henan University")
