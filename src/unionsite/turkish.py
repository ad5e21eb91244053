"""Turkish text rules Python's str methods get wrong: dotted and dotless i in casing, the order of
the alphabet, and the case suffixes written after numbers (2008'den, 2023'ten, 2040'tan).

Pure functions over strings; `i18n` uses them for Turkish and leaves other languages to Python.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# The Turkish alphabet; letters not in it (q, w, x, accented ones) sort after their base letter.
ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
# For search, every i is one letter: a reader may type İŞBİRLİĞİ, Işbirliği (capitalized the
# English way) or işbirliği and means one word. The combining dot that other tools' lower-casing
# leaves after i ("İ".lower() is "i̇") goes too.
_SEARCH_FOLD = str.maketrans({"I": "i", "İ": "i", "ı": "i", "\u0307": None})

BACK_VOWELS = "aıou"
FRONT_VOWELS = "eiöü"
# "Fıstıkçı şahap": after these consonants a suffix's d hardens to t (2003'ten, 2040'tan).
VOICELESS = "çfhkpsşt"

# The last word of a number as it is spoken decides its suffix: 2003 is "iki bin üç" → üç'ten.
_UNITS = ("sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz")
_TENS = ("", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan")
_POWERS = ("yüz", "bin", "milyon", "milyar", "trilyon", "katrilyon")
# Consonants of an abbreviation are read by their names: "be", "ce" … (MBB'de, MBB'nin).
_LETTER_NAMES = {letter: letter + "e" for letter in "bcçdfgğhjklmnprsştvyz"}

_TRAILING_NUMBER = re.compile(r"(\d[\d.,]*)\W*$")
_LAST_WORD = re.compile(r"(\w+)\W*$")

# Case → the suffix's shape: a leading consonant that only follows vowels (the buffer: y or n),
# then either a consonant that hardens after voiceless ones (d/t) or nothing, then the vowel
# (two-way A: a/e, four-way I: ı/i/u/ü) and what follows it.
CASES = {
    "ablative": ("", "d", "A", "n"),  # 2008'den, 2023'ten
    "locative": ("", "d", "A", ""),  # 2008'de, 2023'te
    "dative": ("y", "", "A", ""),  # 2008'e, 2006'ya
    "genitive": ("n", "", "I", "n"),  # 2008'in, 2002'nin
    "accusative": ("y", "", "I", ""),  # 2008'i, 2006'yı
}


def upper(text: str) -> str:
    """'istanbul ılıca' → 'İSTANBUL ILICA'."""
    return text.translate(_TO_UPPER).upper()


def lower(text: str) -> str:
    """'İSTANBUL ILICA' → 'istanbul ılıca'."""
    return text.translate(_TO_LOWER).lower()


def capitalize(text: str) -> str:
    return upper(text[:1]) + lower(text[1:])


def title(text: str) -> str:
    return re.sub(r"\w+", lambda word: capitalize(word[0]), text)


def search_fold(text: str) -> str:
    """The text as the search index and the search box compare it: the four i's made one, the
    rest left for the search engine to lower-case. assets/search.js folds queries the same way."""
    return unicodedata.normalize("NFC", text).translate(_SEARCH_FOLD)


def sort_key(text: str) -> tuple[tuple[int, int], ...]:
    """Alphabetical order: C < Ç < D, G < Ğ < H, I (ı) < İ (i), O < Ö < P, S < Ş < T, U < Ü < V."""
    return tuple(_letter_key(c) for c in lower(text))


@cache  # a few hundred distinct characters, looked up hundreds of thousands of times
def _letter_key(char: str) -> tuple[int, int]:
    position = ALPHABET.find(char)
    if position >= 0:
        return (ord("a") + position, 0)
    base = strip_accents(char)
    position = ALPHABET.find(base)
    return (ord("a") + position, 1) if position >= 0 and base else (ord(char), 0)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spoken_number(number: int) -> str:
    """The last word of `number` read aloud: 2000 → 'bin', 2014 → 'dört', 1990 → 'doksan'."""
    if number == 0:
        return _UNITS[0]
    if number % 10:
        return _UNITS[number % 10]
    if number % 100:
        return _TENS[number // 10 % 10]
    if number % 1000:
        return _POWERS[0]
    power = 0
    while number % 1000 == 0:
        number //= 1000
        power += 1
    return _POWERS[min(power, len(_POWERS) - 1)]


def inflect(text: str, case: str) -> str:
    """`text` with the suffix of `case` after an apostrophe, as Turkish writes it after numbers and
    proper names: inflect('2003', 'ablative') == "2003'ten". Text ending in no word is returned as is."""
    sound = _sound_of(text)
    if sound is None:
        return text
    buffer, consonant, vowel, rest = CASES[case]
    last = sound[-1]
    ends_in_vowel = last in BACK_VOWELS + FRONT_VOWELS
    suffix = buffer if ends_in_vowel else ""
    if consonant:
        suffix += "t" if last in VOICELESS else consonant
    suffix += _harmonize(vowel, sound) + rest
    return f"{text}'{suffix}"


def _sound_of(text: str) -> str | None:
    """How the end of `text` is spoken: the number word, or the last word's letters."""
    number = _TRAILING_NUMBER.search(text)
    if number:
        digits = re.sub(r"\D", "", number[1])
        return spoken_number(int(digits))
    word = _LAST_WORD.search(text)
    if word is None:
        return None
    letters = lower(word[1])
    if not any(c in BACK_VOWELS + FRONT_VOWELS for c in letters):
        return "".join(_LETTER_NAMES.get(c, c) for c in letters)
    return letters


def _harmonize(vowel: str, sound: str) -> str:
    last_vowel = next((c for c in reversed(sound) if c in BACK_VOWELS + FRONT_VOWELS), "e")
    if vowel == "A":
        return "a" if last_vowel in BACK_VOWELS else "e"
    return {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}[last_vowel]
