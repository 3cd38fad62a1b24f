"""What a reader sees in Chromium, in en, fr, ko and he, on a desktop (1280px) and a phone (390px).

Assertions are on layout and behaviour, never on pixels: requests made, computed
styles, element boxes, list orders, the chrome's language.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from examplesite import PAGE_KINDS, BuiltSite

pytestmark = pytest.mark.browser

LOCALES = ("en", "fr", "ko", "he")
WIDTHS = (1280, 390)


@pytest.fixture
def reader(browser) -> Iterator[object]:
    """A function opening a page at a width, recording every request the page makes (nothing is blocked)."""
    contexts: dict[int, object] = {}

    def open_page(url: str, width: int = 1280):
        context = contexts.get(width)
        if context is None:
            context = contexts[width] = browser.new_context(viewport={"width": width, "height": 900})
            # A request to another host must not wait for a network that tests do not have: recorded, then refused.
            context.route(
                lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")), lambda route: route.abort("blockedbyclient")
            )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.requests = []  # type: ignore[attr-defined]
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(url, wait_until="networkidle")
        return page

    yield open_page
    for context in contexts.values():
        context.close()


def site_for(locale: str, example_site: BuiltSite, hebrew_site: BuiltSite) -> BuiltSite:
    return hebrew_site if locale == "he" else example_site


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_asks_another_host_for_anything(locale: str, reader, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    site = site_for(locale, example_site, hebrew_site)
    for kind, path in PAGE_KINDS.items():
        page = reader(site.url + site.prefix(locale) + path)
        # site_url is the site's own host once published (Material reads its sitemaps there for the language selector).
        own = (site.url, site.site_url, "data:", "blob:")
        elsewhere = [url for url in page.requests if not url.startswith(own)]
        assert not elsewhere, f"/{site.prefix(locale)}{path} ({kind}) asked other hosts: {elsewhere}"
        assert len(page.requests) > 3  # the page, its stylesheets and scripts were seen


# -- layout: tables, years, widths -------------------------------------------------------

TABLE_PAGES = ("findings/", "findings/themes/", "members/", "charter/principles/", "charter/principles/open-standards/", "translations/")

#: For every table in the article: its class, each cell's computed padding and alignment, and
#: every year or number cell (th/td with d5-nowrap or d5-num, and <time>) that takes more than one line box.
TABLE_PROBE = """() => {
  const out = [];
  for (const table of document.querySelectorAll('article table')) {
    const cells = [...table.querySelectorAll('th, td')].map(cell => {
      const style = getComputedStyle(cell);
      return {tag: cell.tagName, num: cell.classList.contains('d5-num'), align: style.textAlign,
              left: parseFloat(style.paddingLeft), right: parseFloat(style.paddingRight),
              top: parseFloat(style.paddingTop), text: cell.innerText.trim()};
    });
    const broken = [...table.querySelectorAll('.d5-nowrap, .d5-num, time')].filter(el => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      return lines.size > 1;
    }).map(el => el.innerText);
    out.push({cls: table.getAttribute('class'), wrapped: !!table.closest('.md-typeset__scrollwrap'), cells, broken});
  }
  return out;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_tables_read_like_materials_own(locale: str, width: int, reader, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    site = site_for(locale, example_site, hebrew_site)
    start = "right" if locale == "he" else "left"
    end = "left" if locale == "he" else "right"
    for path in TABLE_PAGES:
        page = reader(site.url + site.prefix(locale) + path, width)
        tables = page.evaluate(TABLE_PROBE)
        assert tables, path
        for table in tables:
            assert table["cls"] is None and table["wrapped"], f"{path}: Material styles and wraps table:not([class]) only"
            assert not table["broken"], f"{path} at {width}px: years or numbers broken across lines: {table['broken']}"
            for cell in table["cells"]:
                assert cell["left"] >= 8 and cell["right"] >= 8 and cell["top"] >= 6, f"{path}: cramped cell {cell}"
                assert cell["align"] in ((end, "end") if cell["num"] else (start, "start")), f"{path}: {cell}"
                # a count is a number, aligned to the end like every number (a year is a name, at the start)
                year = len(cell["text"]) == 4 and cell["text"].startswith(("19", "20"))
                assert cell["num"] or year or not cell["text"].isdigit(), f"{path}: a number not aligned as one: {cell}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} is wider than {width}px"


def test_years_on_the_findings_page_are_never_broken(reader, example_site: BuiltSite) -> None:
    """The reported "202/3": each year link of /findings/ is one line box, as wide as its four digits."""
    for width in WIDTHS:
        page = reader(example_site.url + "findings/", width)
        heights = page.eval_on_selector_all(
            "article table tbody th a",
            "links => links.map(a => [a.innerText, a.getClientRects().length, a.getBoundingClientRect().height])",
        )
        assert len(heights) == 9
        line = max(h for _, _, h in heights)
        for text, rects, height in heights:
            assert len(text) == 4 and rects == 1 and height == line, (width, text, rects, height)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_is_wider_than_the_screen(locale: str, width: int, reader, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    site = site_for(locale, example_site, hebrew_site)
    for kind, path in {**PAGE_KINDS, "404": "404.html"}.items():
        page = reader(site.url + site.prefix(locale) + path, width)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"/{site.prefix(locale)}{path} ({kind}) is {scroll}px wide at {width}px"


# -- order: what the reader sees, in the reader's language -------------------------------

MEMBERS_BY_JOINED = {
    # /members/ is the group's growth: by year joined, then by the date the accession was agreed (Canada and
    # Uruguay in February 2018 before Mexico and Portugal in November), alphabetical in the locale within a date.
    "en": ["Estonia", "Israel", "New Zealand", "Republic of Korea", "United Kingdom", "Canada", "Uruguay", "Mexico", "Portugal", "Denmark"],
    "fr": [
        "Estonie",
        "Israël",
        "Nouvelle-Zélande",
        "République de Corée",
        "Royaume-Uni",
        "Canada",
        "Uruguay",
        "Mexique",
        "Portugal",
        "Danemark",
    ],
    "ko": ["뉴질랜드", "대한민국", "에스토니아", "영국", "이스라엘", "우루과이", "캐나다", "멕시코", "포르투갈", "덴마크"],
    "he": ["אסטוניה", "בריטניה", "ישראל", "ניו זילנד", "קוריאה הדרומית", "אורוגוואי", "קנדה", "מקסיקו", "פורטוגל", "דנמרק"],
}

#: 2016's three findings share a date: they follow their titles in each language.
FINDINGS_2016 = dict.fromkeys(("en", "fr", "ko", "he"), ["busan-declaration", "expansion-rule", "sharing-code"])
"""The same order in every locale (contract v3 5a): by date (all three 11 November 2016), then by id."""


def texts(page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


@pytest.mark.parametrize("locale", LOCALES)
def test_lists_follow_an_order_the_reader_sees(locale: str, reader, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    from d5site.core.collation import sort_texts

    site = site_for(locale, example_site, hebrew_site)
    base = site.url + site.prefix(locale)

    members = reader(base + "members/")
    assert texts(members, "article table tbody th") == MEMBERS_BY_JOINED[locale]  # by year joined, date agreed, then name
    years = texts(members, "article table tbody td.d5-nowrap")
    assert years == sorted(years)

    principles = reader(base + "charter/principles/")
    status = texts(principles, "article table tbody td:nth-child(2)")
    numbers = [int("".join(c for c in s if c.isdigit())) for s in status[:10]]
    assert numbers == list(range(1, 11))  # in force, by number in the 2021 edition
    assert all("2021" in s for s in status[10:]) and len(status) == 14  # then the four withdrawn in 2021

    year = reader(base + "findings/2016/")
    hrefs = year.eval_on_selector_all("article .d5-finding-list > li > a", "links => links.map(a => a.getAttribute('href'))")
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs] == FINDINGS_2016[locale]

    by_member = texts(reader(base + "findings/2018/"), "article .d5-member-counts li a")
    assert len(by_member) >= 5 and by_member == sort_texts(by_member, locale)
    if locale == "en":
        assert by_member[:3] == ["Canada", "Estonia", "Israel"]

    finding = reader(base + "findings/2018/responsible-ai/")
    cited = texts(finding, "article .d5-principles > li > a")
    assert [int(c.split(".")[0]) for c in cited] == sorted(int(c.split(".")[0]) for c in cited)


# -- the chrome's language, and a 404 page per locale ---------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_the_chrome_speaks_the_readers_language(locale: str, reader, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    from d5site.core.catalog import Catalog

    catalog = Catalog(locale)
    site = site_for(locale, example_site, hebrew_site)
    page = reader(site.url + site.prefix(locale) + "charter/2021/")
    footer = page.locator(".md-copyright").inner_text()
    assert catalog.t("made_with") in footer and "Material for MkDocs" in footer
    if locale != "en":
        assert "Made with" not in footer
    titles = set(page.eval_on_selector_all("article a.headerlink", "links => links.map(a => a.title)"))
    assert titles == {catalog.t("permalink_title")}
    assert "Guide" not in texts(page, ".md-tabs__link") and page.locator("a[href*='guide/']").count() == 0


@pytest.mark.parametrize("locale", LOCALES)
def test_a_404_page_per_locale_in_the_readers_language(locale: str, reader, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    from d5site.core.catalog import Catalog

    catalog = Catalog(locale)
    site = site_for(locale, example_site, hebrew_site)
    # Served as a web server serves it: for a missing page, at any depth.
    page = reader(site.url + site.prefix(locale) + "404.html")
    assert page.evaluate("document.documentElement.lang") == locale
    assert page.evaluate("document.documentElement.dir || getComputedStyle(document.body).direction") == (
        "rtl" if locale == "he" else "ltr"
    )
    assert page.locator("article h1").inner_text().strip() == catalog.t("not_found_title")
    links = page.eval_on_selector_all("article .d5-not-found a", "links => links.map(a => [a.innerText, a.href])")
    assert [label for label, _ in links] == [catalog.t(k) for k in ("home", "findings", "charter", "members")]
    for _, href in links:
        assert href.startswith(site.url + site.prefix(locale)), href
        assert page.request.get(href).ok, href
    assert catalog.t("made_with") in page.locator(".md-copyright").inner_text()
    assert not [url for url in page.requests if not url.startswith((site.url, site.site_url, "data:", "blob:"))]
