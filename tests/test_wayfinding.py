"""Issue 18, front door and wayfinding, on the four-locale site of tests/i18nsite.py (en, fr, ko and he):
page titles (WCAG 2.4.2), the language switcher, the footer, the home page's blocks and breadcrumbs."""

from __future__ import annotations

import pytest

from d5site.core.catalog import Catalog
from htmlutil import Page
from i18nsite import LOCALES, PREFIX

SITE = "Test site"


def t(locale: str, key: str, **values: object) -> str:
    return Catalog(locale).t(key, **values)


# -- <title> --------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_every_title_says_what_the_page_is(i18n_build, locale: str) -> None:
    _, site, _ = i18n_build
    prefix = PREFIX[locale]
    titled = lambda page: f"{page} – {SITE}"  # noqa: E731
    expected = {
        "": SITE,  # the home page: the site's name alone, not "Test site – Test site"
        "reports/2018/": titled(t(locale, "annual_report", year=2018)),
        "findings/2018/": titled(t(locale, "findings_of_year", year=2018)),
        "findings/": titled(t(locale, "findings") if locale != "fr" else "Les constats"),  # the site's catalog wins
        "members/": titled(t(locale, "members")),
    }
    assert {url: site.page(prefix + url).title for url in expected} == expected


@pytest.mark.parametrize("locale", LOCALES)
def test_the_404_page_title_says_not_found(i18n_build, locale: str) -> None:
    _, site, _ = i18n_build
    assert site.page(PREFIX[locale] + "404.html").title == f"{t(locale, 'not_found_title')} – {SITE}"


def test_titles_use_no_hyphen_doubling(i18n_build) -> None:
    _, site, _ = i18n_build
    titles = [site.page(site.url_of(path)).title for path in site.html_files()]
    assert [title for title in titles if title.count(SITE) != 1] == []


# -- the language switcher ------------------------------------------------------------------


def switcher(page: Page) -> list[tuple[str, str, str | None, bool]]:
    """(text, lang, hreflang, is the current one) of each entry of d5site's language switcher."""
    nav = page.doc.one("nav", cls="d5-languages")
    return [(e.text, e["lang"], e.get("hreflang"), e.get("aria-current") == "true")
            for e in nav.iter() if e.tag in ("a", "span") and "lang" in e.attrs]


@pytest.mark.parametrize("locale", LOCALES)
def test_switcher_names_each_language_and_marks_the_current_one(i18n_build, locale: str) -> None:
    _, site, _ = i18n_build
    page = site.page(PREFIX[locale] + "findings/2018/")
    names = {"en": "English", "fr": "Français", "ko": "한국어", "he": "עברית"}
    assert page.doc.one("nav", cls="d5-languages")["aria-label"] == t(locale, "languages")
    assert switcher(page) == [(names[o], o, None if o == locale else o, o == locale) for o in LOCALES]
    assert page.doc.find("div", cls="md-select") is None  # Material's icon menu is gone


def test_switcher_gives_no_hreflang_to_an_untranslated_page(i18n_build) -> None:
    _, site, _ = i18n_build
    page = site.page("about/")  # translated into fr only
    assert [(lang, hreflang) for _, lang, hreflang, current in switcher(page) if not current] == [
        ("fr", "fr"), ("ko", None), ("he", None)]
    assert page.switcher == {o: PREFIX[o] + "about/" for o in LOCALES}


def test_head_links_are_not_fetched_by_material(i18n_build) -> None:
    """Material's script fetches sitemap.xml next to every `link[rel=alternate]` (a selector matching the exact value)."""
    _, site, _ = i18n_build
    for url in ("", "fr/findings/2018/", "he/404.html"):
        head = site.page(url).doc.one("head")
        assert [link for link in head.find_all("link") if link.get("rel") == "alternate"] == []
    links = site.page("").doc.one("head").find_all("link")
    assert len([link for link in links if link.get("rel", "").split() == ["alternate"]]) == 4  # en, fr, ko (no he home), the feed


# -- the footer ---------------------------------------------------------------------------------


def footer(page: Page) -> list[tuple[str, str, str]]:
    """(key, text, href) of each of the footer's site links."""
    nav = page.doc.one("nav", cls="d5-site-footer__links")
    return [(a["data-d5-footer"], a.raw_text.strip(), a["href"]) for a in nav.find_all("a")]


@pytest.mark.parametrize("locale", LOCALES)
def test_footer_carries_the_licence_and_nothing_unconfigured(i18n_build, locale: str) -> None:
    _, site, _ = i18n_build
    page = site.page(PREFIX[locale] + "members/")
    assert page.doc.one("nav", cls="d5-site-footer__links")["aria-label"] == t(locale, "site_footer")
    assert footer(page) == [("licence", t(locale, "footer_licence", licence="CC-BY-4.0"), "https://spdx.org/licenses/CC-BY-4.0.html")]


