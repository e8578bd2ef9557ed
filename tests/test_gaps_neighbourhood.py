"""The picture around one organisation or country (ic2kg.gaps.neighbourhood)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ic2kg import paths
from ic2kg.build import build
from ic2kg.errors import BadParameter
from ic2kg.gaps import Snapshot, load_snapshot
from ic2kg.gaps.neighbourhood import neighbourhood
from ic2kg.namespaces import KG
from ic2kg.store import EmbeddedStore

FIXTURE = Path(__file__).parent / "resources" / "gaps" / "neighbourhood.ttl"


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, FIXTURE])
    return load_snapshot(store)


def test_a_country_reaches_its_partners_across_instead_of_a_star(snapshot: Snapshot) -> None:
    picture = neighbourhood(snapshot, str(KG["country-ES"]), hops=3, limit=5)
    # Nearest-first would have drawn Spain and four of its organisations, all linked to Spain
    # alone. Each ring gets a share instead: Spain's best-linked organisation, its largest
    # project, and that project's partners, the Chinese one first.
    assert [(n.label, n.hops) for n in picture.nodes] == [
        ("Spain", 0),
        ("ES A", 1),
        ("Project One", 2),
        ("CN X", 3),
        ("FR Y", 3),
    ]
    assert picture.truncated
    drawn = {n.iri for n in picture.nodes}
    assert all(e.source in drawn and e.target in drawn for e in picture.edges)
    assert len(picture.edges) == 4  # a path from Spain to both partners


def test_the_chinese_partner_comes_first_when_one_place_is_left(snapshot: Snapshot) -> None:
    picture = neighbourhood(snapshot, str(KG["org-es-b"]), hops=2, limit=3)
    assert [n.label for n in picture.nodes] == ["ES B", "Project One", "CN X"]


def test_everything_is_drawn_when_it_fits(snapshot: Snapshot) -> None:
    picture = neighbourhood(snapshot, str(KG["country-ES"]), hops=3, limit=60)
    assert not picture.truncated
    assert {n.label for n in picture.nodes} == {
        "Spain",
        "ES A",
        "ES B",
        "ES C",
        "ES D",
        "Project One",
        "Project Two",
        "Project Three",
        "CN X",
        "FR Y",
    }


def test_a_focus_that_is_not_a_party_is_refused(snapshot: Snapshot) -> None:
    with pytest.raises(BadParameter, match="not an organisation or country"):
        neighbourhood(snapshot, str(KG["proj-one"]))
