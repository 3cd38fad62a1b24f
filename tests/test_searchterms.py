"""d5site.core.searchterms: the forms of a locale's words a reader types that the text does not start with."""

from __future__ import annotations

from d5site.core.searchterms import enrich_index, fold, search_forms


def test_french_elisions_are_split_with_either_apostrophe() -> None:
    forms = search_forms("<p>L'IA d’entraînement qu'il jusqu'ici</p>", "fr").split()
    assert {"ia", "entraînement", "il", "ici"} <= set(forms)
    assert "d'entraînement" in forms  # the typographic apostrophe as a keyboard types it


def test_accents_and_ligatures_are_folded() -> None:
    assert search_forms("Jérusalem au cœur", "fr").split() == ["jerusalem", "coeur"]
    assert fold("Séoul") == "Seoul" and fold("인공지능을") == "인공지능을"  # Hangul is not decomposed
    assert search_forms("naïve", "en_GB") == "naive"


def test_hebrew_one_letter_prefixes_are_stripped() -> None:
    forms = search_forms("בבינה ושבבית ירושלים", "he").split()
    assert "בינה" in forms and "בית" in forms and "שבבית" in forms
    assert "ירושלים" not in forms and not any(f.endswith("רושלים") for f in forms)  # י is no prefix
    assert search_forms("מדינה", "he") == "דינה"  # over-stripping only adds index entries; nothing is lost
    assert search_forms("לכל", "he") == "כל"  # at least two letters are left


def test_other_languages_keep_apostrophes_and_prefixes() -> None:
    assert search_forms("government's בבינה", "en") == ""
    assert search_forms("l'IA", "ko") == ""


def test_punctuation_around_a_word_is_dropped() -> None:
    assert search_forms("(AI) «Jérusalem» AI;", "fr").split() == ["ai", "jérusalem", "jerusalem"]


def test_korean_needs_no_forms_since_queries_are_prefixes() -> None:
    assert search_forms("<p>인공지능을 활용하는 인공지능의</p>", "ko") == ""


def test_words_the_text_already_starts_with_are_not_repeated() -> None:
    assert search_forms("Jerusalem jerusalem, l'", "fr") == ""
    assert search_forms("a &amp; b &lt;x&gt;", "fr") == "x"


def test_a_site_separator_that_python_cannot_read_falls_back() -> None:
    assert search_forms("l'IA", "fr", separator="[") == "ia"
    assert search_forms("l'IA", "fr", separator="[\\s']+") == ""  # the separator already splits elisions


def test_enrich_index_adds_hidden_fields_boosted_like_the_displayed_ones() -> None:
    index = {
        "config": {"separator": "[\\s\\-]+", "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}},
        "docs": [{"location": "a/", "title": "L'IA", "text": "Jérusalem"}, {"location": "b/", "title": "AI", "text": "ai"}],
    }
    enrich_index(index, "fr")
    assert index["config"]["fields"]["title_forms"] == {"boost": 1000.0}
    assert index["config"]["fields"]["text_forms"] == {"boost": 1.0}
    assert index["docs"][0]["title_forms"] == "ia" and index["docs"][0]["text_forms"] == "jerusalem"
    assert index["docs"][1] == {"location": "b/", "title": "AI", "text": "ai"}  # nothing to add
