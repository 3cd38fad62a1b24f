"""Pages a government can publish (issue 9, second half): the charter for any year, edition spans, the
annual report as a publication, search previews, feed content, readable names in findings.csv, data links
and one notice style.

Built once for the module from tests/sitetree.py's default tree: editions 2014, 2018 (user-needs
reworded) and 2021; findings and overviews in 2014, 2016, 2018 and 2021; locales en, fr, ko.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from htmlutil import BuiltSite, Page, build_site

from d5site.core.catalog import Catalog

LOCALES = ("en", "fr", "ko")
PREFIX = {"en": "", "fr": "fr/", "ko": "ko/"}
EDITIONS = (2014, 2018, 2021)
IN_FORCE = {2014: 2014, 2015: 2014, 2016: 2014, 2017: 2014, 2018: 2018, 2019: 2018, 2020: 2018, 2021: 2021}
"""Every year of /charter/<year>/ in the default tree (first edition to the latest year with content) -> edition in force."""
EDITION_PRINCIPLES = {
    2014: ["user-needs", "open-standards", "assisted-digital"],
    2018: ["user-needs", "open-standards", "assisted-digital"],
    2021: ["user-needs", "necessary-safeguards", "open-standards", "digital-inclusion"],
}
USER_NEEDS = {2014: "Design public services for the citizen.", 2018: "Design public services around the needs of the people who use them."}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    from sitetree import make_site

    root = make_site(tmp_path_factory.mktemp("publication"))
    return root, build_site(root)


@pytest.fixture(scope="module")
def site(built: tuple[Path, subprocess.CompletedProcess[str]]) -> BuiltSite:
    root, result = built
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(root / "site")


def norm(text: str) -> str:
    """Whitespace collapsed as Node.text does (a narrow no-break space included)."""
    return " ".join(text.split())


def numbered(page: Page) -> list[tuple[str, str]]:
    """(id, heading text) of the numbered principles of a charter page."""
    return [(h["id"], h.text) for h in page.article.find_all("h2") if h.get("id") not in ("changes", "editions")]


# -- the charter for any year ---------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_charter_page_for_every_year_in_every_locale(site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    prefix = PREFIX[locale]
    assert not site.exists(prefix + "charter/2013/") and not site.exists(prefix + "charter/2022/")
    for year, edition in IN_FORCE.items():
        page = site.page(f"{prefix}charter/{year}/")
        assert page.lang == locale
        assert [pid for pid, _ in numbered(page)] == EDITION_PRINCIPLES[edition], year
        h1 = page.article.one("h1").text.replace("¶", "").strip()
        if year in EDITIONS:
            assert h1 == catalog.t("edition_of", year=year)
            assert page.article.find("p", cls="d5-in-force") is None
            continue
        assert h1 == catalog.t("charter_in_force_title", year=year)
        note = page.article.one("p", cls="d5-in-force")
        assert note.text.startswith(norm(catalog.t("in_force_in_year", year=year)))
        assert norm(catalog.t("the_charter_adopted_in", year=edition)) in note.text
        assert [page.resolve(a["href"]) for a in note.find_all("a")] == [(f"{prefix}charter/{edition}/", "")]
        assert page.article.find(id="changes") is None  # what changed belongs to the edition's own page


def test_charter_in_a_year_shows_the_text_in_force(site: BuiltSite) -> None:
    for year in (2016, 2017):
        section = site.page(f"charter/{year}/").heading("user-needs").section()
        assert USER_NEEDS[2014] in " ".join(n.text for n in section)
    for year in (2019, 2020):
        page = site.page(f"charter/{year}/")
        assert USER_NEEDS[2018] in " ".join(n.text for n in page.heading("user-needs").section())
        assert dict(numbered(page))["user-needs"].startswith("1. ")
    french = site.page("fr/charter/2019/")
    assert "Concevoir les services publics autour des besoins" in " ".join(n.text for n in french.heading("user-needs").section())


def test_charter_years_are_not_in_the_navigation_but_linked_from_the_year_page(site: BuiltSite) -> None:
    for locale in LOCALES:
        prefix = PREFIX[locale]
        page = site.page(f"{prefix}charter/2019/")
        nav_targets = {page.resolve(a["href"])[0] for a in page.primary_nav.find_all("a") if a.get("href") and page.resolve(a["href"])}
        assert f"{prefix}charter/2018/" in nav_targets and f"{prefix}charter/2019/" not in nav_targets
        for year in (2014, 2016, 2018, 2021):
            year_page = site.page(f"{prefix}findings/{year}/")
            link = year_page.article.one("p", cls="d5-charter-in-force").one("a")
            assert year_page.resolve(link["href"]) == (f"{prefix}charter/{year}/", "")
            assert link.text == norm(Catalog(locale).t("charter_in_force_title", year=year))


def test_charter_year_urls_follow_ids_not_numbers(site: BuiltSite) -> None:
    """open-standards is 2 in 2019 and 3 in 2021: its anchor is its id on every page."""
    assert site.page("charter/2019/").heading("open-standards").text.startswith("2. ")
    assert site.page("charter/2021/").heading("open-standards").text.startswith("3. ")


@pytest.mark.parametrize("locale", LOCALES)
def test_edition_list_shows_spans(site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    expected = {
        "2021": catalog.t("in_force_since", start=2021),
        "2018": catalog.t("in_force_span", start=2018, end=2020),
        "2014": catalog.t("in_force_span", start=2014, end=2017),
    }
    for url in ("charter/", "charter/2018/", "charter/2019/"):
        page = site.page(PREFIX[locale] + url)
        items = page.article.one("ul", cls="d5-editions").find_all("li")
        assert [li["data-edition"] for li in items] == ["2021", "2018", "2014"]
        assert {li["data-edition"]: li.one("span", cls="d5-edition-span").text for li in items} == {k: norm(v) for k, v in expected.items()}


def test_first_edition_note_is_text_not_a_heading(site: BuiltSite) -> None:
    for locale in LOCALES:
        page = site.page(PREFIX[locale] + "charter/2014/")
        first = norm(Catalog(locale).t("first_edition"))
        assert first in page.article.one("p", cls="d5-edition-meta").text
        assert all(first not in h.text for h in page.article.find_all() if h.tag in ("h1", "h2", "h3"))
        assert all(first not in toc.text for toc in page.doc.find_all("nav", cls="md-nav--secondary"))


@pytest.mark.parametrize("locale", LOCALES)
def test_open_data_linked_from_charter_and_findings(site: BuiltSite, locale: str) -> None:
    for url in ("charter/", "charter/2018/", "charter/2019/"):
        page = site.page(PREFIX[locale] + url)
        links = [page.resolve(a["href"]) for a in page.article.find_all("a", cls="d5-data-link")]
        assert ("data/charter.json", "") in links, url
    findings = site.page(PREFIX[locale] + "findings/")
    targets = {findings.resolve(a["href"])[0] for a in findings.article.find_all("a") if findings.resolve(a["href"])}
    assert {"data/findings.json", "data/findings.csv"} <= targets
