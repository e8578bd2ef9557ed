"""The query loader and library (ic2kg/queries.py and every .rq file of queries/)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from ic2kg import paths
from ic2kg.build import build
from ic2kg.errors import BadParameter, UnknownQueryError
from ic2kg.queries import (
    RESERVED_PARAMS,
    get_query,
    list_queries,
    load_query,
    prepare,
    prepare_count,
    query_files,
    run_query,
    run_select,
)
from ic2kg.store import EmbeddedStore, SelectResult

RESOURCES = Path(__file__).parent / "resources" / "queries"
KG = "https://w3id.org/ic2kg/id/"
FILES = query_files()
COMPETENCY = [p for g, p in FILES if g == "competency"]
CHECKS = [p for g, p in FILES if g == "checks"]


@pytest.fixture(scope="module")
def fixture_store() -> EmbeddedStore:
    """The ontology plus tests/resources/queries/fixture.ttl, rules applied."""
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, RESOURCES / "fixture.ttl"])
    return store


@pytest.fixture(scope="module")
def violations_store() -> EmbeddedStore:
    """The ontology plus one violation of each check."""
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, RESOURCES / "violations.ttl"])
    return store


def kg(name: str) -> str:
    """A kg: IRI as a string."""
    return KG + name


def rows(
    store: EmbeddedStore,
    name: str,
    params: Mapping[str, str | Sequence[str]] | None = None,
    *columns: str,
    **options: str,
) -> set[tuple[str, ...]]:
    """The result of a library query as a set of tuples of strings over ``columns``."""
    result = run_select(store, name, params or {}, **options)
    return {tuple(str(row.get(c, "")) for c in columns) for row in result.rows}


def content_hash(store: EmbeddedStore) -> str:
    """A hash of the store's triples, independent of their order."""
    lines = sorted(store.dump().decode("utf-8").splitlines())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- every file


def test_library_has_a_query_per_competency_question() -> None:
    numbers = {p.name[3:5] for p in COMPETENCY}
    expected = {f"{n:02d}" for n in range(1, 18)}
    assert expected <= numbers, f"no query for questions {sorted(expected - numbers)}"
    assert len(CHECKS) >= 5


@pytest.mark.parametrize("path", COMPETENCY, ids=lambda p: p.name)
def test_competency_query_answers_on_the_curated_graph(
    path: Path, curated_store: EmbeddedStore
) -> None:
    spec = get_query(path.stem)
    params = {p.name: p.example for p in spec.params if p.required and p.example}
    result = run_query(curated_store, spec.name, params)
    assert isinstance(result, SelectResult)
    assert result.rows, f"{spec.name} returned no rows on the curated graph with {params}"


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.name)
def test_check_finds_no_violation_in_the_curated_graph(
    path: Path, curated_store: EmbeddedStore
) -> None:
    result = run_select(curated_store, path.stem)
    shown = [{k: str(v) for k, v in row.items()} for row in result.rows[:10]]
    assert not result.rows, f"{path.stem}: {len(result.rows)} violation(s), e.g. {shown}"


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.name)
def test_check_finds_the_planted_violation(path: Path, violations_store: EmbeddedStore) -> None:
    assert run_select(violations_store, path.stem).rows, f"{path.stem} missed its violation"


# ---------------------------------------------------------------- true facts, curated graph


def test_isciii_is_a_funder_in_spain(curated_store: EmbeddedStore) -> None:
    funders = rows(curated_store, "cq-01-funders-by-country", {"country": "ES"}, "funder")
    assert (kg("org-isciii"),) in funders


def test_isciii_has_its_chinese_label_in_chinese(curated_store: EmbeddedStore) -> None:
    labels = rows(
        curated_store, "cq-01-funders-by-country", {"country": "ES"}, "funder", "funderLabel",
        lang="zh",
    )  # fmt: skip
    assert (kg("org-isciii"), "卡洛斯三世健康研究所") in labels


def test_era_permed_countries_include_spain_germany_and_france(
    curated_store: EmbeddedStore,
) -> None:
    countries = rows(
        curated_store,
        "cq-06-network-member-countries",
        {"network": "kg:prog-era-permed"},
        "country",
    )
    for code in ("ES", "DE", "FR"):
        assert (kg(f"country-{code}"),) in countries


def test_isciii_statements_cite_their_sources(curated_store: EmbeddedStore) -> None:
    sources = rows(curated_store, "cq-07-statement-sources", {"entity": "kg:org-isciii"}, "source")
    assert ("https://www.erapermed.eu/partners/",) in sources or len(sources) >= 2


# ---------------------------------------------------------------- exact answers, fixture graph


def test_funders_of_spain_and_what_they_fund(fixture_store: EmbeddedStore) -> None:
    found = rows(fixture_store, "cq-01-funders-by-country", {"country": "ES"}, "funder", "through")
    assert found == {(kg("org-fa"), kg("prog-x")), (kg("org-fa"), kg("call-x1"))}


