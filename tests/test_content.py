"""The curated graph meets the minimum content the project promised, counted by SPARQL.

Thresholds are the floors set in the issues (foundation #3, data depth #9); the counts come from
queries/reports/content-counts.rq, the same query the release notes quote.
"""

from __future__ import annotations

import pytest

from ic2kg.queries import load_query
from ic2kg.store import EmbeddedStore

FLOORS = {
    "euCountries": 27,  # every EU member state
    "standards": 25,
    "standardsWithIssuer": 25,
    "biobanksAndInfrastructures": 20,
    "chineseBiobanks": 3,
    "actionPlanPriorities": 5,  # the five perspectives (activities: see the notes of issue #9)
    "euPolicies": 28,  # the IC2PerMed mapping found 28 EU-level policies up to December 2020
    "memberStatePolicies": 23,  # ... and 23 at member-state level
    "chinesePolicies": 10,
    "memberships": 50,
    "multiCountryProjects": 40,  # issue #9 aims at 100; see its notes for what could not be sourced
}


@pytest.fixture(scope="module")
def counts(curated_store: EmbeddedStore) -> dict[str, int]:
    query = load_query("reports/content-counts").sparql
    row = curated_store.select(query).rows[0]
    return {name: int(value) for name, value in row.items()}


@pytest.mark.parametrize(("name", "floor"), sorted(FLOORS.items()))
def test_count_meets_its_floor(counts: dict[str, int], name: str, floor: int) -> None:
    assert counts[name] >= floor, f"{name}: {counts[name]} < {floor}"


def test_china_and_canada_are_countries(curated_store: EmbeddedStore) -> None:
    query = load_query("reports/country-codes").sparql
    codes = {str(row["alpha2"]) for row in curated_store.select(query).rows}
    assert {"CN", "CA", "CH", "NO", "IL", "TR", "GB"} <= codes


def test_every_eu_member_state_has_all_iso_codes(curated_store: EmbeddedStore) -> None:
    query = load_query("reports/country-codes").sparql
    rows = curated_store.select(query).rows
    assert all({"alpha2", "alpha3", "numeric"} <= row.keys() for row in rows)
    assert len({str(r["alpha3"]) for r in rows}) == len(rows)
