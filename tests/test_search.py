"""The label search (ic2kg/search.py): exact answers on tests/resources/web/search.ttl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ic2kg import paths
from ic2kg.build import build
from ic2kg.namespaces import KG
from ic2kg.search import ACRONYM, COMPANY, EXACT, PM_BODY, LabelIndex, edit_distance, normalise
from ic2kg.store import EmbeddedStore

FIXTURE = Path(__file__).parent / "resources" / "web" / "search.ttl"


@pytest.fixture(scope="module")
def index() -> LabelIndex:
    """The index built from the ontology and the search fixture."""
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, FIXTURE])
    return LabelIndex.build(store)


def found(index: LabelIndex, query: str, **options: Any) -> list[str]:
    """Local names of the hits, best first."""
    return [m.entity.iri.removeprefix(str(KG)) for m in index.search(query, **options).matches]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Università  Cattolica", "universita cattolica"),
        ("FUNDACIÓN", "fundacion"),
        ("ＮＳＦＣ", "nsfc"),  # full-width letters fold to ASCII under NFKD
        ("国家自然科学基金委员会", "国家自然科学基金委员会"),
        ("  Straße ", "strasse"),
    ],
)
def test_normalise_folds_accents_case_width_and_spaces(text: str, folded: str) -> None:
    assert normalise(text) == folded


def test_exact_names_rank_first_then_pm_bodies_then_names_then_what_is_in_the_country(
    index: LabelIndex,
) -> None:
    # The exact name first, then the biobank (a PM body) before the network (names before
    # what is merely based in Spain); each kind a group of its own.
    assert found(index, "spain") == [
        "country-ES",
        "bb-of-spain",
        "org-spain-network",
        "org-hispania",
    ]


def test_a_country_name_with_a_kind_lists_that_countrys_entities_of_that_kind(
    index: LabelIndex,
) -> None:
    assert found(index, "Spain", category="organisation") == [
        "bb-of-spain",
        "org-spain-network",
        "org-hispania",
    ]
    assert found(index, "china", category="funder") == ["org-nsfc"]
    page = index.search("西班牙", category="biobank")
    assert [m.entity.iri for m in page.matches] == [str(KG["bb-of-spain"])]
    assert page.country is not None and page.country.iri == str(KG["country-ES"])


def test_an_iso_code_finds_its_country_not_names_starting_with_it(index: LabelIndex) -> None:
    assert found(index, "ES")[0] == "country-ES"
    assert "country-EE" not in found(index, "ES"), "Estonia starts with 'es' but is EE"
    assert found(index, "esp")[0] == "country-ES"
    assert found(index, "ee") == ["country-EE"]
    assert found(index, "ES", category="biobank") == ["bb-of-spain"]


def test_typos_find_close_spellings_only_when_nothing_matches(index: LabelIndex) -> None:
    page = index.search("Spian")
    assert page.close, "no name contains the query"
    assert page.matches[0].entity.iri == str(KG["country-ES"])
    assert found(index, "Hispaniateck") == ["org-hispania"]
    assert found(index, "catolica univrsita") == ["org-ucsc"]
    assert not index.search("Spain").close
    assert found(index, "qqqqqq") == [], "far from every name"
    assert found(index, "spx") == [], "short words must match exactly"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("germny", "germany", 1), ("spian", "spain", 1), ("spain", "spain", 0), ("abcd", "wxyz", 3)],
)
def test_edit_distance_counts_swaps_as_one_and_stops_at_the_bound(
    a: str, b: str, distance: int
) -> None:
    assert edit_distance(a, b, 2) == distance


def test_total_counts_every_match_and_offset_pages_through(index: LabelIndex) -> None:
    first = index.search("spain", limit=2)
    rest = index.search("spain", limit=2, offset=2)
    assert first.total == rest.total == 4
    assert len(first.matches) == 2 and len(rest.matches) == 2
    assert {m.entity.iri for m in first.matches}.isdisjoint(m.entity.iri for m in rest.matches)


def test_kind_filter_follows_the_ontology_subclasses(index: LabelIndex) -> None:
    # ic2kg.ttl: Biobank < ResearchInfrastructure < Organisation, FundingOrganisation < Organisation
    biobank = index.entities[str(KG["bb-of-spain"])]
    assert biobank.categories == {"biobank", "organisation"}
    assert index.entities[str(KG["org-nsfc"])].categories == {"funder", "organisation"}
    assert index.entities[str(KG["country-ES"])].categories == {"country"}


def test_translated_labels_are_known(index: LabelIndex) -> None:
    hispania = index.entities[str(KG["org-hispania"])]
    assert hispania.translated == {"西班牙科技基金会"}
    assert index.entities[str(KG["org-nsfc"])].translated == set(), "published names are not"


def test_accentless_query_finds_accented_name(index: LabelIndex) -> None:
    hits = index.search("Universita Cattolica").matches
    assert [m.entity.label("en") for m in hits] == ["Università Cattolica del Sacro Cuore"]
    assert found(index, "FUNDACION") == ["org-hispania"]


def test_words_in_any_order_match(index: LabelIndex) -> None:
    assert found(index, "cattolica universita") == ["org-ucsc"]
    assert found(index, "cattolica milano") == []


def test_chinese_names_match_and_shorter_names_rank_first(index: LabelIndex) -> None:
    assert found(index, "国家自然科学基金") == ["org-nsfc", "prog-nsfc-joint"]
    first = index.search("西班牙").matches[0].entity
    assert (first.label("zh"), first.other_label("zh")) == ("西班牙", "Spain")


def test_alternative_names_match_and_are_reported(index: LabelIndex) -> None:
    hits = index.search("nsfc").matches
    assert [m.entity.iri for m in hits] == [str(KG["org-nsfc"]), str(KG["prog-nsfc-joint"])]
    assert hits[0].matched == "NSFC", "the acronym that matched is shown beside the label"
    assert found(index, "ＮＳＦＣ")[0] == "org-nsfc"


def test_kind_filter(index: LabelIndex) -> None:
    assert found(index, "spain", category="biobank") == ["bb-of-spain"]
    assert found(index, "nsfc", category="funder") == ["org-nsfc"]
    assert found(index, "nsfc", category="country") == []


def test_blank_query_finds_nothing(index: LabelIndex) -> None:
    assert index.search("   ").matches == []


def test_limit(index: LabelIndex) -> None:
    assert found(index, "spain", limit=1) == ["country-ES"]


@pytest.fixture(scope="module")
def ranking() -> LabelIndex:
    """The index of the search fixture and the ranking fixture together."""
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, FIXTURE, FIXTURE.with_name("search-ranking.ttl")])
    return LabelIndex.build(store)


def test_an_acronym_finds_the_name_whose_words_it_abbreviates(ranking: LabelIndex) -> None:
    page = ranking.search("CSIC")
    assert [m.entity.iri.removeprefix(str(KG)) for m in page.matches] == [
        "org-csic",
        "org-agrigenomics",
    ], "CSIC before a centre with CSIC in its name; not the climate centre (NCFCCSIC)"
    assert page.matches[0].rank == ACRONYM
    assert (
        page.matches[0].matched == "AGENCIA ESTATAL CONSEJO SUPERIOR DE INVESTIGACIONES CIENTIFICAS"
    )


def test_pm_bodies_rank_before_companies_whatever_the_name_says(ranking: LabelIndex) -> None:
    names = found(ranking, "Spain", limit=100)
    assert names[0] == "country-ES"
    # Based in Spain, not named for it: the hospital, the biobank and CSIC (a partner in a PM
    # project) all come before GRASP SPAIN SL, whose name says Spain.
    for body in ("org-hospital-madrid", "bb-of-spain", "org-csic"):
        assert names.index(body) < names.index("co-grasp-spain"), names
    assert names.index("proj-pm-spain") < names.index("proj-ships-spain"), "PM project first"
    assert ranking.entities[str(KG["co-grasp-spain"])].standing == COMPANY
    assert ranking.entities[str(KG["org-csic"])].standing == PM_BODY


def test_results_are_grouped_by_kind_with_counts(ranking: LabelIndex) -> None:
    page = ranking.search("Spain", limit=100)
    groups = [m.group for m in page.matches]
    # Each kind comes as one block, in the order of its best match.
    blocks = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert len(blocks) == len(set(blocks)), groups
    assert blocks[0] == "country"
    assert page.groups == {g: groups.count(g) for g in blocks}
    assert list(page.groups) == blocks, "counts in the order of the list"
    assert page.groups["project"] == 2


def test_chinese_input_finds_names_sharing_most_character_pairs(ranking: LabelIndex) -> None:
    assert found(ranking, "拉巴斯") == ["org-hospital-madrid"], "part of a Chinese name"
    page = ranking.search("国家自然科学基金会")  # 委员会 shortened to 会: not a substring
    assert page.close and page.matches[0].entity.iri == str(KG["org-nsfc"])
    assert found(ranking, "西班") == ["country-ES", "org-hispania"], "a partial country name"
    assert found(ranking, "完全无关的名字") == []


@pytest.fixture(scope="module")
def names() -> LabelIndex:
    """An index of organisations with the names issue 29 adds (translations, acronyms)."""
    store = EmbeddedStore()
    build(
        store, [paths.ONTOLOGY_EDIT, Path(__file__).parent / "resources" / "search" / "names.ttl"]
    )
    return LabelIndex.build(store)


def test_part_of_a_translated_chinese_name_finds_the_organisation(names: LabelIndex) -> None:
    hits = names.search("卡罗林斯卡").matches
    assert [m.entity.iri for m in hits] == [str(KG["org-karolinska"])]
    assert hits[0].matched == "卡罗林斯卡学院"


def test_an_organisations_own_acronym_comes_before_names_it_abbreviates(
    names: LabelIndex,
) -> None:
    # The hospital is a PM body and would otherwise lead: its name's initials end in CAMS.
    assert found(names, "CAMS") == ["org-cams", "org-cams-cancer-hospital"]
    assert names.search("CAMS").matches[0].rank == EXACT


def test_initials_skip_german_particles_written_without_umlaut(names: LabelIndex) -> None:
    hits = names.search("KIT").matches
    assert [m.entity.iri for m in hits] == [str(KG["org-kit"])]
    assert hits[0].rank == ACRONYM
