"""What changed between any two editions (`Charter.compare`, the pages `/charter/compare/<a>-<b>/`).

The default tree (tests/sitetree.py) has three editions:

    2014  1 user-needs   2 open-standards        3 assisted-digital
    2018  1 user-needs*  2 open-standards        3 assisted-digital       (* revision 2018, reworded)
    2021  1 user-needs   2 necessary-safeguards  3 open-standards  4 digital-inclusion (replaces assisted-digital)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from d5site.core.catalog import Catalog
from d5site.core.charter import Charter, Comparison
from d5site.core.site import load_from_config_file
from i18nsite import LOCALES, PREFIX


def charter_of(root: Path) -> Charter:
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok, loaded.diagnostics
    return Charter(loaded.content)


def table(charter: Charter, old: int, new: int) -> list[tuple[str, int | None, int | None, tuple[str, ...]]]:
    editions = charter.content.editions
    return [(c.principle_id, c.old_number, c.new_number, c.statuses) for c in charter.compare(editions[old], editions[new])]


EDITIONS = (
    "2014:\n  date: 2014-12-10\n  principles: [user-needs, open-standards, assisted-digital]\n"
    "2018:\n  date: 2018-11-22\n  principles: [user-needs, open-standards, assisted-digital]\n"
)


def test_pairs_are_every_older_newer_pair(site: Path) -> None:
    charter = charter_of(site)
    assert [(a.year, b.year) for a, b in charter.pairs()] == [(2014, 2018), (2014, 2021), (2018, 2021)]


def test_first_to_last_added_renumbered_reworded_replaced(site: Path) -> None:
    charter = charter_of(site)
    assert table(charter, 2014, 2021) == [
        ("user-needs", 1, 1, ("reworded",)),
        ("necessary-safeguards", None, 2, ("added",)),
        ("open-standards", 2, 3, ("renumbered",)),
        ("digital-inclusion", None, 4, ("added",)),
        ("assisted-digital", 3, None, ("replaced",)),
    ]
    rows = {c.principle_id: c for c in charter.compare(charter.content.editions[2014], charter.content.editions[2021])}
    assert rows["digital-inclusion"].replaces == ("assisted-digital",)
    assert rows["assisted-digital"].replaced_by == ("digital-inclusion",)
    assert rows["necessary-safeguards"].replaces == ()
    assert rows["user-needs"].old_revision.year == 2014 and rows["user-needs"].new_revision.year == 2018
    assert rows["digital-inclusion"].old_revision is None and rows["assisted-digital"].new_revision is None


def test_unchanged_between_neighbours_and_reworded_across_them(site: Path) -> None:
    charter = charter_of(site)
    assert table(charter, 2014, 2018) == [
        ("user-needs", 1, 1, ("reworded",)),
        ("open-standards", 2, 2, ("unchanged",)),
        ("assisted-digital", 3, 3, ("unchanged",)),
    ]
    # user-needs has the same revision (2018) in 2018 and 2021: not reworded there.
    assert table(charter, 2018, 2021)[0] == ("user-needs", 1, 1, ("unchanged",))


def test_withdrawn_without_successor_and_reworded_and_renumbered(make_site) -> None:
    files = {
        "charter/editions.yml": EDITIONS + "2021:\n  date: 2021-11-16\n  principles: [user-needs, open-standards]\n2023:\n"
        "  date: 2023-11-13\n  principles: [open-standards, user-needs]\n",
        "charter/principles/open-standards/2023.md": "---\ntitle: Open standards\n---\nOpen standards, royalty free.\n",
        "charter/principles/digital-inclusion/2021.md": "---\ntitle: Digital inclusion\n---\nInclusion.\n",
        "findings/2021/safeguards-for-data.md": "---\ntitle: Safeguards for data\nmembers: [kr]\nprinciples: [user-needs]\n---\nx\n",
    }
    charter = charter_of(make_site(files))
    assert table(charter, 2018, 2021) == [
        ("user-needs", 1, 1, ("unchanged",)),
        ("open-standards", 2, 2, ("unchanged",)),
        ("assisted-digital", 3, None, ("withdrawn",)),
    ]
    assert table(charter, 2014, 2023) == [
        ("open-standards", 2, 1, ("reworded", "renumbered")),
        ("user-needs", 1, 2, ("reworded", "renumbered")),
        ("assisted-digital", 3, None, ("withdrawn",)),
    ]


def test_a_new_revision_with_the_same_words_is_unchanged(make_site) -> None:
    """A review that re-adopts a principle word for word (only its change note differs) did not reword it."""
    files = {"charter/principles/open-standards/2018.md": "---\ntitle: Open standards\nchange: Re-adopted.\n---\n"
                                                          "A credible, royalty-free open standards policy.\n"}
    charter = charter_of(make_site(files))
    assert table(charter, 2014, 2018)[1] == ("open-standards", 2, 2, ("unchanged",))


def test_replacement_followed_through_an_edition_in_between(make_site) -> None:
    """assisted-digital -> digital-inclusion (2018) -> necessary-safeguards (2021): 2014 to 2021 reads as one replacement."""
    files = {
        "charter/editions.yml": (
            "2014:\n  date: 2014-12-10\n  principles: [user-needs, open-standards, assisted-digital]\n"
            "2018:\n  date: 2018-11-22\n  principles: [user-needs, open-standards, digital-inclusion]\n"
            "2021:\n  date: 2021-11-16\n  principles: [user-needs, necessary-safeguards, open-standards]\n"
        ),
        "charter/principles/digital-inclusion/2021.md": None,
        "charter/principles/digital-inclusion/2021.fr.md": None,
        "charter/principles/digital-inclusion/2018.md": "---\ntitle: Digital inclusion\nreplaces: [assisted-digital]\n---\nInclusion.\n",
        "charter/principles/necessary-safeguards/2021.md": "---\ntitle: Necessary safeguards\nreplaces: [digital-inclusion]\n---\nSafe.\n",
        "charter/principles/necessary-safeguards/2021.ko.md": None,
        "findings/2021/safeguards-for-data.md": "---\ntitle: Safeguards for data\nmembers: [kr]\nprinciples: [user-needs]\n---\nx\n",
    }
    charter = charter_of(make_site(files))
    rows = {c.principle_id: c for c in charter.compare(charter.content.editions[2014], charter.content.editions[2021])}
    assert rows["assisted-digital"].statuses == ("replaced",)
    assert rows["assisted-digital"].replaced_by == ("necessary-safeguards",)
    assert rows["necessary-safeguards"].replaces == ("assisted-digital",)
    assert "digital-inclusion" not in rows
    rows = {c.principle_id: c for c in charter.compare(charter.content.editions[2018], charter.content.editions[2021])}
    assert rows["digital-inclusion"].replaced_by == ("necessary-safeguards",)
    assert rows["necessary-safeguards"].replaces == ("digital-inclusion",)


def test_compare_refuses_editions_out_of_order(site: Path) -> None:
    charter = charter_of(site)
    editions = charter.content.editions
    with pytest.raises(ValueError, match="2021 is not before edition 2014"):
        charter.compare(editions[2021], editions[2014])
    assert isinstance(charter.compare(editions[2014], editions[2018])[0], Comparison)


# -- the pages, on the four-locale site of tests/i18nsite.py (en, fr, ko, he) ------------------

PAIRS = [(2014, 2018), (2014, 2021), (2018, 2021)]


def compare_url(locale: str, old: int, new: int) -> str:
    return f"{PREFIX[locale]}charter/compare/{old}-{new}/"


def test_a_page_for_every_pair_in_every_locale_and_no_other(i18n_build) -> None:
    _, site, _ = i18n_build
    for locale in LOCALES:
        folder = site.dir / PREFIX[locale] / "charter" / "compare"
        assert sorted(p.name for p in folder.iterdir()) == [f"{a}-{b}" for a, b in PAIRS], locale
        for old, new in PAIRS:
            page = site.page(compare_url(locale, old, new))
            catalog = Catalog(locale)
            assert page.lang == locale
            assert page.article.one("h1").text.startswith(catalog.t("compare_title", old=old, new=new)), (locale, old, new)
            headers = [th.text for th in page.article.one("table", **{"data-d5-table": "compare"}).one("thead").find_all("th")]
            expected = [catalog.t("number_in", year=old), catalog.t("number_in", year=new), catalog.t("principle"), catalog.t("change")]
            assert headers == expected


def test_each_edition_page_links_its_comparisons(i18n_build) -> None:
    _, site, _ = i18n_build
    for locale in LOCALES:
        for year, url in ((2014, "charter/2014/"), (2018, "charter/2018/"), (2021, "charter/2021/"), (2021, "charter/")):
            page = site.page(PREFIX[locale] + url)
            links = page.article.one("p", cls="d5-compare-links")
            assert links.text.startswith(Catalog(locale).t("compare_with")), (locale, url)
            targets = [page.resolve(a["href"])[0] for a in links.find_all("a")]
            others = [y for y in (2014, 2018, 2021) if y != year]
            assert targets == [compare_url(locale, min(year, y), max(year, y)) for y in others], (locale, url)
            assert [a.text for a in links.find_all("a")] == [str(y) for y in others]
            for target in targets:
                assert site.exists(target)
        # The charter as in force in a year without an edition names its edition, and has no comparisons of its own.
        assert site.page(PREFIX[locale] + "charter/2016/").article.find("p", cls="d5-compare-links") is None


def rows(page) -> dict[str, tuple[str, str, str, str]]:
    """principle id -> (old number, new number, statuses, change cell text)."""
    found = {}
    for tr in page.article.one("table", **{"data-d5-table": "compare"}).one("tbody").find_all("tr"):
        cells = tr.find_all("td")
        found[tr["data-principle"]] = (cells[0].text, cells[1].text, tr["data-status"], cells[2].text)
    return found


def test_rows_read_the_changes_with_labels_of_the_locale(i18n_build) -> None:
    _, site, _ = i18n_build
    en = rows(site.page(compare_url("en", 2014, 2021)))
    assert list(en) == ["user-needs", "necessary-safeguards", "open-standards", "digital-inclusion", "assisted-digital"]
    assert en["user-needs"][:3] == ("1", "1", "reworded")
    assert en["necessary-safeguards"][:3] == ("—not in the 2014 edition", "2", "added")
    assert en["open-standards"][:3] == ("2", "3", "renumbered")
    assert en["digital-inclusion"][3] == "Added Replaces: 3. Assisted digital"
    assert en["assisted-digital"][1:] == ("—not in the 2021 edition", "replaced",
                                         "Replaced Replaced by: 4. Digital inclusion and accessibility")
    fr = rows(site.page(compare_url("fr", 2014, 2021)))
    catalog = Catalog("fr")
    assert fr["open-standards"][3] == catalog.t("renumbered")
    expected = f"{catalog.t('replaced')} {catalog.t('replaced_by')}{catalog.t('colon')} 4. Inclusion numérique et accessibilité"
    assert fr["assisted-digital"][3] == " ".join(expected.split())
    assert rows(site.page(compare_url("en", 2018, 2021)))["user-needs"][2] == "unchanged"


def test_reworded_principles_show_the_word_diff(i18n_build) -> None:
    _, site, _ = i18n_build
    page = site.page(compare_url("en", 2014, 2021))
    section = page.heading("user-needs")
    assert section.text.startswith("1. User needs")
    diff = next(n for n in section.section() if "d5-diff" in n.classes)
    assert [d.text for d in diff.find_all("del")] == ["[deleted: for]", "[deleted: citizen.]"]
    assert [i.text for i in diff.find_all("ins")] == ["[inserted: around]", "[inserted: needs of the people who use them.]"]
    assert diff.one("div", cls="d5-diff__body").lang == "en"
    # The row links to its diff; unchanged and renumbered principles have none.
    link = page.article.one("tr", **{"data-principle": "user-needs"}).one("a", href="#user-needs")
    assert link.text == "Changes from the 2014 text to the 2018 text"
    assert page.article.find(id="open-standards") is None
    fr = site.page(compare_url("fr", 2014, 2018)).heading("user-needs").section()
    fr_diff = next(n for n in fr if "d5-diff" in n.classes)
    inserted = ["[ajouté : autour]", "[ajouté : des]", "[ajouté : besoins des personnes qui les utilisent.]"]
    assert [i.text for i in fr_diff.find_all("ins")] == inserted
    assert fr_diff.one("div", cls="d5-diff__body").lang == "fr"


def test_untranslated_texts_carry_lang_and_the_page_says_so(i18n_build) -> None:
    _, site, _ = i18n_build
    notice = {"data-d5site-notice": "fallback-text"}
    assert site.page(compare_url("en", 2014, 2021)).article.find("aside", **notice) is None
    assert site.page(compare_url("fr", 2014, 2021)).article.find("aside", **notice) is None  # titles untranslated: lang only
    ko = site.page(compare_url("ko", 2014, 2018))
    # The notice stands where an untranslated text is shown: the diff of user-needs, compared in English.
    assert [a for n in ko.heading("user-needs").section() for a in n.find_all("aside", **notice)]
    assert len(ko.article.find_all("aside", **notice)) == 1
    title = ko.article.one("tr", **{"data-principle": "open-standards"}).one("th").one("a")
    assert (title.text, title.lang) == ("Open standards", "en")
    # user-needs is shown in its 2018 text, which has no Korean translation; necessary-safeguards has one.
    assert ko.article.one("tr", **{"data-principle": "user-needs"}).one("th").one("a").lang == "en"
    translated = site.page(compare_url("ko", 2014, 2021)).article.one("tr", **{"data-principle": "necessary-safeguards"})
    assert (translated.one("th").one("a").text, translated.one("th").one("a").lang) == ("필요한 보호 장치", "ko")
    # user-needs 2018 has no Korean text: the diff compares the English texts, marked as English.
    diff = next(n for n in ko.heading("user-needs").section() if "d5-diff" in n.classes)
    assert diff.one("div", cls="d5-diff__body").lang == "en"
    he = site.page(compare_url("he", 2014, 2021))
    assert len(he.article.find_all("aside", **notice)) == 1
    cell = he.article.one("tr", **{"data-principle": "assisted-digital"}).one("th").one("a")
    assert (cell.get("lang"), cell.get("dir")) == ("en", "ltr")


def test_compare_pages_are_out_of_the_nav_and_the_search_index(i18n_build) -> None:
    _, site, _ = i18n_build
    for locale in LOCALES:
        nav = site.page(compare_url(locale, 2014, 2021)).primary_nav
        assert not [a for a in nav.find_all("a") if "compare" in a.get("href", "")], locale
        index = json.loads((site.dir / PREFIX[locale] / "search" / "search_index.json").read_text("utf-8"))
        assert not [d["location"] for d in index["docs"] if "compare" in d["location"]], locale
