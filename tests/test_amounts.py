"""Amounts are summed only within one kind of amount and one currency (issue 27)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ic2kg import paths
from ic2kg.build import build
from ic2kg.queries import load_query
from ic2kg.store import EmbeddedStore

FIXTURE = Path(__file__).parent / "resources" / "amounts" / "amounts.ttl"
IC2KG = "https://w3id.org/ic2kg/ontology#"


def test_amount_totals_keep_kinds_and_currencies_apart() -> None:
    store = EmbeddedStore()
    build(store, [paths.ONTOLOGY_EDIT, FIXTURE])
    rows = store.select(load_query("reports/amount-totals").sparql).rows
    totals = {
        (str(r["property"]).removeprefix(IC2KG), str(r["currency"])): (
            int(r["amounts"]),
            Decimal(str(r["total"])),
        )
        for r in rows
    }
    assert totals == {
        ("ecContribution", "EUR"): (2, Decimal("300.5")),
        ("ecMaxContribution", "EUR"): (1, Decimal("300")),
        ("callBudget", "EUR"): (1, Decimal("1000")),
        ("callBudget", "CNY"): (1, Decimal("5000")),
        ("fundingPerProject", "EUR"): (1, Decimal("50")),
    }
