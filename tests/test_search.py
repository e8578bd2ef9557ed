"""The label search (ic2kg/search.py): exact answers on tests/resources/web/search.ttl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ic2kg import paths
from ic2kg.build import build
from ic2kg.namespaces import KG
from ic2kg.search import LabelIndex, edit_distance, normalise
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


def test_exact_names_rank_before_prefixes_and_words_then_what_is_in_the_country(
    index: LabelIndex,
) -> None:
    # Names first (exact, prefix, word), then Spain's entities whose names do not say Spain.
    assert found(index, "spain") == [
        "country-ES",
        "org-spain-network",
        "bb-of-spain",
        "org-hispania",
    ]


def test_a_country_name_with_a_kind_lists_that_countrys_entities_of_that_kind(
    index: LabelIndex,
) -> None:
    assert found(index, "Spain", category="organisation") == [
        "org-spain-network",
        "bb-of-spain",
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
