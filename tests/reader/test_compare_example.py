"""The example site's comparison of the 2014 and 2021 charters reads as FACTS.md tells it, in en, fr and ko."""

from __future__ import annotations

import pytest

from d5site.core.catalog import Catalog
from examplesite import BuiltSite
from htmlutil import Page

EXPECTED_2014_2021 = {
    # principle id: (number in 2014, number in 2021, statuses)
    "user-needs": ("1", "1", "reworded"),
    "necessary-safeguards": ("", "2", "added"),
    "open-standards": ("2", "3", "renumbered"),
    "open-source": ("3", "4", "renumbered"),
    "open-markets": ("4", "5", "renumbered"),
    "open-government": ("5", "6", "renumbered"),
    "digital-inclusion": ("", "7", "added"),
    "digital-skills": ("", "8", "added"),
    "co-creation": ("", "9", "added"),
    "sustainability": ("", "10", "added"),
    "connectivity": ("6", "", "replaced"),
    "teach-children-to-code": ("7", "", "replaced"),
    "assisted-digital": ("8", "", "replaced"),
    "share-and-learn": ("9", "", "replaced"),
}


def page(site: BuiltSite, locale: str, url: str) -> Page:
    path = site.prefix(locale) + url
    return Page(path, site.file_of(path).read_text("utf-8"))


def number(cell) -> str:
    """A number cell's number, or "" for the dash of a principle not in that edition."""
    return "" if cell.find("span", cls="d5-visually-hidden") else cell.text


@pytest.mark.parametrize("locale", ["en", "fr", "ko"])
def test_2014_to_2021_reads_as_the_facts(example_site: BuiltSite, locale: str) -> None:
    compare = page(example_site, locale, "charter/compare/2014-2021/")
    body = compare.article.one("table", **{"data-d5-table": "compare"}).one("tbody")
    rows = {tr["data-principle"]: (number(tr.find_all("td")[0]), number(tr.find_all("td")[1]), tr["data-status"])
            for tr in body.find_all("tr")}
    assert rows == EXPECTED_2014_2021
    # Nine principles in 2014, ten in 2021: every number of each edition once.
    assert sorted(int(r[0]) for r in rows.values() if r[0]) == list(range(1, 10))
    assert sorted(int(r[1]) for r in rows.values() if r[1]) == list(range(1, 11))
    catalog = Catalog(locale)
    counts = [li.text for li in compare.article.one("ul", cls="d5-compare-summary").find_all("li")]
    colon = catalog.t("colon")
    assert counts == [" ".join(f"{catalog.t(k)}{colon} {n}".split()) for k, n in
                      (("added", 5), ("replaced", 4), ("reworded", 1), ("renumbered", 4))]
    # The one reworded principle shows its word diff, in the page's language where translated.
    diff = next(n for n in compare.heading("user-needs").section() if "d5-diff" in n.classes)
    assert diff.find_all("ins") and diff.find_all("del")
    assert diff.one("div", cls="d5-diff__body").lang == locale
    # Sustainability has no Korean text: its title is marked as English there.
    title = body.one("tr", **{"data-principle": "sustainability"}).one("th").one("a")
    assert title.lang == ("en" if locale == "ko" else locale)
    # Each edition page links this comparison.
    for year in (2014, 2021):
        links = page(example_site, locale, f"charter/{year}/").article.one("p", cls="d5-compare-links")
        targets = [page(example_site, locale, f"charter/{year}/").resolve(a["href"])[0] for a in links.find_all("a")]
        assert example_site.prefix(locale) + "charter/compare/2014-2021/" in targets
