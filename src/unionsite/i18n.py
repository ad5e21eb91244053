"""Typed values → text in one language: explicit fallback that remembers its language, and CLDR
formatting of dates, countries and places through Babel.

The rule: every translatable field has the default language (validate enforces it). Another
language missing from a field falls back to the default-language text; the resolved value records
that it did, so that templates mark it (`lang` plus a visible notice) and the build warns.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton, format_time
from babel.numbers import format_decimal

from . import turkish
from .config import SITE_TIME_ZONE_NAME, SiteConfig
from .markdown import Images
from .schema import Country, Moment, PartialDate, Place, Translated


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text in one language, knowing whether it is there only by fallback, and whether it was
    translated from an older version of its source."""

    text: str
    language: str
    fallback: bool = False
    outdated: bool = False
    # A Markdown text's internal links (@page:…) as written → their URLs in the page's language,
    # sorted: its HTML is made of the text and these.
    links: tuple[tuple[str, str], ...] = ()
    # Its images' files as written → what the build made of them, sorted.
    images: Images = ()


@dataclass(frozen=True, slots=True)
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
            return LocalText(own, self.language, outdated=self.language in value.outdated)
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

    def moment(self, value: Moment) -> DateText:
        """'20 Kasım 2026', '20 Kasım 2026 14:30'; a time in another zone than the site's says
        which: '10 March 2027 09:30 (GMT+01:00)'."""
        day = format_date(value.day, "long", locale=self.locale)
        if value.time is None:
            return DateText(day, value.iso)
        return DateText(f"{day} {self._time(value)}{self._zone(value)}", value.iso)

    def span(self, start: Moment, end: Moment | None) -> str:
        """When something takes place, each part said once: '20–21 Mayıs 2027', '10 Mart 2027
        09:30 – 17:00', '12 October 2027 09:00 – 13 October 2027 13:00 (GMT+02:00)'; the start
        alone without an end."""
        if end is None or end == start:
            return self.moment(start).text
        if start.time is None and end.time is None:
            return self._days(start.day, end.day)
        if end.zone != start.zone:
            return f"{self.moment(start).text} – {self.moment(end).text}"
        first = f"{format_date(start.day, 'long', locale=self.locale)} {self._time(start)}"
        if end.day == start.day:
            return f"{first} – {self._time(end)}{self._zone(end)}"
        return (
            f"{first} – {format_date(end.day, 'long', locale=self.locale)} {self._time(end)}{self._zone(end)}"
        )

    def _days(self, first: datetime.date, last: datetime.date) -> str:
        """'20–21 Mayıs 2027', '30 May – 2 June 2027', '30 December 2027 – 2 January 2028'."""
        end = format_date(last, "long", locale=self.locale)
        if (first.year, first.month) == (last.year, last.month):
            return f"{format_date(first, 'd', locale=self.locale)}–{end}"
        if first.year == last.year:
            return f"{format_skeleton('MMMMd', first, locale=self.locale)} – {end}"
        return f"{format_date(first, 'long', locale=self.locale)} – {end}"

    def _time(self, value: Moment) -> str:
        moment = value.moment
        assert moment is not None, "a moment with a time"
        return format_time(moment, "short", tzinfo=moment.tzinfo, locale=self.locale)

    def _zone(self, value: Moment) -> str:
        """' (GMT+01:00)' for a time in another zone than the site's, else nothing."""
        moment = value.moment
        if moment is None or value.zone == SITE_TIME_ZONE_NAME:  # the site's own goes without saying
            return ""
        return f" ({format_datetime(moment, 'ZZZZ', tzinfo=moment.tzinfo, locale=self.locale)})"

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

    def number(self, value: float) -> str:
        """'1.234' in Turkish, '1,234' in English."""
        return format_decimal(value, locale=self.locale)

    # -- the language's own text rules ---------------------------------------------------------

    def sort_key(self, text: str) -> tuple[tuple[int, int], ...]:
        """Alphabetical order of the language: Turkish puts Ç after C and I before İ."""
        if self.language == "tr":
            return turkish.sort_key(text)
        return tuple((ord(c), 0) for c in turkish.strip_accents(text.casefold()))

    def upper(self, text: str) -> str:
        return turkish.upper(text) if self.language == "tr" else text.upper()

    def lower(self, text: str) -> str:
        return turkish.lower(text) if self.language == "tr" else text.lower()

    def capitalize(self, text: str) -> str:
        return turkish.capitalize(text) if self.language == "tr" else text.capitalize()

    def title(self, text: str) -> str:
        return turkish.title(text) if self.language == "tr" else text.title()

    def inflect(self, text: str, case: str) -> str:
        """`text` in a grammatical case, where the language marks it on the word (Turkish:
        2008'den); other languages say the same with words the catalog's sentence holds."""
        if case not in turkish.CASES:
            raise ValueError(f"unknown grammatical case '{case}' (known: {', '.join(turkish.CASES)})")
        return turkish.inflect(text, case) if self.language == "tr" else text
