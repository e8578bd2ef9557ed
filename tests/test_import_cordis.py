"""The CORDIS importer on a small dump whose answers are known by construction."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ic2kg import paths
from ic2kg.build import build
from ic2kg.errors import DataLoadError
from ic2kg.importers.cordis import CordisImport, date_literal, import_cordis
from ic2kg.importers.cordis_read import Selection
from ic2kg.importers.cordis_write import write_outputs
from ic2kg.importers.review import read_decisions
from ic2kg.importers.ror_bridge import matcher_for
from ic2kg.importers.turtle import write_turtle
from ic2kg.namespaces import IC2KG, KG, SCHEMA
from ic2kg.queries import load_query
from ic2kg.reconcile.ror import RorIndex
from ic2kg.store import EmbeddedStore
from ic2kg.validate import parse_files

HERE = Path(__file__).parent / "resources" / "import"
FIXTURE = HERE / "cordis"


@pytest.fixture(scope="module")
def curated() -> Graph:
    return parse_files([paths.ONTOLOGY_EDIT, FIXTURE / "graph.ttl"])


def run(curated: Graph, tmp_path: Path, form: str = "json", **options: object) -> CordisImport:
    return import_cordis(
        FIXTURE / form,
        curated,
        review_path=tmp_path / "review.tsv",
        **options,  # type: ignore[arg-type]
    )


def participants(graph: Graph, project: URIRef) -> set[URIRef]:
    found = set()
    for node in graph.objects(project, IC2KG.qualifiedParticipation):
        found.add(URIRef(str(graph.value(node, IC2KG.participant))))
    return found


def test_imports_every_project_and_merges_the_curated_one(curated: Graph, tmp_path: Path) -> None:
    result = run(curated, tmp_path)
    assert (result.projects_new, result.projects_merged) == (3, 1)
    projects = set(result.graph.subjects(RDF.type, IC2KG.Project))
    assert projects == {
        KG["proj-ic2permed"],
        KG["proj-cordis-800001"],
        KG["proj-cordis-900001"],
        KG["proj-cordis-101000001"],
    }
    source = URIRef("https://cordis.europa.eu/project/id/800001")
    assert (
        KG["proj-cordis-800001"],
        IC2KG.cordisFundingScheme,
        Literal("MSCA-RISE"),
    ) in result.graph
    assert (KG["proj-cordis-800001"], IC2KG.callTopic, Literal("MSCA-RISE-2017")) in result.graph
    for node in result.graph.objects(KG["proj-cordis-800001"], IC2KG.qualifiedParticipation):
        assert (node, URIRef("http://purl.org/dc/terms/source"), source) in result.graph


def test_curated_facts_win_and_conflicts_are_reported(curated: Graph, tmp_path: Path) -> None:
    result = run(curated, tmp_path)
    merged = KG["proj-ic2permed"]
    # The curated label and amount stay; CORDIS adds only what the curated project lacks.
    assert not list(result.graph.objects(merged, RDFS.label))
    assert not list(result.graph.objects(merged, IC2KG.ecMaxContribution))
    assert (merged, SKOS.altLabel, Literal("IC2PerMed", lang="en")) in result.graph
    amounts = [c for c in result.conflicts if c.predicate == str(IC2KG.ecMaxContribution)]
    assert [(a.curated, a.imported) for a in amounts] == [("1691437.50 EUR", "1700000.00 EUR")]
    # Tsinghua already takes part in the curated project: no second participation.
    assert participants(result.graph, merged) == {KG["org-cordis-acme-de"]}


def test_el_and_uk_become_gr_and_gb(curated: Graph, tmp_path: Path) -> None:
    graph = run(curated, tmp_path).graph
    athens = KG["org-cordis-ethniko-kai-kapodistriako-panepistimio-athinon-gr"]
    assert (athens, IC2KG.country, KG["country-GR"]) in graph
    kcl = KG["org-cordis-king-s-college-london-gb"]
    assert (kcl, IC2KG.country, KG["country-GB"]) in graph
    countries = set(graph.objects(KG["proj-cordis-800001"], IC2KG.participantCountry))
    assert countries == {KG["country-CN"], KG["country-DE"], KG["country-GB"]}


def test_name_variants_are_one_organisation(curated: Graph, tmp_path: Path) -> None:
    graph = run(curated, tmp_path).graph
    # "TSINGHUA UNIVERSITY" and "Tsinghua University" are the graph's Tsinghua.
    assert KG["org-tsinghua"] in participants(graph, KG["proj-cordis-800001"])
    assert KG["org-tsinghua"] in participants(graph, KG["proj-cordis-101000001"])
    assert not [s for s in graph.subjects(RDFS.label) if "tsinghua" in str(s)]
    # "ACME GMBH" and "Acme GmbH" are one new organisation; the row without a country joins it.
    acme = KG["org-cordis-acme-de"]
    assert (acme, RDFS.label, Literal("Acme GmbH", lang="en")) in graph
    assert (acme, SKOS.altLabel, Literal("ACME GMBH", lang="en")) in graph
    assert (acme, RDF.type, IC2KG.Company) in graph
    for project in ("874694", "800001", "900001"):
        iri = KG["proj-ic2permed"] if project == "874694" else KG[f"proj-cordis-{project}"]
        assert acme in participants(graph, iri), project
    assert acme in participants(graph, KG["proj-cordis-101000001"])


def test_row_without_country_or_namesake_is_left_out(curated: Graph, tmp_path: Path) -> None:
    result = run(curated, tmp_path)
    assert result.skipped == ["101000001\tNowhere Institute\t-"]


def test_uncertain_merges_go_to_review_and_stay_apart(curated: Graph, tmp_path: Path) -> None:
    result = run(curated, tmp_path)
    pairs = {(r.cordis_name, r.candidate) for r in result.review}
    oxford = "THE CHANCELLOR, MASTERS AND SCHOLARS OF THE UNIVERSITY OF OXFORD"
    assert (oxford, str(KG["org-oxford"])) in pairs
    pompeu = KG["org-cordis-universitat-pompeu-fabra-es"]
    assert ("UNIVERSIDAD POMPEU FABRA", str(pompeu)) in pairs
    assert KG["org-oxford"] not in participants(result.graph, KG["proj-cordis-800001"])
    assert (pompeu, RDF.type, IC2KG.ResearchOrganisation) in result.graph
    assert (KG["org-cordis-universidad-pompeu-fabra-es"], RDFS.label, None) in result.graph


def test_accepted_review_decisions_merge_on_rerun(curated: Graph, tmp_path: Path) -> None:
    first = run(curated, tmp_path)
    review = tmp_path / "review.tsv"
    write_outputs(first, tmp_path / "cordis.ttl", review, tmp_path / "conflicts.tsv")
    text = review.read_text(encoding="utf-8")
    lines = [
        line + "accept" if "OXFORD" in line or line.startswith("universidad pompeu") else line
        for line in text.splitlines()
    ]
    review.write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = run(curated, tmp_path)
    assert KG["org-oxford"] in participants(second.graph, KG["proj-cordis-800001"])
    pompeu = KG["org-cordis-universitat-pompeu-fabra-es"]
    assert pompeu in participants(second.graph, KG["proj-cordis-101000001"])
    assert (KG["org-cordis-universidad-pompeu-fabra-es"], RDFS.label, None) not in second.graph
    names = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in second.graph.objects(pompeu, p)}
    # The label in normal case; both legal names stay alternative labels.
    assert names == {
        "Universidad Pompeu Fabra",
        "UNIVERSIDAD POMPEU FABRA",
        "UNIVERSITAT POMPEU FABRA",
    }
    write_outputs(second, tmp_path / "cordis.ttl", review, tmp_path / "conflicts.tsv")
    assert len([d for d in read_decisions(review).values() if d == "accept"]) == 2


def test_selection_by_country_and_topic_prefix(curated: Graph, tmp_path: Path) -> None:
    def chosen(selection: Selection) -> set[str]:
        graph = run(curated, tmp_path, selection=selection).graph
        return {str(o) for o in graph.objects(None, IC2KG.cordisProjectId)}

    assert chosen(Selection(countries=frozenset({"CN"}))) == {"874694", "800001", "101000001"}
    assert chosen(Selection(countries=frozenset({"EL"}))) == {"101000001"}
    assert chosen(Selection(countries=frozenset({"GR"}))) == {"101000001"}
    assert chosen(Selection(topic_prefixes=("SC1-",))) == {"874694", "900001"}
    both = Selection(countries=frozenset({"CN"}), topic_prefixes=("SC1-", "HORIZON-HLTH-"))
    assert chosen(both) == {"874694", "101000001"}


def test_health_projects_are_typed(curated: Graph, tmp_path: Path) -> None:
    graph = run(curated, tmp_path).graph
    health = set(graph.subjects(RDF.type, IC2KG.HealthResearchProject))
    assert health == {KG["proj-ic2permed"], KG["proj-cordis-900001"], KG["proj-cordis-101000001"]}


def test_regeneration_is_byte_identical(curated: Graph, tmp_path: Path) -> None:
    first = run(curated, tmp_path)
    second = run(curated, tmp_path)
    assert write_turtle(first.graph, first.header) == write_turtle(second.graph, second.header)


def test_json_and_csv_forms_give_the_same_graph(curated: Graph, tmp_path: Path) -> None:
    from_json = run(curated, tmp_path, "json")
    from_csv = run(curated, tmp_path, "csv")
    body_json = write_turtle(from_json.graph, [])
    assert body_json == write_turtle(from_csv.graph, [])
    assert "Researchers travel between partners." in body_json


def test_output_parses_back_to_the_same_graph(curated: Graph, tmp_path: Path) -> None:
    result = run(curated, tmp_path)
    parsed = Graph().parse(data=write_turtle(result.graph, result.header), format="turtle")
    from rdflib.compare import isomorphic

    assert isomorphic(parsed, result.graph)


def test_ror_matcher_links_through_the_graph_and_names_new_organisations(
    curated: Graph, tmp_path: Path
) -> None:
    matcher = matcher_for(RorIndex.load(HERE / "ror.json"))
    graph = run(curated, tmp_path, ror_matcher=matcher).graph
    # "BEIJING UNIVERSITY" is a ROR alias of the record the graph's Peking University holds.
    assert KG["org-pku"] in participants(graph, KG["proj-cordis-800001"])
    kcl = KG["org-cordis-king-s-college-london-gb"]
    assert (kcl, IC2KG.rorId, Literal("0abcdef21")) in graph
    assert (
        kcl,
        URIRef("http://purl.org/dc/terms/source"),
        URIRef("https://ror.org/0abcdef21"),
    ) in graph
    # No ROR record for Athens in the fixture: no identifier.
    athens = KG["org-cordis-ethniko-kai-kapodistriako-panepistimio-athinon-gr"]
    assert (athens, IC2KG.rorId, None) not in graph


def test_an_organisation_found_in_ror_is_named_as_ror_names_it(
    curated: Graph, tmp_path: Path
) -> None:
    matcher = matcher_for(RorIndex.load(HERE / "ror.json"))
    graph = run(curated, tmp_path, ror_matcher=matcher).graph
    kcl = KG["org-cordis-king-s-college-london-gb"]
    # ROR's English name replaces CORDIS' upper-case legal name, which stays an alternative.
    assert set(graph.objects(kcl, RDFS.label)) == {Literal("King's College London", lang="en")}
    assert (kcl, SKOS.altLabel, Literal("KING'S COLLEGE LONDON", lang="en")) in graph
    # Both CORDIS spellings are one organisation, labelled in every language ROR names it in.
    upf = next(graph.subjects(IC2KG.rorId, Literal("0abcdef25")))
    assert set(graph.objects(upf, RDFS.label)) == {
        Literal("Pompeu Fabra University", lang="en"),
        Literal("Universitat Pompeu Fabra", lang="ca"),
        Literal("Universidad Pompeu Fabra", lang="es"),
    }
    # ROR's acronym is an alternative label, so that search finds "UPF" (issue 29).
    assert (upf, SKOS.altLabel, Literal("UPF", lang="en")) in graph
    # Without a ROR record the most frequent CORDIS spelling, in normal case, is the label and
    # the legal name an alternative label.
    athens = KG["org-cordis-ethniko-kai-kapodistriako-panepistimio-athinon-gr"]
    assert set(graph.objects(athens, RDFS.label)) == {
        Literal("Ethniko kai Kapodistriako Panepistimio Athinon", lang="en")
    }
    legal = Literal("ETHNIKO KAI KAPODISTRIAKO PANEPISTIMIO ATHINON", lang="en")
    assert (athens, SKOS.altLabel, legal) in graph


def test_missing_table_and_unknown_programme_are_refused(curated: Graph, tmp_path: Path) -> None:
    (tmp_path / "only").mkdir()
    shutil.copy(FIXTURE / "json" / "project.json", tmp_path / "only" / "project.json")
    with pytest.raises(DataLoadError, match=r"no organization\.json"):
        import_cordis(tmp_path / "only", curated, review_path=tmp_path / "r.tsv")
    bad = tmp_path / "bad"
    bad.mkdir()
    text = (FIXTURE / "json" / "project.json").read_text(encoding="utf-8")
    (bad / "project.json").write_text(text.replace('"HORIZON"', '"FP9"'), encoding="utf-8")
    shutil.copy(FIXTURE / "json" / "organization.json", bad / "organization.json")
    with pytest.raises(DataLoadError, match="unknown framework programme FP9"):
        import_cordis(bad, curated, review_path=tmp_path / "r.tsv")


def test_decisions_outside_the_selection_are_kept(curated: Graph, tmp_path: Path) -> None:
    first = run(curated, tmp_path)
    review = tmp_path / "review.tsv"
    write_outputs(first, tmp_path / "cordis.ttl", review, tmp_path / "conflicts.tsv")
    lines = review.read_text(encoding="utf-8").splitlines()
    review.write_text(
        "\n".join(line + "reject" if "OXFORD" in line else line for line in lines) + "\n",
        encoding="utf-8",
    )
    # Project 800001 (with Oxford) is outside this selection; the rejection stays on file.
    narrow = run(curated, tmp_path, selection=Selection(topic_prefixes=("SC1-",)))
    assert [r.decision for r in narrow.review if "OXFORD" in r.cordis_name] == ["reject"]


def test_organisations_of_an_earlier_run_are_not_match_targets(tmp_path: Path) -> None:
    # Another file (a ROR reconciliation of an earlier cordis.ttl) speaks of an importer IRI.
    extra = tmp_path / "earlier.ttl"
    extra.write_text(
        "@prefix kg: <https://w3id.org/ic2kg/id/> .\n"
        "@prefix ic2kg: <https://w3id.org/ic2kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'kg:org-cordis-old-acme a ic2kg:Company ; rdfs:label "Acme GmbH"@en ;\n'
        "    ic2kg:country kg:country-DE .\n",
        encoding="utf-8",
    )
    curated = parse_files([paths.ONTOLOGY_EDIT, FIXTURE / "graph.ttl", extra])
    graph = run(curated, tmp_path).graph
    assert KG["org-cordis-acme-de"] in participants(graph, KG["proj-cordis-800001"])
    assert KG["org-cordis-old-acme"] not in set(graph.objects(None, IC2KG.participant))
    assert (KG["org-cordis-acme-de"], RDFS.label, Literal("Acme GmbH", lang="en")) in graph


def test_several_programme_folders_are_read_together(curated: Graph, tmp_path: Path) -> None:
    result = import_cordis(
        [FIXTURE / "json", FIXTURE / "fp7"], curated, review_path=tmp_path / "r.tsv"
    )
    graph = result.graph
    assert result.projects_new == 4
    fp7 = KG["proj-cordis-600001"]
    assert (fp7, DCTERMS.isPartOf, KG["prog-fp7"]) in graph
    # FP7 is not in the fixture graph: its programme comes from cordis-programmes.tsv.
    label = Literal("Seventh Framework Programme (FP7)", lang="en")
    assert (KG["prog-fp7"], RDFS.label, label) in graph
    assert KG["org-tsinghua"] in participants(graph, fp7)
    assert "json/project.json" in result.header[2] and "fp7/project.json" in result.header[2]
    with pytest.raises(DataLoadError, match="listed more than once"):
        import_cordis([FIXTURE / "json", FIXTURE / "csv"], curated, review_path=tmp_path / "r.tsv")


def test_roles_are_taken_where_the_dump_gives_them(curated: Graph, tmp_path: Path) -> None:
    graph = import_cordis([FIXTURE / "fp7"], curated, review_path=tmp_path / "r.tsv").graph
    roles = {
        graph.value(node, IC2KG.participant): graph.value(node, IC2KG.participationRole)
        for node in graph.objects(KG["proj-cordis-600001"], IC2KG.qualifiedParticipation)
    }
    assert roles == {
        KG["org-tsinghua"]: KG["role-coordinator"],
        KG["org-cordis-institut-pasteur-fr"]: KG["role-partner"],
    }


def test_reordered_spellings_are_one_organisation(curated: Graph, tmp_path: Path) -> None:
    result = run(curated, tmp_path)
    ubc = KG["org-cordis-university-british-columbia-ca"]
    assert ubc in participants(result.graph, KG["proj-cordis-900001"])
    assert ubc in participants(result.graph, KG["proj-cordis-101000001"])
    assert (KG["org-cordis-university-of-british-columbia-ca"], None, None) not in result.graph
    assert result.resolution.how["university of british columbia ca"] == "name-variant"


def test_a_proposal_made_twice_is_one_review_row() -> None:
    from ic2kg.importers.review import ReviewRow, render

    def row(score: str, decision: str = "") -> ReviewRow:
        return ReviewRow(
            "rub de",
            "RUB",
            "DE",
            "https://w3id.org/ic2kg/id/org-rub",
            "RUB",
            score,
            "similar name",
            decision,
        )

    assert render([row("0.913"), row("0.979")]).splitlines()[1:] == [
        render([row("0.979")]).splitlines()[1]
    ]
    kept = render([row("0.979"), row("0.913", "accept")]).splitlines()[1:]
    assert len(kept) == 1 and kept[0].endswith("\taccept"), "the decided row stands for both"


def test_a_chinese_name_curated_for_an_imported_organisation_does_not_hide_it(
    curated: Graph, tmp_path: Path
) -> None:
    """graph/names-zh.ttl names the importer's organisations; they stay the importer's."""
    acme = KG["org-cordis-acme-de"]
    named = Graph()
    for triple in curated:
        named.add(triple)
    named.add((acme, IC2KG.translatedLabel, Literal("阿克米", lang="zh")))
    graph = run(named, tmp_path).graph
    assert (acme, RDFS.label, Literal("Acme GmbH", lang="en")) in graph
    assert (acme, IC2KG.country, KG["country-DE"]) in graph


def test_amounts_land_on_properties_that_say_what_they_are(curated: Graph, tmp_path: Path) -> None:
    graph = run(curated, tmp_path).graph
    project = KG["proj-cordis-800001"]

    def euros(subject: object, predicate: URIRef) -> list[Decimal]:
        return sorted(
            Decimal(str(graph.value(node, SCHEMA.value)))
            for node in graph.objects(subject, predicate)  # type: ignore[arg-type]
            if graph.value(node, SCHEMA.currency) == Literal("EUR")
        )

    assert euros(project, IC2KG.ecMaxContribution) == [Decimal("450000.5")]
    assert euros(project, IC2KG.totalCost) == [Decimal("500000")]
    shares = [
        amount
        for node in graph.objects(project, IC2KG.qualifiedParticipation)
        for amount in euros(node, IC2KG.ecContribution)
    ]
    assert sorted(shares) == [Decimal("50000.25"), Decimal("200000"), Decimal("200000.25")]
    # The kind is in the property now: no amount is left with only a wording to say it.
    assert not list(graph.subject_objects(IC2KG.fundingAmount))
    assert not [
        n
        for n in graph.subjects(RDF.type, SCHEMA.MonetaryAmount)
        if graph.value(n, DCTERMS.description)
    ]


def test_a_row_a_curated_participation_stands_for_keeps_its_amount_beside_it(
    curated: Graph, tmp_path: Path
) -> None:
    graph = Graph()
    for triple in curated:
        graph.add(triple)
    project, acme, tsinghua = KG["proj-ic2permed"], KG["org-acme"], KG["org-tsinghua"]
    stated, amount = BNode(), BNode()
    graph.add((acme, RDF.type, IC2KG.Company))
    graph.add((acme, RDFS.label, Literal("ACME GmbH", lang="en")))
    graph.add((acme, IC2KG.country, KG["country-DE"]))
    graph.add((acme, DCTERMS.source, URIRef("https://example.org/acme")))
    graph.add((project, IC2KG.qualifiedParticipation, stated))
    for predicate, obj in (
        (RDF.type, IC2KG.Participation),
        (IC2KG.participant, acme),
        (IC2KG.participationRole, KG["role-partner"]),
        (IC2KG.ecContribution, amount),
        (DCTERMS.source, URIRef("https://example.org/acme-news")),
    ):
        graph.add((stated, predicate, obj))
    graph.add((amount, RDF.type, SCHEMA.MonetaryAmount))
    graph.add((amount, SCHEMA.value, Literal(Decimal("90000"))))
    graph.add((amount, SCHEMA.currency, Literal("EUR")))

    result = run(graph, tmp_path)
    # Both CORDIS rows of the project name organisations the curated project lists: no second
    # participation, one record each.
    assert participants(result.graph, project) == set()
    records = {
        result.graph.value(node, IC2KG.participant): node
        for node in result.graph.objects(project, IC2KG.registryParticipation)
    }
    assert set(records) == {acme, tsinghua}
    source = URIRef("https://cordis.europa.eu/project/id/874694")
    assert (records[tsinghua], DCTERMS.source, source) in result.graph
    assert result.graph.value(records[tsinghua], IC2KG.activityType) == KG["cordis-activity-hes"]
    # The curated amount wins; the CORDIS one is reported, and no amount node is left over.
    assert result.graph.value(records[acme], IC2KG.ecContribution) is None
    assert all(
        any(result.graph.subjects(None, node))
        for node in result.graph.subjects(RDF.type, SCHEMA.MonetaryAmount)
    )
    assert [
        (c.curated, c.imported)
        for c in result.conflicts
        if str(IC2KG.ecContribution) in c.predicate
    ] == [("90000.00 EUR", "100000.00 EUR")]

    files = [tmp_path / "curated.ttl", tmp_path / "cordis.ttl"]
    graph.serialize(files[0], format="turtle")
    result.graph.serialize(files[1], format="turtle")
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, *files])
    # Every CORDIS amount is in the totals once, except the one the curated amount replaces.
    rows = json.loads((FIXTURE / "json" / "organization.json").read_text(encoding="utf-8"))
    given = [Decimal(str(r["ecContribution"])) for r in rows if r["ecContribution"] != ""]
    totals = store.select(load_query("reports/amount-totals").sparql).rows
    (shares,) = [r for r in totals if str(r["property"]) == str(IC2KG.ecContribution)]
    assert (int(shares["amounts"]), Decimal(str(shares["total"]))) == (
        len(given),
        sum(given) - Decimal("100000") + Decimal("90000"),
    )


def test_dates_are_typed_by_how_much_the_dump_gives() -> None:
    assert date_literal("2020-01-31", "x").datatype == XSD.date
    assert date_literal("2020-01", "x").datatype == XSD.gYearMonth
    assert date_literal("2020", "x").datatype == XSD.gYear
    with pytest.raises(DataLoadError, match="31/01/2020"):
        date_literal("31/01/2020", "project.json id 1")
