"""The web label index (api/routes/web.py): exact answers on tests/resources/web/search.ttl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.routes.web import LabelIndex, normalise
from ic2kg import paths
from ic2kg.build import build
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore

FIXTURE = Path(__file__).parent.parent / "resources" / "web" / "search.ttl"


@pytest.fixture(scope="module")
def index() -> LabelIndex:
    """The index built from the ontology and the search fixture."""
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, FIXTURE])
    return LabelIndex.build(store)


def found(index: LabelIndex, query: str, **options: Any) -> list[str]:
    """Local names of the hits, best first."""
    return [hit.iri.removeprefix(str(KG)) for hit in index.search(query, **options)]


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


def test_exact_names_rank_before_prefixes_and_words(index: LabelIndex) -> None:
    assert found(index, "spain") == ["country-ES", "org-spain-network", "bb-of-spain"]


def test_accentless_query_finds_accented_name(index: LabelIndex) -> None:
    hits = index.search("Universita Cattolica")
    assert [h.label for h in hits] == ["Università Cattolica del Sacro Cuore"]
    assert found(index, "FUNDACION") == ["org-hispania"]


def test_words_in_any_order_match(index: LabelIndex) -> None:
    assert found(index, "cattolica universita") == ["org-ucsc"]
    assert found(index, "cattolica milano") == []


def test_chinese_names_match_and_shorter_names_rank_first(index: LabelIndex) -> None:
    assert found(index, "国家自然科学基金") == ["org-nsfc", "prog-nsfc-joint"]
    hits = index.search("西班牙", lang="zh")
    assert [(h.label, h.other_label) for h in hits] == [("西班牙", "Spain")]


def test_alternative_names_match_and_are_reported(index: LabelIndex) -> None:
    hits = index.search("nsfc")
    assert [h.iri for h in hits] == [str(KG["org-nsfc"]), str(KG["prog-nsfc-joint"])]
    assert hits[0].matched == "NSFC", "the acronym that matched is shown beside the label"
    assert found(index, "ＮＳＦＣ")[0] == "org-nsfc"


def test_hits_carry_kind_and_country_in_the_chosen_language(index: LabelIndex) -> None:
    [hit] = index.search("Spain Biobank Network", lang="zh")
    assert hit.kinds == ["网络或联盟"]
    assert hit.country is not None and hit.country.label == "西班牙"
    assert hit.country.href == "/id/country-ES"
    assert hit.href == "/id/org-spain-network"
    [english] = index.search("Spain Biobank Network")
    assert english.kinds == ["network or consortium"] and english.categories == ["organisation"]


def test_kind_filter(index: LabelIndex) -> None:
    assert found(index, "spain", category="biobank") == ["bb-of-spain"]
    assert found(index, "nsfc", category="funder") == ["org-nsfc"]
    assert found(index, "nsfc", category="country") == []


def test_blank_query_finds_nothing(index: LabelIndex) -> None:
    assert index.search("   ") == []


def test_limit(index: LabelIndex) -> None:
    assert found(index, "spain", limit=1) == ["country-ES"]
