"""i18n: fallback that remembers its language, and CLDR formatting through Babel."""

from __future__ import annotations

import pytest

from unionsite.i18n import Localizer, LocalText
from unionsite.schema import Country, PartialDate, Place, Translated

TR = Localizer("tr", "tr", "tr_TR")
EN = Localizer("en", "tr", "en_GB")


@pytest.mark.parametrize(
    ("date", "turkish", "english"),
    [
        (PartialDate(2008), "2008", "2008"),
        (PartialDate(2009, 12), "Aralık 2009", "December 2009"),
        (PartialDate(2010, 12, 13), "13 Aralık 2010", "13 December 2010"),
        (PartialDate(1982, 1, 11), "11 Ocak 1982", "11 January 1982"),
    ],
)
def test_dates_keep_their_precision(date: PartialDate, turkish: str, english: str) -> None:
    assert (TR.date(date).text, EN.date(date).text) == (turkish, english)
    assert TR.date(date).iso == date.iso


def test_a_missing_translation_falls_back_and_says_so() -> None:
    only_turkish = Translated((("tr", "Bilgi paylaşımı"),))
    assert EN.text(only_turkish) == LocalText("Bilgi paylaşımı", "tr", fallback=True)
    assert TR.text(only_turkish) == LocalText("Bilgi paylaşımı", "tr")


def test_country_names_come_from_cldr_unless_the_record_says_otherwise() -> None:
    assert (TR.country(Country("LB")).text, EN.country(Country("LB")).text) == ("Lübnan", "Lebanon")
    assert TR.country(Country("XK")).text == "Kosova"
    palestine = Country("PS", Translated((("tr", "Filistin"), ("en", "Palestine"))))
    assert (TR.country(Country("PS")).text, TR.country(palestine).text) == ("Filistin Bölgeleri", "Filistin")


def test_places_name_what_is_known() -> None:
    tripoli = Place(Translated((("tr", "Trablus"), ("en", "Tripoli"))), Country("LB"))
    assert (TR.place(tripoli), EN.place(tripoli)) == (
        LocalText("Trablus, Lübnan", "tr"),
        LocalText("Tripoli, Lebanon", "en"),
    )
    assert EN.place(Place(country=Country("DE"))) == LocalText("Germany", "en")
    assert EN.place(Place()) is None


NAMES = ["Ürdün", "Şili", "Suriye", "Özbekistan", "İran", "Irak", "Çin", "Cezayir"]


def test_each_language_sorts_names_by_its_own_alphabet() -> None:
    assert sorted(NAMES, key=TR.sort_key) == [
        "Cezayir", "Çin", "Irak", "İran", "Özbekistan", "Suriye", "Şili", "Ürdün",
    ]  # fmt: skip
    assert sorted(NAMES, key=EN.sort_key) == [
        "Cezayir", "Çin", "Irak", "İran", "Özbekistan", "Şili", "Suriye", "Ürdün",
    ]  # fmt: skip
    assert sorted(["Zambia", "Åland", "Austria"], key=EN.sort_key) == ["Åland", "Austria", "Zambia"]


def test_casing_follows_the_language() -> None:
    assert (TR.upper("iş birliği"), EN.upper("iş birliği")) == ("İŞ BİRLİĞİ", "IŞ BIRLIĞI")
    assert (TR.lower("IRAK"), EN.lower("IRAK")) == ("ırak", "irak")
    assert (TR.capitalize("istanbul"), EN.capitalize("istanbul")) == ("İstanbul", "Istanbul")
    assert (TR.title("iç işler"), EN.title("inner city")) == ("İç İşler", "Inner City")


def test_case_suffixes_are_written_where_the_language_has_them() -> None:
    assert (TR.inflect("2003", "ablative"), EN.inflect("2003", "ablative")) == ("2003'ten", "2003")
    with pytest.raises(ValueError, match="unknown grammatical case 'instrumental'"):
        EN.inflect("2003", "instrumental")


def test_numbers_are_formatted_by_cldr() -> None:
    assert (TR.number(12345), EN.number(12345)) == ("12.345", "12,345")
