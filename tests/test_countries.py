"""graph/countries.ttl is generated from pycountry and stays in sync with it."""

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS

from ic2kg import countries, paths
from ic2kg.errors import DataLoadError
from ic2kg.namespaces import IC2KG, KG
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
    labels = {
        (str(o), o.language) for o in graph.objects(None, RDFS.label) if isinstance(o, Literal)
    }
    assert ("中国", "zh") in labels and ("Spain", "en") in labels
    codes = {str(o) for o in graph.objects(None, IC2KG.iso3166Alpha3)}
    assert codes == {"CHN", "ESP"}


def test_every_eu_member_state_is_in_the_eu_region(curated_store: EmbeddedStore) -> None:
    count = curated_store.select(
        "PREFIX ic2kg: <https://w3id.org/ic2kg/ontology#> PREFIX kg: <https://w3id.org/ic2kg/id/>"
        " SELECT (COUNT(?c) AS ?n) WHERE { ?c a ic2kg:Country ; ic2kg:region kg:region-eu }"
    ).rows[0]["n"]
    assert int(count) == 27


def test_reviewed_chinese_names_replace_pycountry_where_it_is_wrong() -> None:
    overrides = countries.chinese_overrides()
    assert overrides == {"KH": "柬埔寨", "MT": "马耳他", "PF": "法属波利尼西亚"}
    graph = countries.countries_graph(sorted(overrides))
    for code, name in overrides.items():
        names = {
            str(o)
            for o in graph.objects(KG[f"country-{code}"], RDFS.label)
            if isinstance(o, Literal) and o.language == "zh"
        }
        assert names == {name}, f"{code}: expected only the reviewed name {name}, got {names}"


def test_every_override_still_corrects_pycountry() -> None:
    """An override equal to pycountry's name is stale: drop it from graph/country-names-zh.ttl."""
    for code, name in countries.chinese_overrides().items():
        assert countries.pycountry_chinese_name(code) != name, f"{code}: override is stale"


def test_an_override_without_source_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "names.ttl"
    bad.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/ic2kg/id/country-KH> rdfs:label "柬埔寨"@zh .\n',
        encoding="utf-8",
    )
    with pytest.raises(DataLoadError, match="no dcterms:source"):
        countries.chinese_overrides(bad)
