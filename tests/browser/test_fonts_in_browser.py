"""Privacy by default (issue 16, contract §9): a site whose mkdocs.yml does not mention fonts asks no other host for
anything, on every kind of page and in every locale; an explicit `theme.font` still loads Google Fonts.

The test site is tests/sitetree.py's tree with the `font:` line taken out. Its `site_url` is the local server's own
address, so that Material's language selector (which fetches `<alternate>/sitemap.xml`) stays on the site's host
and every request to another host is a failure, not an exception to allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from examplesite import serve
from htmlutil import build_site
from sitetree import BASE_TREE, make_site

pytestmark = pytest.mark.browser

LOCALES = ("en", "fr", "ko")

#: One URL path (relative to a locale's root) per kind of page of the test site.
PAGE_KINDS: dict[str, str] = {
    "home": "",
    "findings index": "findings/",
    "year": "findings/2018/",
    "finding": "findings/2018/responsible-ai/",
    "themes": "findings/themes/",
    "theme": "findings/themes/open-source/",
    "members": "members/",
    "member": "members/gb/",
    "charter": "charter/",
    "charter year (edition)": "charter/2018/",
    "charter year (in force)": "charter/2019/",
    "principles": "charter/principles/",
    "principle": "charter/principles/user-needs/",
    "report": "reports/2018/",
    "code": "code/",
    "translations": "translations/",
    "404": "404.html",
}

SYSTEM_FONTS = "  font: false\n"
assert SYSTEM_FONTS in BASE_TREE["mkdocs.yml"]


def served_site(folder: Path, font: str) -> Iterator[str]:
    """The test site with `font` in place of `font: false` (and site_url = its own server), built --strict and served."""
    for url in serve(folder / "site"):  # the server reads the folder at each request: it may be built after it starts
        config = BASE_TREE["mkdocs.yml"].replace(SYSTEM_FONTS, font).replace("site_url: https://example.org/", f"site_url: {url}")
        root = make_site(folder, {"mkdocs.yml": config}, subdir="")
        result = build_site(root)
        assert result.returncode == 0, result.stdout + result.stderr
        yield url


@pytest.fixture(scope="module")
def default_fonts_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served_site(tmp_path_factory.mktemp("fonts-default"), "")


@pytest.fixture(scope="module")
def explicit_fonts_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served_site(tmp_path_factory.mktemp("fonts-explicit"), "  font:\n    text: Lato\n")


def visit(browser, url: str) -> tuple[list[str], list[str]]:
    """(every request the page at `url` made, the other hosts' refused), waiting until the network is idle."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    elsewhere: list[str] = []
    origin = url.split("/", 3)[:3]
    own = "/".join(origin) + "/"

    def refuse(route) -> None:  # recorded, then refused: tests have no network to wait for
        elsewhere.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda u: not u.startswith((own, "data:", "blob:", "about:")), refuse)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("request", lambda request: requests.append(request.url))
        response = page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, url
        return requests, elsewhere
    finally:
        context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_without_font_no_page_asks_another_host(locale: str, browser, default_fonts_site: str) -> None:
    prefix = "" if locale == "en" else f"{locale}/"
    for kind, path in PAGE_KINDS.items():
        requests, elsewhere = visit(browser, default_fonts_site + prefix + path)
        assert not elsewhere, f"/{prefix}{path} ({kind}) asked other hosts: {elsewhere}"
        assert any(r.endswith(".css") for r in requests) and len(requests) > 3, (kind, requests)  # the page's assets were seen


def test_an_explicit_font_still_loads_google_fonts(browser, explicit_fonts_site: str) -> None:
    for prefix in ("", "fr/"):
        _, elsewhere = visit(browser, explicit_fonts_site + prefix + "findings/")
        assert any(u.startswith("https://fonts.googleapis.com/css?family=Lato") for u in elsewhere), elsewhere
