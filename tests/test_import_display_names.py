"""Display names of imported organisations: normal case that keeps acronyms, ROR's names first."""

from __future__ import annotations

import pytest

from ic2kg.importers.display_names import (
    display_case,
    is_shouted,
    organisation_names,
    split_glued_forms,
    split_glued_particles,
    word_counts,
)
from ic2kg.reconcile.records import RorName


@pytest.mark.parametrize(
    ("legal", "shown"),
    [
        (
            "AGENCIA ESTATAL CONSEJO SUPERIOR DE INVESTIGACIONES CIENTIFICAS",
            "Agencia Estatal Consejo Superior de Investigaciones Cientificas",
        ),
        ("KAROLINSKA INSTITUTET", "Karolinska Institutet"),
        ("UNIVERSITAT POMPEU FABRA", "Universitat Pompeu Fabra"),
        ("ETH ZURICH", "ETH Zurich"),
        ("MEDICAL RESEARCH COUNCIL MRC", "Medical Research Council MRC"),
        ("SIEMENS HEALTHINEERS GMBH", "Siemens Healthineers GmbH"),
        (
            "ARQUIMEA AEROSPACE DEFENCE AND SECURITY SL",
            "Arquimea Aerospace Defence and Security SL",
        ),
        ("STMICROELECTRONICS S.P.A.", "Stmicroelectronics S.p.A."),
        ("ELETTRA - SINCROTRONE TRIESTE SCPA", "Elettra - Sincrotrone Trieste SCpA"),
        ("NOKIA OY", "Nokia Oy"),
        ("VOLVO AB", "Volvo AB"),
        ("BLUE SKIES SPACE LTD", "Blue Skies Space Ltd"),
        ("HENRY IV SCHOOL OF MEDICINE", "Henry IV School of Medicine"),
        ("UNIVERSITA DEGLI STUDI DI MILANO", "Universita degli Studi di Milano"),
        ("VON KARMAN INSTITUTE FOR FLUID DYNAMICS", "Von Karman Institute for Fluid Dynamics"),
        ("UNIVERSITEIT VAN AMSTERDAM", "Universiteit van Amsterdam"),
        (
            "MAX-PLANCK-GESELLSCHAFT ZUR FORDERUNG DER WISSENSCHAFTEN EV",
            "Max-Planck-Gesellschaft zur Forderung der Wissenschaften eV",
        ),
        (
            "INSTITUT ROYAL D'AERONOMIE SPATIALE DE BELGIQUE",
            "Institut Royal d'Aeronomie Spatiale de Belgique",
        ),
        (
            "CHINA ACADEMY OF TELECOMMUNICATION RESEARCH (CATR), MIIT",
            "China Academy of Telecommunication Research (CATR), MIIT",
        ),
        (
            "JIANGSU ACADEMY OF AGRICULTURAL SCIENCES*JAAS",
            "Jiangsu Academy of Agricultural Sciences*JAAS",
        ),
        ("IRCCS OSPEDALE SAN RAFFAELE SRL", "IRCCS Ospedale San Raffaele SRL"),
        ("C.I.R.A. CENTRO ITALIANO RICERCHE", "C.I.R.A. Centro Italiano Ricerche"),
        ("DE MONTFORT UNIVERSITY", "De Montfort University"),
        ("3D SYSTEMS EUROPE LTD", "3D Systems Europe Ltd"),
        (
            "LEIBNIZ INSTITUT FUER TROPOSPHAERENFORSCHUNG e.V.",
            "Leibniz Institut fuer Troposphaerenforschung e.V.",
        ),
        ("ACCORD HOUSING ASSOCIATION LIMITEDIPS", "Accord Housing Association Limited IPS"),
    ],
)
def test_display_case_keeps_acronyms_particles_and_legal_forms(legal: str, shown: str) -> None:
    assert display_case(legal) == shown


@pytest.mark.parametrize("name", ["CNRS", "CSIC", "Tsinghua University", "TOSHIBA Europe Ltd"])
def test_acronyms_and_mixed_case_names_are_left_alone(name: str) -> None:
    assert not is_shouted(name)
    assert display_case(name) == name


def test_an_organisations_own_acronyms_stay_in_capitals() -> None:
    assert display_case("CASE WESTERN UNIVERSITY") == "Case Western University"
    assert display_case("CASE WESTERN UNIVERSITY", ["CASE"]) == "CASE Western University"


