"""What a reader sees in Chromium, in en, fr, ko and he, on a desktop (1280px) and a phone (390px).

Assertions are on layout and behaviour, never on pixels: requests made, computed
styles, element boxes, list orders, the chrome's language.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from examplesite import CHROMIUM_ARGS, PAGE_KINDS, BuiltSite

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
            context.route(lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")), lambda route: route.abort("blockedbyclient"))
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
