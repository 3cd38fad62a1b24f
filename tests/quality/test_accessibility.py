"""Quality gate: axe-core finds no serious or critical accessibility violation on any kind of page, in any locale.

axe-core (node_modules/axe-core, installed by scripts/test from package-lock.json) is
injected into each page of the built example, in Debian's Chromium, and run with its
default rules (WCAG 2.0-2.2 A and AA plus best practices). Every serious or critical
violation fails, whether it comes from d5site's templates or from Material's: none is
filtered. Moderate and minor ones are listed in the failure message of a failing page only.
"""

from __future__ import annotations

import pytest

from axecheck import describe, run_axe
from examplesite import FALLBACK_PAGE, OUTDATED_PAGE, PAGE_KINDS, BuiltSite

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")

PAGES: list[tuple[str, str, str]] = [
    *[
        ("example_site", locale, locale_path + path)
        for locale, locale_path in (("en", ""), ("fr", "fr/"), ("ko", "ko/"))
        for path in PAGE_KINDS.values()
    ],
    ("example_site", "fr", FALLBACK_PAGE),
    ("example_site", "ko", OUTDATED_PAGE),
    *[("hebrew_site", "he", "he/" + path) for path in PAGE_KINDS.values()],
    ("hebrew_site", "he", "he/findings/2015/it-talent-and-procurement/"),
]
KIND_OF = {path: kind for kind, path in PAGE_KINDS.items()}


def _id(item: tuple[str, str, str]) -> str:
    site, locale, path = item
    rest = path[len(locale) + 1 :] if path.startswith(locale + "/") else path
    return f"{locale}:{KIND_OF.get(rest, rest.strip('/') or 'home')}"


@pytest.mark.parametrize("item", PAGES, ids=[_id(p) for p in PAGES])
def test_no_serious_accessibility_violation(item: tuple[str, str, str], page, request: pytest.FixtureRequest) -> None:
    site_fixture, locale, path = item
    site: BuiltSite = request.getfixturevalue(site_fixture)
    assert site.file_of(path).is_file(), f"{path} was not built"
    page.goto(site.url + path)
    assert page.evaluate("document.documentElement.lang") == locale
    violations = run_axe(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        others = [v for v in violations if v["impact"] not in BLOCKING]
        pytest.fail(
            f"/{path}: serious or critical axe violations:\n{describe(blocking)}\n\nother violations:\n{describe(others)}", pytrace=False
        )
