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

from d5site.core.catalog import Catalog
from htmlutil import BuiltSite, Page, build_site, built_site

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
def built(default_build: tuple[Path, subprocess.CompletedProcess[str]]) -> tuple[Path, subprocess.CompletedProcess[str]]:
    return default_build


@pytest.fixture(scope="module")
def site(built: tuple[Path, subprocess.CompletedProcess[str]]) -> BuiltSite:
    return built_site(built)


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


# -- the annual report ----------------------------------------------------------------------


def label(locale: str, key: str) -> str:
    """A label as shown before its value: the catalog's text and its (visually hidden) separator."""
    catalog = Catalog(locale)
    return norm(catalog.t(key) + catalog.t("label_sep"))


@pytest.mark.parametrize("locale", LOCALES)
def test_report_first_page_names_organisation_year_summit_and_overview(site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    page = site.page(PREFIX[locale] + "reports/2014/")
    article = page.article
    assert article.one("p", cls="d5-report-org").text == "Test site"
    assert article.one("h1").text.replace("¶", "").strip() == norm(catalog.t("annual_report", year=2014))
    cover = article.one("div", cls="d5-report-cover")
    summit = cover.one("dl", cls="d5-report-summit")
    terms = [dt.text for dt in summit.find_all("dt")]
    assert terms == [label(locale, "summit"), label(locale, "host"), label(locale, "theme")]
    values = [dd.text for dd in summit.find_all("dd")]
    assert values[0].startswith({"en": "London", "fr": "Londres", "ko": "London"}[locale]) and "2014" in values[0]
    assert values[1] == {"en": "United Kingdom", "fr": "Royaume-Uni", "ko": "영국"}[locale]
    assert values[2] == "Open markets and connectivity"
    # the overview follows the colophon and the contents, under its own title
    overview = article.one("div", cls="d5-report-overview")
    expected = {"en": "The first summit, where the charter was signed.", "fr": "Le premier sommet, où la charte a été signée.",
                "ko": "The first summit, where the charter was signed."}[locale]
    assert overview.one("div", cls="d5-body").text == expected
    if locale == "ko":  # the overview is not translated into Korean: the notice says so, the text is marked English
        assert overview.one("div", cls="d5-body").get("lang") == "en"
        assert overview.one("aside", cls="d5-notice").text == norm(
            catalog.t("text_fallback_notice", language=catalog.language_name("ko"), source_language=catalog.language_name("en"))
        )


@pytest.mark.parametrize("locale", LOCALES)
def test_report_contents_findings_and_annex(site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    page = site.page(PREFIX[locale] + "reports/2018/")
    article = page.article
    contents = article.one("ol", cls="d5-report-contents")
    targets = [a["href"] for a in contents.find_all("a")]
    assert targets == ["#responsible-ai", "#annex"]
    assert all(article.find(id=t[1:]) is not None for t in targets)
    finding = page.heading("responsible-ai")
    assert "d5-report-finding" in finding.classes
    meta = next(n for n in finding.section() if n.tag == "dl")
    terms = {dt.text: dt.following_siblings()[0] for dt in meta.find_all("dt")}
    assert list(terms) == [label(locale, "date"), label(locale, "members"), label(locale, "principles_cited"), label(locale, "licence")]
    assert terms[label(locale, "licence")].text == "CC0-1.0"
    assert (
        terms[label(locale, "members")].text == {"en": "Canada, United Kingdom", "fr": "Canada, Royaume-Uni", "ko": "영국, 캐나다"}[locale]
    )  # in the locale's alphabetical order
    principle = terms[label(locale, "principles_cited")].one("a")
    assert principle["href"] == "#annex-user-needs" and principle.text.startswith("1. ")
    annex = page.heading("annex")
    assert annex.text.replace("¶", "").strip() == norm(catalog.t("report_annex", year=2018))
    annexed = [h["id"] for h in article.find_all("h3") if h.get("id", "").startswith("annex-")]
    assert annexed == [f"annex-{pid}" for pid in EDITION_PRINCIPLES[2018]]
    text = " ".join(n.text for n in page.heading("annex-user-needs").section())
    assert ({"en": USER_NEEDS[2018], "fr": "Concevoir les services publics autour des besoins des personnes qui les utilisent.",
             "ko": USER_NEEDS[2018]}[locale]) in text
    # findings flow one after the other: the report's stylesheet breaks the page before the annex only
    css = (Path(__file__).parents[1] / "d5site" / "theme" / "assets" / "d5site" / "d5site.css").read_text("utf-8")
    assert "h2.d5-report-annex { break-before: page; }" in css and "d5-report-finding { break-before" not in css


def test_report_prints_a_running_head_and_page_numbers(site: BuiltSite) -> None:
    for locale, corner in (("en", "@bottom-right"), ("fr", "@bottom-right"), ("ko", "@bottom-right")):
        head = site.page(PREFIX[locale] + "reports/2018/").doc.one("head")
        styles = [s.raw_text for s in head.find_all("style") if "@page" in s.raw_text]
        assert len(styles) == 1
        assert corner + " { content: counter(page)" in styles[0] and "@top-center" in styles[0]
    assert not [s for s in site.page("findings/2018/").doc.one("head").find_all("style") if "@page" in s.raw_text]


def test_running_head_is_escaped_as_a_css_string() -> None:
    from d5site.compile.state import css_string

    quoted = css_string('Nations "</style><script>x</script>" · 2018')
    assert quoted.startswith('"') and quoted.endswith('"')
    inner = quoted[1:-1]
    assert "<" not in inner and '"' not in inner and "\\00003c " in inner
    assert css_string("Digital Nations · 2018") == '"Digital Nations \\0000b7  2018"'


# -- search previews --------------------------------------------------------------------------


def search_texts(root: Path, locale: str) -> dict[str, str]:
    import json

    index = root / "site" / PREFIX[locale] / "search" / "search_index.json"
    return {doc["location"]: doc["text"] for doc in json.loads(index.read_text("utf-8"))["docs"]}


@pytest.mark.parametrize("locale", LOCALES)
def test_search_previews_separate_labels_from_values(built: tuple[Path, subprocess.CompletedProcess[str]], locale: str) -> None:
    root, _ = built
    texts = search_texts(root, locale)
    catalog = Catalog(locale)
    sep = catalog.t("label_sep")
    year = texts["findings/2014/"]
    place = {"en": "London", "fr": "Londres", "ko": "London"}[locale]
    host = {"en": "United Kingdom", "fr": "Royaume-Uni", "ko": "영국"}[locale]
    assert f"{catalog.t('summit')}{sep} {place}" in year
    assert f"{catalog.t('host')}{sep} {host}" in year
    finding = texts["findings/2018/responsible-ai/"]
    assert f"{catalog.t('licence')}{sep} CC0-1.0" in finding
    for key in ("summit", "host", "theme", "year", "members", "licence", "principles_cited"):
        for location, text in texts.items():
            assert f"{catalog.t(key)}{sep}" not in text.replace(f"{catalog.t(key)}{sep} ", ""), (location, key)
            assert not any(f"{catalog.t(key)}{c}" in text for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"), (location, key, text[:200])


# -- one notice style ---------------------------------------------------------------------------


def test_untranslated_principle_and_page_share_the_notice_component(site: BuiltSite) -> None:
    page_notice = site.page("fr/findings/2016/assisted-services/").article.one("aside", cls="d5-notice")
    charter = site.page("fr/charter/2021/")
    text_notice = next(n for n in charter.heading("necessary-safeguards").section() if n.tag == "aside")
    component = {"d5-notice", "d5-notice--fallback", "admonition", "info"}
    assert component <= page_notice.classes and component <= text_notice.classes
    assert page_notice.get("role") == text_notice.get("role") == "note"
    assert text_notice.lang == "fr"
    fallback_text = next(n for n in charter.heading("necessary-safeguards").section() if "d5-text" in n.classes)
    assert fallback_text.get("lang") == "en"
    assert site.page("fr/charter/2021/").article.find("small", cls="d5-untranslated") is None


# -- readable names in findings.csv ---------------------------------------------------------------


def test_findings_csv_has_names_next_to_ids(site: BuiltSite) -> None:
    import csv
    import io
    import json

    rows = list(csv.DictReader(io.StringIO((site.dir / "data" / "findings.csv").read_text("utf-8"), newline="")))
    header = list(rows[0])
    assert header.index("member_names") == header.index("members") + 1
    assert header.index("principle_titles") == header.index("principles") + 1
    by = {(r["year"], r["id"], r["locale"]): r for r in rows}
    assert by[("2014", "shared-code", "en")]["member_names"] == "United Kingdom; Estonia"
    assert by[("2014", "shared-code", "fr")]["member_names"] == "Royaume-Uni; Estonie"
    assert by[("2014", "shared-code", "ko")]["member_names"] == "영국; 에스토니아"
    assert by[("2014", "shared-code", "en")]["principle_titles"] == "Open standards; User needs"
    assert by[("2014", "shared-code", "fr")]["principle_titles"] == "Standards ouverts; Besoins des usagers"
    # a title not translated into Korean is given in the default locale's words
    assert by[("2014", "shared-code", "ko")]["principle_titles"] == "Open standards; 사용자 요구"
    # the title in force in the finding's year, even for an untranslated finding
    assert by[("2016", "assisted-services", "ko")]["state"] == "missing"
    assert by[("2016", "assisted-services", "ko")]["member_names"] == "대한민국; 에스토니아"
    metadata = json.loads((site.dir / "data" / "findings.csv-metadata.json").read_text("utf-8"))
    columns = {c["name"]: c for c in metadata["tableSchema"]["columns"]}
    assert columns["member_names"]["separator"] == "; " and columns["principle_titles"]["separator"] == "; "
    assert columns["members"]["separator"] == " " and "locale" in columns["member_names"]["dc:description"]
    guide = (Path(__file__).parents[1] / "guide" / "feeds-and-data.md").read_text("utf-8")
    assert "| `member_names` |" in guide and "| `principle_titles` |" in guide


# -- full text in the feeds ------------------------------------------------------------------------


def test_feed_entries_carry_the_full_text_sanitized_with_absolute_links(make_site) -> None:
    import xml.etree.ElementTree as ET

    from sitetree import BASE_TREE

    hostile = BASE_TREE["findings/2018/responsible-ai.md"].replace(
        "Measure impact, be transparent, explain decisions.\n",
        "Measure impact, be transparent, explain decisions.\n\n"
        "Read [the 2014 finding](../2014/shared-code.md).\n\n"
        "<script>alert(1)</script><p onclick=\"x()\">Click</p>\n",
    )
    root = make_site({"findings/2018/responsible-ai.md": hostile})
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    atom = "{http://www.w3.org/2005/Atom}"
    lang = "{http://www.w3.org/XML/1998/namespace}lang"

    def entries(path: str) -> dict[str, ET.Element]:
        feed = ET.parse(root / "site" / path).getroot()
        return {e.find(f"{atom}link").get("href"): e for e in feed.findall(f"{atom}entry")}

    en = entries("feed.xml")
    entry = en["https://example.org/findings/2018/responsible-ai/"]
    content = entry.find(f"{atom}content")
    assert content.get("type") == "html" and content.get(lang) is None
    html = content.text
    assert "<p>Measure impact, be transparent, explain decisions.</p>" in html
    assert 'href="https://example.org/findings/2014/shared-code/"' in html
    assert "<script" not in html and "onclick" not in html and "alert(1)" not in html
    assert entry.find(f"{atom}summary") is None or entry.find(f"{atom}summary").text  # the summary stays where there is one
    assert all(e.find(f"{atom}content") is not None for e in en.values())
    fr = entries("fr/feed.xml")
    translated = fr["https://example.org/fr/findings/2018/responsible-ai/"].find(f"{atom}content")
    assert "Mesurer l'impact" in translated.text and translated.get(lang) is None
    untranslated = fr["https://example.org/fr/findings/2016/assisted-services/"].find(f"{atom}content")
    assert "Help for people who cannot use online services" in untranslated.text and untranslated.get(lang) == "en"
    shared = fr["https://example.org/fr/findings/2014/shared-code/"]
    assert shared.find(f"{atom}summary").text.startswith("Les membres") and "partager leur code" in shared.find(f"{atom}content").text


def test_one_notice_when_no_principle_of_an_edition_is_translated(site: BuiltSite) -> None:
    """ko translates user-needs 2014 only among the 2014/2018 texts: 2018's three texts are all English."""
    whole = site.page("ko/charter/2018/")
    notices = whole.article.find_all("aside", cls="d5-notice")
    assert len(notices) == 1 and notices[0].lang == "ko"
    assert all(n.tag != "aside" for pid in EDITION_PRINCIPLES[2018] for n in whole.heading(pid).section())
    assert len(site.page("ko/charter/2019/").article.find_all("aside", cls="d5-notice")) == 1
    mixed = site.page("ko/charter/2014/")
    with_notice = [pid for pid in EDITION_PRINCIPLES[2014] if any(n.tag == "aside" for n in mixed.heading(pid).section())]
    assert with_notice == ["open-standards", "assisted-digital"]
    report = site.page("ko/reports/2018/")
    assert [n.tag for n in report.heading("annex").section() if n.tag == "aside"] == ["aside"]


def test_charter_years_stay_out_of_search(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """A year without an edition repeats its edition's text: search results lead to the edition itself."""
    root, _ = built
    for locale in LOCALES:
        locations = {location.split("#")[0] for location in search_texts(root, locale)}
        assert {"charter/2018/", "charter/2014/"} <= locations
        assert not {f"charter/{year}/" for year in IN_FORCE if year not in EDITIONS} & locations
