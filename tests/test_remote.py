"""RemoteStore against real servers: the whole query library gives the same answers embedded,
on an Oxigraph server and on Virtuoso (ic2kg/remote.py, tests/servers.py).

The servers hold a fixture: the hand-curated graph (ontology and graph/ without graph/imported/,
with the rules) and the violation fixture of the checks, so every saved query has rows to
compare. One test per server loads the whole curated graph and compares the library on it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from servers import SparqlServer, oxigraph_server, virtuoso_server  # noqa: F401 (fixtures)

from ic2kg.build import apply_rules, open_store, source_files
from ic2kg.errors import BadParameter, DataLoadError, QueryError, RemoteEndpointError
from ic2kg.mappings import mapping_graph
from ic2kg.queries import list_queries, run_query
from ic2kg.remote import RemoteStore
from ic2kg.settings import Settings
from ic2kg.store import EmbeddedStore, QueryResult, SelectResult, Store

VIOLATIONS = Path(__file__).parent / "resources" / "queries" / "violations.ttl"

pytestmark = pytest.mark.server

# Virtuoso 7.2 (Debian package) quirks and how ic2kg copes, so that every library query gives
# the same rows on all three stores (checked below):
# - its default graph is the union of all graphs, system graphs included: the data lives in one
#   named graph that RemoteStore passes as default-graph-uri (servers.VIRTUOSO_GRAPH);
# - INSERT DATA refuses blank nodes and its parser runs out of memory near 5,000 triples:
#   RemoteStore loads with INSERT {...} WHERE {} in batches that keep blank nodes together;
# - numbers come back as "typed-literal" and simple literals without a datatype: RemoteStore
#   reads both into the same rdflib terms as the embedded store (simple literal = xsd:string);
# - ?lang from the VALUES block is out of scope inside a nested OPTIONAL (as SPARQL's bottom-up
#   evaluation says): queries fetch zh and en labels there and choose with IF (queries/README);
# - a bare UNION before a nested OPTIONAL gave extra rows with ?through unbound (cq-01 uses a
#   subquery) and GROUP_CONCAT after an OPTIONAL { UNION } lost values (cq-15 avoids the UNION).


def answer_set(result: QueryResult) -> set[tuple[str, ...]] | bool | int:
    """Rows as a set of tuples of N3 strings (order-insensitive); graphs by their size.

    Normalisation: literals are compared by their N3 form, which already equals across servers
    because RemoteStore reads simple literals as xsd:string (Virtuoso says "typed-literal" for
    numbers where Oxigraph says "literal" with a datatype; both become the same rdflib term).
    """
    if isinstance(result, bool):
        return result
    if isinstance(result, SelectResult):
        return {
            tuple(row[v].n3() if v in row else "" for v in result.variables) for row in result.rows
        }
    return len(result)


@pytest.fixture(scope="module")
def remote_fixture() -> EmbeddedStore:
    """The fixture the servers hold, built into an embedded store (the answers to match) as
    ic2kg.build.build builds the whole graph: files, SSSOM mappings, rules. Generated files
    (graph/imported/, graph/derived/) stay out: the whole-graph test below has them. (With
    graph/derived/relevance.ttl in the fixture, Virtuoso 7 answered cq-13 in Chinese with pairs
    its MINUS should have removed, but only after the other library queries had run: an open
    question, noted in the CHANGELOG.)"""
    store = EmbeddedStore()
    generated = {"imported", "derived"}
    for path in [*(f for f in source_files() if not generated & set(f.parts)), VIOLATIONS]:
        store.load_file(path)
    store.add_graph(mapping_graph())
    apply_rules(store)
    return store


@pytest.fixture(scope="module")
def fixture_oxigraph(oxigraph_server: SparqlServer, remote_fixture: EmbeddedStore) -> RemoteStore:  # noqa: F811
    """The fixture loaded into the Oxigraph server through the Graph Store Protocol."""
    store = oxigraph_server.store()
    store.clear()
    store.load(remote_fixture.dump(), "ntriples")
    return store


@pytest.fixture(scope="module")
def fixture_virtuoso(virtuoso_server: SparqlServer, remote_fixture: EmbeddedStore) -> RemoteStore:  # noqa: F811
    """The fixture loaded into Virtuoso through SPARQL Update."""
    store = virtuoso_server.store()
    store.clear()
    store.load(remote_fixture.dump(), "ntriples")
    return store


LIBRARY = [spec.name for spec in list_queries()]


def test_fixture_arrives_whole(
    remote_fixture: EmbeddedStore, fixture_oxigraph: RemoteStore, fixture_virtuoso: RemoteStore
) -> None:
    expected = remote_fixture.triple_count()
    assert expected > 10_000
    assert fixture_oxigraph.triple_count() == expected
    assert fixture_virtuoso.triple_count() == expected


VARIANTS = ["required parameters", "every example, in Chinese"]


def variant_params(name: str, variant: str) -> tuple[dict[str, str], str]:
    """Parameters and language of one variant of a library query."""
    spec = next(s for s in list_queries() if s.name == name)
    if variant == VARIANTS[0]:
        return {p.name: p.example for p in spec.params if p.required and p.example}, "en"
    return {p.name: p.example for p in spec.params if p.example and p.name != "lang"}, "zh"


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", LIBRARY)
def test_library_query_same_on_oxigraph_server(
    name: str, variant: str, remote_fixture: EmbeddedStore, fixture_oxigraph: RemoteStore
) -> None:
    params, lang = variant_params(name, variant)
    embedded = answer_set(run_query(remote_fixture, name, params, lang=lang))
    assert answer_set(run_query(fixture_oxigraph, name, params, lang=lang)) == embedded


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", LIBRARY)
def test_library_query_same_on_virtuoso(
    name: str, variant: str, remote_fixture: EmbeddedStore, fixture_virtuoso: RemoteStore
) -> None:
    params, lang = variant_params(name, variant)
    embedded = answer_set(run_query(remote_fixture, name, params, lang=lang))
    assert answer_set(run_query(fixture_virtuoso, name, params, lang=lang)) == embedded


def test_language_parameter_on_virtuoso(fixture_virtuoso: RemoteStore) -> None:
    result = run_query(fixture_virtuoso, "cq-10b-entities-matching-concept", {
        "concept": "http://www.wikidata.org/entity/Q29"}, lang="zh")  # fmt: skip
    assert isinstance(result, SelectResult)
    assert Literal("西班牙", lang="zh") in result.column("label")


def test_update_path_loads_the_same_graph(
    oxigraph_server: SparqlServer,  # noqa: F811
    remote_fixture: EmbeddedStore,
    fixture_oxigraph: RemoteStore,
) -> None:
    """SPARQL Update (batched INSERT, blank nodes kept together) gives the GSP result."""
    via_update = RemoteStore(
        oxigraph_server.query_url, update_endpoint=oxigraph_server.update_url, graph="urn:x:update"
    )
    via_update.gsp_endpoint = None
    via_update.clear()
    via_update.load(remote_fixture.dump(), "ntriples")
    try:
        assert via_update.triple_count() == remote_fixture.triple_count()
        name = "cq-02-priorities-of-activity"  # reads blank-node priority links
        expected = answer_set(run_query(remote_fixture, name))
        assert expected and answer_set(run_query(via_update, name)) == expected
    finally:
        via_update.clear()


def test_bindings_become_a_values_block(fixture_oxigraph: RemoteStore) -> None:
    result = fixture_oxigraph.select(
        "SELECT ?label WHERE { ?entity <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
        {"entity": URIRef("https://w3id.org/ic2kg/id/org-isciii")},
    )
    assert Literal("Instituto de Salud Carlos III", lang="en") in result.column("label")


def test_construct_and_ask_on_the_server(fixture_oxigraph: RemoteStore) -> None:
    graph = fixture_oxigraph.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5"
    )  # fmt: skip
    assert len(graph) == 5
    assert fixture_oxigraph.ask("ASK { ?s ?p ?o }") is True


def content_hash(store: Store) -> str:
    """A hash of the store's triples, independent of their order and of blank-node labels
    (a CONSTRUCT over HTTP gives blank nodes new labels each time)."""
    text = re.sub(r"_:[A-Za-z0-9]+", "_:b", store.dump().decode("utf-8"))
    lines = sorted(text.splitlines())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; {', "x' } } ; CLEAR DEFAULT ; { #"])
def test_injection_changes_nothing_on_the_server(fixture_oxigraph: RemoteStore, value: str) -> None:
    before = (fixture_oxigraph.triple_count(), content_hash(fixture_oxigraph))
    result = run_query(fixture_oxigraph, "cq-11-entity-by-identifier", {"value": value})
    assert isinstance(result, SelectResult) and result.rows == []
    with pytest.raises(BadParameter):
        run_query(fixture_oxigraph, "cq-07-statement-sources", {"entity": "urn:a> } ; DROP ALL"})
    assert (fixture_oxigraph.triple_count(), content_hash(fixture_oxigraph)) == before


def test_updates_are_refused_by_query(fixture_oxigraph: RemoteStore) -> None:
    with pytest.raises(QueryError, match="update"):
        fixture_oxigraph.query("DROP ALL")


def test_bad_query_reports_the_server_message(
    fixture_oxigraph: RemoteStore, fixture_virtuoso: RemoteStore
) -> None:
    with pytest.raises(QueryError, match=r"rejected the query: .*1:"):
        fixture_oxigraph.select("SELECT ?x WHERE { ?x ?p }")
    with pytest.raises(QueryError, match="Virtuoso 37000"):
        fixture_virtuoso.select("SELECT ?x WHERE { ?x ?p }")


def test_bad_data_is_rejected_before_sending(fixture_oxigraph: RemoteStore) -> None:
    before = fixture_oxigraph.triple_count()
    with pytest.raises(DataLoadError, match=r"bad\.ttl"):
        fixture_oxigraph.load(b"<a:b> <a:c> .", "turtle", source="bad.ttl")
    assert fixture_oxigraph.triple_count() == before


def test_unreachable_endpoint_is_a_remote_endpoint_error_for_every_call() -> None:
    from servers import free_port

    base = f"http://127.0.0.1:{free_port()}"
    graph_store = RemoteStore(f"{base}/query")  # update and GSP URLs derived: /update, /store
    update_only = RemoteStore(f"{base}/sparql", update_endpoint=f"{base}/sparql")
    calls = {
        "query": graph_store.triple_count,
        "GSP load": lambda: graph_store.load(b"<a:s> <a:p> <a:o> .", "ntriples"),
        "update load": lambda: update_only.load(b"<a:s> <a:p> <a:o> .", "ntriples"),
        "clear": update_only.clear,
    }
    for name, call in calls.items():
        with pytest.raises(RemoteEndpointError, match=f"cannot reach .*{base}") as caught:
            call()
        assert caught.value.endpoint.startswith(base), name


def test_open_store_gives_a_remote_store_for_an_endpoint(oxigraph_server: SparqlServer) -> None:  # noqa: F811
    store = open_store(Settings(endpoint=oxigraph_server.query_url, graph="urn:g"))
    assert isinstance(store, RemoteStore)
    assert store.update_endpoint == oxigraph_server.update_url
    assert store.gsp_endpoint == oxigraph_server.gsp_url
    assert store.graph == "urn:g", "the named graph of the settings reaches the store"


# Last in the module: these replace the fixture on each server with the whole curated graph.


@pytest.fixture(params=["oxigraph", "virtuoso"])
def whole_graph_store(request: pytest.FixtureRequest, curated_store: EmbeddedStore) -> RemoteStore:
    """One server's store (GSP on Oxigraph, SPARQL Update on Virtuoso) now holding the whole
    curated graph instead of the fixture."""
    store: RemoteStore = request.getfixturevalue(f"fixture_{request.param}")
    store.clear()
    store.load(curated_store.dump(), "ntriples")
    return store


def test_whole_curated_graph_arrives_and_answers_the_library(
    curated_store: EmbeddedStore, whole_graph_store: RemoteStore
) -> None:
    """At full size: loading in batches, and answers of more than 10,000 rows (Virtuoso's
    ResultSetMaxRows once cut cq-13's subquery there)."""
    assert whole_graph_store.triple_count() == curated_store.triple_count()
    for name in LIBRARY:
        params, lang = variant_params(name, VARIANTS[0])
        embedded = answer_set(run_query(curated_store, name, params, lang=lang))
        assert answer_set(run_query(whole_graph_store, name, params, lang=lang)) == embedded, name
