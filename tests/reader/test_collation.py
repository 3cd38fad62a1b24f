"""Names and titles sorted for a reader of each locale (d5site.core.collation), not in code-point order."""

from __future__ import annotations

import pytest

from d5site.core.collation import sort_key, sort_texts, sorted_by


def test_french_accents_and_case_fold_at_the_first_level() -> None:
    assert sort_texts(["Fab", "Équipe", "Eau", "eau", "ébène", "Zèbre", "zoo"], "fr") == [
        "eau",
        "Eau",
        "ébène",
        "Équipe",
        "Fab",
        "Zèbre",
        "zoo",
    ]
    # code-point order would put every accented capital after z:
    assert sorted(["Fab", "Équipe", "Eau"]) == ["Eau", "Fab", "Équipe"]


def test_accents_break_ties_after_letters_and_case_after_accents() -> None:
    assert sort_texts(["côte", "coté", "cote", "Cote"], "fr") == ["cote", "Cote", "coté", "côte"]


def test_ligatures_and_special_letters_are_spelled_out() -> None:
    assert sort_texts(["Oz", "Œuvre", "Odeur"], "fr") == ["Odeur", "Œuvre", "Oz"]
    assert sort_texts(["Strasse", "Straße", "Strase"], "de") == ["Strase", "Strasse", "Straße"]
    assert sort_texts(["Oslo", "Orme", "Øresund"], "en") == ["Øresund", "Orme", "Oslo"]  # ø as o: "oresund" < "orme"


def test_real_member_names_in_french() -> None:
    names = [
        "Royaume-Uni",
        "Estonie",
        "Israël",
        "Nouvelle-Zélande",
        "République de Corée",
        "Canada",
        "Uruguay",
        "Mexique",
        "Portugal",
        "Danemark",
        "États-Unis",
    ]
    assert sort_texts(names, "fr") == [
        "Canada", "Danemark", "Estonie", "États-Unis", "Israël", "Mexique", "Nouvelle-Zélande", "Portugal",
        "République de Corée", "Royaume-Uni", "Uruguay",
    ]


def test_spaces_and_punctuation_sort_before_letters() -> None:
    assert sort_texts(["Opening", "Open standards", "Open-source", "Open"], "en") == ["Open", "Open standards", "Open-source", "Opening"]
    assert sort_texts(["User’s needs", "User's guide"], "en") == ["User's guide", "User’s needs"]  # curly and straight apostrophes alike


def test_korean_by_hangul_with_latin_after() -> None:
    names = ["영국", "대한민국", "캐나다", "에스토니아", "이스라엘", "뉴질랜드", "Digital Nations", "가나", "각"]
    assert sort_texts(names, "ko") == ["가나", "각", "뉴질랜드", "대한민국", "에스토니아", "영국", "이스라엘", "캐나다", "Digital Nations"]


def test_hebrew_alphabet_with_final_letters_in_place_and_points_ignored() -> None:
    # ם (final mem) is U+05DD, before מ (U+05DE): code-point order puts "ים" words before "ימ" words.
    assert sort_texts(["ימה", "ים", "יל", "אבא", "בית", "שָׁלוֹם", "שלו"], "he") == ["אבא", "בית", "יל", "ים", "ימה", "שלו", "שָׁלוֹם"]
    assert sort_texts(["Israel", "ישראל", "אסטוניה"], "he") == ["אסטוניה", "ישראל", "Israel"]
    assert sort_texts(["Israel", "ישראל"], "en") == ["Israel", "ישראל"]


def test_digits_before_letters_and_keys_are_stable() -> None:
    assert sort_texts(["b", "2 a", "a"], "en") == ["2 a", "a", "b"]
    assert sort_key("Équipe", "fr-CA") == sort_key("Équipe", "fr")
    items = [("x", "Zeta"), ("y", "alpha")]
    assert sorted_by(items, lambda item: item[1], "en") == [("y", "alpha"), ("x", "Zeta")]


@pytest.mark.parametrize("locale", ["en", "fr", "ko", "he", "xx"])
def test_any_text_has_a_key(locale: str) -> None:
    texts = ["", " ", "😀", "\u0301", "Ǆ", "ﬁn", "١٢", "A\u0000B"]
    assert len(sort_texts(texts, locale)) == len(texts)
