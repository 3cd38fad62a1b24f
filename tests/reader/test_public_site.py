"""What a public reader meets on the built example site: only the publication, never the tool's guides."""

from __future__ import annotations

import json

from d5site.core.catalog import Catalog
from examplesite import BuiltSite
from htmlutil import parse


def test_the_guides_are_not_part_of_the_public_site(example_site: BuiltSite) -> None:
    """The guides for secretariats and developers live in guide/, outside docs/: no page, nav entry or search result."""
    assert not (example_site.root / "guide").exists()
    for locale in example_site.locales:
        prefix = example_site.prefix(locale)
        assert not (example_site.root / prefix / "guide").exists()
        index = json.loads((example_site.root / prefix / "search" / "search_index.json").read_text("utf-8"))
        assert index["docs"], locale
        assert not [d["location"] for d in index["docs"] if "guide" in d["location"] or "Reference" == d["title"]]
        home = example_site.file_of(prefix).read_text("utf-8")
        assert "guide/" not in home and "authoring-guide" not in home


# -- issue 18: content a reader can trust ------------------------------------------------------------------

PLACEHOLDERS = ("example.net", "Example entry", "illustrative", "Illustrative")


def test_the_example_publishes_no_placeholder(example_site: BuiltSite) -> None:
    """The example is the group's real site: no invented entry in any page or data file."""
    files = [p for p in example_site.root.rglob("*") if p.suffix in (".html", ".json", ".csv", ".xml")]
    assert files
    found = [(p.relative_to(example_site.root).as_posix(), word) for p in files for word in PLACEHOLDERS if word in p.read_text("utf-8")]
    assert found == []


def test_empty_shared_code_says_so_in_every_locale(example_site: BuiltSite) -> None:
    for locale in example_site.locales:
        article = parse(example_site.file_of(example_site.prefix(locale) + "code/").read_text("utf-8")).one("article")
        assert Catalog(locale).t("no_code") in article.text, locale
        assert not article.find("ul", cls="d5-code-list")


def test_canada_has_no_invented_statement_of_interest(example_site: BuiltSite) -> None:
    for locale in example_site.locales:
        article = parse(example_site.file_of(example_site.prefix(locale) + "members/ca/").read_text("utf-8")).one("article")
        assert not article.find(id="statement"), locale
        assert Catalog(locale).t("not_recorded") in article.text


SUMMITS_2018 = {
    "en": ["Wellington, February 21 – 22, 2018", "New Zealand", "Jerusalem, November 21 – 22, 2018", "Israel"],
    "fr": ["Wellington, 21–22 février 2018", "Nouvelle-Zélande", "Jérusalem, 21–22 novembre 2018", "Israël"],
    "ko": ["웰링턴, 2018년 2월 21일~22일", "뉴질랜드", "예루살렘, 2018년 11월 21일~22일", "이스라엘"],
}


def test_2018_shows_its_two_summits_in_every_locale(example_site: BuiltSite) -> None:
    for locale, expected in SUMMITS_2018.items():
        article = parse(example_site.file_of(example_site.prefix(locale) + "findings/2018/").read_text("utf-8")).one("article")
        shown = [dd.text for dl in article.find_all("dl", cls="d5-summit") for dd in dl.find_all("dd")]
        assert shown == expected, locale
