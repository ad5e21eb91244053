"""Typed values → text in one language: explicit fallback that remembers its language, and CLDR
formatting of dates, countries and places through Babel.

The rule: every translatable field has the default language (validate enforces it). Another
language missing from a field falls back to the default-language text; the resolved value records
that it did, so that templates mark it (`lang` plus a visible notice) and the build warns.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from babel import Locale
from babel.dates import format_date, format_skeleton

from .config import SiteConfig
from .schema import Country, PartialDate, Place, Translated

# The Turkish alphabet; letters not in it (q, w, x, accented ones) sort after their base letter.
TURKISH_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_TURKISH_LOWER = str.maketrans({"I": "ı", "İ": "i"})


@dataclass(frozen=True)
class LocalText:
    """A text in one language, knowing whether it is there only by fallback."""

    text: str
    language: str
    fallback: bool = False


@dataclass(frozen=True)
class DateText:
    """A formatted date with its ISO form for `<time datetime>`, precision kept."""

    text: str
    iso: str


@dataclass(frozen=True)
class Localizer:
    """Everything one language needs to turn typed values into its text."""

    language: str
    default_language: str
    locale_name: str

    @classmethod
    def for_language(cls, config: SiteConfig, language: str) -> Localizer:
        return cls(language, config.default_language, config.locale(language))

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.locale_name)

    def text(self, value: Translated) -> LocalText:
        own = value.get(self.language)
        if own is not None:
            return LocalText(own, self.language)
        fallback = value.get(self.default_language)
        assert fallback is not None, "validate guarantees the default language"
        return LocalText(fallback, self.default_language, fallback=True)

    def optional(self, value: Translated | None) -> LocalText | None:
        return None if value is None else self.text(value)

    def date(self, value: PartialDate) -> DateText:
        """At the precision given: '2008', 'Aralık 2009', '13 Aralık 2010'."""
        if value.month is None:
            text = str(value.year)
        else:
            day = datetime.date(value.year, value.month, value.day or 1)
            if value.day is None:
                text = format_skeleton("yMMMM", day, locale=self.locale)
            else:
                text = format_date(day, "long", locale=self.locale)
        return DateText(text, value.iso)

    def country(self, value: Country) -> LocalText:
        """The record's own name where it gives one, else CLDR's name for the code."""
        if value.name is not None:
            return self.text(value.name)
        assert value.code is not None
        return LocalText(self.locale.territories.get(value.code, value.code), self.language)

    def place(self, value: Place) -> LocalText | None:
        """'Trablus, Lübnan'; either part alone when only one is known."""
        parts = []
        if value.city is not None:
            parts.append(self.text(value.city))
        if value.country is not None:
            parts.append(self.country(value.country))
        if not parts:
            return None
        fallback = any(part.fallback for part in parts)
        language = self.default_language if fallback else self.language
        return LocalText(", ".join(part.text for part in parts), language, fallback)

    def sort_key(self, text: str) -> tuple[tuple[int, int], ...]:
        """Alphabetical order of the language: Turkish puts Ç after C and I before İ."""
        if self.language == "tr":
            return tuple(_turkish_letter(c) for c in text.translate(_TURKISH_LOWER).lower())
        return tuple((ord(c), 0) for c in _strip_accents(text.casefold()))


def _turkish_letter(char: str) -> tuple[int, int]:
    position = TURKISH_ALPHABET.find(char)
    if position >= 0:
        return (ord("a") + position, 0)
    base = _strip_accents(char)
    position = TURKISH_ALPHABET.find(base)
    return (ord("a") + position, 1) if position >= 0 and base else (ord(char), 0)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
