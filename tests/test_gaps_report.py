"""The HTML gap report's parts (ic2kg.gaps.report, picture, tables); the report itself in a
browser: tests/web/test_report.py."""

from __future__ import annotations

import json

import numpy as np

from ic2kg import paths
from ic2kg.gaps import load_snapshot, picture
from ic2kg.gaps.model import ROLES
from ic2kg.gaps.opportunities import opportunities
from ic2kg.gaps.report import table_words, value_words
from ic2kg.store import EmbeddedStore


def test_network_picture_keeps_the_brokers_and_their_best_linked_neighbours() -> None:
    import networkx as nx

    # A hub broker with more neighbours than the picture holds, and a second broker.
    graph = nx.Graph()
    graph.add_edges_from(("hub", f"n{i:03}") for i in range(picture.PICTURE_NODES + 50))
    graph.add_edges_from([("other", "n001"), ("other", "lonely"), ("n007", "x"), ("n007", "y")])
    kept = picture.picture_nodes(graph, ["hub", "other", "not in the graph"])
    assert len(kept) == picture.PICTURE_NODES
    assert {"hub", "other", "n001", "n007"} <= kept, "brokers and best-linked neighbours first"
    assert "x" not in kept, "two steps away from every broker"


def test_network_picture_takes_neighbours_from_each_side_in_turn() -> None:
    import networkx as nx

    # A broker with 100 well-linked European neighbours and 5 poorly linked Chinese ones.
    graph = nx.Graph()
    graph.add_node("broker", side=None)
    for i in range(100):
        graph.add_node(f"eu{i:03}", side="europe")
        graph.add_edges_from([("broker", f"eu{i:03}"), (f"eu{i:03}", f"x{i}"), (f"eu{i:03}", "y")])
    for i in range(5):
        graph.add_node(f"cn{i}", side="china")
        graph.add_edge("broker", f"cn{i}")
    kept = picture.picture_nodes(graph, ["broker"], limit=21)
    assert len(kept) == 21
    assert {f"cn{i}" for i in range(5)} <= kept, "every Chinese neighbour has a place"
    assert {f"eu{i:03}" for i in range(15)} <= kept, "the rest go to the best-linked others"


def test_separate_pushes_crowded_points_apart_the_same_way_each_time() -> None:
    # 40 points on top of or next to each other in a corner, two of them coincident.
    crowded = np.array([[30.0 + (i % 5), 30.0 + (i // 5)] for i in range(40)] + [[30.0, 30.0]])
    first = picture.separate(crowded, 26.0, (600, 400), 17.0)
    distance = np.sqrt(((first[:, None, :] - first[None, :, :]) ** 2).sum(axis=2))
    np.fill_diagonal(distance, np.inf)
    assert distance.min() >= 26.0 - 1e-6, distance.min()
    assert (first >= 17.0 - 1e-9).all() and (first <= [583.0, 383.0]).all(), "inside the border"
    assert np.array_equal(first, picture.separate(crowded, 26.0, (600, 400), 17.0))
    assert np.array_equal(crowded[:1], picture.separate(crowded[:1], 26.0, (600, 400), 17.0))


def test_network_picture_numbers_brokers_first_and_names_every_node(
    gaps_store: EmbeddedStore,
) -> None:
    from ic2kg.gaps.network import network_roles

    snapshot = load_snapshot(gaps_store)
    roles = network_roles(snapshot, scope="all")
    drawn = picture.network_picture(snapshot, roles, "zh", scope="all")
    assert roles.brokers, "the fixture has brokers"
    numbers = [n.number for n in drawn.nodes]
    assert numbers == list(range(1, len(drawn.nodes) + 1))
    brokers = [n for n in drawn.nodes if n.broker is not None]
    assert [n.broker for n in brokers] == [b.rank for b in roles.brokers]
    assert [n.number for n in brokers] == list(range(1, len(brokers) + 1)), "brokers first"
    assert all(n.label for n in drawn.nodes)
    assert {n for e in drawn.edges for n in e} <= set(numbers)
    assert drawn == picture.network_picture(snapshot, roles, "zh", scope="all"), "deterministic"


def test_opportunity_rows_link_the_sources_of_their_reasons(gaps_store: EmbeddedStore) -> None:
    from ic2kg.gaps import tables

    ranked = opportunities(load_snapshot(gaps_store), scope="all")
    assert ranked.opportunities
    table = tables.opportunity_tables(ranked)[0]
    assert len(table.links) == len(table.rows)
    assert all(table.links), "every row cites at least one document"
    for row, links, opportunity in zip(table.rows, table.links, ranked.opportunities, strict=True):
        cited = {s.url for r in opportunity.reasons for s in r.sources}
        assert cited <= {link.url for link in links}, row
        assert len({link.url for link in links}) == len(links), "each document once"
    csv_text = tables.to_csv([table])
    assert csv_text.splitlines()[1].endswith(",sources")


def test_role_and_kind_words_are_the_explorers_words() -> None:
    explorer = json.loads(
        (paths.ROOT / "api" / "static" / "web" / "i18n" / "zh.json").read_text(encoding="utf-8")
    )
    words = value_words("zh")
    for role in ROLES:
        assert words("role", role) == explorer[f"role_{role}"], role
    for kind in ("organisation", "project", "programme", "call", "network", "standard", "country"):
        assert words("kind", kind) == explorer[f"kind_{kind}"], kind
    assert words("area kind", "region") == "地区"
    assert words("party", "university") == "university", "only the word columns are translated"
    assert value_words("en")("role", "research") == "research organisation"
    # Evidence paths name their properties by the ontology's Chinese labels.
    step = "NSFC -adoptsStandard-> GA4GH Passports; NSFC -country-> 中国"
    assert words("evidence", step) == "NSFC -采用标准-> GA4GH Passports; NSFC -所在国家-> 中国"
    assert value_words("en")("evidence", step) == step


def test_table_words_translate_columns_whole_and_titles_by_their_beginning() -> None:
    chinese = table_words("zh")
    assert chinese("rank") == "排名"
    title = "Collaboration opportunities (no joint programme, call or project yet; how they"
    scored = chinese(title + " are scored: docs/gaps.md)")
    assert scored == "合作机会（尚无联合计划、招标或项目；评分方法：docs/gaps.md)"
    assert chinese("ranking") == "ranking", "neither a column nor the start of a title"
    assert table_words("en")("rank") == "rank"


def test_every_report_table_has_chinese_words(gaps_store: EmbeddedStore) -> None:
    from ic2kg.gaps import tables
    from ic2kg.gaps.biobanks import biobank_pairs
    from ic2kg.gaps.coverage import coverage
    from ic2kg.gaps.network import network_roles
    from ic2kg.gaps.standards import standards_report

    snapshot = load_snapshot(gaps_store)
    every = [
        *tables.coverage_tables(coverage(snapshot)),
        *tables.opportunity_tables(opportunities(snapshot, scope="all")),
        *tables.standards_tables(standards_report(snapshot)),
        *tables.biobank_tables(biobank_pairs(snapshot)),
        *tables.network_tables(network_roles(snapshot, scope="all")),
    ]
    chinese = table_words("zh")
    untranslated = {w for t in every for w in (t.title, *t.columns) if chinese(w) == w}
    assert not untranslated