def test_glued_legal_forms_split_and_other_words_do_not() -> None:
    assert split_glued_forms("LIMITEDIPS") == ["LIMITED", "IPS"]
    assert split_glued_forms("LIMITED") == ["LIMITED"]
    assert split_glued_forms("SAGA") == ["SAGA"]


CSIC = (
    RorName("CSIC", "acronym", None),
    RorName("Consejo Superior de Investigaciones Científicas", "ror_display", "es"),
    RorName("Spanish National Research Council", "label", "en"),
)


def test_a_ror_match_gives_the_label_and_keeps_the_legal_name_and_acronym() -> None:
    label, alternatives = organisation_names(
        ["AGENCIA ESTATAL CONSEJO SUPERIOR DE INVESTIGACIONES CIENTIFICAS"], CSIC
    )
    assert label == "Spanish National Research Council"
    assert alternatives == [
        "AGENCIA ESTATAL CONSEJO SUPERIOR DE INVESTIGACIONES CIENTIFICAS",
        "CSIC",
    ]


def test_ror_display_name_without_english_one_is_the_label() -> None:
    label, _ = organisation_names(["ALFRED-WEGENER-INSTITUT"], CSIC[:2])
    assert label == "Consejo Superior de Investigaciones Científicas"


def test_without_ror_the_legal_name_in_normal_case_is_the_label() -> None:
    label, alternatives = organisation_names(["KAROLINSKA INSTITUTET"])
    assert label == "Karolinska Institutet"
    assert alternatives == ["KAROLINSKA INSTITUTET"]


@pytest.mark.parametrize(
    ("legal", "shown"),
    [
        ("WUHAN MUNICIPAL PEOPLE'S GOVERNMENT", "Wuhan Municipal People's Government"),
        (
            "SICHUAN ACADEMY OF AGRICULTURAL SCIENCES (SAAS)",
            "Sichuan Academy of Agricultural Sciences (SAAS)",
        ),
        (
            "TECHNICAL CENTER OR AIR TRAFFIC BUREAU OF CAAC",
            "Technical Center or Air Traffic Bureau of CAAC",
        ),
    ],
)
def test_possessives_lone_bracketed_acronyms_and_conjunctions(legal: str, shown: str) -> None:
    assert display_case(legal) == shown


def test_english_aliases_are_alternative_labels_and_pinyin_ones_are_not() -> None:
    names = (
        RorName("Beijing Normal University", "ror_display", "en"),
        RorName("BNU ", "acronym", None),
        RorName("Beijing Normal College", "alias", None),
        RorName("Běijīng Shīfàn Dàxué", "alias", None),
    )
    label, alternatives = organisation_names(["BEIJING NORMAL UNIVERSITY"], names)
    assert label == "Beijing Normal University"
    assert alternatives == ["BEIJING NORMAL UNIVERSITY", "BNU", "Beijing Normal College"]


VOCABULARY = word_counts(
    [
        "INSTITUTE OF ATMOSPHERIC PHYSICS OFCHINESE ACADEMY OF SCIENCES",
        "INSTITUTE OF CHEMISTRY CHINESE ACADEMY OF SCIENCES",
        "CHINESE ACADEMY OF SCIENCES",
        "EUROPEAN UNION CHAMBER OF COMMERCEIN CHINA",
        "CHAMBER OF COMMERCE AND INDUSTRY",
        "LONDON CHAMBER OF COMMERCE",
        "INFORMATION TECHNOLOGY CENTRE",
        "CENTRE FOR INFORMATION",
    ]
)


def test_particles_glued_to_a_word_split_off_when_certain() -> None:
    assert split_glued_particles("OFCHINESE", VOCABULARY) == ["OF", "CHINESE"]
    assert split_glued_particles("COMMERCEIN", VOCABULARY) == ["COMMERCE", "IN"]
    # A word of several names is a word, however it starts.
    assert split_glued_particles("INFORMATION", VOCABULARY) == ["INFORMATION"]
    # The rest is no word the registry uses elsewhere: left alone.
    assert split_glued_particles("OFGRAIN", VOCABULARY) == ["OFGRAIN"]
    assert (
        display_case("EUROPEAN UNION CHAMBER OF COMMERCEIN CHINA", vocabulary=VOCABULARY)
        == "European Union Chamber of Commerce in China"
    )
    assert (
        display_case("EUROPEAN UNION CHAMBER OF COMMERCEIN CHINA")
        == "European Union Chamber of Commercein China"
    ), "without the registry's vocabulary nothing is split"
