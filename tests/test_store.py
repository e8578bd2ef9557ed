"""The Store interface and the embedded store (ic2kg/store.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import ic2kg.store
from ic2kg.build import open_store
from ic2kg.errors import DataLoadError, QueryError
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore, SelectResult

DATA = """
@prefix ex: <https://example.org/> .
ex:a ex:p "one"@en , "一"@zh ; ex:n 1 .
ex:b ex:p "two"@en ; ex:n 2 .
ex:c ex:p "three" ; ex:n 3 .
""".encode()
EX = "https://example.org/"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


@pytest.fixture()
def store() -> EmbeddedStore:
    """A small in-memory store."""
    s = EmbeddedStore()
    s.load(DATA, "turtle")
    return s


def test_select_returns_rdflib_terms(store: EmbeddedStore) -> None:
    result = store.select(f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }} ORDER BY ?o")
    assert isinstance(result, SelectResult)
    assert set(result.column("o")) == {Literal("one", lang="en"), Literal("一", lang="zh")}
    plain = store.select(f"SELECT ?o WHERE {{ <{EX}c> <{EX}p> ?o }}").column("o")
    assert plain == [Literal("three", datatype=XSD_STRING)]


def test_construct_ask_and_count(store: EmbeddedStore) -> None:
    graph = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(graph, Graph) and len(graph) == 7
    assert store.ask(f"ASK {{ <{EX}a> ?p ?o }}") is True
    assert store.triple_count() == 7
    with pytest.raises(QueryError, match="SELECT"):
        store.select("ASK { ?s ?p ?o }")


def test_bindings_work_for_variables_outside_the_projection(store: EmbeddedStore) -> None:
    query = f"SELECT ?o WHERE {{ ?s <{EX}n> ?o }}"
    result = store.select(query, {"s": URIRef(EX + "b")})
    assert result.column("o") == [Literal(2)]


def test_bad_data_changes_nothing(store: EmbeddedStore) -> None:
    # Many good triples before the error: none of them may stay behind.
    good = b"".join(
        b"<https://example.org/s%d> <https://example.org/p> 1 .\n" % i for i in range(5000)
    )
    with pytest.raises(DataLoadError, match=r"broken\.ttl.*line 5001"):
        store.load(good + b"<https://example.org/x> <https://example.org/p> .", source="broken.ttl")
    assert store.triple_count() == 7


def test_syntax_error_is_a_query_error(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELECT ?x WHERE {")


def test_open_store_without_endpoint_is_embedded(tmp_path: Path) -> None:
    store = open_store(Settings(), build_if_empty=False)
    assert isinstance(store, EmbeddedStore) and store.triple_count() == 0
    persistent = open_store(Settings(store_path=tmp_path / "store"), build_if_empty=False)
    assert isinstance(persistent, EmbeddedStore) and persistent.path == tmp_path / "store"


def test_store_module_reads_no_environment() -> None:
    source = Path(ic2kg.store.__file__).read_text(encoding="utf-8")
    assert "os.environ" not in source and "getenv" not in source and "settings" not in source
