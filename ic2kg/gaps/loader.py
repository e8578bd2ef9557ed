"""Read what the gap analyses need from any Store, through the SPARQL files in queries/gaps/."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ic2kg.errors import QueryError
from ic2kg.gaps.facts import Biobank, Concept, Entity, Lens
from ic2kg.gaps.snapshot import Snapshot
from ic2kg.gaps.taxonomy import BIOBANK_CLASS, Taxonomy
from ic2kg.namespaces import IC2KG
from ic2kg.queries import load_query
from ic2kg.relevance.derived import effective
from ic2kg.store import EmbeddedStore, Store

Row = dict[str, str]


def read_query(name: str) -> str:
    """The SPARQL of queries/gaps/<name>.rq, read and header-checked by the one query loader."""
    return load_query(f"gaps/{name}").sparql


def _rows(store: Store, name: str) -> list[Row]:
    """The rows of a gap query with every value as its string (IRI, literal text, node id).

    On the embedded store the pyoxigraph solutions are read directly: building rdflib terms
    for every value costs more than the query itself on large graphs.
    """
    sparql = read_query(name)
    if not isinstance(store, EmbeddedStore):
        return [{k: str(v) for k, v in row.items()} for row in store.select(sparql).rows]
    try:
        solutions = store.oxigraph.query(sparql)
    except (SyntaxError, OSError, RuntimeError) as error:
        raise QueryError(f"gap query '{name}' failed: {error}") from error
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"gap query '{name}' is not a SELECT query")
    names = [v.value for v in solutions.variables]
    return [
        {n: term.value for n in names if (term := solution[n]) is not None}
        for solution in solutions
    ]


def _text(value: str | None) -> str | None:
    return None if value is None else str(value)


def _sourced_pairs(rows: list[Row], a: str, b: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(a, b, sources) per distinct (a, b), the sources of its rows sorted."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        found[(row[a], row[b])].update([row["source"]] if "source" in row else [])
    return tuple((x, y, tuple(sorted(v))) for (x, y), v in sorted(found.items()))


def _sourced_triples(
    rows: list[Row], a: str, b: str, c: str
) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """(a, b, c, sources) per distinct (a, b, c), the sources of its rows sorted."""
    found: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in rows:
        found[(row[a], row[b], row[c])].update([row["source"]] if "source" in row else [])
    return tuple((x, y, z, tuple(sorted(v))) for (x, y, z), v in sorted(found.items()))


def _triples(rows: list[Row], *names: str) -> tuple[tuple[str, str, str], ...]:
    a, b, c = names
    return tuple(sorted({(r[a], r[b], r[c]) for r in rows}))


def _year(text: str) -> int | None:
    head = text.strip()[:4]
    return int(head) if head.isdigit() else None


def load_snapshot(store: Store) -> Snapshot:
    """Run the gap queries on ``store`` and index their results."""
    taxonomy = Taxonomy.from_rows((r["class"], r["root"]) for r in _rows(store, "class-taxonomy"))
    entities = _load_entities(_rows(store, "entities"))
    concepts = {
        row["concept"]: Concept(
            row["concept"],
            _text(row.get("scheme")),
            _text(row.get("labelEn")),
            _text(row.get("labelZh")),
            _text(row.get("notation")),
            _text(row.get("broader")),
        )
        for row in _rows(store, "concepts")
    }
    sources: dict[str, set[str]] = defaultdict(set)
    for row in _rows(store, "sources"):
        sources[row["entity"]].add(row["source"])
    starts: dict[str, int] = {}
    for row in _rows(store, "activity-starts"):
        year = _year(row["date"])
        if year is not None:
            starts[row["activity"]] = min(year, starts.get(row["activity"], year))
    return Snapshot(
        entities=entities,
        concepts=concepts,
        sources={k: tuple(sorted(v)) for k, v in sources.items()},
        involvement=_sourced_triples(
            _rows(store, "involvement"), "organisation", "role", "activity"
        ),
        priority_statements=_sourced_pairs(_rows(store, "priorities"), "thing", "priority"),
        hierarchy=_triples(_rows(store, "activity-hierarchy"), "child", "relation", "parent"),
        policy_parties=_triples(_rows(store, "policy-parties"), "policy", "relation", "party"),
        memberships=_sourced_pairs(_rows(store, "memberships"), "member", "network"),
        declarations=_triples(_rows(store, "standards"), "holder", "relation", "standard"),
        derivations=tuple(
            sorted((r["standard"], r["origin"]) for r in _rows(store, "standard-derivations"))
        ),
        biobanks=_load_biobanks(_rows(store, "biobank-profiles"), entities, taxonomy),
        participant_countries=tuple(
            sorted({(r["activity"], r["country"]) for r in _rows(store, "participant-countries")})
        ),
        taxonomy=taxonomy,
        topics=_triples(_rows(store, "topics"), "thing", "relation", "topic"),
        starts=starts,
        participant_types=tuple(
            sorted({(r["organisation"], r["code"]) for r in _rows(store, "participant-types")})
        ),
        lens=_load_lens(_rows(store, "relevance")),
    )


def _load_lens(rows: list[Row]) -> dict[str, Lens]:
    first: dict[str, Row] = {}
    topics: dict[str, set[str]] = defaultdict(set)
    terms: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        activity = row["activity"]
        first.setdefault(activity, row)
        if "topic" in row:
            topics[activity].add(row["topic"])
        if "term" in row:
            terms[activity].add(row["term"])

    def flag(row: Row, key: str) -> bool | None:
        return None if key not in row else row[key] == "true"

    lens = {}
    for activity, row in first.items():
        health, pm = effective(
            row["health"] == "true",
            row["pm"] == "true",
            flag(row, "curatedHealth"),
            flag(row, "curatedPm"),
        )
        lens[activity] = Lens(
            health,
            pm,
            float(row["score"]),
            frozenset(topics[activity]) if health else frozenset(),
            frozenset(terms[activity]),
        )
    return lens


def _load_entities(rows: list[Row]) -> dict[str, Entity]:
    types: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Row] = {}
    for row in rows:
        iri = row["entity"]
        types[iri].add(row["type"])
        merged = first.setdefault(iri, {})
        for key, value in row.items():
            merged.setdefault(key, value)
    return {
        iri: Entity(
            iri,
            frozenset(types[iri]),
            _text(row.get("labelEn")),
            _text(row.get("labelZh")),
            _text(row.get("country")),
            _text(row.get("region")),
            _text(row.get("code")),
        )
        for iri, row in first.items()
    }


def _load_biobanks(
    rows: list[Row], entities: dict[str, Entity], taxonomy: Taxonomy
) -> dict[str, Biobank]:
    values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        values[row["biobank"]][row["property"]].append(row["value"])
    for iri, entity in entities.items():
        if taxonomy.is_a(entity.types, BIOBANK_CLASS):
            values.setdefault(iri, defaultdict(list))
    biobanks = {}
    for iri, props in values.items():
        counts = [int(v) for v in props[str(IC2KG.participantCount)] if v.strip().isdigit()]
        populations = sorted(props[str(IC2KG.populationDescription)])
        biobanks[iri] = Biobank(
            iri,
            frozenset(props[str(IC2KG.diseaseArea)]),
            frozenset(props[str(IC2KG.sampleType)]),
            populations[0] if populations else None,
            max(counts) if counts else None,
        )
    return biobanks
