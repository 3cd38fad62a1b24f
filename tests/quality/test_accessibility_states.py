"""axe-core finds no violation at all (WCAG 2.0-2.2 A/AA and best practices) on the key pages, in every locale, on a
desktop (1280px) and a phone (390px), in each state a reader puts the page in: loaded, search open with results,
and, on the phone, the navigation drawer open (issue 18).

One built site per session (the example, and its Hebrew variant for `he`), one browser, one page per locale and width.
A state is checked where it changes the page (the search dialog; the header and the drawer), the rest of the page
having been checked as loaded.
"""

from __future__ import annotations

import pytest

from axecheck import describe, run_axe
from examplesite import BuiltSite

pytestmark = pytest.mark.browser

TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
PAGES: dict[str, str] = {
    "home": "",
    "findings": "findings/",
    "year": "findings/2018/",
    "finding": "findings/2018/responsible-ai/",
    "members": "members/",
    "member": "members/kr/",
    "charter": "charter/",
    "principle": "charter/principles/user-needs/",
    "principles": "charter/principles/",
    "report": "reports/2018/",
}
#: A query with results in each locale's own search index (ko and he: the site's English name, until their own words
#: are indexed as readers type them: issue 18's search section).
QUERIES = {"en": "digital", "fr": "numérique", "ko": "Digital", "he": "Digital"}
LOCALES = tuple(QUERIES)
WIDTHS = (1280, 390)
PHONE = 390


def open_drawer(page) -> None:
    """Open the navigation drawer from the keyboard, as a reader without a mouse does."""
    page.focus(".md-header .d5-menu-button")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__drawer').checked")
    page.wait_for_timeout(260)  # Material's slide-in (.25s)


def close_drawer(page) -> None:
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__drawer').checked")


def search(page, query: str, width: int) -> None:
    """Open the search and type a query; wait for its results."""
    if width < 960:  # the search field is behind its button on a phone
        page.click(".md-header label.md-header__button[for='__search']")
    else:
        page.click(".md-search__input")
    page.wait_for_function("document.getElementById('__search').checked")
    page.keyboard.type(query, delay=20)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(300)  # Material's fade-in


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_no_violation_in_any_state(locale: str, width: int, browser, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    site = hebrew_site if locale == "he" else example_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route(lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")), lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.set_default_timeout(15_000)
    failures: list[str] = []
    try:
        for kind, path in PAGES.items():
            url = site.prefix(locale) + path
            page.goto(site.url + url)
            assert page.evaluate("document.documentElement.lang") == locale
            states = [("loaded", None, None)]
            if width == PHONE:
                states.append(("drawer open", open_drawer, (".md-header", ".md-sidebar--primary")))
            states.append(("search open with results", lambda p: search(p, QUERIES[locale], width), (".md-search",)))
            for state, enter, include in states:
                if enter is not None:
                    enter(page)
                violations = run_axe(page, TAGS, include)
                if violations:
                    failures.append(f"/{url} ({kind}), {state}:\n{describe(violations)}")
                if state == "drawer open":
                    close_drawer(page)
    finally:
        context.close()
    assert not failures, f"axe at {width}px in {locale}:\n" + "\n\n".join(failures)
