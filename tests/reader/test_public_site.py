"""What a public reader meets on the built example site: only the publication, never the tool's guides."""

from __future__ import annotations

import json

from d5site.core.catalog import Catalog
from d5site.core.site import load_from_config_file
from examplesite import REPO, BuiltSite
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


def untranslated_texts(locale: str) -> set[str]:
    """Default-locale text the example shows untranslated in `locale`: titles, summaries, theme names, summit places and themes."""
    loaded = load_from_config_file(REPO / "mkdocs.yml")
    content = loaded.content
    default = content.default_locale
    found: set[str] = set()
    for document in content.documents():
        if locale not in document.translations:
            found.add(document.title)
            found.update(v for v in document.translatable_fields().values() if isinstance(v, str))
        else:
            fields = document.translations[locale].fields
            found.update(v for k, v in document.translatable_fields().items() if not fields.get(k))
    for theme in content.themes.values():
        if locale not in theme.names:
            found.add(theme.names[default])
    for overview in content.overviews.values():
        for summit in overview.meetings(default):
            found.update(texts[default] for texts in (summit.place, summit.theme) if texts and locale not in texts)
    # A translator may keep a name in the source language as the translation's own text (a finding titled with a
    # summit's English theme): that text is the translation's, in its locale.
    translated = {t.title for d in content.documents() for t in d.translations.values() if t.locale == locale}
    return {text for text in found - translated if len(text) > 3}


def test_text_shown_untranslated_carries_its_language(example_site: BuiltSite) -> None:
    """Every generated page of every locale: a title, summary, theme or place shown in the default locale's language
    carries `lang` of that language, in the content and in the table of contents (outside the bodies, whose Markdown
    the authors write)."""
    problems = []
    for locale in example_site.locales[1:]:
        texts = untranslated_texts(locale)
        assert texts, locale
        for path in sorted((example_site.root / locale).rglob("*.html")):
            doc = parse(path.read_text("utf-8"))
            article = doc.find("article")
            if article is None:
                continue
            toc = doc.find("nav", cls="md-nav--secondary")  # the table of contents repeats the headings
            for node in [*article.iter(), *(toc.iter() if toc else [])]:
                if node.inside(cls="d5-body") or "d5-body" in node.classes:
                    continue
                own = " ".join("".join(c for c in node.children if isinstance(c, str)).split())
                for text in texts:  # the whole text of an element, or after a number ("10. Sustainability")
                    if own.split(". ", 1)[-1] == text and node.lang != "en":
                        problems.append(f"{path.relative_to(example_site.root)}: <{node.tag}> {text!r} lang={node.lang}")
    assert problems == [], "\n".join(problems)


def test_summit_themes_named_in_english_carry_lang_on_the_findings_index(example_site: BuiltSite) -> None:
    for locale in example_site.locales[1:]:
        article = parse(example_site.file_of(example_site.prefix(locale) + "findings/").read_text("utf-8")).one("article")
        themes = {row.find("th").text: [(s.text, s.lang) for s in row.find_all("td")[1].find_all("span", cls="d5-summit-line")]
                  for row in article.find_all("tr") if row.find("th") and row.find("td")}
        assert themes["2016"] == [("Leading Digital Innovation", "en")], locale
        assert themes["2020"] == [("Resilient and Responsive Service", "en")], locale
        assert themes["2023"] == [("Better Data, Better Society", "en")], locale


def test_the_home_page_names_findings_as_the_menu_does(example_site: BuiltSite) -> None:
    """One term per concept per locale: the home page's link to the findings says what the catalog (and the menu) says."""
    for locale in example_site.locales:
        prefix = example_site.prefix(locale)
        article = parse(example_site.file_of(prefix).read_text("utf-8")).one("article")
        front_door = {id(a) for block in article.find_all("div", cls="d5-home") for a in block.find_all("a")}
        links = [a.text for a in article.find_all("a")  # the page's own text (the front door's links have labels of their own)
                 if id(a) not in front_door and (a.get("href") or "").rstrip("/").endswith("findings")]
        assert links and set(links) == {Catalog(locale).t("findings")}, locale
    assert "onclusion" not in example_site.file_of("fr/").read_text("utf-8")
    assert "성과를" not in example_site.file_of("ko/").read_text("utf-8")


def test_2018_lists_its_findings_in_one_order_in_every_locale(example_site: BuiltSite) -> None:
    """The year page and the report: Wellington (February), then Jerusalem (November), then the undated one."""
    expected = ["canada-and-uruguay-join", "mexico-and-portugal-join", "responsible-ai"]
    for locale in example_site.locales:
        prefix = example_site.prefix(locale)
        year = parse(example_site.file_of(prefix + "findings/2018/").read_text("utf-8")).one("article")
        assert [li.find("a")["href"].rstrip("/").rsplit("/", 1)[-1] for li in year.find_all("li", cls="d5-finding")] == expected, locale
        report = parse(example_site.file_of(prefix + "reports/2018/").read_text("utf-8")).one("article")
        assert [h["id"] for h in report.find_all("h2", cls="d5-report-finding")] == expected, locale
