"""Issue 18, front door and wayfinding, in a browser: what a page load asks the network for, and the language switcher.

Every kind of page in every locale (the Hebrew variant of the example holds en, fr, ko and he) is loaded in
Debian's Chromium while every request is recorded: none may go to another host, and none may get an error
(Material's own language menu used to fetch `sitemap.xml` next to every `link[rel=alternate]`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from examplesite import FALLBACK_PAGE, PAGE_KINDS, BuiltSite

pytestmark = pytest.mark.browser

LOCALES = ("en", "fr", "ko", "he")


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_load_requests_a_missing_file_or_another_host(page, hebrew_site: BuiltSite, locale: str) -> None:
    own = urlsplit(hebrew_site.url).netloc
    problems: list[str] = []
    page.on("request", lambda r: problems.append(f"other host: {r.url}") if urlsplit(r.url).netloc not in ("", own)
            and urlsplit(r.url).scheme in ("http", "https") else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})"))
    missing = hebrew_site.url + hebrew_site.prefix(locale) + "no-such-page/"  # its 404 page: the one expected error
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 and r.url != missing else None)
    for path in [*PAGE_KINDS.values(), "no-such-page/"]:
        page.goto(hebrew_site.url + hebrew_site.prefix(locale) + path)
        page.wait_for_load_state("networkidle")
    assert sorted(set(problems)) == []


def test_switcher_names_every_language_and_marks_the_current_one(page, hebrew_site: BuiltSite) -> None:
    page.goto(hebrew_site.url + "he/findings/2018/responsible-ai/")
    nav = page.locator("nav.d5-languages")
    assert nav.get_attribute("aria-label") == "שפות"
    current = nav.locator("[aria-current=true]")
    assert current.inner_text() == "עברית" and current.get_attribute("lang") == "he"
    assert current.evaluate("e => e.tagName") == "SPAN"  # not a link to the page the reader is on
    links = nav.locator("a")
    assert [(links.nth(i).inner_text(), links.nth(i).get_attribute("lang"), links.nth(i).get_attribute("hreflang"))
            for i in range(links.count())] == [("English", "en", "en"), ("Français", "fr", "fr"), ("한국어", "ko", "ko")]
    with page.expect_navigation():
        links.nth(1).click()
    assert page.url == hebrew_site.url + "fr/findings/2018/responsible-ai/"


def test_switcher_offers_no_hreflang_for_an_untranslated_page(page, hebrew_site: BuiltSite) -> None:
    path = FALLBACK_PAGE.removeprefix("fr/")
    page.goto(hebrew_site.url + path)
    link = page.locator("nav.d5-languages a[lang=fr]")
    assert link.get_attribute("hreflang") is None  # the French page shows the English text
    assert page.locator("nav.d5-languages a[lang=ko]").get_attribute("hreflang") == "ko"


def test_switcher_is_visible_and_reachable_on_a_phone(browser, hebrew_site: BuiltSite) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(hebrew_site.url + "ko/members/")
        other = page.locator("nav.d5-languages a[lang=en]")
        assert other.is_visible()
        box = other.bounding_box()
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 390
    finally:
        context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_home_is_the_front_door_in_every_locale(page, hebrew_site: BuiltSite, locale: str) -> None:
    page.goto(hebrew_site.url + hebrew_site.prefix(locale))
    assert page.title() == "Digital Nations"
    blocks = page.locator(".d5-home h2")
    assert blocks.count() == 3
    links = page.locator(".d5-home a").evaluate_all("links => links.map(a => a.href)")
    base = hebrew_site.url + hebrew_site.prefix(locale)
    assert base + "reports/2023/" in links and base + "charter/" in links and hebrew_site.url + "data/findings.json" in links
    for href in links:
        assert page.request.get(href).ok, href