def test_a_funder_without_funding_appears_with_nothing_through(
    fixture_store: EmbeddedStore,
) -> None:
    found = rows(fixture_store, "cq-01-funders-by-country", {"country": "de"}, "funder", "through")
    assert found == {(kg("org-fb"), "")}


def test_labels_in_chinese_fall_back_to_english(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-01-funders-by-country", {"country": ["ES", "DE"]}, "funderLabel",
        lang="zh",
    )  # fmt: skip
    assert found == {("资助方甲",), ("Funder B",)}


def test_priorities_of_a_call_with_evidence(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-02-priorities-of-activity", {"activity": "kg:call-x1"},
        "priority", "evidence", "notation",
    )  # fmt: skip
    assert found == {(kg("ap-p1"), "evidence one", "P1")}


def test_countries_addressing_and_not_addressing_a_priority(fixture_store: EmbeddedStore) -> None:
    name = "cq-03-countries-addressing-priority"
    assert rows(fixture_store, name, {"priority": "kg:ap-p1"}, "country") == {
        (kg("country-ES"),),
        (kg("country-DE"),),
        (kg("country-CN"),),
    }
    missing = "cq-03b-countries-not-addressing-priority"
    assert rows(fixture_store, missing, {"priority": "kg:ap-p1"}, "country") == set()
    assert rows(fixture_store, missing, {"priority": "kg:ap-p2"}, "country") == {
        (kg("country-ES"),),
        (kg("country-DE"),),
    }
    assert (
        rows(
            fixture_store, missing, {"priority": "kg:ap-p2", "region": "kg:region-china"}, "country"
        )
        == set()
    )


def test_standards_of_a_biobank_and_their_issuer(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-04-standards-of-biobank", {"infrastructure": "kg:bb-eu"},
        "standard", "issuer",
    )  # fmt: skip
    assert found == {(kg("std-a"), kg("org-sb")), (kg("std-b"), kg("org-sb"))}


def test_standards_used_on_one_side_only(fixture_store: EmbeddedStore) -> None:
    assert rows(fixture_store, "cq-05-standards-europe-not-china", {}, "standard") == {
        (kg("std-b"),)
    }
    assert rows(fixture_store, "cq-05b-standards-china-not-europe", {}, "standard") == {
        (kg("std-c"),)
    }


def test_network_countries_and_differences(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-06-network-member-countries", {"network": "kg:net-n"}, "country", "via"
    )
    assert found == {
        (kg("country-ES"), "country membership"),
        (kg("country-CN"), "member organisation"),
        (kg("country-DE"), "member organisation"),
    }
    differences = "cq-06b-membership-differences"
    params = {"network": "kg:net-n", "other": "kg:net-m"}
    assert rows(fixture_store, differences, params, "country") == {
        (kg("country-ES"),),
        (kg("country-CN"),),
    }
    params = {"network": "kg:net-m", "other": "kg:net-n"}
    assert rows(fixture_store, differences, params, "country") == set()


def test_sources_of_an_organisation(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-07-statement-sources", {"entity": "kg:org-fa"},
        "statement", "about", "source",
    )  # fmt: skip
    assert found == {
        ("entity", "", "https://example.org/fa"),
        ("participation", kg("prog-x"), "https://example.org/prog-x"),
        ("participation", kg("call-x1"), "https://example.org/call-x1"),
    }


def test_entities_lacking_a_chinese_label_or_identifier(fixture_store: EmbeddedStore) -> None:
    lacking = rows(fixture_store, "cq-08-entities-lacking-data", {"lack": "zh-label"}, "entity")
    assert (kg("org-fb"),) in lacking
    assert (kg("org-fa"),) not in lacking
    assert (kg("std-c"),) not in lacking
    no_id = rows(fixture_store, "cq-08-entities-lacking-data", {"lack": "identifier"}, "entity")
    assert (kg("org-fb"),) in no_id
    assert (kg("org-fa"),) not in no_id
    assert rows(fixture_store, "cq-08-entities-lacking-data", {"lack": "source"}, "entity") == set()


def test_entities_per_class_and_country(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-09-entities-per-class-and-country", {"country": "CN"},
        "class", "entities",
    )  # fmt: skip
    ic2kg = "https://w3id.org/ic2kg/ontology#"
    assert found == {
        (ic2kg + "FundingOrganisation", "1"),
        (ic2kg + "ResearchOrganisation", "1"),
        (ic2kg + "NationalStrategy", "1"),
        (ic2kg + "Biobank", "1"),
        # The build adds superclass types: every organisation above, the biobank as a research
        # infrastructure, the strategy as a policy.
        (ic2kg + "Organisation", "3"),
        (ic2kg + "ResearchInfrastructure", "1"),
        (ic2kg + "Policy", "1"),
    }


