"""The generated site (issue "Generate the public site"): `mkdocs build --strict` of tests/sitetree.py's
default tree, once for the module, and assertions on the HTML of every locale.

The default tree (see sitetree.py) has three editions: 2014 and 2018 (user-needs,
open-standards, assisted-digital; user-needs amended in 2018) and 2021 (user-needs,
necessary-safeguards, open-standards renumbered 2 -> 3, digital-inclusion replacing
assisted-digital). user-needs has revisions 2014 and 2018 only, so the 2018 text
stands in the 2021 edition.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from d5site.core.catalog import Catalog
from htmlutil import SITE_URL, BuiltSite, Node, Page, built_site

LOCALES = ("en", "fr", "ko")
PREFIX = {"en": "", "fr": "fr/", "ko": "ko/"}
YEARS = (2014, 2016, 2018, 2021)
FINDINGS = {2014: ("shared-code",), 2016: ("assisted-services",), 2018: ("responsible-ai",), 2021: ("safeguards-for-data",)}
MEMBERS = ("gb", "kr", "ee", "ca")
EDITIONS = (2014, 2018, 2021)
PRINCIPLES = ("user-needs", "open-standards", "assisted-digital", "necessary-safeguards", "digital-inclusion")
TRANSLATED = {
    "findings/2014/shared-code/": {"en", "fr", "ko"},
    "findings/2016/assisted-services/": {"en"},
    "findings/2018/responsible-ai/": {"en", "fr"},
    "findings/2021/safeguards-for-data/": {"en", "ko"},
}
"""Finding pages and the locales they are translated into (the others are fallbacks)."""

TEXT = {
    ("user-needs", 2014): "Design public services for the citizen.",
    ("user-needs", 2018): "Design public services around the needs of the people who use them.",
    ("open-standards", 2014): "A credible, royalty-free open standards policy.",
    ("assisted-digital", 2014): "Help every citizen to use digital services.",
    ("necessary-safeguards", 2021): "Protect public trust, human rights and data when using data and AI.",
    ("digital-inclusion", 2021): "Make digital services inclusive and accessible to everyone.",
}
"""Default-locale text of each revision."""


def contract_urls() -> list[str]:
    """Every page of CONTRACT section 8 for the default tree (feed.xml and data/* excepted), default locale."""
    urls = ["findings/"]
    for year in YEARS:
        urls.append(f"findings/{year}/")
        urls += [f"findings/{year}/{fid}/" for fid in FINDINGS[year]]
    urls += ["members/"] + [f"members/{code}/" for code in MEMBERS]
    urls += ["charter/"] + [f"charter/{year}/" for year in EDITIONS]
    urls += ["charter/principles/"] + [f"charter/principles/{pid}/" for pid in PRINCIPLES]
    return urls


GENERATED = contract_urls()


@pytest.fixture(scope="module")
def built(default_build: tuple[Path, subprocess.CompletedProcess[str]]) -> tuple[Path, subprocess.CompletedProcess[str]]:
    return default_build


@pytest.fixture(scope="module")
def site(built: tuple[Path, subprocess.CompletedProcess[str]]) -> BuiltSite:
    return built_site(built)


def editions_numbers(page: Page) -> list[tuple[str, str]]:
    """(principle id, heading text) of each numbered principle of an edition page, in order."""
    return [(h["id"], h.text) for h in page.article.find_all("h2") if h.get("id") not in ("changes", "editions")]


def principle_text(page: Page, pid: str) -> str:
    """The text of principle `pid` on an edition page (its section, without the revision line)."""
    parts = [n.text for n in page.heading(pid).section() if "d5-revision-meta" not in n.classes]
    return " ".join(p for p in parts if p)


# -- 1. every URL, every locale -------------------------------------------------------


def test_strict_build_passes(built: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, result = built
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("locale", LOCALES)
def test_every_contract_url_exists_in_every_locale(site: BuiltSite, locale: str) -> None:
    missing = [PREFIX[locale] + url for url in GENERATED if not site.exists(PREFIX[locale] + url)]
    assert missing == []
    for url in GENERATED:
        page = site.page(PREFIX[locale] + url)
        assert page.lang == locale, url
        assert page.article.find("h1") is not None, url


def test_labels_follow_the_locale(site: BuiltSite) -> None:
    for locale in LOCALES:
        catalog = Catalog(locale)
        assert site.page(PREFIX[locale] + "findings/").article.one("h1").text == catalog.t("findings")
        assert site.page(PREFIX[locale] + "members/").article.one("h1").text == catalog.t("members")
        assert site.page(PREFIX[locale] + "charter/2018/").article.one("h1").text == catalog.t("edition_of", year=2018)


def test_every_internal_link_lands(site: BuiltSite) -> None:
    """Every relative link in the content of every page goes to a built page, and to an element with its fragment's id."""
    broken = []
    for path in site.html_files():
        url = site.url_of(path)
        if url == "404.html":
            continue
        page = site.page(url)
        for a in page.article.find_all("a"):
            href = a.get("href")
            if not href or urlsplit(href).scheme:
                continue  # absolute links are the authors' (finding links, licences)
            target = page.resolve(href)
            if target is None:
                continue
            target_url, fragment = target
            if target_url.endswith("feed.xml") or target_url.startswith("data/"):
                continue  # built by the feed and open-data work, not asserted here
            if not site.exists(target_url):
                broken.append(f"/{url}: {href} -> /{target_url} (no page)")
            elif fragment and site.page(target_url).doc.find(id=fragment) is None:
                broken.append(f"/{url}: {href} -> /{target_url}#{fragment} (no such id)")
    assert broken == []


# -- 2. editions: numbers, texts in force, /charter/, what changed --------------------


def test_numbers_follow_each_edition_across_a_renumbering(site: BuiltSite) -> None:
    assert editions_numbers(site.page("charter/2014/")) == [
        ("user-needs", "1. User needs"),
        ("open-standards", "2. Open standards"),
        ("assisted-digital", "3. Assisted digital"),
    ]
    assert editions_numbers(site.page("charter/2018/")) == [
        ("user-needs", "1. User needs"),
        ("open-standards", "2. Open standards"),
        ("assisted-digital", "3. Assisted digital"),
    ]
    assert editions_numbers(site.page("charter/2021/")) == [
        ("user-needs", "1. User needs"),
        ("necessary-safeguards", "2. Necessary safeguards"),
        ("open-standards", "3. Open standards"),
        ("digital-inclusion", "4. Digital inclusion and accessibility"),
    ]
    assert editions_numbers(site.page("fr/charter/2021/"))[2] == ("open-standards", "3. Standards ouverts")


def test_principle_page_lists_its_number_in_each_edition(site: BuiltSite) -> None:
    page = site.page("charter/principles/open-standards/")
    rows = page.article.one("table", **{"data-d5-table": "standings"}).one("tbody").find_all("tr")
    assert [(r.one("th").text, r.find_all("td")[0].text) for r in rows] == [("2014", "2"), ("2018", "2"), ("2021", "3")]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2014, {"user-needs": 2014, "open-standards": 2014, "assisted-digital": 2014}),
        (2018, {"user-needs": 2018, "open-standards": 2014, "assisted-digital": 2014}),
        (2021, {"user-needs": 2018, "necessary-safeguards": 2021, "open-standards": 2014, "digital-inclusion": 2021}),
    ],
)
def test_text_in_force_in_each_edition(site: BuiltSite, year: int, expected: dict[str, int]) -> None:
    page = site.page(f"charter/{year}/")
    for pid, revision in expected.items():
        assert principle_text(page, pid) == TEXT[(pid, revision)]
        meta = page.heading(pid).following_siblings()[0]
        assert "d5-revision-meta" in meta.classes
        assert page.resolve(meta.one("a")["href"]) == (f"charter/principles/{pid}/", f"r{revision}")


@pytest.mark.parametrize("locale", LOCALES)
def test_charter_is_the_latest_edition(site: BuiltSite, locale: str) -> None:
    current, latest = site.page(PREFIX[locale] + "charter/"), site.page(PREFIX[locale] + "charter/2021/")
    assert editions_numbers(current) == editions_numbers(latest)
    for pid, _ in editions_numbers(latest):
        assert principle_text(current, pid) == principle_text(latest, pid)
    changes = [li.text for li in current.article.one("ul", cls="d5-changes").find_all("li")]
    assert changes == [li.text for li in latest.article.one("ul", cls="d5-changes").find_all("li")]


def _changes(page: Page) -> dict[str, list]:
    """kind -> [(li text, [resolved links])] of an edition's "what changed" list."""
    result: dict[str, list] = {}
    for li in page.article.one("ul", cls="d5-changes").find_all("li"):
        kind = next(c.removeprefix("d5-change--") for c in li.classes if c.startswith("d5-change--"))
        result.setdefault(kind, []).append((li.text, [page.resolve(a["href"]) for a in li.find_all("a")]))
    return result


def test_what_changed_in_2021(site: BuiltSite) -> None:
    changes = _changes(site.page("charter/2021/"))
    assert set(changes) == {"added", "renumbered", "withdrawn"}
    assert changes["added"] == [
        ("Added: 2. Necessary safeguards", [("charter/2021/", "necessary-safeguards")]),
        (
            "Added: 4. Digital inclusion and accessibility — Replaces Assisted digital",
            [("charter/2021/", "digital-inclusion"), ("charter/principles/assisted-digital/", "")],
        ),
    ]
    assert changes["renumbered"] == [("Renumbered: Open standards — moved from 2 to 3", [("charter/2021/", "open-standards")])]
    assert changes["withdrawn"] == [
        (
            "Withdrawn: 3. Assisted digital — Replaced by 4. Digital inclusion and accessibility",
            [("charter/principles/assisted-digital/", ""), ("charter/2021/", "digital-inclusion")],
        )
    ]


def test_what_changed_in_2018_and_2014(site: BuiltSite) -> None:
    changes = _changes(site.page("charter/2018/"))
    assert changes == {"amended": [("Amended: 1. User needs", [("charter/principles/user-needs/", "r2018")])]}
    first = site.page("charter/2014/")
    # The first edition says so in a sentence of its meta line: no "changes" heading, nothing in the table of contents.
    assert Catalog("en").t("first_edition") in first.article.one("p", cls="d5-edition-meta").text
    assert first.article.find(id="changes") is None
    assert not [h for h in first.article.find_all() if h.tag in ("h2", "h3") and Catalog("en").t("first_edition") in h.text]
    tocs = first.doc.find_all("nav", cls="md-nav--secondary")
    assert tocs and all("first edition" not in toc.text for toc in tocs)
    assert first.article.find("ul", cls="d5-changes") is None


def test_what_changed_in_another_locale(site: BuiltSite) -> None:
    fr = Catalog("fr")
    changes = _changes(site.page("fr/charter/2021/"))
    expected = " ".join(
        f"{fr.t('renumbered')}{fr.t('colon')} Standards ouverts — {fr.t('moved', old=2, new=3)}".split()
    )  # .text folds spaces
    assert changes["renumbered"] == [(expected, [("fr/charter/2021/", "open-standards")])]
    assert [links for _, links in changes["withdrawn"]] == [
        [("fr/charter/principles/assisted-digital/", ""), ("fr/charter/2021/", "digital-inclusion")]
    ]


def test_edition_pages_link_to_each_other(site: BuiltSite) -> None:
    page = site.page("charter/2018/")
    meta = page.article.one("p", cls="d5-edition-meta")
    assert [page.resolve(a["href"]) for a in meta.find_all("a")] == [("charter/2021/", "")]
    assert "Jerusalem" in meta.text
    latest = site.page("charter/2021/").article.one("p", cls="d5-edition-meta")
    assert latest.find("a") is None and Catalog("en").t("in_force_now") in latest.text


# -- 3. diff markup ---------------------------------------------------------------------


def _diff(page: Page, revision: int) -> Node:
    details = [n for n in page.heading(f"r{revision}").section() if n.tag == "details"]
    assert len(details) == 1
    return details[0]


def _announced(node: Node, label: str) -> str:
    """The text of an <ins>/<del>, checking it opens and closes with visually hidden announcements."""
    hidden = node.find_all("span", cls="d5-visually-hidden")
    assert len(hidden) == 2, node
    assert hidden[0] is node.elements[0] and hidden[1] is node.elements[-1]
    assert hidden[0].raw_text == f"[{label} " and hidden[1].raw_text == "]"
    return "".join(c if isinstance(c, str) else "" for c in node.children)


@pytest.mark.parametrize(
    ("locale", "deleted", "inserted"),
    [
        ("en", ["for", "citizen."], ["around", "needs of the people who use them."]),
        ("fr", ["pour", "le", "citoyen."], ["autour", "des", "besoins des personnes qui les utilisent."]),
    ],
)
def test_diff_markup(site: BuiltSite, locale: str, deleted: list[str], inserted: list[str]) -> None:
    catalog = Catalog(locale)
    page = site.page(PREFIX[locale] + "charter/principles/user-needs/")
    details = _diff(page, 2018)
    assert details.one("summary").text == catalog.t("diff_against", year=2014)
    text = details.one("p", cls="d5-diff__text")
    assert [_announced(d, catalog.t("diff_deleted")) for d in text.find_all("del")] == deleted
    assert [_announced(i, catalog.t("diff_inserted")) for i in text.find_all("ins")] == inserted
    # the first revision has no diff
    assert [n for n in page.heading("r2014").section() if n.tag == "details"] == []


def test_diff_never_compares_two_languages(site: BuiltSite) -> None:
    """ko has the 2014 text of user-needs but not the 2018 one: the diff is of the English texts, marked lang=en."""
    page = site.page("ko/charter/principles/user-needs/")
    body = _diff(page, 2018).one("div", cls="d5-diff__body")
    assert body.get("lang") == "en"
    ko = Catalog("ko")
    assert [_announced(d, ko.t("diff_deleted")) for d in body.find_all("del")] == ["for", "citizen."]
    assert [_announced(i, ko.t("diff_inserted")) for i in body.find_all("ins")] == ["around", "needs of the people who use them."]


def test_visually_hidden_class_is_styled(site: BuiltSite) -> None:
    page = site.page("charter/principles/user-needs/")
    stylesheets = [t[0] for link in page.doc.find_all("link", rel="stylesheet") if (t := page.resolve(link["href"]))]
    css = next(u for u in stylesheets if u.endswith("d5site.css"))
    text = (site.dir / css).read_text("utf-8")
    rule = text[text.index(".d5-visually-hidden") :].split("}", 1)[0]
    assert "clip" in rule and "position: absolute" in rule


# -- 4. lineage ---------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_lineage_links_both_ways(site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    prefix = PREFIX[locale]

    def meta(url: str) -> dict[str, list[tuple[str, str]]]:
        page = site.page(prefix + url)
        dl = page.article.one("dl", cls="d5-meta")
        terms = dl.find_all("dt")
        # a label ends with a visually hidden separator (": "), so that search previews read "Replaces: ..."
        sep = " ".join(catalog.t("label_sep").split())
        assert all(dt.text.endswith(sep) for dt in terms)
        return {
            dt.text.removesuffix(sep).strip(): [page.resolve(a["href"]) for a in dt.following_siblings()[0].find_all("a")] for dt in terms
        }

    replacing = meta("charter/principles/digital-inclusion/")
    assert replacing[catalog.t("replaces")] == [(prefix + "charter/principles/assisted-digital/", "")]
    assert catalog.t("replaced_by") not in replacing
    replaced = meta("charter/principles/assisted-digital/")
    assert replaced[catalog.t("replaced_by")] == [(prefix + "charter/principles/digital-inclusion/", "")]
    assert catalog.t("replaces") not in replaced
    assert replaced[catalog.t("status")] == [(prefix + "charter/2021/", "changes")]


# -- 5. findings link to the right edition's text --------------------------------------------


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        ("findings/2014/shared-code/", [("user-needs", 2014, "1", 2014), ("open-standards", 2014, "2", 2014)]),  # by number
        ("findings/2016/assisted-services/", [("assisted-digital", 2014, "3", 2014)]),
        ("findings/2018/responsible-ai/", [("user-needs", 2018, "1", 2018)]),
        ("findings/2021/safeguards-for-data/", [("necessary-safeguards", 2021, "2", 2021), ("digital-inclusion", 2021, "4", 2021)]),
    ],
)
@pytest.mark.parametrize("locale", LOCALES)
def test_finding_links_to_the_edition_in_force(
    site: BuiltSite, locale: str, finding: str, expected: list[tuple[str, int, str, int]]
) -> None:
    """Each principle link: edition of the finding's year, anchor that exists, text there = revision in force."""
    page = site.page(PREFIX[locale] + finding)
    links = page.article.find_all("a", cls="d5-principle-link")
    assert len(links) == len(expected)
    for link, (pid, edition, number, revision) in zip(links, expected, strict=True):
        target = page.resolve(link["href"])
        assert target == (f"{PREFIX[locale]}charter/{edition}/", pid)
        assert link.text.startswith(f"{number}. ")
        edition_page = site.page(target[0])
        heading = edition_page.heading(pid)
        assert heading.text.startswith(f"{number}. ")
        assert heading.text == link.text  # the title in force that year, in this locale
        if locale == "en":
            assert principle_text(edition_page, pid) == TEXT[(pid, revision)]
        meta = heading.following_siblings()[0]
        assert edition_page.resolve(meta.one("a")["href"]) == (f"{PREFIX[locale]}charter/principles/{pid}/", f"r{revision}")


@pytest.mark.parametrize("year", YEARS)
def test_year_page_principle_chips_go_to_that_years_edition(site: BuiltSite, year: int) -> None:
    in_force = max(e for e in EDITIONS if e <= year)
    page = site.page(f"findings/{year}/")
    chips = page.article.find_all("a", cls="d5-chip--principle")
    assert chips
    for chip in chips:
        url, fragment = page.resolve(chip["href"])
        assert url == f"charter/{in_force}/"
        assert site.page(url).heading(fragment).text == chip.text


# -- 6. language switcher, hreflang, canonical --------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_language_switcher_goes_to_the_same_page(site: BuiltSite, locale: str) -> None:
    wrong = {}
    for url in [*GENERATED, ""]:
        page = site.page(PREFIX[locale] + url)
        expected = {other: PREFIX[other] + url for other in LOCALES}
        if page.switcher != expected:
            wrong[page.url] = page.switcher
    assert wrong == {}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("finding", sorted(TRANSLATED))
def test_hreflang_lists_only_translated_locales(site: BuiltSite, locale: str, finding: str) -> None:
    page = site.page(PREFIX[locale] + finding)
    translated = TRANSLATED[finding]
    assert page.hreflang == {other: SITE_URL + PREFIX[other] + finding for other in sorted(translated)}
    if locale in translated:
        assert page.canonical == SITE_URL + PREFIX[locale] + finding
    else:
        assert page.canonical == SITE_URL + finding  # a fallback's canonical page is its source


@pytest.mark.parametrize(
    "url", ["findings/", "findings/2016/", "charter/", "charter/2018/", "charter/principles/user-needs/", "members/ee/"]
)
def test_pages_in_every_locale_are_alternates(site: BuiltSite, url: str) -> None:
    for locale in LOCALES:
        page = site.page(PREFIX[locale] + url)
        assert page.hreflang == {other: SITE_URL + PREFIX[other] + url for other in LOCALES}
        assert page.canonical == SITE_URL + PREFIX[locale] + url


def test_hand_written_fallback_page(site: BuiltSite) -> None:
    """docs/index.md has a French translation and no Korean one."""
    for locale in LOCALES:
        page = site.page(PREFIX[locale])
        assert page.hreflang == {"en": SITE_URL, "fr": SITE_URL + "fr/"}
        assert page.canonical == (SITE_URL + "fr/" if locale == "fr" else SITE_URL)
    ko = site.page("ko/")
    assert ko.article.find("aside", cls="d5-notice--fallback") is not None
    assert ko.article.find_text("Findings and charter of a test group").lang == "en"


def test_fallback_page_is_marked(site: BuiltSite) -> None:
    page = site.page("ko/findings/2018/responsible-ai/")
    notice = page.article.one("aside", cls="d5-notice--fallback")
    ko = Catalog("ko")
    assert notice.text == ko.t("fallback_notice", language=ko.language_name("ko"), source_language=ko.language_name("en"))
    assert page.article.one("h1").lang == "en"
    assert page.article.find_text("Measure impact, be transparent").lang == "en"
    assert notice.lang == "ko"
    assert page.article.find("aside", cls="d5-notice--outdated") is None


def test_outdated_translation_links_to_its_source(site: BuiltSite) -> None:
    """fr/findings/2018/responsible-ai is an unstamped translation, so outdated."""
    page = site.page("fr/findings/2018/responsible-ai/")
    notice = page.article.one("aside", cls="d5-notice--outdated")
    fr = Catalog("fr")
    assert notice.text.startswith(fr.t("outdated_notice", language=fr.language_name("fr"), source_language=fr.language_name("en")))
    link = notice.one("a")
    assert page.resolve(link["href"]) == ("findings/2018/responsible-ai/", "")
    assert link.get("hreflang") == "en"  # the source's language, not the page's
    assert page.article.find("aside", cls="d5-notice--fallback") is None


def test_titles_are_escaped_once(site: BuiltSite) -> None:
    """A title with an apostrophe reads as itself in <title>, the header and the heading (no `&#39;`)."""
    page = site.page("fr/findings/2018/responsible-ai/")
    assert page.title == "Usage responsable de l'IA – Test site"
    assert page.article.one("h1").text == "Usage responsable de l'IA"
    header = page.doc.one("div", cls="md-header__topic", data_md_component="header-topic")
    assert header.text == "Usage responsable de l'IA"


# -- 7. sitemap ---------------------------------------------------------------------------


def test_sitemap_has_generated_pages_with_alternates_and_no_fallback(site: BuiltSite) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site.dir / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall("s:url", ns):
        loc = url.find("s:loc", ns).text
        assert loc not in entries, f"{loc} listed twice"
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
    fallbacks = {SITE_URL + PREFIX[loc] + url for url, locales in TRANSLATED.items() for loc in LOCALES if loc not in locales}
    fallbacks.add(SITE_URL + "ko/")  # docs/index.md has no Korean translation
    assert sorted(fallbacks & set(entries)) == []
    for alternates in entries.values():
        assert sorted(set(alternates.values()) & fallbacks) == []
    for url in GENERATED:
        locales = TRANSLATED.get(url, set(LOCALES))
        for locale in locales:
            loc = SITE_URL + PREFIX[locale] + url
            assert loc in entries, f"{loc} not in sitemap.xml"
            assert entries[loc] == {other: SITE_URL + PREFIX[other] + url for other in sorted(locales)}, loc


# -- 9. navigation ------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_nav_has_years_not_findings(site: BuiltSite, locale: str) -> None:
    for year in YEARS:
        page = site.page(f"{PREFIX[locale]}findings/{year}/")
        nav = page.primary_nav
        targets = {page.resolve(a["href"])[0] for a in nav.find_all("a", cls="md-nav__link") if page.resolve(a["href"])}
        for other in YEARS:
            assert f"{PREFIX[locale]}findings/{other}/" in targets
        for y, ids in FINDINGS.items():
            for fid in ids:
                assert f"{PREFIX[locale]}findings/{y}/{fid}/" not in targets
        assert f"{PREFIX[locale]}charter/" in targets and f"{PREFIX[locale]}members/" in targets
        # ... yet the year page lists its findings in its content
        listed = {page.resolve(a["href"])[0] for a in page.article.find_all("a")}
        assert {f"{PREFIX[locale]}findings/{year}/{fid}/" for fid in FINDINGS[year]} <= listed

