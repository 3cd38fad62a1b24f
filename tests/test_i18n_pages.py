"""Pages in a locale (CONTRACT section 9) on the four-locale site of tests/i18nsite.py: fallback and
outdated pages for hand-written docs/ pages and generated pages, untranslated parts inside generated
pages, right to left (he), the translation status page and its link.

tests/test_site_build.py checks a Korean fallback finding and a French outdated finding; this covers
the rest: docs pages, Hebrew (RTL), revisions and overviews inside generated pages.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from d5site.cli.main import main
from d5site.core.catalog import Catalog
from htmlutil import SITE_URL, Node, Page
from i18nsite import LOCALES, PREFIX

NAMES = {"en": "English", "fr": "français", "ko": "한국어", "he": "עברית"}


def notice_text(locale: str, key: str) -> str:
    catalog = Catalog(locale)
    return catalog.t(key, language=catalog.language_name(locale), source_language=catalog.language_name("en"))


def wrapper(page: Page) -> Node:
    """The element around a fallback's text (the article's child after the notice)."""
    return next(node for node in page.article.elements if node.tag == "div" and "lang" in node.attrs)


# -- the build --------------------------------------------------------------------------


def test_strict_build_has_no_warning(i18n_build) -> None:
    """A right-to-left locale (he), which lunr does not support, builds without a warning."""
    _, _, result = i18n_build
    output = result.stdout + result.stderr
    assert not [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))], output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    "url", ["", "about/", "findings/", "findings/2018/responsible-ai/", "charter/2021/", "members/ee/", "translations/"]
)
def test_every_page_exists_in_every_locale_with_its_direction(i18n_build, url: str) -> None:
    _, site, _ = i18n_build
    for locale in LOCALES:
        page = site.page(PREFIX[locale] + url)
        assert page.lang == locale
        assert page.doc.one("body").get("dir") == ("rtl" if locale == "he" else "ltr")  # Material's RTL layout


# -- hand-written docs/ pages ------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["ko", "he"])
def test_untranslated_docs_page_is_a_marked_fallback(i18n_build, locale: str) -> None:
    _, site, _ = i18n_build
    page = site.page(f"{locale}/about/")
    notice = page.article.one("aside", cls="d5-notice--fallback")
    assert notice.text == notice_text(locale, "fallback_notice")
    assert notice.lang == locale  # in the reader's language
    text = wrapper(page)
    assert text.get("lang") == "en"
    assert text.get("dir") == ("ltr" if locale == "he" else None)  # only where the direction differs
    assert text.find_text("About this group of governments and its charter.").lang == "en"
    assert page.canonical == SITE_URL + "about/"  # the source page
    assert page.hreflang == {"en": SITE_URL + "about/", "fr": SITE_URL + "fr/about/"}
    assert page.switcher == {other: PREFIX[other] + "about/" for other in LOCALES}


def test_a_fallback_is_nobodys_alternate(i18n_build) -> None:
    _, site, _ = i18n_build
    for locale in LOCALES:
        page = site.page(PREFIX[locale] + "about/")
        assert set(page.hreflang) == {"en", "fr"}
        assert page.switcher[locale] == PREFIX[locale] + "about/"  # the switcher still leads to every locale
    home = site.page("he/")
    assert set(home.hreflang) == {"en", "fr", "ko"}  # docs/index.he.md does not exist


def test_sitemap_leaves_out_docs_fallbacks(i18n_build) -> None:
    _, site, _ = i18n_build
    locs = {el.text for el in ET.parse(site.dir / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    hrefs = {el.get("href") for el in ET.parse(site.dir / "sitemap.xml").getroot().iter("{http://www.w3.org/1999/xhtml}link")}
    assert SITE_URL + "about/" in locs
    assert SITE_URL + "fr/about/" in locs | hrefs
    assert not {SITE_URL + "ko/about/", SITE_URL + "he/about/"} & (locs | hrefs)


def test_outdated_docs_page_links_to_its_source(i18n_build) -> None:
    _, site, _ = i18n_build
    page = site.page("fr/about/")
    notice = page.article.one("aside", cls="d5-notice--outdated")
    assert notice.text == notice_text("fr", "outdated_notice") + " " + notice_text("fr", "outdated_link")
    link = notice.one("a")
    assert page.resolve(link["href"]) == ("about/", "")
    assert link.get("hreflang") == "en"
    assert page.article.one("h1").text == "À propos"  # the translation, not the source
    assert page.canonical == SITE_URL + "fr/about/"
    assert page.article.find("aside", cls="d5-notice--fallback") is None


@pytest.mark.parametrize("url", ["fr/", "ko/"])
def test_current_docs_translation_has_no_notice(i18n_build, url: str) -> None:
    _, site, _ = i18n_build
    page = site.page(url)
    assert page.article.find("aside", cls="d5-notice") is None
    assert page.canonical == SITE_URL + url


# -- generated pages ---------------------------------------------------------------------


def test_untranslated_finding_in_a_right_to_left_locale(i18n_build) -> None:
    _, site, _ = i18n_build
    page = site.page("he/findings/2018/responsible-ai/")
    assert page.article.one("aside", cls="d5-notice--fallback").text == notice_text("he", "fallback_notice")
    h1 = page.article.one("h1")
    assert h1.text == "Responsible use of AI" and h1.lang == "en"
    assert any(a.get("dir") == "ltr" for a in (h1, *h1.ancestors()))
    assert page.article.find_text("Measure impact, be transparent").lang == "en"
    assert page.canonical == SITE_URL + "findings/2018/responsible-ai/"
    assert set(page.hreflang) == {"en", "fr"}
    # labels and member names around the text stay Hebrew
    meta = page.article.one("dl", cls="d5-meta")
    assert meta.lang == "he" and "קנדה" in meta.text


def text_notice(locale: str) -> str:
    """The notice on a text shown untranslated inside a page, as Node.text reads it."""
    catalog = Catalog(locale)
    text = catalog.t("text_fallback_notice", language=catalog.language_name(locale), source_language=catalog.language_name("en"))
    return " ".join(text.split())


def test_untranslated_revisions_in_an_edition(i18n_build) -> None:
    """fr translates user-needs 2014 and 2018 and digital-inclusion 2021, not necessary-safeguards."""
    _, site, _ = i18n_build
    page = site.page("fr/charter/2021/")
    marker = text_notice("fr")
    untranslated = page.heading("necessary-safeguards")
    assert untranslated.find_text("Necessary safeguards").lang == "en"
    section = untranslated.section()
    assert [node.text for node in section if "d5-notice--text" in node.classes] == [marker]
    text = next(node for node in section if "d5-text" in node.classes)
    assert text.get("lang") == "en" and "Protect public trust" in text.text
    translated = page.heading("digital-inclusion")
    assert translated.lang == "fr" and all(marker not in node.text for node in translated.section())
    he = site.page("he/charter/2021/").heading("necessary-safeguards")
    assert he.find_text("Necessary safeguards").get("dir") == "ltr"
    assert next(node for node in he.section() if "d5-text" in node.classes).get("dir") == "ltr"


def test_untranslated_revision_in_a_principle_history(i18n_build) -> None:
    _, site, _ = i18n_build
    page = site.page("ko/charter/principles/user-needs/")  # ko translates the 2014 text, not 2018
    r2018, r2014 = page.heading("r2018"), page.heading("r2014")
    assert r2018.find_text("User needs").lang == "en"
    assert [node.text for node in r2018.section() if "d5-notice--text" in node.classes] == [text_notice("ko")]
    assert r2014.find_text("사용자 요구").lang == "ko"
    change = next(node for node in r2018.section() if "d5-change-note" in node.classes)
    assert change.find_text("Reworded around people").lang == "en"
    assert change.find_text(Catalog("ko").t("change_note")).lang == "ko"  # the label is Korean


def test_untranslated_year_overview(i18n_build) -> None:
    """findings/2014/index.md is translated into fr only."""
    _, site, _ = i18n_build
    ko = site.page("ko/findings/2014/")
    h1 = ko.article.one("h1")
    assert h1.text == "2014: London" and h1.get("lang") == "en"
    notice = ko.article.one("aside", cls="d5-notice")
    assert "d5-notice--text" in notice.classes and notice.text == text_notice("ko")  # the overview's text is English...
    assert ko.article.find_text("The first summit, where the charter was signed.").lang == "en"
    assert ko.article.find_text("Open markets and connectivity").lang == "en"
    assert ko.article.find("aside", cls="d5-notice", **{"data-d5site-notice": "fallback"}) is None  # ...the page itself exists in Korean
    he = site.page("he/findings/2014/").article.one("h1")
    assert (he.get("lang"), he.get("dir")) == ("en", "ltr")
    fr = site.page("fr/findings/2014/")
    assert fr.article.one("h1").text == "2014 : Londres" and fr.article.one("h1").get("lang") is None
    assert fr.article.find("aside", cls="d5-notice") is None
    # the theme is not translated in fr: shown from the source, marked English
    assert fr.article.find_text("Open markets and connectivity").lang == "en"


def test_untranslated_summary_of_a_translated_finding(i18n_build) -> None:
    """findings/2014/shared-code.ko.md translates the title and text, not the summary."""
    _, site, _ = i18n_build
    item = next(li for li in site.page("ko/findings/2014/").article.find_all("li", cls="d5-finding"))
    title = item.elements[0]
    assert title.text == "정부 간 코드 공유" and title.lang == "ko"
    assert item.one("p", cls="d5-summary").get("lang") == "en"


def test_untranslated_principle_titles_are_marked(i18n_build) -> None:
    _, site, _ = i18n_build
    page = site.page("ko/findings/2014/shared-code/")
    links = {a["data-principle"]: a for a in page.article.find_all("a", cls="d5-principle-link")}
    assert links["open-standards"].lang == "en"  # open-standards has no Korean text
    assert links["user-needs"].lang == "ko"
    table = site.page("ko/charter/principles/")
    assert table.article.find_text("Open standards").lang == "en"


# -- the translation status page -------------------------------------------------------------


def report(root, capsys) -> dict:
    capsys.readouterr()
    assert main(["translations", "--format", "json", "--config", str(root / "mkdocs.yml")]) == 0
    return json.loads(capsys.readouterr().out)


def rows(page: Page, locale: str) -> dict[tuple[str, str], str]:
    table = page.article.one("table", **{"data-d5-table": "translations", "data-locale": locale})
    return {(tr["data-kind"], tr["data-key"]): tr["data-state"] for tr in table.find_all("tr", cls="d5-tr")}


def test_status_page_all_locales_from_the_same_data_as_the_command(i18n_build, capsys: pytest.CaptureFixture[str]) -> None:
    root, site, _ = i18n_build
    data = report(root, capsys)
    page = site.page("translations/")
    assert [h["id"] for h in page.article.find_all("h2")] == ["fr", "ko", "he"]
    for locale in ("fr", "ko", "he"):
        entry = data["locales"][locale]
        expected = {(i["kind"], i["key"]): i["state"] for i in entry["items"] + entry["pages"]["items"]}
        assert rows(page, locale) == expected
        summary = page.article.one("p", cls="d5-tr-summary", **{"data-locale": locale})
        for state in ("current", "outdated", "missing"):
            count = entry["summary"][state] + entry["pages"]["summary"][state]
            assert summary.one("span", **{"data-state": state}).text.endswith(f": {count}")
    assert rows(page, "fr")[("page", "about")] == "outdated"
    assert rows(page, "ko")[("page", "index")] == "current"
    assert rows(page, "he")[("finding", "2018/responsible-ai")] == "missing"


@pytest.mark.parametrize("locale", ["fr", "ko", "he"])
def test_status_page_of_one_locale(i18n_build, locale: str) -> None:
    _, site, _ = i18n_build
    page = site.page(f"{locale}/translations/")
    assert [h["id"] for h in page.article.find_all("h2")] == [locale]
    assert page.article.one("h1").text == Catalog(locale).t("translation_status")
    table = page.article.one("table", **{"data-d5-table": "translations"})
    link = table.find("tr", **{"data-key": "2018/responsible-ai"}).one("a")
    assert page.resolve(link["href"]) == (f"{locale}/findings/2018/responsible-ai/", "")
    if locale == "fr":  # translated: its title in French
        assert (link.lang, link.text) == ("fr", "Usage responsable de l'IA")
    else:  # untranslated: the source's title, marked as English
        assert (link.lang, link.text) == ("en", "Responsible use of AI")
    about = table.find("tr", **{"data-key": "about"}).one("a")
    assert (about.lang, about.text) == (("fr", "À propos") if locale == "fr" else ("en", "About"))


@pytest.mark.parametrize(("url", "status"), [("", "translations/"), ("findings/2014/", "translations/"), ("fr/about/", "fr/translations/"),
                                             ("he/charter/", "he/translations/"), ("ko/members/ee/", "ko/translations/")])
def test_every_page_links_to_its_locales_status_page(i18n_build, url: str, status: str) -> None:
    _, site, _ = i18n_build
    page = site.page(url)
    link = page.doc.one(cls="d5-footer-links").one("a")
    assert page.resolve(link["href"]) == (status, "")
    locale = status.split("/")[0] if status != "translations/" else "en"
    assert link.text == Catalog(locale).t("translation_status")


def test_single_locale_site_has_no_status_link(make_site) -> None:
    from htmlutil import BuiltSite, build_site

    root = make_site(locales=("en",))
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert BuiltSite(root / "site").page("").doc.find(cls="d5-footer-links") is None