def test_identifiers_and_lookup(fixture_store: EmbeddedStore) -> None:
    ids = rows(fixture_store, "cq-10-external-identifiers", {"entity": "kg:org-fa"}, "value")
    assert ids == {("000000001",), ("Q1",)}
    wikidata = "http://www.wikidata.org/entity/Q29"
    matches = rows(
        fixture_store, "cq-10b-entities-matching-concept", {"concept": wikidata}, "entity"
    )
    assert matches == {(kg("country-ES"),)}
    found = rows(fixture_store, "cq-11-entity-by-identifier", {"value": ["Q1", "ES"]}, "entity")
    assert found == {(kg("org-fa"),), (kg("country-ES"),)}


def test_ontology_alignments_to_org(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-12-ontology-alignments", {"vocabulary": "http://www.w3.org/ns/org#"},
        "term", "external",
    )  # fmt: skip
    assert (
        "https://w3id.org/ic2kg/ontology#Organisation",
        "http://www.w3.org/ns/org#Organization",
    ) in found
    assert all(external.startswith("http://www.w3.org/ns/org#") for _, external in found)


def test_shared_priorities_without_joint_activity(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-13-shared-priorities-without-joint-activity", {"country": "ES"},
        "organisation", "chinese", "sharedPriorities",
    )  # fmt: skip
    assert found == {(kg("org-fa"), kg("org-fc"), "1")}


def test_priority_region_coverage(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-14-priority-region-coverage",
        {"region": ["kg:region-eu", "kg:region-china"]}, "priority", "region", "programmes",
        "policies",
    )  # fmt: skip
    assert (kg("ap-p1"), kg("region-eu"), "1", "0") in found
    assert (kg("ap-p1"), kg("region-china"), "0", "1") in found
    assert (kg("ap-p3"), kg("region-eu"), "0", "0") in found
    assert len(found) == 6


def test_biobank_pairs(fixture_store: EmbeddedStore) -> None:
    result = run_select(fixture_store, "cq-15-biobank-pairs")
    assert len(result.rows) == 1
    row = {k: str(v) for k, v in result.rows[0].items()}
    assert (row["biobank"], row["chineseBiobank"]) == (kg("bb-eu"), kg("bb-cn"))
    assert (row["sharedDiseaseAreas"], row["sharedSampleTypes"], row["sharedStandards"]) == (
        "1",
        "0",
        "1",
    )
    assert row["standardsInCommon"].split() == [kg("std-a")]
    assert set(row["europeanStandards"].split()) == {kg("std-a"), kg("std-b")}
    assert set(row["chineseStandards"].split()) == {kg("std-a"), kg("std-c")}


def test_bridging_and_isolated_stakeholders(fixture_store: EmbeddedStore) -> None:
    bridges = rows(fixture_store, "cq-16-bridging-stakeholders", {}, "stakeholder", "reach")
    assert bridges == {(kg("org-fb"), "1"), (kg("org-fc"), "1")}
    isolated = rows(fixture_store, "cq-16b-isolated-stakeholders", {}, "stakeholder")
    assert isolated == {(kg("org-isolated"),)}


def test_standard_adoption_by_region(fixture_store: EmbeddedStore) -> None:
    found = rows(
        fixture_store, "cq-17-standard-adoption-by-region", {},
        "standard", "europeanAdopters", "chineseAdopters",
    )  # fmt: skip
    assert found == {
        (kg("std-a"), "1", "1"),
        (kg("std-b"), "1", "0"),
        (kg("std-c"), "0", "1"),
    }


# ---------------------------------------------------------------- parameters and paging


def test_paging_walks_through_the_rows(fixture_store: EmbeddedStore) -> None:
    name = "cq-10-external-identifiers"
    every = run_select(fixture_store, name).rows
    assert len(every) >= 3
    first = run_select(fixture_store, name, limit=2).rows
    rest = run_select(fixture_store, name, limit=100, offset=2).rows
    assert first + rest == every


def test_multi_valued_parameter_accepts_commas(fixture_store: EmbeddedStore) -> None:
    one = rows(fixture_store, "cq-01-funders-by-country", {"country": "ES,DE"}, "funder")
    assert one == {(kg("org-fa"),), (kg("org-fb"),)}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "ESP"}, "country"),
        ({"nation": "ES"}, "nation"),
        ({"lang": "not a tag!"}, "lang"),
        ({"lang": "fr"}, "lang"),  # not in the enum
    ],
)
def test_rejects_bad_parameters(
    fixture_store: EmbeddedStore, params: dict[str, str], parameter: str
) -> None:
    with pytest.raises(BadParameter) as error:
        run_query(fixture_store, "cq-01-funders-by-country", params)
    assert error.value.parameter == parameter
    assert parameter in str(error.value)


