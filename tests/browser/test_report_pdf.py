"""The annual report printed from the browser: Chromium prints /reports/2018/ to PDF, pypdf reads it back.

What a reader holding the paper sees: page 1 names the organisation, the year and the summit;
the findings flow on (no page per finding), so the example year's three findings and the annex of
nine principles fit in a handful of pages; every finding's metadata is labelled; every page after
the first carries the running head, and every page its number.
"""

from __future__ import annotations

import io

import pytest

from d5site.core.catalog import Catalog
from examplesite import BuiltSite

pytestmark = pytest.mark.browser

SITE_NAME = "Digital Nations"
PLACE = {"en": "Wellington", "fr": "Wellington", "ko": "웰링턴", "he": "Wellington"}
"""The 2018 summit's place on page 1 (the overview is not translated into Hebrew: shown in English)."""
MAX_PAGES = 5
"""Three findings of about a page in all, a cover and an annex of nine principles: 3 pages in en, 4 in he at most today."""


def print_report(page, base: str, prefix: str) -> list[str]:
    """The text of each page of /<prefix>reports/2018/ printed to PDF by Chromium."""
    from pypdf import PdfReader

    page.goto(base + prefix + "reports/2018/")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("locale", ["en", "fr", "ko"])
def test_report_prints_as_a_publication(page, example_site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    pages = print_report(page, example_site.url, example_site.prefix(locale))
    assert 2 <= len(pages) <= MAX_PAGES, len(pages)
    first = squash(pages[0])
    assert SITE_NAME in first and "2018" in first and PLACE[locale] in first
    assert squash(catalog.t("annual_report", year=2018)) in first
    assert squash(catalog.t("contents")) in first
    whole = squash(" ".join(pages))
    for key in ("members", "principles_cited", "licence", "summit", "host"):
        assert squash(catalog.t(key)) in whole, key
    assert whole.count(squash(catalog.t("licence"))) >= 3  # one labelled line per finding
    assert squash(catalog.t("report_annex", year=2018)) in whole
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text, number  # page numbers
        if number > 1:
            assert squash(f"{SITE_NAME} · {catalog.t('annual_report', year=2018)}") in squash(text), number  # running head
    assert "Search" not in whole and "Made with" not in whole  # Material's chrome is not printed


def test_report_prints_right_to_left(page, hebrew_site: BuiltSite) -> None:
    pages = print_report(page, hebrew_site.url, "he/")
    assert 2 <= len(pages) <= MAX_PAGES
    first = pages[0]
    assert SITE_NAME in first and "2018" in first and PLACE["he"] in first
    assert page.evaluate("document.body.dir") == "rtl"
    # page numbers sit at the outer corner: bottom left in a right-to-left report
    style = page.evaluate("[...document.querySelectorAll('head style')].map(s => s.textContent).join(' ')")
    assert "@bottom-left { content: counter(page)" in style
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in text
