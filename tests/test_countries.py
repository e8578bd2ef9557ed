"""graph/countries.ttl is generated from pycountry and stays in sync with it."""

from ic2kg import countries, paths
from ic2kg.queries import load_query
from ic2kg.store import EmbeddedStore


def test_countries_file_is_regenerated_without_diff() -> None:
    current = paths.COUNTRIES_TTL.read_text(encoding="utf-8")
    assert current == countries.render(), "graph/countries.ttl is stale: run `ic2kg countries`"


def test_china_and_spain_have_names_in_both_languages_and_all_codes(
    curated_store: EmbeddedStore,
) -> None:
    rows = curated_store.select(load_query("reports/class-counts").sparql).rows
    assert any(str(r["class"]).endswith("#Country") and int(r["count"]) >= 30 for r in rows)
    graph = countries.countries_graph(["CN", "ES"])
    labels = {(str(o), o.language) for o in graph.objects(None, countries.RDFS.label)}
    assert ("中国", "zh") in labels and ("Spain", "en") in labels
    codes = {str(o) for o in graph.objects(None, countries.IC2KG.iso3166Alpha3)}
    assert codes == {"CHN", "ESP"}


def test_every_eu_member_state_is_in_the_eu_region(curated_store: EmbeddedStore) -> None:
    count = curated_store.select(
        "PREFIX ic2kg: <https://w3id.org/ic2kg/ontology#> PREFIX kg: <https://w3id.org/ic2kg/id/>"
        " SELECT (COUNT(?c) AS ?n) WHERE { ?c a ic2kg:Country ; ic2kg:region kg:region-eu }"
    ).rows[0]["n"]
    assert int(count) == 27