def test_rejects_missing_required_and_repeated_single_parameters(
    fixture_store: EmbeddedStore,
) -> None:
    with pytest.raises(BadParameter, match=r"network.*required"):
        run_query(fixture_store, "cq-06-network-member-countries", {})
    with pytest.raises(BadParameter, match="takes one value"):
        run_query(fixture_store, "cq-06b-membership-differences", {"network": ["kg:a", "kg:b"]})


def test_unknown_parameter_names_the_closest_known_one(fixture_store: EmbeddedStore) -> None:
    spec = get_query("cq-01-funders-by-country")
    with pytest.raises(BadParameter) as error:
        spec.check_names(["cuntry", "limit", "zzz"], reserved=RESERVED_PARAMS)
    assert (error.value.parameter, error.value.suggestion) == ("cuntry", "country")
    assert error.value.unknown == ("cuntry", "zzz")
    assert "did you mean 'country'?" in str(error.value)
    assert "valid for every query: format, lang, limit, offset" in str(error.value)
    spec.check_names(["country", *RESERVED_PARAMS], reserved=RESERVED_PARAMS)  # all known
    with pytest.raises(BadParameter, match="did you mean 'country'"):
        run_query(fixture_store, spec.name, {"cuntry": "ES"})


def test_prepare_count_counts_the_whole_bound_answer(fixture_store: EmbeddedStore) -> None:
    spec = get_query("cq-01-funders-by-country")
    for params in ({"country": "ES"}, {}):
        every = run_select(fixture_store, spec.name, params).rows
        counted = fixture_store.select(prepare_count(spec, params)).rows
        assert int(counted[0]["total"]) == len(every) > 0, params


def test_unknown_query_is_a_clear_error() -> None:
    with pytest.raises(UnknownQueryError, match="no saved query 'cq-99'"):
        get_query("cq-99")


@pytest.mark.parametrize(
    "value",
    [
        '"} ; DROP ALL ; {',
        'x" } } ; CLEAR DEFAULT ; SELECT * { ?s ?p ?o',
        "Q1' . } DELETE WHERE { ?s ?p ?o } #",
        "line\nbreak \\ backslash",
    ],
)
def test_string_injection_is_an_inert_literal(fixture_store: EmbeddedStore, value: str) -> None:
    before = (fixture_store.triple_count(), content_hash(fixture_store))
    found = rows(fixture_store, "cq-11-entity-by-identifier", {"value": value}, "entity")
    assert found == set()
    assert (fixture_store.triple_count(), content_hash(fixture_store)) == before


@pytest.mark.parametrize(
    "value",
    [
        "https://w3id.org/ic2kg/id/org-fa> } ; DROP ALL ; { <x:y",
        "https://example.org/a b",
        'https://example.org/"quoted"',
        "https://example.org/{x}",
        "kg:org-fa>",
        "not an iri",
        "",
    ],
)
def test_iri_injection_is_rejected(fixture_store: EmbeddedStore, value: str) -> None:
    before = (fixture_store.triple_count(), content_hash(fixture_store))
    if value == "":
        # An empty value means "not given": a required IRI parameter is then missing.
        with pytest.raises(BadParameter, match="required"):
            run_query(fixture_store, "cq-07-statement-sources", {"entity": value})
    else:
        with pytest.raises(BadParameter) as error:
            run_query(fixture_store, "cq-07-statement-sources", {"entity": value})
        assert error.value.parameter == "entity"
    assert (fixture_store.triple_count(), content_hash(fixture_store)) == before


def test_parameters_become_a_values_block_not_text(fixture_store: EmbeddedStore) -> None:
    spec = get_query("cq-11-entity-by-identifier")
    text = prepare(spec, {"value": '"} ; DROP ALL ; {'})
    assert 'VALUES (?value) { ("\\"} ; DROP ALL ; {") }' in text


# ---------------------------------------------------------------- headers


def test_list_queries_exposes_specs_for_the_api() -> None:
    specs = {spec.name: spec for spec in list_queries()}
    spec = specs["cq-01-funders-by-country"].as_dict()
    assert spec["summary"].startswith("Funders")
    assert {p["name"] for p in spec["params"]} == {"country", "lang"}
    assert spec["form"] == "SELECT"


def test_duplicate_label_check_allows_one_label_in_two_concept_schemes() -> None:
    store = EmbeddedStore()
    build(store, [RESOURCES.parent / "checks" / "duplicate-labels.ttl"])
    rows = store.select(load_query("checks/duplicate-label-violation").sparql).rows
    pairs = {
        (str(r["first"]).rsplit("/", 1)[-1], str(r["second"]).rsplit("/", 1)[-1]) for r in rows
    }
    assert pairs == {("c-a2", "c-a3"), ("org-x", "org-y")}
