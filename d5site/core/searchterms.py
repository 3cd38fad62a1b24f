"""Search forms of a locale's words that lunr would not match as written: accents folded, elisions split, Hebrew prefixes stripped.

Material's search matches each query word as a prefix of an indexed word, lowercased and
otherwise as written, so a reader typing "IA" does not find "l'IA", "Jerusalem" does not
find "Jérusalem" and Hebrew "בינה" does not find "בבינה". `search_forms` lists, for a
text, the forms of its words a reader would type and the text does not already hold;
d5site indexes them in extra search fields that are never displayed (`enrich_index`), so
unmodified queries match. Korean needs nothing: a noun with its particle ("인공지능을")
already starts with the bare noun a reader types.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Any

SEPARATOR = r"[\s\-]+"
"""Material's default search separator, used when a site's cannot be read as a Python pattern."""
ELISION_LANGUAGES = frozenset({"fr", "it", "ca"})
"""Languages whose articles and pronouns elide onto the next word (l'IA, d'entraînement, dell'anno)."""
HEBREW_PREFIXES = frozenset("בהוכלמש")
"""Hebrew's one-letter prefixes (in, the, and, as, to, from, that), written onto the word they precede."""
HEBREW_MAX_PREFIXES = 3
"""At most this many prefix letters are stripped from one word (ו+ש+ב: "and that in")."""
HEBREW_MIN_STEM = 2
"""A stripped word keeps at least this many letters."""
FIELDS = {"title": "title_forms", "text": "text_forms"}
"""The search field holding the forms of each displayed field's words (boosted like it)."""

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[\w'’]+")
_APOSTROPHES = re.compile(r"['’]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def language(locale: str) -> str:
    """The language of a locale: 'fr' for fr, fr_CA and fr-BE."""
    return re.split(r"[_\-]", locale, maxsplit=1)[0].lower()


def fold(word: str) -> str:
    """A word without its accents and ligatures (Jérusalem -> Jerusalem, cœur -> coeur); Hangul stays whole."""
    decomposed = unicodedata.normalize("NFD", word.translate(_LIGATURES))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _hebrew_stems(word: str) -> list[str]:
    """The word without one, two or three of its leading one-letter prefixes (בבינה -> בינה)."""
    stems = []
    for _ in range(HEBREW_MAX_PREFIXES):
        if len(word) - 1 < HEBREW_MIN_STEM or word[0] not in HEBREW_PREFIXES:
            break
        word = word[1:]
        stems.append(word)
    return stems


def word_forms(token: str, lang: str) -> list[str]:
    """The forms of one lowercased token a reader may type: its words without punctuation, elisions or prefixes, folded."""
    forms: list[str] = []
    for word in (w.strip("'’") for w in _WORD.findall(token)):
        if not word:
            continue
        parts = [word]
        if "’" in word:
            parts.append(word.replace("’", "'"))  # what a keyboard types for a typographic apostrophe
        if lang in ELISION_LANGUAGES:
            parts += [p for p in _APOSTROPHES.split(word) if p][1:]  # l'ia -> ia, d'entraînement -> entraînement
        if lang == "he":
            parts += [stem for part in list(parts) for stem in _hebrew_stems(part)]
        for part in parts:
            forms.append(part)
            forms.append(fold(part))
    return forms


def search_forms(text: str, locale: str, separator: str = SEPARATOR) -> str:
    """The forms of a text's words a reader may type that its own tokens do not start with, space-separated, in order.

    `text` is a search entry's field (HTML allowed); `separator` is the index's
    (lunr splits the text with it). Returns '' when every form is already there.
    """
    try:
        split = re.compile(separator)
    except re.error:
        split = re.compile(SEPARATOR)
    plain = html.unescape(_TAG.sub(" ", text))
    tokens = [t for t in split.split(plain.lower()) if t]
    present = set(tokens)
    lang = language(locale)
    found: dict[str, None] = {}
    for token in dict.fromkeys(tokens):  # each token once, in order: a repeated one adds nothing new
        for form in _token_forms(token, lang):
            if form not in present and not token.startswith(form):
                found[form] = None
    return " ".join(found)


@lru_cache(maxsize=1 << 16)
def _token_forms(token: str, lang: str) -> tuple[str, ...]:
    """`word_forms`, remembered: a site's texts repeat the same words across thousands of entries."""
    return tuple(word_forms(token, lang))


def enrich_index(index: dict[str, Any], locale: str) -> dict[str, Any]:
    """Add each entry's search forms (`FIELDS`) to a Material search index, and the fields to its config, in place."""
    config = index["config"]
    fields = config.setdefault("fields", {})
    separator = str(config.get("separator") or SEPARATOR)
    for source, target in FIELDS.items():
        if source in fields:
            fields[target] = dict(fields[source])
    for doc in index["docs"]:
        for source, target in FIELDS.items():
            if source in fields and isinstance(doc.get(source), str):
                forms = search_forms(doc[source], locale, separator)
                if forms:
                    doc[target] = forms
    _token_forms.cache_clear()  # the next index is another locale's: its words go
    return index