def test_footer_links_to_configured_pages_in_each_locale(make_site) -> None:
    from htmlutil import BuiltSite, build_site
    from sitetree import mkdocs_yml

    config = mkdocs_yml(("en", "fr")).replace(
        "  - d5site\n", "  - d5site:\n      accessibility: accessibility.md\n      privacy: /privacy.md\n"
                        "      contact: mailto:team@example.org\n      licence: MIT\n")
    root = make_site({"mkdocs.yml": config, "docs/accessibility.md": "# Accessibility\n",
                      "docs/accessibility.fr.md": "# Accessibilité\n", "docs/privacy.md": "# Privacy\n"}, locales=("en", "fr"))
    result = build_site(root)
    assert result.returncode == 0, result.stderr
    site = BuiltSite(root / "site")
    assert footer(site.page("fr/findings/")) == [
        ("licence", "Licence\u202f: MIT", "https://spdx.org/licenses/MIT.html"),
        ("contact", "Contact", "mailto:team@example.org"),
        ("accessibility", "Accessibilité", "../accessibility/"),
        ("privacy", "Confidentialité", "../privacy/"),  # untranslated: the French fallback page
    ]
    assert footer(site.page("fr/404.html"))[2:] == [("accessibility", "Accessibilité", "/fr/accessibility/"),
                                                    ("privacy", "Confidentialité", "/fr/privacy/")]
    assert site.page("fr/accessibility/").article.one("h1").text == "Accessibilité"


# -- the front door -----------------------------------------------------------------------------


HOME = "---\ntemplate: d5site/home.html\ntitle: Test site\n---\n# Test site\n\nWhat the group is and does.\n"


def test_home_page_opts_into_the_front_door_in_every_locale(make_site) -> None:
    from htmlutil import BuiltSite, build_site

    root = make_site({"docs/index.md": HOME, "docs/index.fr.md": HOME.replace("What the group", "Ce que le groupe")},
                     locales=("en", "fr"))
    result = build_site(root)
    assert result.returncode == 0, result.stderr
    site = BuiltSite(root / "site")
    for prefix, locale in (("", "en"), ("fr/", "fr")):
        page = site.page(prefix)
        home = page.article.one("div", cls="d5-home")
        assert page.article.find_text(t(locale, "home_latest_findings")).tag == "h2"
        hrefs = [page.resolve(a["href"])[0] for a in home.find_all("a")]
        assert prefix + "reports/2021/" in hrefs  # the latest annual report
        assert prefix + "findings/2021/safeguards-for-data/" in hrefs and prefix + "findings/" in hrefs
        assert prefix + "charter/" in hrefs
        assert {prefix + "feed.xml", "data/findings.json", "data/findings.csv", "data/charter.json"} <= set(hrefs)
        assert all(site.exists(h) for h in hrefs), hrefs
        assert page.article.find_text({"en": "What the group is and does.", "fr": "Ce que le groupe is and does."}[locale])
    assert site.page("findings/").article.find("div", cls="d5-home") is None  # only the page that opts in


def test_a_home_page_without_the_layout_keeps_its_own_text_only(i18n_build) -> None:
    _, site, _ = i18n_build
    assert site.page("").article.find("div", cls="d5-home") is None


# -- breadcrumbs and chips ----------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("url", "trail"), [
    ("findings/2018/", [("home", ""), ("findings", "findings/")]),
    ("findings/2018/responsible-ai/", [("home", ""), ("findings", "findings/"), ("2018", "findings/2018/")]),
    ("reports/2018/", [("home", ""), ("findings", "findings/"), ("2018", "findings/2018/")]),
    ("members/gb/", [("home", ""), ("members", "members/")]),
    ("charter/principles/user-needs/", [("home", ""), ("charter", "charter/"), ("principles", "charter/principles/")]),
])
def test_breadcrumbs_lead_up_in_the_locales_words(i18n_build, locale: str, url: str, trail: list[tuple[str, str]]) -> None:
    _, site, _ = i18n_build
    page = site.page(PREFIX[locale] + url)
    nav = page.article.one("nav", cls="d5-breadcrumbs")
    assert nav["aria-label"] == t(locale, "breadcrumb")
    labels = {"findings": "Les constats"} if locale == "fr" else {}  # the site's catalog overrides one label
    expected = [(key if key.isdigit() else labels.get(key) or t(locale, key), PREFIX[locale] + target) for key, target in trail]
    assert [(a.text, page.resolve(a["href"])[0]) for a in nav.find_all("a")] == expected


def test_no_breadcrumbs_on_top_pages(i18n_build) -> None:
    _, site, _ = i18n_build
    for url in ("", "findings/", "members/", "charter/", "fr/about/"):
        assert site.page(url).article.find("nav", cls="d5-breadcrumbs") is None


@pytest.mark.parametrize("locale", LOCALES)
def test_findings_page_lists_every_annual_report(i18n_build, locale: str) -> None:
    _, site, _ = i18n_build
    page = site.page(PREFIX[locale] + "findings/")
    reports = page.article.one("ul", cls="d5-report-list")
    assert [(a.text, page.resolve(a["href"])[0]) for a in reports.find_all("a")] == [
        (t(locale, "annual_report", year=year), f"{PREFIX[locale]}reports/{year}/") for year in (2021, 2018, 2016, 2014)]


# -- the navigation: the annual reports ----------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_navigation_lists_every_annual_report_newest_first(i18n_build, locale: str) -> None:
    """Issue 18/19: each report is in the navigation, titled in the reader's language, in a section of its own after Findings."""
    _, site, _ = i18n_build
    expected = [(t(locale, "annual_report", year=year), f"{PREFIX[locale]}reports/{year}/") for year in (2021, 2018, 2016, 2014)]
    for url in ("findings/2018/", "reports/2018/", "members/"):
        page = site.page(PREFIX[locale] + url)
        assert page.nav_section(t(locale, "annual_reports")) == expected, url
        labels = [n.text for n in page.primary_nav.find_all(cls="md-nav__link") if n.tag != "a"]
        findings = "Les constats" if locale == "fr" else t(locale, "findings")  # the site's catalog wins
        assert labels.index(findings) < labels.index(t(locale, "annual_reports")) < labels.index(t(locale, "charter"))
