"""ROR dump reading and candidate matching on small fixtures whose answers are known."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ic2kg.errors import DataLoadError
from ic2kg.reconcile.records import read_dump
from ic2kg.reconcile.ror import ACCEPT_THRESHOLD, RorIndex, candidates_for_names, decide

RESOURCES = Path(__file__).parent / "resources" / "reconcile"
V2_ARRAY = RESOURCES / "ror-v2.json"
V1_LINES = RESOURCES / "ror-v1.jsonl"


@pytest.fixture(scope="module")
def index() -> RorIndex:
    return RorIndex([*read_dump(V2_ARRAY), *read_dump(V1_LINES)])


def test_reads_both_schemas_the_same_way() -> None:
    v2 = {r.ror_id: r for r in read_dump(V2_ARRAY)}
    v1 = {r.ror_id: r for r in read_dump(V1_LINES)}
    assert len(v2) == 7 and len(v1) == 2
    university = v2["0abcdef01"]
    assert university.country == "CN" and university.city == "Beijing"
    assert university.wikidata == ("Q1000001",) and university.grid == ("grid.100001.a",)
    assert university.release == "v2.9"
    centre = v1["0abcdef08"]
    assert centre.country == "DE" and centre.types == ("facility",)
    assert centre.wikidata == ("Q1000008",) and centre.geonames_id == 2950159
    assert ("successor", "0abcdef08") in v1["0abcdef07"].relationships
    assert {n.lang for n in centre.names} == {None, "de"}


def test_reads_gzipped_json_lines_and_arrays(tmp_path: Path) -> None:
    array_gz = tmp_path / "dump.json.gz"
    array_gz.write_bytes(gzip.compress(V2_ARRAY.read_bytes()))
    lines_gz = tmp_path / "dump.jsonl.gz"
    lines_gz.write_bytes(gzip.compress(V1_LINES.read_bytes()))
    assert [r.ror_id for r in read_dump(array_gz)] == [r.ror_id for r in read_dump(V2_ARRAY)]
    assert len(list(read_dump(lines_gz))) == 2


def test_reads_the_v2_file_of_an_official_zip(tmp_path: Path) -> None:
    import zipfile

    official = tmp_path / "v1.55-2024-10-31-ror-data.zip"
    with zipfile.ZipFile(official, "w") as archive:
        archive.writestr("v1.55-2024-10-31-ror-data.json", V1_LINES.read_text(encoding="utf-8"))
        archive.writestr("v1.55-2024-10-31-ror-data_schema_v2.json", V2_ARRAY.read_bytes())
        archive.writestr("v1.55-2024-10-31-ror-data.csv", "id,name\n")
    assert [r.ror_id for r in read_dump(official)] == [r.ror_id for r in read_dump(V2_ARRAY)]


def test_reports_progress_up_to_the_end() -> None:
    seen: list[tuple[int, int]] = []
    list(read_dump(V2_ARRAY, lambda done, total: seen.append((done, total))))
    assert seen and seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_rejects_what_is_not_a_dump(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"id": "https://ror.org/0abcdef01", "title": "x"}]))
    with pytest.raises(DataLoadError, match="not a ROR record"):
        list(read_dump(bad))
    broken = tmp_path / "broken.jsonl"
    broken.write_text(V1_LINES.read_text(encoding="utf-8") + "{not json\n")
    with pytest.raises(DataLoadError, match="line"):
        list(read_dump(broken))


def test_alias_match(index: RorIndex) -> None:
    found = index.candidates("Northern Med. Univ.", "CN")
    assert [c.ror_id for c in found] == ["0abcdef01"]
    assert found[0].matched_kind == "alias" and found[0].score < 1.0


def test_chinese_name_match(index: RorIndex) -> None:
    found = index.candidates("北方医科大学", "CN")
    assert [c.ror_id for c in found] == ["0abcdef01"]
    assert found[0].score == 1.0
    assert decide(found) == found[0]


def test_acronym_refused_for_the_wrong_country(index: RorIndex) -> None:
    assert index.candidates("NMU", "DE") == []
    assert {c.ror_id for c in index.candidates("NMU", "FR")} == {"0abcdef03", "0abcdef09"}
    assert [c.ror_id for c in index.candidates("NMU", "CN")] == ["0abcdef01"]
    # Without a country an acronym matches nothing: too many collide across countries.
    assert index.candidates("NMU", None) == []


def test_full_name_refused_for_the_wrong_country(index: RorIndex) -> None:
    assert index.candidates("Northern Medical University", "JP") == []


def test_acronym_alone_is_never_accepted(index: RorIndex) -> None:
    found = index.candidates("NMU", "CN")
    assert found[0].score < ACCEPT_THRESHOLD
    assert decide(found) is None


def test_withdrawn_record_leads_to_its_successor(index: RorIndex) -> None:
    found = index.candidates("Old Institute of Genomics", "DE")
    assert [c.ror_id for c in found] == ["0abcdef08"]
    assert found[0].via == ("0abcdef07",)
    assert found[0].record.active


def test_inactive_record_without_successor_yields_nothing(index: RorIndex) -> None:
    assert index.candidates("Defunct Sequencing Laboratory", "DE") == []


def test_same_name_twice_is_ambiguous(index: RorIndex) -> None:
    found = index.candidates("Institute of Oncology", "IT")
    assert {c.ror_id for c in found} == {"0abcdef04", "0abcdef05"}
    assert decide(found) is None


def test_type_counts_as_evidence(index: RorIndex) -> None:
    plain = index.candidates("Berlin Genomics Centre", "DE")[0].score
    agrees = index.candidates("Berlin Genomics Centre", "DE", types={"facility"})[0].score
    differs = index.candidates("Berlin Genomics Centre", "DE", types={"company"})[0].score
    assert differs < plain <= agrees


def test_label_in_another_language_and_reordered_words(index: RorIndex) -> None:
    assert [c.ror_id for c in index.candidates("Berliner Genomzentrum", "DE")] == ["0abcdef08"]
    reordered = index.candidates("Centre Genomics Berlin", "DE")
    assert [c.how for c in reordered] == ["reordered"]


def test_several_names_keep_the_best_score(index: RorIndex) -> None:
    found = candidates_for_names(index, ["NMU", "Northern Medical University"], "CN")
    assert [(c.ror_id, c.score) for c in found] == [("0abcdef01", 1.0)]


def test_an_acronym_alone_does_not_block_a_full_name_match(index: RorIndex) -> None:
    found = candidates_for_names(index, ["National Medical Union", "NMU"], "FR")
    assert [c.ror_id for c in found] == ["0abcdef03", "0abcdef09"]
    assert decide(found) == found[0]


def test_neutral_types_are_no_evidence_against(index: RorIndex) -> None:
    against = index.candidates("National Medical Union", "FR", types={"education"})
    neutral = index.candidates(
        "National Medical Union", "FR", types={"education"}, neutral={"nonprofit"}
    )
    assert against[0].score < neutral[0].score == 1.0


def test_spacing_differences_match_for_review(index: RorIndex) -> None:
    found = index.candidates("Northern Medi cal University", "CN")
    assert [(c.ror_id, c.how) for c in found] == [("0abcdef01", "spacing")]
    assert decide(found) is None
