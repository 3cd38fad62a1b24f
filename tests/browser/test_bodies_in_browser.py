"""Hostile bodies in a real browser: no payload runs, and the finding after a broken one is there to read.

The site of tests/test_bodies_build.py (a finding, its translation, a revision and
a year overview full of script, handlers, `javascript:` links and unclosed
elements), built with `mkdocs build --strict`, served locally and opened in
Debian's Chromium. Every payload calls `alert(PWNED)`: run, it would open a
dialog or throw "PWNED is not defined".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from examplesite import serve
from sitetree import build_tree, make_site
from test_bodies_build import FILES, MARK

pytestmark = pytest.mark.browser

PAGES = [
    "findings/2018/responsible-ai/",
    "fr/findings/2018/responsible-ai/",
    "ko/findings/2018/responsible-ai/",
    "reports/2018/",
    "fr/reports/2018/",
    "findings/2018/",
    "charter/2018/",
    "charter/principles/user-needs/",
]


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(build_tree(make_site(tmp_path_factory.mktemp("bodies-browser"), FILES))[1].dir)


@pytest.mark.parametrize("url", PAGES)
def test_no_payload_runs(page, hostile_url: str, url: str) -> None:
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: events.append(f"error: {error}"))
    page.goto(hostile_url + url)
    page.wait_for_load_state("load")
    for link in page.locator("article .d5-body a").all():  # a reader clicks every link of the bodies
        href = link.get_attribute("href") or ""
        if href.startswith(("http:", "https:", "mailto:")):
            continue  # leaves the site: not followed (nothing leaves the machine)
        with page.expect_navigation():
            link.click()
        page.goto(hostile_url + url)
    assert [e for e in events if MARK in e or e.startswith("dialog")] == []
    assert page.evaluate("document.querySelectorAll('article script, article iframe, article form').length") == 0


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_next_finding_is_visible_after_a_broken_one(page, hostile_url: str, prefix: str) -> None:
    page.goto(f"{hostile_url}{prefix}reports/2018/")
    assert page.locator("h2#next-finding").is_visible()
    assert page.get_by_text("The next finding is intact.").is_visible()
    assert page.locator("h3#next-finding--next-section").is_visible()
    # The table of contents leads to the body's sections.
    # (the visible one: a report is in the navigation, where Material nests a copy for the drawer)
    page.locator("nav.md-nav--secondary a[href='#next-finding--next-section']:visible").first.click()
    assert page.evaluate("location.hash") == "#next-finding--next-section"
