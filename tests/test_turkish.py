"""turkish: casing with dotted and dotless i, the alphabet's order, and suffixes after numbers."""

from __future__ import annotations

import pytest

from unionsite import turkish

# The years the issue names, with the ablative Turkish writes after each.
ABLATIVES = [
    "2000'den", "2003'ten", "2006'dan", "2008'den", "2009'dan", "2010'dan", "2014'ten",
    "2017'den", "2023'ten", "2030'dan", "2040'tan", "2060'tan", "1990'dan",
]  # fmt: skip


@pytest.mark.parametrize("expected", ABLATIVES)
def test_the_ablative_after_a_year_follows_the_number_as_spoken(expected: str) -> None:
    year = expected.split("'", 1)[0]
    assert turkish.inflect(year, "ablative") == expected


@pytest.mark.parametrize(
    ("number", "word"),
    [
        (0, "sıfır"), (1, "bir"), (3, "üç"), (10, "on"), (40, "kırk"), (60, "altmış"), (90, "doksan"),
        (100, "yüz"), (1900, "yüz"), (2000, "bin"), (10_000, "bin"), (300_000, "bin"),
        (1_000_000, "milyon"), (2_000_000_000, "milyar"), (2_000_001, "bir"),
    ],
)  # fmt: skip
def test_the_last_spoken_word_of_a_number(number: int, word: str) -> None:
    assert turkish.spoken_number(number) == word


@pytest.mark.parametrize(
    ("text", "case", "expected"),
    [
        ("2008", "locative", "2008'de"),
        ("2023", "locative", "2023'te"),
        ("1990", "locative", "1990'da"),
        ("2003", "dative", "2003'e"),
        ("2006", "dative", "2006'ya"),
        ("2010", "dative", "2010'a"),
        ("2002", "genitive", "2002'nin"),
        ("2010", "genitive", "2010'un"),
        ("2040", "genitive", "2040'ın"),
        ("2004", "genitive", "2004'ün"),
        ("2006", "accusative", "2006'yı"),
        ("2000", "accusative", "2000'i"),
        ("13 Aralık 2010", "ablative", "13 Aralık 2010'dan"),
        ("1.000", "ablative", "1.000'den"),
        ("İstanbul", "ablative", "İstanbul'dan"),
        ("Trablus", "locative", "Trablus'ta"),
        ("Üsküdar", "genitive", "Üsküdar'ın"),
        ("MBB", "genitive", "MBB'nin"),
        ("NALAS", "ablative", "NALAS'tan"),
    ],
)
def test_other_cases_and_words_follow_the_same_rules(text: str, case: str, expected: str) -> None:
    assert turkish.inflect(text, case) == expected


def test_text_without_a_word_at_its_end_is_left_alone() -> None:
    assert turkish.inflect("…", "ablative") == "…"


def test_casing_keeps_the_dot_of_i() -> None:
    assert turkish.upper("istanbul ılıca") == "İSTANBUL ILICA"
    assert turkish.lower("İSTANBUL ILICA") == "istanbul ılıca"
    assert turkish.capitalize("ıĞDIR") == "Iğdır"
    assert turkish.title("iş birliği ağı") == "İş Birliği Ağı"
    assert "istanbul".upper() == "ISTANBUL"  # what Python alone would write


def test_names_sort_in_the_order_of_the_turkish_alphabet() -> None:
    names = ["Ürdün", "Şili", "Suriye", "Özbekistan", "İran", "Irak", "Çin", "Cezayir"]
    assert sorted(names, key=turkish.sort_key) == [
        "Cezayir", "Çin", "Irak", "İran", "Özbekistan", "Suriye", "Şili", "Ürdün",
    ]  # fmt: skip
    assert sorted(["ağ", "ah", "ag"], key=turkish.sort_key) == ["ag", "ağ", "ah"]
    assert sorted(["ılık", "ilik", "Ilgaz", "İlgin"], key=turkish.sort_key) == [
        "Ilgaz",
        "ılık",
        "İlgin",
        "ilik",
    ]


def test_letters_outside_the_alphabet_sort_after_their_base_letter() -> None:
    assert sorted(["Azerbaycan", "Åland", "Bosna"], key=turkish.sort_key) == ["Azerbaycan", "Åland", "Bosna"]
