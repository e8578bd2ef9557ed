"""Name keys: equal for names that differ only in form, different for different names."""

from __future__ import annotations

import pytest

from ic2kg.reconcile.names import acronym_key, looks_like_acronym, name_key, token_key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Karolinska Institutet", "KAROLINSKA INSTITUTET"),
        ("Universität Zürich", "Universitat Zurich"),
        ("Charité – Universitätsmedizin Berlin", "Charite - Universitatsmedizin Berlin"),
        ("F. Hoffmann-La Roche Ltd.", "F Hoffmann La Roche"),
        ("BGI Genomics Co., Ltd.", "BGI Genomics"),
        ("The Francis Crick Institute", "Francis Crick Institute"),
        ("Research & Innovation Agency", "Research and Innovation Agency"),
        ("Straße der Medizin GmbH", "Strasse der Medizin"),
        ("IRCCS Ospedale Policlinico San Martino", "Ospedale Policlinico San Martino"),
        ("华大基因股份有限公司", "华大基因"),
        ("北京 大学", "北京大学"),
    ],
)
def test_same_name_same_key(first: str, second: str) -> None:
    assert name_key(first) == name_key(second), (name_key(first), name_key(second))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("University of Oxford", "Oxford Brookes University"),
        ("Peking University", "Peking Union Medical College"),
        ("北京大学", "清华大学"),
        ("Institute of Oncology", "Institute of Cardiology"),
    ],
)
def test_different_names_differ(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)
    assert token_key(first) != token_key(second)


def test_token_key_ignores_word_order_and_stop_words() -> None:
    assert token_key("University of Oxford") == token_key("Oxford University")
    assert name_key("University of Oxford") != name_key("Oxford University")


def test_legal_form_alone_is_not_erased_from_cjk() -> None:
    assert name_key("有限公司") == "有限公司"


def test_acronyms() -> None:
    assert acronym_key("C.N.R.S.") == acronym_key("CNRS") == "cnrs"
    assert looks_like_acronym("PKU")
    assert looks_like_acronym("BBMRI-ERIC")
    assert not looks_like_acronym("Inserm")
    assert not looks_like_acronym("Peking University")
    assert not looks_like_acronym("北大")
