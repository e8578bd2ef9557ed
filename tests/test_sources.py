"""Source policy (issue 14): every cited site is classified; weak sources never stand alone.

The classification lives in graph/source-domains.ttl; the report queries cited-sources.rq and
weakly-sourced-entities.rq apply it. A small fixture pins their behaviour; the curated graph must
then cite no unclassified site, no kind that must not be cited, and no copy without its original.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from ic2kg import paths
from ic2kg.build import build
from ic2kg.namespaces import IC2KG, KG
from ic2kg.queries import load_query
from ic2kg.stats import UNCLASSIFIED, graph_stats
from ic2kg.store import EmbeddedStore
from ic2kg.validate import parse_files

FIXTURE = Path(__file__).parent / "resources" / "sources" / "cited.ttl"
SITES_FILE = paths.GRAPH_DIR / "source-domains.ttl"
Row = dict[str, str]


def _rows(store: EmbeddedStore, ref: str) -> list[Row]:
    return [
        {k: str(v) for k, v in row.items()} for row in store.select(load_query(ref).sparql).rows
    ]


@pytest.fixture(scope="module")
def fixture_store() -> EmbeddedStore:
    store = EmbeddedStore()
    build(store, [FIXTURE])
    return store


@pytest.fixture(scope="module")
def cited(curated_store: EmbeddedStore) -> list[Row]:
    return _rows(curated_store, "reports/cited-sources")


@pytest.fixture(scope="module")
def kinds(fixture_store: EmbeddedStore) -> dict[str, str]:
    """The kind of each source the fixture graph cites ("" where the policy knows no site)."""
    return {r["source"]: r.get("kind", "") for r in _rows(fixture_store, "reports/cited-sources")}


def test_classification_takes_the_longest_prefix_and_recognises_ip_hosts(
    kinds: dict[str, str],
) -> None:
    assert kinds["https://www.Example.org:443/page"] == str(KG["kind-official"])
    assert kinds["http://example.org/mirror/page"] == str(KG["kind-seo-aggregator"])
    assert kinds["http://192.0.2.7/news-1"] == str(KG["kind-raw-ip-address"])
    assert kinds["https://example.org.evil.example/x"] == "", "a longer host is another site"
    assert kinds["https://own.example/"] == str(KG["kind-own-site"])


def test_weakly_sourced_entities_are_those_with_weak_sources_only(
    fixture_store: EmbeddedStore,
) -> None:
    weak = {r["entity"] for r in _rows(fixture_store, "reports/weakly-sourced-entities")}
    assert weak == {str(KG["org-b"]), str(KG["org-d"]), str(KG["std-g"])}


def test_a_development_copy_is_another_site_than_the_original(kinds: dict[str, str]) -> None:
    assert kinds["https://dev.own.example/g"] == str(KG["kind-development-copy"])
    assert kinds["https://own.example/std/h"] == str(KG["kind-own-site"])


def test_translated_labels_are_copied_to_rdfs_label(fixture_store: EmbeddedStore) -> None:
    label: dict[str, URIRef | Literal] = {"s": KG["org-f"], "l": Literal("乙", lang="zh")}
    assert fixture_store.ask("ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }", label)
    counts = _rows(fixture_store, "reports/chinese-labels")[0]
    assert counts["translatedLabels"] == "1" and counts["publishedLabels"] == "0"


def test_every_cited_site_is_classified(cited: list[Row]) -> None:
    missing = sorted({r["host"] for r in cited if "kind" not in r})
    assert not missing, (
        f"cited sites without a kind: {missing} (hint: classify each in graph/source-domains.ttl)"
    )


def test_no_source_of_a_kind_that_must_not_be_cited(cited: list[Row]) -> None:
    bad = sorted(f"{r['source']} ({r['kind']})" for r in cited if r.get("citable") == "false")
    assert not bad, "replace with the original publication:\n" + "\n".join(bad)


def _citable_weak_sources_alone(cited: list[Row], graph: Graph) -> list[str]:
    """Subjects citing a weak but citable source (a copy, a reseller, a development copy, an
    encyclopedia) with no source that is not weak beside it."""
    weak = {URIRef(r["source"]) for r in cited if r.get("weak") == "true"}
    citable_weak = {
        URIRef(r["source"]) for r in cited if r.get("weak") == "true" and r.get("citable") == "true"
    }
    alone = []
    for subject, source in graph.subject_objects(DCTERMS.source):
        if source in citable_weak and not set(graph.objects(subject, DCTERMS.source)) - weak:
            alone.append(
                f"{subject if not isinstance(subject, BNode) else 'a statement'}: {source}"
            )
    return sorted(alone)


def test_weak_sources_stand_beside_an_original_in_the_fixture(
    fixture_store: EmbeddedStore,
) -> None:
    cited = _rows(fixture_store, "reports/cited-sources")
    alone = _citable_weak_sources_alone(cited, parse_files([FIXTURE]))
    assert alone == [
        f"{KG['org-d']}: https://copies.example/doc/2",
        f"{KG['std-g']}: https://dev.own.example/g",
        f"{KG['std-g']}: https://shop.example/std/g",
    ]


def test_weak_sources_stand_beside_an_original(cited: list[Row], curated_graph: Graph) -> None:
    """A copy, reseller, development copy or encyclopedia is cited only beside a sound source."""
    alone = _citable_weak_sources_alone(cited, curated_graph)
    assert not alone, "cite the original beside it:\n" + "\n".join(alone)


def test_no_entity_rests_only_on_weak_sources(curated_store: EmbeddedStore) -> None:
    rows = _rows(curated_store, "reports/weakly-sourced-entities")
    assert not rows, "\n".join(f"{r['entity']}: {r['kinds']}" for r in rows)


def test_the_site_file_lists_each_site_once_with_a_kind_of_the_scheme() -> None:
    sites = parse_files([SITES_FILE])
    seen: dict[str, int] = defaultdict(int)
    for entry, prefix in sites.subject_objects(IC2KG.sitePrefix):
        seen[str(prefix)] += 1
        kind = sites.value(entry, IC2KG.sourceKind)
        assert kind is not None and (kind, None, None) in sites, f"{prefix}: unknown kind {kind}"
    assert not [p for p, n in seen.items() if n > 1], "a site is listed twice"


def test_curated_files_keep_published_and_translated_names_apart(curated_graph: Graph) -> None:
    both = [
        f"{s} {o!r}"
        for s, o in curated_graph.subject_objects(IC2KG.translatedLabel)
        if (s, RDFS.label, o) in curated_graph
    ]
    assert not both, "a name is published (rdfs:label) or translated here, not both:\n" + "\n".join(
        both
    )


def test_stats_report_sources_by_kind_and_chinese_labels(fixture_store: EmbeddedStore) -> None:
    found = graph_stats(fixture_store)
    assert found.sources_by_kind == {
        "development-copy": 1,
        "document-copy": 2,
        "official": 1,
        "own-site": 4,
        "raw-ip-address": 1,
        "seo-aggregator": 1,
        "standards-reseller": 2,
        "unclassified": 1,
    }
    assert found.weakly_sourced_entities == 3
    assert (found.chinese_labels_published, found.chinese_labels_translated) == (0, 1)


def test_stats_of_the_curated_graph_show_no_weakly_sourced_entity(
    curated_store: EmbeddedStore,
) -> None:
    found = graph_stats(curated_store)
    assert found.weakly_sourced_entities == 0
    assert UNCLASSIFIED not in found.sources_by_kind
    assert found.chinese_labels_translated > 200 and found.chinese_labels_published > 100


def test_facts_resting_only_on_the_slides_say_so(curated_graph: Graph) -> None:
    """Issue 14: the workshop slides are not public; what rests on them alone is marked."""
    slides = KG["doc-seed-workshop-slides"]
    assert (slides, DCTERMS.date, None) in curated_graph, "the slides' date"
    assert (slides, DCTERMS.creator, None) in curated_graph, "who made them"
    silent = [
        str(s)
        for s in set(curated_graph.subjects(DCTERMS.source, slides))
        if set(curated_graph.objects(s, DCTERMS.source)) == {slides}
        and not isinstance(s, BNode)
        and (s, SKOS.editorialNote, None) not in curated_graph
    ]
    assert not silent, (
        "add a skos:editorialNote saying the fact rests on the slides:\n" + "\n".join(silent)
    )
