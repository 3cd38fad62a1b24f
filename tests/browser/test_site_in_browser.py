"""What a reader does in a browser on the built example site: switch language, search, see notices.

Driven by Playwright on Debian's Chromium (tests/examplesite.py); the site is the
repository's own example, built once with `mkdocs build --strict` and served locally.
"""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from examplesite import FALLBACK_PAGE, OUTDATED_PAGE, REPO, BuiltSite

pytestmark = pytest.mark.browser


def front_matter(rel: str) -> dict:
    text = (REPO / rel).read_text("utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def heading(page) -> str:
    """The page's h1 without Material's permalink sign."""
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


def search(page, query: str) -> list[str]:
    """Type `query` into Material's search box as a reader does; the URLs of the results (without query or fragment).

    Material's search (seen with 9.7 and 9.8) can drop a query typed just as its worker
    finishes loading the index: the box keeps the text, the results keep showing the
    "type to start searching" placeholder, and since Material only sends a query when the
    text changes (on keyup), nothing more happens. A reader then retypes the last letter,
    and so does this helper, at most twice. A query that finds nothing makes Material say
    so ("no matching documents"): that is an answer, returned as [] and never retried.
    """
    box = page.locator(".md-search__input")
    results = page.locator(".md-search-result__item a")
    none = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']")
    box.click()
    page.keyboard.type(query)
    for attempt in range(3):
        if attempt:
            page.keyboard.press("Backspace")
            page.wait_for_timeout(300)
            page.keyboard.type(query[-1])
        try:
            page.wait_for_function(
                "none => document.querySelector('.md-search-result__item a') !== null"
                " || document.querySelector('.md-search-result__meta').textContent.trim() === none",
                arg=none,
                timeout=5_000,
            )
        except PlaywrightTimeoutError:
            continue
        break
    return [re.sub(r"[?#].*$", "", href) for href in results.evaluate_all("links => links.map(a => a.href)")]


def test_language_selector_lands_on_the_same_page_in_french(page, example_site: BuiltSite) -> None:
    page.goto(example_site.url + "findings/2018/responsible-ai/")
    assert page.evaluate("document.documentElement.lang") == "en"
    link = page.locator("nav.d5-languages a[lang=fr]")
    assert link.inner_text().strip() == "Français"
    with page.expect_navigation():
        link.click()
    assert page.url == example_site.url + "fr/findings/2018/responsible-ai/"
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert heading(page) == front_matter("findings/2018/responsible-ai.fr.md")["title"]
    assert page.locator("[data-d5site-notice]").count() == 0


def test_language_selector_on_a_generated_charter_page(page, example_site: BuiltSite) -> None:
    page.goto(example_site.url + "fr/charter/principles/user-needs/")
    with page.expect_navigation():
        page.locator("nav.d5-languages a[lang=ko]").click()
    assert page.url == example_site.url + "ko/charter/principles/user-needs/"
    assert page.evaluate("document.documentElement.lang") == "ko"


def test_search_in_korean_finds_the_korean_finding(page, example_site: BuiltSite) -> None:
    word = "인공지능"
    assert word in (REPO / "findings/2018/responsible-ai.ko.md").read_text("utf-8")
    page.goto(example_site.url + "ko/")
    hrefs = search(page, word)
    assert example_site.url + "ko/findings/2018/responsible-ai/" in hrefs, hrefs
    outside = [href for href in hrefs if not href.startswith(example_site.url + "ko/")]
    assert not outside, f"search on the Korean site returned pages of other locales: {outside}"


def test_search_in_french_stays_in_french(page, example_site: BuiltSite) -> None:
    page.goto(example_site.url + "fr/findings/")
    hrefs = search(page, "intelligence artificielle")
    assert example_site.url + "fr/findings/2018/responsible-ai/" in hrefs, hrefs
    outside = [href for href in hrefs if not href.startswith(example_site.url + "fr/")]
    assert not outside, f"search on the French site returned pages of other locales: {outside}"


def test_untranslated_finding_shows_the_fallback_notice(page, example_site: BuiltSite) -> None:
    assert not (REPO / "findings/2015/it-talent-and-procurement.fr.md").exists()
    page.goto(example_site.url + FALLBACK_PAGE)
    notice = page.locator('[data-d5site-notice="fallback"]')
    assert notice.is_visible()
    assert notice.inner_text().strip()
    assert page.locator('[data-d5site-notice="outdated"]').count() == 0
    assert page.evaluate("document.documentElement.lang") == "fr"
    # the English text is marked as English inside the French page
    assert heading(page) == front_matter("findings/2015/it-talent-and-procurement.md")["title"]
    assert page.locator("article h1").first.evaluate("h => h.closest('[lang]').lang") == "en"


def test_outdated_translation_shows_the_outdated_notice(page, example_site: BuiltSite) -> None:
    page.goto(example_site.url + OUTDATED_PAGE)
    notice = page.locator('[data-d5site-notice="outdated"]')
    assert notice.is_visible()
    assert page.locator('[data-d5site-notice="fallback"]').count() == 0
    assert heading(page) == front_matter("findings/2019/digital-nations.ko.md")["title"]
    # the notice links to the source page in the default locale
    source = notice.locator("a").first.get_attribute("href")
    page.goto(example_site.url + OUTDATED_PAGE + source) if not source.startswith("http") else page.goto(source)
    assert page.evaluate("document.documentElement.lang") == "en"


def test_current_translation_has_no_notice(page, example_site: BuiltSite) -> None:
    page.goto(example_site.url + "ko/findings/2018/responsible-ai/")
    assert page.locator("[data-d5site-notice]").count() == 0


def test_hebrew_pages_are_right_to_left(page, hebrew_site: BuiltSite) -> None:
    page.goto(hebrew_site.url + "he/findings/2018/responsible-ai/")
    # Material writes the direction on <body>
    assert page.evaluate("[document.documentElement.lang, document.body.dir]") == ["he", "rtl"]
    assert heading(page) == "גישה משותפת לשימוש אחראי בבינה מלאכותית"
    page.goto(hebrew_site.url + "he/findings/2015/it-talent-and-procurement/")
    assert page.locator('[data-d5site-notice="fallback"]').is_visible()
    text = page.locator("article h1").first.evaluate("h => { const e = h.closest('[lang]'); return [e.lang, e.closest('[dir]').dir]; }")
    assert text == ["en", "ltr"]


def test_search_in_french_finds_elided_and_unaccented_words(page, example_site: BuiltSite) -> None:
    page.goto(example_site.url + "fr/")
    finding = example_site.url + "fr/findings/2018/responsible-ai/"
    for query in ("IA", "Jerusalem"):  # the text says "l'IA" and "Jérusalem"
        page.locator(".md-search__input").fill("")
        hrefs = search(page, query)
        assert finding in hrefs, (query, hrefs)
    # the result's excerpt is the finding's summary, not its list of year, members and licence
    summary = front_matter("findings/2018/responsible-ai.fr.md")["summary"]
    article = page.locator(f'.md-search-result__item > a[href^="{finding}"] article').first
    assert article.inner_text().split("\n", 1)[1].strip().startswith(summary[:40]), article.inner_text()


def test_search_in_hebrew_finds_words_written_with_a_prefix(page, hebrew_site: BuiltSite) -> None:
    page.goto(hebrew_site.url + "he/")
    hrefs = search(page, "בינה")  # the text says "בבינה"
    assert hebrew_site.url + "he/findings/2018/responsible-ai/" in hrefs, hrefs
