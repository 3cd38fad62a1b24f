"""Sorting names and titles the way a reader of a locale expects: a collation key, not code-point order.

Why not PyICU (the full Unicode Collation Algorithm with CLDR tailorings): it is
published on PyPI as source only, so `pip install d5site` would need ICU's
headers and a C++ compiler on every secretariat's machine and CI runner. Babel
does not collate. What d5site sorts is short: member names, finding and principle
titles, theme labels. This key covers what those need, in the spirit of the UCA's
three levels:

1. primary: letters without accents or case (NFKD, marks removed, case folded;
   ligatures and special letters spelled out: œ -> oe, ß -> ss, ø -> o), Hebrew
   final letters as their ordinary forms (ם as מ), Hangul by its jamo (which
   Unicode orders as Korean dictionaries do); spaces and punctuation before
   digits, digits before letters; the locale's own script before the others
   (CLDR's reordering for ko, he, ar...), then Latin, then the rest;
2. secondary: accents ("cote" < "côte");
3. tertiary: case, lower case first ("eau" < "Eau").

So, in French, "Eau" < "Équipe" < "Fab"; in Korean, 가 < 나 < 다 with Latin names
after Hangul ones; in Hebrew, א < ב < ... with final forms in place.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

_SPECIAL = {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th", "ŋ": "n", "ħ": "h"}
_HEBREW_FINALS = {"ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"}
_QUOTES = {"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "}

#: CLDR root order of scripts (the ones d5site's locales meet); a locale's own scripts move first.
_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "GEORGIAN", "ARMENIAN", "HEBREW", "ARABIC", "DEVANAGARI", "THAI", "HANGUL", "HIRAGANA",
            "KATAKANA", "CJK")
_LOCALE_SCRIPTS = {
    "ko": ("HANGUL", "CJK"),
    "he": ("HEBREW",),
    "yi": ("HEBREW",),
    "ar": ("ARABIC",),
    "fa": ("ARABIC",),
    "ur": ("ARABIC",),
    "ja": ("HIRAGANA", "KATAKANA", "CJK"),
    "zh": ("CJK",),
    "el": ("GREEK",),
    "ru": ("CYRILLIC",),
    "uk": ("CYRILLIC",),
    "bg": ("CYRILLIC",),
    "sr": ("CYRILLIC",),
    "ka": ("GEORGIAN",),
    "hy": ("ARMENIAN",),
    "hi": ("DEVANAGARI",),
    "th": ("THAI",),
}


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


@lru_cache(maxsize=64)
def _script_ranks(language: str) -> dict[str, int]:
    first = _LOCALE_SCRIPTS.get(language, ("LATIN",))
    order = [*first, *(s for s in _SCRIPTS if s not in first)]
    return {script: index for index, script in enumerate(order)}


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    for script in _SCRIPTS:
        if name.startswith(script):
            return script
    return ""


def _group(char: str, ranks: dict[str, int]) -> int:
    """0: space and punctuation; 1: digits; 2 + n: letters of the n-th script for this locale; last: other letters."""
    category = unicodedata.category(char)
    if category[0] in "ZPSC":
        return 0
    if category[0] == "N":
        return 1
    script = _script(char)
    return 2 + ranks.get(script, len(ranks))


def sort_key(text: str, locale: str = "en") -> tuple:
    """A key that sorts `text` as a reader of `locale` expects (see the module's docstring)."""
    return _sort_key(str(text), _language(locale))


@lru_cache(maxsize=4096)
def _sort_key(text: str, language: str) -> tuple:
    """(primary, secondary, tertiary, text), each level a string that compares as the level's sequence would.

    Primary: one (script group, base letter) pair per letter, as two characters
    (`chr(group)` then the letter); secondary: each letter's marks, separated by
    NUL (lower than any mark); tertiary: "0" or "1" (upper case) per letter.
    Strings keep a cached key small (it is built once per text and locale).
    """
    ranks = _script_ranks(language)
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    for char in unicodedata.normalize("NFKD", "".join(_QUOTES.get(c, c) for c in text)):
        if unicodedata.combining(char):
            if secondary:
                secondary[-1] += char
            continue
        folded = char.casefold()
        folded = _HEBREW_FINALS.get(folded, folded)
        for base in _SPECIAL.get(folded, folded):
            primary.append(chr(_group(base, ranks)) + base)
            secondary.append("")
            tertiary.append("0" if char == folded or not char.isupper() else "1")
    return ("".join(primary), "\x00".join(secondary), "".join(tertiary), text)


def forget_keys() -> None:
    """Drop the cached sort keys: a build calls this as it moves on to another locale."""
    _sort_key.cache_clear()


def sort_texts(texts: Iterable[str], locale: str) -> list[str]:
    """`texts` in the order of `locale`."""
    return sorted(texts, key=lambda text: sort_key(text, locale))


def sorted_by(items: Iterable[T], text: Callable[[T], str], locale: str) -> list[T]:
    """`items` ordered by the collation of `text(item)` in `locale`."""
    return sorted(items, key=lambda item: sort_key(text(item), locale))
